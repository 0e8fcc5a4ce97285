/**
 * Platform roles and what each may do. Every route names the permission it needs; App owners get
 * the app-scoped permissions only on the apps they own (checked by the route with `canOnApp`).
 */
export const ROLES = ['super_admin', 'connector_admin', 'app_owner', 'campaign_admin', 'read_only', 'basic_user'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  super_admin: 'Super Administrator',
  connector_admin: 'Connector Administrator',
  app_owner: 'App owner',
  campaign_admin: 'Campaign Administrator',
  read_only: 'Read-only',
  basic_user: 'Basic user',
};

export const PERMISSIONS = [
  'catalog:read', // apps, resources, grants, people, accounts
  'apps:manage', // create/edit/delete apps, connectors, sync
  'accounts:link', // link and unlink accounts to people
  'audit:read',
  'users:manage', // platform users and their tokens
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, Permission[]> = {
  super_admin: ['catalog:read', 'apps:manage', 'accounts:link', 'audit:read', 'users:manage'],
  connector_admin: ['catalog:read', 'apps:manage', 'accounts:link', 'audit:read'],
  // App owners read and manage their own apps; routes narrow these to owned apps.
  app_owner: ['catalog:read', 'apps:manage'],
  campaign_admin: ['catalog:read', 'audit:read'],
  read_only: ['catalog:read', 'audit:read'],
  basic_user: [],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Roles whose permissions hold on every app (not only owned ones). */
export function isGlobal(role: Role): boolean {
  return role !== 'app_owner';
}

/**
 * Platform roles and what each may do. Every route declares the permission it needs
 * (`http/access.ts`); App owners hold the app-scoped permissions only on the apps they own.
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
  'apps:admin', // create and delete apps, choose their owners, the directory, link discovered apps
  'apps:manage', // edit apps, their connectors, sync (App owners: the apps they own)
  'accounts:link', // link and unlink accounts to people
  'audit:read',
  'users:read', // the list of platform users (to choose owners)
  'users:manage', // platform users and their tokens
  'tasks:read', // provisioning tasks and their logs
  'provision', // ask for changes in apps (grant, revoke, accounts); cancel, retry, complete tasks
  'settings:manage', // notification channels and other server-wide settings
  'campaigns:read', // access review campaigns, their items and evidence (App owners: campaigns over their apps)
  'campaigns:manage', // create, start, cancel campaigns; review policies, templates, entitlement owners
  'conflicts:read', // access conflict rules and violations (App owners: violations involving their apps)
  'conflicts:manage', // access conflict rules; exempt violations
  'requests:read', // every access request (App owners: their apps'); everyone sees their own and those they approve
  'requests:manage', // request policies
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, Permission[]> = {
  super_admin: ['catalog:read', 'apps:admin', 'apps:manage', 'accounts:link', 'audit:read', 'users:read', 'users:manage', 'tasks:read', 'provision', 'settings:manage', 'campaigns:read', 'campaigns:manage', 'conflicts:read', 'conflicts:manage', 'requests:read', 'requests:manage'],
  connector_admin: ['catalog:read', 'apps:admin', 'apps:manage', 'accounts:link', 'audit:read', 'users:read', 'tasks:read', 'provision', 'conflicts:read'],
  // App owners read and manage their own apps; routes narrow these to owned apps.
  app_owner: ['catalog:read', 'apps:manage', 'tasks:read', 'provision', 'campaigns:read', 'conflicts:read', 'requests:read'],
  campaign_admin: ['catalog:read', 'audit:read', 'tasks:read', 'users:read', 'campaigns:read', 'campaigns:manage', 'conflicts:read', 'conflicts:manage', 'requests:read', 'requests:manage'],
  read_only: ['catalog:read', 'audit:read', 'tasks:read', 'campaigns:read', 'conflicts:read', 'requests:read'],
  basic_user: [],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Roles whose permissions hold on every app (not only owned ones). */
export function isGlobal(role: Role): boolean {
  return role !== 'app_owner';
}

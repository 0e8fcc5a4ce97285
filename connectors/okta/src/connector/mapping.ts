/** Okta objects → Gatehouse resources, entitlements and grants. */
import { entitlementFrom, inheritedByMembers, type Entitlement, type EntitlementSpec, type Grant, type Resource, type ResourceType, type UserStatus } from '@gatehouse/sdk';

export interface OktaUser {
  id: string;
  status: string;
  lastLogin?: string | null;
  created?: string;
  profile: { login: string; email?: string; secondEmail?: string | null; firstName?: string; lastName?: string; displayName?: string; managerId?: string; manager?: string; [k: string]: unknown };
}

export interface OktaGroup {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
}

export interface OktaApp {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode?: string;
}

export interface OktaRoleAssignment {
  id: string;
  type: string;
  label: string;
  assignmentType: 'USER' | 'GROUP' | 'CLIENT';
  role?: string;
  'resource-set'?: string;
}

export const RESOURCE_TYPES: ResourceType[] = [
  { id: 'user', displayName: 'User', traits: ['user'], skipEntitlementsAndGrants: true, description: 'Okta users (accounts)' },
  { id: 'group', displayName: 'Group', traits: ['group'], description: 'Okta groups; entitlement `member`' },
  { id: 'app', displayName: 'Application', traits: ['app'], description: 'Okta apps; entitlement `access` (users and groups assigned)' },
  { id: 'role', displayName: 'Admin role', traits: ['role'], description: 'Okta admin roles, standard and custom; entitlement `assigned`' },
];

/** Okta statuses folded into enabled/disabled; the vendor word is kept alongside. */
export function userStatus(status: string): UserStatus {
  return status === 'DEPROVISIONED' || status === 'SUSPENDED' ? 'disabled' : 'enabled';
}

export function userResource(u: OktaUser): Resource {
  const p = u.profile;
  const name = p.displayName || [p.firstName, p.lastName].filter(Boolean).join(' ') || p.login;
  const emails = [p.email, p.secondEmail].filter((e): e is string => typeof e === 'string' && e.length > 0);
  return {
    id: { type: 'user', id: u.id },
    displayName: name,
    user: {
      emails,
      login: p.login,
      status: userStatus(u.status),
      vendorStatus: u.status,
      profile: p,
      lastLogin: u.lastLogin ?? null,
      managerId: p.managerId ?? null,
      managerEmail: typeof p.manager === 'string' && p.manager.includes('@') ? p.manager : null,
    },
    profile: { created: u.created },
  };
}

export function groupResource(g: OktaGroup): Resource {
  return {
    id: { type: 'group', id: g.id },
    displayName: g.profile.name,
    description: g.profile.description ?? undefined,
    profile: { groupType: g.type },
  };
}

export function appResource(a: OktaApp): Resource {
  return {
    id: { type: 'app', id: a.id },
    displayName: a.label,
    profile: { name: a.name, status: a.status, signOnMode: a.signOnMode },
  };
}

export function roleResource(id: string, label: string, custom: boolean, description?: string): Resource {
  return { id: { type: 'role', id }, displayName: label, description, profile: { custom } };
}

export const ENTITLEMENTS: Record<string, EntitlementSpec> = {
  group: { slug: 'member', grantableTo: ['user'], verb: 'Member of', purpose: 'assignment' },
  app: { slug: 'access', grantableTo: ['user', 'group'], verb: 'Access to', purpose: 'assignment' },
  role: { slug: 'assigned', grantableTo: ['user', 'group'], verb: 'Assigned', purpose: 'permission' },
};

export function entitlementOf(resource: Resource): Entitlement {
  return entitlementFrom(resource, ENTITLEMENTS[resource.id.type]!);
}

/** A grant to a group is inherited by the group's members. */
export function groupExpansion(groupId: string): Grant['expandable'] {
  return inheritedByMembers({ type: 'group', id: groupId });
}

/** The role resource id of an assignment: the standard type, or the custom role's id. */
export function roleIdOf(a: OktaRoleAssignment): string {
  return a.type === 'CUSTOM' && a.role ? a.role : a.type;
}

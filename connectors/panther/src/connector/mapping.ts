/** Panther users, roles and API tokens → Gatehouse resources, entitlements and grants. */
import { entitlementFrom, grantOf, type Entitlement, type Grant, type Resource, type ResourceType } from '@gatehouse/sdk';

export interface PantherUser {
  id: string;
  email: string;
  givenName?: string | null;
  familyName?: string | null;
  enabled: boolean;
  status: string;
  createdAt?: string;
  lastLoggedInAt?: string | null;
  role: { id: string; name: string };
}

export interface PantherRole {
  id: string;
  name: string;
  permissions: string[];
  logTypeAccessKind?: string;
  logTypeAccess?: string[] | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface PantherToken {
  id: string;
  name: string;
  permissions: string[];
  createdAt?: string;
  lastUsedAt?: string | null;
  expiresAt?: string | null;
  createdBy?: { __typename: 'User'; id: string; email?: string } | { __typename: 'APIToken'; id: string; name?: string } | null;
}

export const USER_FIELDS = 'id email givenName familyName enabled status createdAt lastLoggedInAt role { id name }';
export const ROLE_FIELDS = 'id name permissions logTypeAccessKind logTypeAccess createdAt updatedAt';
export const TOKEN_FIELDS = 'id name permissions createdAt lastUsedAt expiresAt createdBy { __typename ... on User { id email } ... on APIToken { id name } }';

export const RESOURCE_TYPES: ResourceType[] = [
  { id: 'user', displayName: 'User', traits: ['user'], skipEntitlementsAndGrants: true, description: 'Panther users; their role comes with them' },
  { id: 'role', displayName: 'Role', traits: ['role'], description: 'Panther roles with their permissions; entitlement `assigned` (every user holds exactly one)' },
  { id: 'api-token', displayName: 'API token', traits: ['secret'], skipEntitlementsAndGrants: true, description: 'Panther API tokens: permissions, creator, last use, expiry' },
];

export function userResource(u: PantherUser): Resource {
  const name = [u.givenName, u.familyName].filter(Boolean).join(' ');
  return {
    id: { type: 'user', id: u.id },
    displayName: name || u.email,
    user: {
      emails: [u.email],
      login: u.email,
      status: u.enabled ? 'enabled' : 'disabled',
      vendorStatus: u.status,
      profile: { givenName: u.givenName ?? null, familyName: u.familyName ?? null, role: u.role.name, createdAt: u.createdAt ?? null },
      lastLogin: u.lastLoggedInAt ?? null,
    },
  };
}

/** A user's role, held as a grant: users come with their role, so no call per role is needed. */
export function roleGrant(u: PantherUser): Grant {
  return grantOf({ type: 'role', id: u.role.id }, 'assigned', { type: 'user', id: u.id }, { data: { roleName: u.role.name } });
}

export function roleResource(r: PantherRole): Resource {
  return {
    id: { type: 'role', id: r.id },
    displayName: r.name,
    profile: { permissions: r.permissions, logTypeAccessKind: r.logTypeAccessKind ?? null, logTypeAccess: r.logTypeAccess ?? null, updatedAt: r.updatedAt ?? null },
  };
}

export function roleEntitlement(role: Resource): Entitlement {
  return entitlementFrom(role, { slug: 'assigned', grantableTo: ['user'], verb: 'Role', purpose: 'assignment' });
}

export function tokenResource(t: PantherToken): Resource {
  const creator = t.createdBy ? (t.createdBy.__typename === 'User' ? { type: 'user', id: t.createdBy.id, email: t.createdBy.email ?? null } : { type: 'api-token', id: t.createdBy.id, name: t.createdBy.name ?? null }) : null;
  return {
    id: { type: 'api-token', id: t.id },
    displayName: t.name,
    profile: { permissions: t.permissions, createdBy: creator, createdAt: t.createdAt ?? null, lastUsedAt: t.lastUsedAt ?? null, expiresAt: t.expiresAt ?? null },
  };
}

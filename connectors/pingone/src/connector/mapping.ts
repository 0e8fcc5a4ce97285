/** PingOne objects → Gatehouse resources, entitlements and grants. */
import { entitlementFrom, grantOf, inheritedByMembers, type Entitlement, type EntitlementSpec, type Grant, type Resource, type ResourceRef, type ResourceType, type UserStatus } from '@gatehouse/sdk';

export interface P1User {
  id: string;
  username: string;
  email?: string;
  name?: { given?: string; family?: string; formatted?: string };
  title?: string;
  enabled?: boolean;
  lifecycle?: { status?: string };
  account?: { status?: string; canAuthenticate?: boolean; lockedAt?: string };
  population?: { id: string };
  lastSignOn?: { at?: string; remoteIp?: string };
  createdAt?: string;
  updatedAt?: string;
  mfaEnabled?: boolean;
  externalId?: string;
}

export interface P1Group {
  id: string;
  name: string;
  description?: string;
  population?: { id: string };
  directMemberCounts?: { users?: number };
  externalId?: string;
}

export interface P1Population {
  id: string;
  name: string;
  description?: string;
  default?: boolean;
  userCount?: number;
}

export interface P1Role {
  id: string;
  name: string;
  description?: string;
  applicableTo?: string[];
}

export interface P1RoleAssignment {
  id: string;
  role: { id: string };
  scope: { id: string; type: string };
  readOnly?: boolean;
}

export const RESOURCE_TYPES: ResourceType[] = [
  { id: 'user', displayName: 'User', traits: ['user'], skipEntitlements: true, description: 'PingOne users (accounts); their admin role assignments are read with them' },
  { id: 'population', displayName: 'Population', traits: ['group'], description: 'PingOne populations; entitlement `member` (every user is in exactly one)' },
  { id: 'group', displayName: 'Group', traits: ['group'], description: 'PingOne groups; entitlement `member` (nested groups expanded)' },
  { id: 'role', displayName: 'Admin role', traits: ['role'], description: 'PingOne admin roles; entitlement `assigned` (with the scope of each assignment)' },
];

/** PingOne keeps enabled, the lock and the lifecycle apart; the vendor word says which applies. */
export function vendorStatus(u: P1User): string {
  if (u.enabled === false) return 'DISABLED';
  if (u.account?.status === 'LOCKED') return 'LOCKED';
  if (u.lifecycle?.status === 'VERIFICATION_REQUIRED') return 'VERIFICATION_REQUIRED';
  return 'OK';
}

export function userResource(u: P1User): Resource {
  const name = u.name?.formatted || [u.name?.given, u.name?.family].filter(Boolean).join(' ') || u.username;
  const status: UserStatus = u.enabled === false ? 'disabled' : 'enabled';
  return {
    id: { type: 'user', id: u.id },
    displayName: name,
    externalId: u.externalId,
    user: {
      emails: u.email ? [u.email] : [],
      login: u.username,
      status,
      vendorStatus: vendorStatus(u),
      profile: {
        username: u.username,
        email: u.email,
        givenName: u.name?.given,
        familyName: u.name?.family,
        title: u.title,
        populationId: u.population?.id,
        accountStatus: u.account?.status,
        lifecycleStatus: u.lifecycle?.status,
        mfaEnabled: u.mfaEnabled,
      },
      lastLogin: u.lastSignOn?.at ?? null,
    },
    profile: { createdAt: u.createdAt, updatedAt: u.updatedAt },
  };
}

export function populationResource(p: P1Population): Resource {
  return { id: { type: 'population', id: p.id }, displayName: p.name, description: p.description || undefined, profile: { default: p.default ?? false, userCount: p.userCount } };
}

export function groupResource(g: P1Group): Resource {
  return {
    id: { type: 'group', id: g.id },
    displayName: g.name,
    description: g.description || undefined,
    externalId: g.externalId,
    profile: { populationId: g.population?.id, directMembers: g.directMemberCounts?.users },
  };
}

export function roleResource(r: P1Role): Resource {
  return { id: { type: 'role', id: r.id }, displayName: r.name, description: r.description, profile: { applicableTo: r.applicableTo ?? [] } };
}

const ENTITLEMENTS: Record<string, EntitlementSpec> = {
  population: { slug: 'member', grantableTo: ['user'], verb: 'Member of population', purpose: 'assignment' },
  group: { slug: 'member', grantableTo: ['user'], verb: 'Member of', purpose: 'assignment' },
  role: { slug: 'assigned', grantableTo: ['user', 'group'], verb: 'Assigned', purpose: 'permission' },
};

export function slugOf(type: string): string | undefined {
  return ENTITLEMENTS[type]?.slug;
}

export function entitlementOf(resource: Resource): Entitlement {
  return entitlementFrom(resource, ENTITLEMENTS[resource.id.type]!);
}

/**
 * One grant per role held, whatever the number of assignments: the scopes of each assignment
 * (environment, a population, an application, the organization) are kept in the grant's data.
 */
export function roleGrants(assignments: P1RoleAssignment[], principal: ResourceRef): Grant[] {
  const byRole = new Map<string, P1RoleAssignment[]>();
  for (const a of assignments) byRole.set(a.role.id, [...(byRole.get(a.role.id) ?? []), a]);
  return [...byRole].map(([roleId, list]) =>
    grantOf({ type: 'role', id: roleId }, 'assigned', principal, {
      expandable: principal.type === 'group' ? inheritedByMembers(principal) : undefined,
      data: { assignments: list.map((a) => ({ id: a.id, scopeType: a.scope.type, scopeId: a.scope.id })) },
    }),
  );
}

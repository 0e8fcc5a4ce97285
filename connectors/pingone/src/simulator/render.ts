/** Store records → PingOne JSON, with the HAL `_links` PingOne puts on every object. */
import type { PingOneStore, SimGroup, SimPopulation, SimRole, SimRoleAssignment, SimUser } from './store.js';

const link = (href: string) => ({ href });

export function renderUser(api: string, store: PingOneStore, u: SimUser, include?: string | null): Record<string, unknown> {
  const env = store.environmentId;
  const self = `${api}/environments/${env}/users/${u.id}`;
  const body: Record<string, unknown> = {
    _links: {
      self: link(self),
      password: link(`${self}/password`),
      population: link(`${api}/environments/${env}/populations/${u.populationId}`),
      devices: link(`${self}/devices`),
      roleAssignments: link(`${self}/roleAssignments`),
      'account.sendVerificationCode': link(self),
      memberOfGroups: link(`${self}/memberOfGroups`),
    },
    id: u.id,
    environment: { id: env },
    account: {
      canAuthenticate: u.accountStatus === 'OK',
      status: u.accountStatus,
      ...(u.lockedAt ? { lockedAt: u.lockedAt } : {}),
    },
    createdAt: u.createdAt,
    email: u.email,
    enabled: u.enabled,
    identityProvider: { type: 'PING_ONE' },
    lifecycle: { status: u.lifecycleStatus },
    mfaEnabled: u.mfaEnabled,
    name: u.name,
    population: { id: u.populationId },
    updatedAt: u.updatedAt,
    username: u.username,
    verifyStatus: 'NOT_INITIATED',
  };
  if (u.title) body.title = u.title;
  if (u.externalId) body.externalId = u.externalId;
  if (u.lastSignOn) body.lastSignOn = u.lastSignOn;
  if (include === 'memberOfGroupIDs') body.memberOfGroupIDs = [...u.groups];
  if (include === 'memberOfGroupNames') body.memberOfGroupNames = [...u.groups].map((g) => store.groups.get(g)?.name).filter(Boolean);
  return body;
}

export function renderPopulation(api: string, store: PingOneStore, p: SimPopulation): Record<string, unknown> {
  return {
    _links: { self: link(`${api}/environments/${store.environmentId}/populations/${p.id}`), environment: link(`${api}/environments/${store.environmentId}`) },
    id: p.id,
    environment: { id: store.environmentId },
    name: p.name,
    description: p.description,
    default: p.default,
    userCount: store.populationMembersOf(p.id).size,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function renderGroup(api: string, store: PingOneStore, g: SimGroup): Record<string, unknown> {
  const body: Record<string, unknown> = {
    _links: { self: link(`${api}/environments/${store.environmentId}/groups/${g.id}`), environment: link(`${api}/environments/${store.environmentId}`) },
    id: g.id,
    environment: { id: store.environmentId },
    name: g.name,
    displayName: g.name,
    description: g.description,
    directMemberCounts: { users: store.membersOf(g.id).size },
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
  if (g.populationId) body.population = { id: g.populationId };
  return body;
}

/** A user's or a group's membership of a group (GroupMembership). */
export function renderMembership(api: string, store: PingOneStore, selfPath: string, g: SimGroup, expand: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    _links: { self: link(`${api}${selfPath}`), group: link(`${api}/environments/${store.environmentId}/groups/${g.id}`) },
    id: g.id,
    environment: { id: store.environmentId },
    name: g.name,
    type: 'DIRECT',
  };
  if (expand) body._embedded = { group: renderGroup(api, store, g) };
  return body;
}

export function renderRole(api: string, r: SimRole): Record<string, unknown> {
  return { _links: { self: link(`${api}/roles/${r.id}`) }, id: r.id, name: r.name, description: r.description, applicableTo: r.applicableTo, permissions: [] };
}

export function renderAssignment(api: string, store: PingOneStore, a: SimRoleAssignment): Record<string, unknown> {
  const owner = `${api}/environments/${store.environmentId}/${a.principal.type === 'user' ? 'users' : 'groups'}/${a.principal.id}`;
  return {
    _links: { self: link(`${owner}/roleAssignments/${a.id}`), role: link(`${api}/roles/${a.roleId}`), environment: link(`${api}/environments/${store.environmentId}`) },
    id: a.id,
    environment: { id: store.environmentId },
    role: { id: a.roleId },
    scope: a.scope,
    readOnly: a.readOnly,
    ...(a.principal.type === 'group' ? { group: { id: a.principal.id } } : {}),
  };
}

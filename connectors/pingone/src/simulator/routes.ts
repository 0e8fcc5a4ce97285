/**
 * The PingOne Platform API routes the connector uses (all under /v1, as in the management spec),
 * each with the scope a worker token needs for it. Paths and bodies are checked against
 * ../shared/specs/pingone by the simulator tests.
 */
import { RouteTable } from '@gatehouse/sdk/simkit';
import { equalityOn, halPage, PAGE_SIZES, parseFilter, predicate, type FilterRules } from './collections.js';
import { errors } from './errors.js';
import { renderAssignment, renderGroup, renderMembership, renderPopulation, renderRole, renderUser } from './render.js';
import type { PingOneStore, ScopeType, SimGroup, SimUser } from './store.js';

export interface RequestContext {
  /** The API base URL, `http://127.0.0.1:port/v1`. */
  api: string;
  origin: string;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  store: PingOneStore;
}

export interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (ctx: RequestContext) => Reply;
export type Router = RouteTable<string, Handler>;

const USER_FILTER: FilterRules = {
  attributes: {
    id: ['eq'],
    username: ['eq', 'sw'],
    email: ['eq', 'sw'],
    externalId: ['eq'],
    'name.given': ['eq', 'sw'],
    'name.family': ['eq', 'sw'],
    'population.id': ['eq'],
    enabled: ['eq'],
    'account.status': ['eq'],
    'lifecycle.status': ['eq'],
  },
  valuePaths: { memberOfGroups: { id: ['eq'] } },
};
const GROUP_FILTER: FilterRules = { attributes: { id: ['eq'], name: ['eq', 'sw'], externalId: ['eq'], 'population.id': ['eq'] } };
const POPULATION_FILTER: FilterRules = { attributes: { id: ['eq'], name: ['eq', 'sw'] } };

/** What a filter sees of a user: the filterable attributes, memberships as `memberOfGroups[{id}]`. */
function filterView(u: SimUser) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    externalId: u.externalId,
    name: u.name,
    population: { id: u.populationId },
    enabled: u.enabled,
    account: { status: u.accountStatus },
    lifecycle: { status: u.lifecycleStatus },
    memberOfGroups: [...u.groups].map((id) => ({ id })),
  };
}

function envOr403(ctx: RequestContext): void {
  // PingOne answers 403 for an environment that does not exist or that the token is not for.
  if (ctx.params.envId !== ctx.store.environmentId) throw errors.forbidden();
}

function userOr404(ctx: RequestContext): SimUser {
  envOr403(ctx);
  const u = ctx.store.users.get(ctx.params.userId!);
  if (!u) throw errors.notFound(ctx.params.userId!);
  return u;
}

function groupOr404(ctx: RequestContext, id = ctx.params.groupId!): SimGroup {
  envOr403(ctx);
  const g = ctx.store.groups.get(id);
  if (!g) throw errors.notFound(id);
  return g;
}

function objectBody(ctx: RequestContext): Record<string, unknown> {
  const b = ctx.body;
  if (b === undefined || b === null || typeof b !== 'object' || Array.isArray(b)) throw errors.badBody();
  return b as Record<string, unknown>;
}

function idOf(value: unknown): string | undefined {
  return value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string' ? (value as { id: string }).id : undefined;
}

const SCOPE_TYPES: ScopeType[] = ['ORGANIZATION', 'ENVIRONMENT', 'POPULATION', 'APPLICATION'];

/** Validates a role assignment body and returns its role and scope. */
function assignmentInput(ctx: RequestContext, principal: { type: 'user' | 'group'; id: string }) {
  const body = objectBody(ctx);
  const roleId = idOf(body.role);
  const scope = body.scope as { id?: unknown; type?: unknown } | undefined;
  if (!roleId) throw errors.invalid('REQUIRED_VALUE', 'role.id', 'role.id is required');
  if (!scope || typeof scope.id !== 'string' || typeof scope.type !== 'string') throw errors.invalid('REQUIRED_VALUE', 'scope', 'scope.id and scope.type are required');
  const role = ctx.store.roles.get(roleId);
  if (!role) throw errors.invalid('INVALID_VALUE', 'role.id', `Role ${roleId} does not exist`);
  const type = scope.type as ScopeType;
  if (!SCOPE_TYPES.includes(type)) throw errors.invalid('INVALID_VALUE', 'scope.type', `scope.type must be one of ${SCOPE_TYPES.join(', ')}`);
  if (!role.applicableTo.includes(type)) throw errors.invalid('INVALID_VALUE', 'scope.type', `Role ${role.name} cannot be assigned at ${type} scope`);
  const { store } = ctx;
  const exists =
    (type === 'ENVIRONMENT' && scope.id === store.environmentId) ||
    (type === 'ORGANIZATION' && scope.id === store.organizationId) ||
    (type === 'POPULATION' && store.populations.has(scope.id)) ||
    (type === 'APPLICATION' && store.applications.includes(scope.id));
  if (!exists) throw errors.invalid('INVALID_VALUE', 'scope.id', `No ${type.toLowerCase()} ${scope.id}`);
  const duplicate = store.assignmentsOf(principal).some((a) => a.roleId === roleId && a.scope.type === type && a.scope.id === scope.id);
  if (duplicate) throw errors.invalid('CONSTRAINT_VIOLATION', 'role', 'The role assignment already exists');
  return { roleId, scope: { type, id: scope.id } };
}

export function buildRoutes(): Router {
  const table = new RouteTable<string, Handler>();
  const add = (method: string, template: string, scope: string, handler: Handler) => table.add(method, `/v1${template}`, scope, handler);
  const env = '/environments/{envId}';

  // ---- users -------------------------------------------------------------------------------------
  add('GET', `${env}/users`, 'p1:read:user', (ctx) => {
    envOr403(ctx);
    const { store } = ctx;
    const ast = parseFilter(ctx.url.searchParams.get('filter'), USER_FILTER);
    const test = predicate(ast);
    // Use an index where the filter pins a group or a population; scan otherwise.
    const group = equalityOn(ast, 'id', 'memberOfGroups');
    const population = equalityOn(ast, 'population.id');
    let sorted: readonly string[];
    if (group !== undefined) sorted = [...store.membersOf(group)].sort();
    else if (population !== undefined) sorted = [...store.populationMembersOf(population)].sort();
    else sorted = store.userIds.get();
    const keep = ast ? (id: string) => test(filterView(store.users.get(id)!)) : () => true;
    return { status: 200, body: halPage(ctx.url, ctx.origin, 'users', sorted, PAGE_SIZES.users, keep, (id) => renderUser(ctx.api, store, store.users.get(id)!)) };
  });

  add('POST', `${env}/users`, 'p1:create:user', (ctx) => {
    envOr403(ctx);
    const { store } = ctx;
    const body = objectBody(ctx);
    for (const field of ['username', 'email'] as const) {
      if (typeof body[field] !== 'string' || !(body[field] as string).trim()) throw errors.invalid('REQUIRED_VALUE', field, `${field} is required`);
    }
    const username = (body.username as string).trim();
    if ([...store.users.values()].some((u) => u.username.toLowerCase() === username.toLowerCase())) {
      throw errors.invalid('CONSTRAINT_VIOLATION', 'username', 'must be unique');
    }
    const populationId = idOf(body.population) ?? [...store.populations.values()].find((p) => p.default)!.id;
    if (!store.populations.has(populationId)) throw errors.invalid('INVALID_VALUE', 'population.id', `Population ${populationId} does not exist`);
    const name = (body.name ?? {}) as { given?: string; family?: string; formatted?: string };
    const now = store.timestamp();
    const user: SimUser = {
      id: store.newId(),
      username,
      email: (body.email as string).trim(),
      name: { given: name.given ?? '', family: name.family ?? '', formatted: name.formatted ?? [name.given, name.family].filter(Boolean).join(' ') },
      enabled: body.enabled !== false,
      lifecycleStatus: (body.lifecycle as { status?: string } | undefined)?.status === 'VERIFICATION_REQUIRED' ? 'VERIFICATION_REQUIRED' : 'ACCOUNT_OK',
      accountStatus: 'OK',
      populationId,
      groups: new Set(),
      createdAt: now,
      updatedAt: now,
      mfaEnabled: false,
    };
    store.addUser(user);
    return { status: 201, body: renderUser(ctx.api, store, user) };
  });

  add('GET', `${env}/users/{userId}`, 'p1:read:user', (ctx) => ({ status: 200, body: renderUser(ctx.api, ctx.store, userOr404(ctx), ctx.url.searchParams.get('include')) }));

  add('PATCH', `${env}/users/{userId}`, 'p1:update:user', (ctx) => {
    const u = userOr404(ctx);
    const body = objectBody(ctx);
    if (typeof body.email === 'string') u.email = body.email;
    if (typeof body.title === 'string') u.title = body.title;
    if (body.name && typeof body.name === 'object') Object.assign(u.name, body.name);
    u.updatedAt = ctx.store.timestamp();
    return { status: 200, body: renderUser(ctx.api, ctx.store, u) };
  });

  add('DELETE', `${env}/users/{userId}`, 'p1:delete:user', (ctx) => {
    ctx.store.deleteUser(userOr404(ctx).id);
    return { status: 204 };
  });

  const enabledBody = (ctx: RequestContext, u: SimUser) => ({
    _links: { self: { href: `${ctx.api}/environments/${ctx.store.environmentId}/users/${u.id}/enabled` } },
    enabled: u.enabled,
  });
  add('GET', `${env}/users/{userId}/enabled`, 'p1:read:user', (ctx) => ({ status: 200, body: enabledBody(ctx, userOr404(ctx)) }));
  add('PUT', `${env}/users/{userId}/enabled`, 'p1:update:user', (ctx) => {
    const u = userOr404(ctx);
    const body = objectBody(ctx);
    if (typeof body.enabled !== 'boolean') throw errors.invalid('REQUIRED_VALUE', 'enabled', 'enabled must be true or false');
    u.enabled = body.enabled;
    u.updatedAt = ctx.store.timestamp();
    return { status: 200, body: enabledBody(ctx, u) };
  });

  const populationBody = (ctx: RequestContext, u: SimUser) => ({
    _links: { self: { href: `${ctx.api}/environments/${ctx.store.environmentId}/users/${u.id}/population` } },
    id: u.populationId,
  });
  add('GET', `${env}/users/{userId}/population`, 'p1:read:user', (ctx) => ({ status: 200, body: populationBody(ctx, userOr404(ctx)) }));
  add('PUT', `${env}/users/{userId}/population`, 'p1:update:user', (ctx) => {
    const u = userOr404(ctx);
    const id = idOf(ctx.body);
    if (!id) throw errors.invalid('REQUIRED_VALUE', 'id', 'id is required');
    if (!ctx.store.populations.has(id)) throw errors.invalid('INVALID_VALUE', 'id', `Population ${id} does not exist`);
    ctx.store.moveToPopulation(u.id, id);
    return { status: 200, body: populationBody(ctx, u) };
  });

  // ---- group memberships of a user ---------------------------------------------------------------
  add('GET', `${env}/users/{userId}/memberOfGroups`, 'p1:read:userGroup', (ctx) => {
    const u = userOr404(ctx);
    const expand = ctx.url.searchParams.get('expand') === 'group';
    const base = `/environments/${ctx.store.environmentId}/users/${u.id}/memberOfGroups`;
    const sorted = [...u.groups].sort();
    return {
      status: 200,
      body: halPage(ctx.url, ctx.origin, 'groupMemberships', sorted, PAGE_SIZES.other, () => true, (gid) =>
        renderMembership(ctx.api, ctx.store, `${base}/${gid}`, ctx.store.groups.get(gid)!, expand),
      ),
    };
  });

  add('POST', `${env}/users/{userId}/memberOfGroups`, 'p1:update:userGroup', (ctx) => {
    const u = userOr404(ctx);
    const gid = idOf(ctx.body);
    if (!gid) throw errors.invalid('REQUIRED_VALUE', 'id', 'id is required');
    const g = ctx.store.groups.get(gid);
    if (!g) throw errors.invalid('INVALID_VALUE', 'id', `Group ${gid} does not exist`);
    if (g.populationId && g.populationId !== u.populationId) {
      throw errors.invalid('CONSTRAINT_VIOLATION', 'id', `Group ${g.name} belongs to another population than the user`);
    }
    if (u.groups.has(gid)) throw errors.invalid('CONSTRAINT_VIOLATION', 'id', 'The user is already a member of the group');
    ctx.store.addToGroup(u.id, gid);
    return { status: 201, body: renderMembership(ctx.api, ctx.store, `/environments/${ctx.store.environmentId}/users/${u.id}/memberOfGroups/${gid}`, g, false) };
  });

  add('GET', `${env}/users/{userId}/memberOfGroups/{groupId}`, 'p1:read:userGroup', (ctx) => {
    const u = userOr404(ctx);
    if (!u.groups.has(ctx.params.groupId!)) throw errors.notFound(ctx.params.groupId!);
    const g = groupOr404(ctx);
    const expand = ctx.url.searchParams.get('expand') === 'group';
    return { status: 200, body: renderMembership(ctx.api, ctx.store, `/environments/${ctx.store.environmentId}/users/${u.id}/memberOfGroups/${g.id}`, g, expand) };
  });

  add('DELETE', `${env}/users/{userId}/memberOfGroups/{groupId}`, 'p1:update:userGroup', (ctx) => {
    const u = userOr404(ctx);
    if (!ctx.store.removeFromGroup(u.id, ctx.params.groupId!)) throw errors.notFound(ctx.params.groupId!);
    return { status: 204 };
  });

  // ---- role assignments --------------------------------------------------------------------------
  for (const kind of ['users', 'groups'] as const) {
    const owner = kind === 'users' ? '{userId}' : '{groupId}';
    const principalOf = (ctx: RequestContext) =>
      kind === 'users' ? { type: 'user' as const, id: userOr404(ctx).id } : { type: 'group' as const, id: groupOr404(ctx).id };
    add('GET', `${env}/${kind}/${owner}/roleAssignments`, 'p1:read:role', (ctx) => {
      const principal = principalOf(ctx);
      const byId = new Map(ctx.store.assignmentsOf(principal).map((a) => [a.id, a]));
      const sorted = [...byId.keys()].sort();
      return { status: 200, body: halPage(ctx.url, ctx.origin, 'roleAssignments', sorted, PAGE_SIZES.other, () => true, (id) => renderAssignment(ctx.api, ctx.store, byId.get(id)!)) };
    });
    add('POST', `${env}/${kind}/${owner}/roleAssignments`, 'p1:update:role', (ctx) => {
      const principal = principalOf(ctx);
      const input = assignmentInput(ctx, principal);
      const a = ctx.store.addAssignment({ ...input, principal, readOnly: false });
      return { status: 201, body: renderAssignment(ctx.api, ctx.store, a) };
    });
    add('GET', `${env}/${kind}/${owner}/roleAssignments/{assignmentId}`, 'p1:read:role', (ctx) => {
      const principal = principalOf(ctx);
      const a = ctx.store.roleAssignments.get(ctx.params.assignmentId!);
      if (!a || a.principal.type !== principal.type || a.principal.id !== principal.id) throw errors.notFound(ctx.params.assignmentId!);
      return { status: 200, body: renderAssignment(ctx.api, ctx.store, a) };
    });
    add('DELETE', `${env}/${kind}/${owner}/roleAssignments/{assignmentId}`, 'p1:update:role', (ctx) => {
      const principal = principalOf(ctx);
      const a = ctx.store.roleAssignments.get(ctx.params.assignmentId!);
      if (!a || a.principal.type !== principal.type || a.principal.id !== principal.id) throw errors.notFound(ctx.params.assignmentId!);
      ctx.store.roleAssignments.delete(a.id);
      return { status: 204 };
    });
  }

  // ---- groups ------------------------------------------------------------------------------------
  add('GET', `${env}/groups`, 'p1:read:userGroup', (ctx) => {
    envOr403(ctx);
    const { store } = ctx;
    const ast = parseFilter(ctx.url.searchParams.get('filter'), GROUP_FILTER);
    const test = predicate(ast);
    const keep = (id: string) => {
      const g = store.groups.get(id)!;
      return test({ id: g.id, name: g.name, population: g.populationId ? { id: g.populationId } : undefined });
    };
    return { status: 200, body: halPage(ctx.url, ctx.origin, 'groups', store.groupIds.get(), PAGE_SIZES.other, keep, (id) => renderGroup(ctx.api, store, store.groups.get(id)!)) };
  });

  add('GET', `${env}/groups/{groupId}`, 'p1:read:userGroup', (ctx) => ({ status: 200, body: renderGroup(ctx.api, ctx.store, groupOr404(ctx)) }));

  add('GET', `${env}/groups/{groupId}/memberOfGroups`, 'p1:read:userGroup', (ctx) => {
    const g = groupOr404(ctx);
    const expand = ctx.url.searchParams.get('expand') === 'group';
    const base = `/environments/${ctx.store.environmentId}/groups/${g.id}/memberOfGroups`;
    return {
      status: 200,
      body: halPage(ctx.url, ctx.origin, 'groupMemberships', [...g.parents].sort(), PAGE_SIZES.other, () => true, (pid) =>
        renderMembership(ctx.api, ctx.store, `${base}/${pid}`, ctx.store.groups.get(pid)!, expand),
      ),
    };
  });

  // ---- populations -------------------------------------------------------------------------------
  add('GET', `${env}/populations`, 'p1:read:population', (ctx) => {
    envOr403(ctx);
    const { store } = ctx;
    const test = predicate(parseFilter(ctx.url.searchParams.get('filter'), POPULATION_FILTER));
    const keep = (id: string) => test({ id, name: store.populations.get(id)!.name });
    return { status: 200, body: halPage(ctx.url, ctx.origin, 'populations', store.populationIds.get(), PAGE_SIZES.other, keep, (id) => renderPopulation(ctx.api, store, store.populations.get(id)!)) };
  });

  add('GET', `${env}/populations/{populationId}`, 'p1:read:population', (ctx) => {
    envOr403(ctx);
    const p = ctx.store.populations.get(ctx.params.populationId!);
    if (!p) throw errors.notFound(ctx.params.populationId!);
    return { status: 200, body: renderPopulation(ctx.api, ctx.store, p) };
  });

  // ---- roles (global, not under an environment) ----------------------------------------------------
  table.add('GET', '/v1/roles', 'p1:read:role', (ctx) => {
    const byId = ctx.store.roles;
    return { status: 200, body: halPage(ctx.url, ctx.origin, 'roles', [...byId.keys()].sort(), PAGE_SIZES.other, () => true, (id) => renderRole(ctx.api, byId.get(id)!)) };
  });
  table.add('GET', '/v1/roles/{roleId}', 'p1:read:role', (ctx) => {
    const r = ctx.store.roles.get(ctx.params.roleId!);
    if (!r) throw errors.notFound(ctx.params.roleId!);
    return { status: 200, body: renderRole(ctx.api, r) };
  });

  return table;
}

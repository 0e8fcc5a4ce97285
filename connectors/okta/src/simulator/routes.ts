/**
 * The Okta Management API routes the connector uses, with Okta's paths, page sizes (default and
 * maximum per list), cursor paging through `after`, and lifecycle rules. Paths are checked against
 * the official OpenAPI spec by the simulator tests.
 */
import { indexAfter, RouteTable } from '@gatehouse/sdk/simkit';
import { FilterSyntaxError, matches, parseFilter } from './filter.js';
import { isStandardRole, renderApp, renderAppGroup, renderAppUser, renderGroup, renderRole, renderUser } from './render.js';
import { errors, type Reply, type RequestContext } from './server.js';
import { type OktaStore, type SimUser, type UserStatus } from './store.js';

export type Permission = 'read' | 'read-roles' | 'write-membership' | 'write-app-assignment' | 'write-users' | 'write-roles' | 'write-apps';

type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
export type Router = RouteTable<Permission, Handler>;

/** Page sizes: [default, maximum]. Okta clamps a larger `limit` to the maximum. */
export const PAGE_SIZES = {
  users: [200, 200],
  groups: [10000, 10000],
  groupUsers: [1000, 1000],
  apps: [20, 200],
  appUsers: [50, 500],
  appGroups: [20, 200],
  iamRoles: [20, 100],
  assignees: [100, 100],
} as const satisfies Record<string, readonly [number, number]>;

function pageSize(ctx: RequestContext, sizes: readonly [number, number]): number {
  const raw = ctx.url.searchParams.get('limit');
  if (raw === null) return sizes[0];
  const n = Number(raw);
  if (!Number.isInteger(n)) throw errors.validation('limit: must be an integer');
  if (n < 1) return sizes[0];
  return Math.min(n, sizes[1]);
}

/**
 * One page of a sorted id list after the `after` cursor, keeping only ids that `keep` accepts.
 * The next link repeats the request's own query with the new cursor, as Okta's does.
 */
function pageOf<T>(ctx: RequestContext, sorted: readonly string[], sizes: readonly [number, number], render: (id: string) => T | undefined): { items: T[]; next?: string } {
  const limit = pageSize(ctx, sizes);
  const items: T[] = [];
  let i = indexAfter(sorted, ctx.url.searchParams.get('after') ?? undefined);
  let last: string | undefined;
  for (; i < sorted.length && items.length < limit; i++) {
    const item = render(sorted[i]!);
    if (item !== undefined) {
      items.push(item);
      last = sorted[i];
    }
  }
  // A further page exists if any remaining id would be rendered.
  let more = false;
  for (let j = i; j < sorted.length; j++) {
    if (render(sorted[j]!) !== undefined) {
      more = true;
      break;
    }
  }
  if (!more || last === undefined) return { items };
  const next = new URL(ctx.url.toString());
  next.searchParams.set('after', last);
  next.searchParams.set('limit', String(limit));
  return { items, next: `${ctx.base}${next.pathname}${next.search}` };
}

function userOr404(store: OktaStore, idOrLogin: string): SimUser {
  const u = store.users.get(idOrLogin) ?? [...store.users.values()].find((x) => x.profile.login.toLowerCase() === idOrLogin.toLowerCase());
  if (!u) throw errors.notFound(idOrLogin);
  return u;
}

function groupOr404(store: OktaStore, id: string) {
  const g = store.groups.get(id);
  if (!g) throw errors.notFound(id);
  return g;
}

function appOr404(store: OktaStore, id: string) {
  const a = store.apps.get(id);
  if (!a) throw errors.notFound(id);
  return a;
}

function filterOf(ctx: RequestContext, param: 'filter' | 'search') {
  const raw = ctx.url.searchParams.get(param);
  if (!raw) return undefined;
  try {
    return parseFilter(raw);
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw errors.badFilter(e.message);
    throw e;
  }
}

function objectBody(ctx: RequestContext): Record<string, unknown> {
  if (ctx.body === undefined || ctx.body === null || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw errors.badBody();
  return ctx.body as Record<string, unknown>;
}

const LIFECYCLE: Record<string, { from: UserStatus[] | 'any-but-deprovisioned'; to: UserStatus }> = {
  activate: { from: ['STAGED', 'DEPROVISIONED'], to: 'ACTIVE' },
  deactivate: { from: 'any-but-deprovisioned', to: 'DEPROVISIONED' },
  reactivate: { from: ['PROVISIONED'], to: 'PROVISIONED' },
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  unsuspend: { from: ['SUSPENDED'], to: 'ACTIVE' },
  unlock: { from: ['LOCKED_OUT'], to: 'ACTIVE' },
};

export function buildRoutes(): Router {
  const table = new RouteTable<Permission, Handler>();
  const add = (method: string, template: string, permission: Permission, handler: Handler) => table.add(method, template, permission, handler);

  // ---- users ---------------------------------------------------------------------------------
  add('GET', '/api/v1/users', 'read', (ctx) => {
    const { store } = ctx;
    const q = ctx.url.searchParams.get('q');
    if (q) {
      // `q` matches first name, last name or email by prefix, 10 by default, and does not page.
      const limit = Math.min(Number(ctx.url.searchParams.get('limit') ?? 10) || 10, 200);
      const needle = q.toLowerCase();
      const hits = store.userIndex
        .get()
        .map((id) => store.users.get(id)!)
        .filter((u) => u.status !== 'DEPROVISIONED' && [u.profile.firstName, u.profile.lastName, u.profile.email].some((v) => v.toLowerCase().startsWith(needle)))
        .slice(0, limit);
      return { status: 200, body: hits.map((u) => renderUser(ctx.base, u)) };
    }
    const expr = filterOf(ctx, 'search') ?? filterOf(ctx, 'filter');
    const page = pageOf(ctx, store.userIndex.get(), PAGE_SIZES.users, (id) => {
      const u = store.users.get(id)!;
      const body = renderUser(ctx.base, u);
      // The default list hides DEPROVISIONED users; filter and search include them.
      if (expr) return matches(expr, body) ? body : undefined;
      return u.status === 'DEPROVISIONED' ? undefined : body;
    });
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  add('POST', '/api/v1/users', 'write-users', (ctx) => {
    const { store } = ctx;
    const body = objectBody(ctx);
    const profile = body.profile as Record<string, unknown> | undefined;
    if (!profile || typeof profile !== 'object') throw errors.validation('profile: The field cannot be left blank');
    for (const f of ['login', 'email', 'firstName', 'lastName']) {
      if (typeof profile[f] !== 'string' || !(profile[f] as string).trim()) throw errors.validation(`${f}: The field cannot be left blank`);
    }
    const login = profile.login as string;
    if (!/^[^@\s]+@[^@\s]+$/.test(profile.email as string)) throw errors.validation('email: Does not match required pattern');
    if ([...store.users.values()].some((u) => u.profile.login.toLowerCase() === login.toLowerCase())) {
      throw errors.validation('login: An object with this field already exists in the current organization');
    }
    const activate = ctx.url.searchParams.get('activate') !== 'false';
    const at = store.stamp();
    const user: SimUser = {
      id: store.newId('00u'),
      // Activated without a password, a user waits for the activation flow: PROVISIONED.
      status: activate ? 'PROVISIONED' : 'STAGED',
      created: at,
      activated: activate ? at : null,
      statusChanged: activate ? at : null,
      lastLogin: null,
      lastUpdated: at,
      passwordChanged: null,
      profile: { ...(profile as SimUser['profile']) },
    };
    store.addUser(user);
    for (const gid of (body.groupIds as string[] | undefined) ?? []) {
      groupOr404(store, gid);
      store.addMember(gid, user.id);
    }
    return { status: 200, body: renderUser(ctx.base, user) };
  });

  add('GET', '/api/v1/users/{id}', 'read', (ctx) => ({ status: 200, body: renderUser(ctx.base, userOr404(ctx.store, ctx.params.id!)) }));

  const updateUser = (replace: boolean) => (ctx: RequestContext): Reply => {
    const u = userOr404(ctx.store, ctx.params.id!);
    const body = objectBody(ctx);
    const profile = (body.profile ?? {}) as Record<string, unknown>;
    u.profile = (replace ? { ...profile } : { ...u.profile, ...profile }) as SimUser['profile'];
    u.lastUpdated = ctx.store.stamp();
    return { status: 200, body: renderUser(ctx.base, u) };
  };
  add('POST', '/api/v1/users/{id}', 'write-users', updateUser(false));
  add('PUT', '/api/v1/users/{id}', 'write-users', updateUser(true));

  add('DELETE', '/api/v1/users/{id}', 'write-users', (ctx) => {
    const u = userOr404(ctx.store, ctx.params.id!);
    // The first DELETE deactivates; only a DEPROVISIONED user is deleted for good.
    if (u.status === 'DEPROVISIONED') ctx.store.deleteUser(u.id);
    else ctx.store.setUserStatus(u, 'DEPROVISIONED');
    return { status: 204 };
  });

  // One route per lifecycle operation, as the spec lists them.
  for (const [op, rule] of Object.entries(LIFECYCLE)) {
    add('POST', `/api/v1/users/{id}/lifecycle/${op}`, 'write-users', (ctx) => {
      const u = userOr404(ctx.store, ctx.params.id!);
      const allowed = rule.from === 'any-but-deprovisioned' ? u.status !== 'DEPROVISIONED' : rule.from.includes(u.status);
      if (!allowed) throw errors.validation(`This operation is not allowed in the user's current status (${u.status})`);
      // A user without a password who is activated waits for the activation flow: PROVISIONED.
      ctx.store.setUserStatus(u, op === 'activate' && u.passwordChanged === null ? 'PROVISIONED' : rule.to);
      return { status: 200, body: op === 'activate' || op === 'reactivate' ? { activationUrl: `${ctx.base}/welcome/${u.id}` } : {} };
    });
  }

  add('GET', '/api/v1/users/{id}/groups', 'read', (ctx) => {
    const u = userOr404(ctx.store, ctx.params.id!);
    const groups = ctx.store.groupIndex.get().map((id) => ctx.store.groups.get(id)!).filter((g) => g.members.has(u.id));
    return { status: 200, body: groups.map((g) => renderGroup(ctx.base, g)) };
  });

  // ---- admin roles of users and groups ----------------------------------------------------
  add('GET', '/api/v1/users/{id}/roles', 'read-roles', (ctx) => {
    const { store } = ctx;
    const u = userOr404(store, ctx.params.id!);
    const own = (store.userRoles.get(u.id) ?? []).map((r) => renderRole(ctx.base, store, r, 'USER', u.id));
    const viaGroups = [...store.groupRoles]
      .filter(([gid]) => store.groups.get(gid)?.members.has(u.id))
      .flatMap(([gid, list]) => list.map((r) => renderRole(ctx.base, store, r, 'GROUP', gid)));
    return { status: 200, body: [...own, ...viaGroups] };
  });

  const assignRole = (target: 'user' | 'group') => (ctx: RequestContext): Reply => {
    const { store } = ctx;
    const id = target === 'user' ? userOr404(store, ctx.params.id!).id : groupOr404(store, ctx.params.id!).id;
    const body = objectBody(ctx);
    const type = body.type;
    if (typeof type !== 'string' || !(isStandardRole(type) || type === 'CUSTOM')) throw errors.validation(`type: Invalid role type ${String(type)}`);
    let role: string | undefined;
    let resourceSet: string | undefined;
    if (type === 'CUSTOM') {
      role = body.role as string;
      resourceSet = body['resource-set'] as string;
      if (!role || !store.customRoles.has(role)) throw errors.validation('role: The custom role does not exist');
      if (!resourceSet) throw errors.validation('resource-set: The field cannot be left blank');
    }
    const list = (target === 'user' ? store.userRoles : store.groupRoles).get(id) ?? [];
    if (list.some((r) => r.type === type && r.role === role)) throw errors.duplicateRole();
    const assignment = store.addRole(target, id, { type, role, resourceSet });
    return { status: 201, body: renderRole(ctx.base, store, assignment, target === 'user' ? 'USER' : 'GROUP', id) };
  };
  const unassignRole = (target: 'user' | 'group') => (ctx: RequestContext): Reply => {
    const { store } = ctx;
    const id = target === 'user' ? userOr404(store, ctx.params.id!).id : groupOr404(store, ctx.params.id!).id;
    if (!store.removeRole(target, id, ctx.params.roleAssignmentId!)) throw errors.notFound(ctx.params.roleAssignmentId!);
    return { status: 204 };
  };
  add('POST', '/api/v1/users/{id}/roles', 'write-roles', assignRole('user'));
  add('DELETE', '/api/v1/users/{id}/roles/{roleAssignmentId}', 'write-roles', unassignRole('user'));

  add('GET', '/api/v1/groups/{groupId}/roles', 'read-roles', (ctx) => {
    const g = groupOr404(ctx.store, ctx.params.groupId!);
    return { status: 200, body: (ctx.store.groupRoles.get(g.id) ?? []).map((r) => renderRole(ctx.base, ctx.store, r, 'GROUP', g.id)) };
  });
  add('POST', '/api/v1/groups/{id}/roles', 'write-roles', assignRole('group'));
  add('DELETE', '/api/v1/groups/{id}/roles/{roleAssignmentId}', 'write-roles', unassignRole('group'));

  add('GET', '/api/v1/iam/roles', 'read-roles', (ctx) => {
    const { store } = ctx;
    const sorted = [...store.customRoles.keys()].sort();
    const page = pageOf(ctx, sorted, PAGE_SIZES.iamRoles, (id) => {
      const r = store.customRoles.get(id)!;
      return { id: r.id, label: r.label, description: r.description, created: r.created, lastUpdated: r.lastUpdated, _links: { self: { href: `${ctx.base}/api/v1/iam/roles/${r.id}` } } };
    });
    return { status: 200, body: { roles: page.items, _links: page.next ? { next: { href: page.next } } : {} } };
  });

  add('GET', '/api/v1/iam/assignees/users', 'read-roles', (ctx) => {
    const page = pageOf(ctx, ctx.store.roleAssignees(), PAGE_SIZES.assignees, (id) => ({
      id,
      orn: `orn:okta:directory:00o1simulatedorg:users:${id}`,
      _links: { self: { href: `${ctx.base}/api/v1/users/${id}` }, roles: { href: `${ctx.base}/api/v1/users/${id}/roles` } },
    }));
    return { status: 200, body: { value: page.items, _links: page.next ? { next: { href: page.next } } : {} } };
  });

  // ---- groups ------------------------------------------------------------------------------
  add('GET', '/api/v1/groups', 'read', (ctx) => {
    const { store } = ctx;
    const expr = filterOf(ctx, 'search') ?? filterOf(ctx, 'filter');
    const q = ctx.url.searchParams.get('q')?.toLowerCase();
    const page = pageOf(ctx, store.groupIndex.get(), PAGE_SIZES.groups, (id) => {
      const body = renderGroup(ctx.base, store.groups.get(id)!);
      if (expr && !matches(expr, body)) return undefined;
      if (q && !body.profile.name.toLowerCase().startsWith(q)) return undefined;
      return body;
    });
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  add('POST', '/api/v1/groups', 'write-membership', (ctx) => {
    const body = objectBody(ctx);
    const profile = body.profile as { name?: string; description?: string } | undefined;
    if (!profile?.name) throw errors.validation('name: The field cannot be left blank');
    const at = ctx.store.stamp();
    const group = { id: ctx.store.newId('00g'), type: 'OKTA_GROUP' as const, created: at, lastUpdated: at, lastMembershipUpdated: at, profile: { name: profile.name, description: profile.description ?? '' }, members: new Set<string>() };
    ctx.store.addGroup(group);
    return { status: 200, body: renderGroup(ctx.base, group) };
  });

  add('GET', '/api/v1/groups/{groupId}', 'read', (ctx) => ({ status: 200, body: renderGroup(ctx.base, groupOr404(ctx.store, ctx.params.groupId!)) }));

  add('GET', '/api/v1/groups/{groupId}/users', 'read', (ctx) => {
    const { store } = ctx;
    const g = groupOr404(store, ctx.params.groupId!);
    const page = pageOf(ctx, store.groupMembers(g.id), PAGE_SIZES.groupUsers, (id) => renderUser(ctx.base, store.users.get(id)!));
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  const membership = (add: boolean) => (ctx: RequestContext): Reply => {
    const { store } = ctx;
    const g = groupOr404(store, ctx.params.groupId!);
    const u = userOr404(store, ctx.params.userId!);
    // Only Okta-mastered groups can be changed; app groups follow their app's imports.
    if (g.type !== 'OKTA_GROUP') throw errors.validation(`Group membership can only be changed for groups of type OKTA_GROUP (this one is ${g.type})`);
    if (add) store.addMember(g.id, u.id);
    else store.removeMember(g.id, u.id);
    return { status: 204 };
  };
  add('PUT', '/api/v1/groups/{groupId}/users/{userId}', 'write-membership', membership(true));
  add('DELETE', '/api/v1/groups/{groupId}/users/{userId}', 'write-membership', membership(false));

  // ---- apps ----------------------------------------------------------------------------------
  add('GET', '/api/v1/apps', 'read', (ctx) => {
    const { store } = ctx;
    const expr = filterOf(ctx, 'filter');
    const page = pageOf(ctx, store.appIndex.get(), PAGE_SIZES.apps, (id) => {
      const body = renderApp(ctx.base, store.apps.get(id)!);
      return !expr || matches(expr, body) ? body : undefined;
    });
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  add('GET', '/api/v1/apps/{appId}', 'read', (ctx) => ({ status: 200, body: renderApp(ctx.base, appOr404(ctx.store, ctx.params.appId!)) }));

  for (const op of ['activate', 'deactivate'] as const) {
    add('POST', `/api/v1/apps/{appId}/lifecycle/${op}`, 'write-apps', (ctx) => {
      const a = appOr404(ctx.store, ctx.params.appId!);
      a.status = op === 'activate' ? 'ACTIVE' : 'INACTIVE';
      a.lastUpdated = ctx.store.stamp();
      return { status: 200, body: {} };
    });
  }

  add('GET', '/api/v1/apps/{appId}/users', 'read', (ctx) => {
    const { store } = ctx;
    const a = appOr404(store, ctx.params.appId!);
    const list = store.appUsers(a.id);
    const scope = new Map(list.map((x) => [x.id, x.scope]));
    const expand = ctx.url.searchParams.get('expand') === 'user';
    const page = pageOf(ctx, list.map((x) => x.id), PAGE_SIZES.appUsers, (id) => renderAppUser(ctx.base, store, a, id, scope.get(id)!, expand));
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  add('POST', '/api/v1/apps/{appId}/users', 'write-app-assignment', (ctx) => {
    const { store } = ctx;
    const a = appOr404(store, ctx.params.appId!);
    const body = objectBody(ctx);
    if (typeof body.id !== 'string') throw errors.validation('id: The field cannot be left blank');
    const u = userOr404(store, body.id);
    if (u.status === 'DEPROVISIONED') throw errors.validation('Cannot assign an application to a deactivated user');
    store.assignAppUser(a.id, u.id);
    return { status: 200, body: renderAppUser(ctx.base, store, a, u.id, 'USER') };
  });

  add('GET', '/api/v1/apps/{appId}/users/{userId}', 'read', (ctx) => {
    const { store } = ctx;
    const a = appOr404(store, ctx.params.appId!);
    const entry = store.appUsers(a.id).find((x) => x.id === ctx.params.userId);
    if (!entry) throw errors.notFound(ctx.params.userId!);
    return { status: 200, body: renderAppUser(ctx.base, store, a, entry.id, entry.scope) };
  });

  add('DELETE', '/api/v1/apps/{appId}/users/{userId}', 'write-app-assignment', (ctx) => {
    const { store } = ctx;
    const a = appOr404(store, ctx.params.appId!);
    if (!a.users.has(ctx.params.userId!)) {
      const viaGroup = store.appUsers(a.id).some((x) => x.id === ctx.params.userId);
      if (viaGroup) throw errors.validation('Cannot unassign a user who is assigned to the application through a group');
      throw errors.notFound(ctx.params.userId!);
    }
    store.unassignAppUser(a.id, ctx.params.userId!);
    return { status: 204 };
  });

  add('GET', '/api/v1/apps/{appId}/groups', 'read', (ctx) => {
    const a = appOr404(ctx.store, ctx.params.appId!);
    const page = pageOf(ctx, [...a.groups.keys()].sort(), PAGE_SIZES.appGroups, (id) => renderAppGroup(ctx.base, a, id));
    return { status: 200, body: page.items, links: { next: page.next } };
  });

  add('GET', '/api/v1/apps/{appId}/groups/{groupId}', 'read', (ctx) => {
    const a = appOr404(ctx.store, ctx.params.appId!);
    if (!a.groups.has(ctx.params.groupId!)) throw errors.notFound(ctx.params.groupId!);
    return { status: 200, body: renderAppGroup(ctx.base, a, ctx.params.groupId!) };
  });

  add('PUT', '/api/v1/apps/{appId}/groups/{groupId}', 'write-app-assignment', (ctx) => {
    const a = appOr404(ctx.store, ctx.params.appId!);
    groupOr404(ctx.store, ctx.params.groupId!);
    const body = (ctx.body ?? {}) as { priority?: number };
    ctx.store.assignAppGroup(a.id, ctx.params.groupId!, body.priority);
    return { status: 200, body: renderAppGroup(ctx.base, a, ctx.params.groupId!) };
  });

  add('DELETE', '/api/v1/apps/{appId}/groups/{groupId}', 'write-app-assignment', (ctx) => {
    const a = appOr404(ctx.store, ctx.params.appId!);
    if (!a.groups.has(ctx.params.groupId!)) throw errors.notFound(ctx.params.groupId!);
    ctx.store.unassignAppGroup(a.id, ctx.params.groupId!);
    return { status: 204 };
  });

  return table;
}

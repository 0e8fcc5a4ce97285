/**
 * The PagerDuty REST API v2 routes the connector uses, with PagerDuty's response wrappers and
 * classic pagination: `offset`, `limit` (default 25, at most 100), `more`, and `total` (null unless
 * `total=true`); offset + limit beyond 10000 is refused with a 400, as PagerDuty does.
 */
import { RouteTable } from '@gatehouse/sdk/simkit';
import { BASE_ROLES, TEAM_ROLES, type BaseRole, type KeyKind, type PagerDutyStore, type SimSchedule, type SimTeam, type SimUser, type TeamRole } from './store.js';

export class PagerDutyError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly errors: string[] = [],
  ) {}
}

export const errors = {
  unauthorized: () => new PagerDutyError(401, 2006, 'Authentication failed'),
  forbidden: () => new PagerDutyError(403, 2010, 'Access Denied', ['Read-only API keys cannot make changes']),
  notFound: () => new PagerDutyError(404, 2100, 'Not Found'),
  invalid: (...why: string[]) => new PagerDutyError(400, 2001, 'Invalid Input Provided', why),
  offsetCap: () =>
    new PagerDutyError(400, 2001, 'Invalid Input Provided', [
      'Offset+limit exceeds maximum allowed value of 10000. Please try to refine your search to reduce the returned set of records below this number.',
    ]),
  noFrom: () => new PagerDutyError(400, 2001, 'Invalid Input Provided', ['A valid "From" header is required to create a user.']),
  rateLimited: () => new PagerDutyError(429, 2020, 'Rate Limit Exceeded'),
  internal: () => new PagerDutyError(500, 2000, 'An unexpected error occurred'),
};

export interface RequestContext {
  base: string;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  store: PagerDutyStore;
  /** The `From` header, when sent. */
  from?: string;
  now: Date;
}

export interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (ctx: RequestContext) => Reply;
/** Route metadata: whether the route changes data (read-only keys may not call it). */
export type Router = RouteTable<{ write: boolean }, Handler>;

export const MAX_LIMIT = 100;
export const OFFSET_CAP = 10_000;

/** One page of `items` in PagerDuty's wrapper, under `key`. */
function paged<T>(ctx: RequestContext, key: string, items: readonly T[], render: (item: T) => unknown): Reply {
  const q = ctx.url.searchParams;
  const limit = q.has('limit') ? Number(q.get('limit')) : 25;
  const offset = q.has('offset') ? Number(q.get('offset')) : 0;
  if (!Number.isInteger(limit) || limit < 1) throw errors.invalid('limit must be a positive integer');
  if (!Number.isInteger(offset) || offset < 0) throw errors.invalid('offset must be a non-negative integer');
  const size = Math.min(limit, MAX_LIMIT);
  if (offset + size > OFFSET_CAP) throw errors.offsetCap();
  const page = items.slice(offset, offset + size);
  return {
    status: 200,
    body: { [key]: page.map(render), offset, limit: size, more: offset + size < items.length, total: q.get('total') === 'true' ? items.length : null },
  };
}

const ref = (base: string, type: string, id: string, summary: string, path: string) => ({ id, type: `${type}_reference`, summary, self: `${base}/${path}/${id}`, html_url: `https://acme.pagerduty.com/${path}/${id}` });

export function renderUser(ctx: RequestContext, u: SimUser): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: u.id,
    type: 'user',
    summary: u.name,
    self: `${ctx.base}/users/${u.id}`,
    html_url: `https://acme.pagerduty.com/users/${u.id}`,
    name: u.name,
    email: u.email,
    time_zone: u.timeZone,
    color: u.color,
    role: u.role,
    avatar_url: `https://secure.gravatar.com/avatar/${u.id}.png?d=mm&r=PG`,
    description: u.description,
    invitation_sent: u.invitationSent,
    job_title: u.jobTitle,
    created_via_sso: u.createdViaSso,
    teams: ctx.store.teamsOf(u.id).map((t) => ref(ctx.base, 'team', t.id, t.name, 'teams')),
    contact_methods: [],
    notification_rules: [],
  };
  return body;
}

function renderTeam(ctx: RequestContext, t: SimTeam) {
  return { id: t.id, type: 'team', summary: t.name, self: `${ctx.base}/teams/${t.id}`, html_url: `https://acme.pagerduty.com/teams/${t.id}`, name: t.name, description: t.description, default_role: 'manager' };
}

function renderSchedule(ctx: RequestContext, s: SimSchedule, withLayers: boolean) {
  const users = ctx.store.scheduleUsers(s).map((id) => ref(ctx.base, 'user', id, ctx.store.users.get(id)?.name ?? id, 'users'));
  const body: Record<string, unknown> = {
    id: s.id,
    type: 'schedule',
    summary: s.name,
    self: `${ctx.base}/schedules/${s.id}`,
    html_url: `https://acme.pagerduty.com/schedules/${s.id}`,
    name: s.name,
    description: s.description,
    time_zone: s.timeZone,
    users,
    teams: s.teamIds.map((id) => ref(ctx.base, 'team', id, ctx.store.teams.get(id)?.name ?? id, 'teams')),
    escalation_policies: [ref(ctx.base, 'escalation_policy', s.escalationPolicyId, `${s.name} policy`, 'escalation_policies')],
  };
  if (withLayers) {
    body.schedule_layers = s.layers.map((l) => ({
      id: l.id,
      name: l.name,
      start: l.start,
      end: null,
      rotation_virtual_start: l.rotationVirtualStart,
      rotation_turn_length_seconds: l.turnSeconds,
      users: l.users.map((id) => ({ user: ref(ctx.base, 'user', id, ctx.store.users.get(id)?.name ?? id, 'users') })),
      restrictions: [],
    }));
  }
  return body;
}

function userOr404(ctx: RequestContext, id = ctx.params.userId!): SimUser {
  const u = ctx.store.users.get(id);
  if (!u) throw errors.notFound();
  return u;
}

function teamOr404(ctx: RequestContext): SimTeam {
  const t = ctx.store.teams.get(ctx.params.teamId!);
  if (!t) throw errors.notFound();
  return t;
}

/** `{"user": {...}}` style bodies. */
function wrapped(ctx: RequestContext, key: string): Record<string, unknown> {
  const b = ctx.body as Record<string, unknown> | undefined;
  const inner = b && typeof b === 'object' ? b[key] : undefined;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) throw errors.invalid(`${key} is required`);
  return inner as Record<string, unknown>;
}

/** PagerDuty's `query`: a case-insensitive match on name or email (the simulator's reading). */
function matchesQuery(u: SimUser, q: string | null): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle);
}

export function buildRoutes(): Router {
  const table = new RouteTable<{ write: boolean }, Handler>();
  const add = (method: string, template: string, handler: Handler) => table.add(method, template, { write: method !== 'GET' }, handler);

  // ---- users -------------------------------------------------------------------------------------
  add('GET', '/users', (ctx) => {
    const q = ctx.url.searchParams.get('query');
    const teamIds = ctx.url.searchParams.getAll('team_ids[]');
    const users = ctx.store.sortedUsers().filter((u) => matchesQuery(u, q) && (teamIds.length === 0 || teamIds.some((t) => ctx.store.teams.get(t)?.members.has(u.id))));
    return paged(ctx, 'users', users, (u) => renderUser(ctx, u));
  });

  add('POST', '/users', (ctx) => {
    if (!ctx.from || !ctx.from.includes('@')) throw errors.noFrom();
    const input = wrapped(ctx, 'user');
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const email = typeof input.email === 'string' ? input.email.trim() : '';
    if (!name) throw errors.invalid('Name cannot be empty.');
    if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length < 6) throw errors.invalid('Email is invalid.');
    if ([...ctx.store.users.values()].some((u) => u.email.toLowerCase() === email.toLowerCase())) throw errors.invalid('Email has already been taken.');
    const role = (input.role ?? 'user') as BaseRole;
    if (!BASE_ROLES.includes(role) || role === 'owner') throw errors.invalid(`Role must be one of ${BASE_ROLES.filter((r) => r !== 'owner').join(', ')}.`);
    const user: SimUser = {
      id: ctx.store.newId(),
      name,
      email,
      role,
      timeZone: typeof input.time_zone === 'string' ? input.time_zone : 'Etc/UTC',
      jobTitle: typeof input.job_title === 'string' ? input.job_title : null,
      color: 'green',
      createdViaSso: false,
      invitationSent: true,
      description: null,
    };
    ctx.store.users.set(user.id, user);
    ctx.store.touchUsers();
    return { status: 201, body: { user: renderUser(ctx, user) } };
  });

  add('GET', '/users/{userId}', (ctx) => ({ status: 200, body: { user: renderUser(ctx, userOr404(ctx)) } }));

  add('PUT', '/users/{userId}', (ctx) => {
    const u = userOr404(ctx);
    const input = wrapped(ctx, 'user');
    if (input.role !== undefined) {
      const role = input.role as BaseRole;
      if (!BASE_ROLES.includes(role)) throw errors.invalid(`Role must be one of ${BASE_ROLES.join(', ')}.`);
      if (role === 'owner' || u.role === 'owner') throw errors.invalid('The account owner role can only be transferred in the web app.');
      if (role.startsWith('read_only') && ctx.store.teamsOf(u.id).length > 0) throw errors.invalid('Read-only users cannot be members of a team.');
      u.role = role;
    }
    if (typeof input.name === 'string') {
      u.name = input.name;
      ctx.store.touchUsers();
    }
    if (typeof input.job_title === 'string') u.jobTitle = input.job_title;
    return { status: 200, body: { user: renderUser(ctx, u) } };
  });

  add('DELETE', '/users/{userId}', (ctx) => {
    const u = userOr404(ctx);
    if (u.role === 'owner') throw errors.invalid('The account owner cannot be deleted.');
    ctx.store.deleteUser(u.id);
    return { status: 204 };
  });

  // ---- teams -------------------------------------------------------------------------------------
  add('GET', '/teams', (ctx) => {
    const q = ctx.url.searchParams.get('query')?.toLowerCase();
    const teams = [...ctx.store.teams.values()].filter((t) => !q || t.name.toLowerCase().includes(q)).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    return paged(ctx, 'teams', teams, (t) => renderTeam(ctx, t));
  });

  add('GET', '/teams/{teamId}', (ctx) => ({ status: 200, body: { team: renderTeam(ctx, teamOr404(ctx)) } }));

  add('GET', '/teams/{teamId}/members', (ctx) => {
    const t = teamOr404(ctx);
    const include = ctx.url.searchParams.getAll('include[]').includes('users');
    const members = [...t.members].filter(([id]) => ctx.store.users.has(id)).sort(([a], [b]) => (a < b ? -1 : 1));
    return paged(ctx, 'members', members, ([id, role]) => {
      const u = ctx.store.users.get(id)!;
      return { user: include ? renderUser(ctx, u) : { id, type: 'user_reference', summary: u.name, self: `${ctx.base}/users/${id}` }, role };
    });
  });

  add('PUT', '/teams/{teamId}/users/{userId}', (ctx) => {
    const t = teamOr404(ctx);
    const u = userOr404(ctx);
    const role = ((ctx.body as { role?: string } | undefined)?.role ?? 'manager') as TeamRole;
    if (!TEAM_ROLES.includes(role)) throw errors.invalid(`Role must be one of ${TEAM_ROLES.join(', ')}.`);
    if (u.role === 'read_only_user' || u.role === 'read_only_limited_user') throw errors.invalid('Read-only users cannot be added to a team.');
    t.members.set(u.id, role);
    return { status: 204 };
  });

  add('DELETE', '/teams/{teamId}/users/{userId}', (ctx) => {
    const t = teamOr404(ctx);
    userOr404(ctx);
    if (!t.members.delete(ctx.params.userId!)) throw errors.notFound();
    return { status: 204 };
  });

  // ---- schedules and on-call -------------------------------------------------------------------------
  add('GET', '/schedules', (ctx) => {
    const q = ctx.url.searchParams.get('query')?.toLowerCase();
    const schedules = [...ctx.store.schedules.values()].filter((s) => !q || s.name.toLowerCase().includes(q)).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    return paged(ctx, 'schedules', schedules, (s) => renderSchedule(ctx, s, false));
  });

  add('GET', '/schedules/{scheduleId}', (ctx) => {
    const s = ctx.store.schedules.get(ctx.params.scheduleId!);
    if (!s) throw errors.notFound();
    return { status: 200, body: { schedule: renderSchedule(ctx, s, true) } };
  });

  add('GET', '/oncalls', (ctx) => {
    const wanted = ctx.url.searchParams.getAll('schedule_ids[]');
    const at = ctx.now;
    const entries = [...ctx.store.schedules.values()]
      .filter((s) => wanted.length === 0 || wanted.includes(s.id))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .flatMap((s) => {
        const userId = ctx.store.onCall(s, at);
        if (!userId || !ctx.store.users.has(userId)) return [];
        const turnEnd = new Date(at.getTime() + 3600_000).toISOString();
        return [
          {
            escalation_policy: ref(ctx.base, 'escalation_policy', s.escalationPolicyId, `${s.name} policy`, 'escalation_policies'),
            escalation_level: 1,
            schedule: ref(ctx.base, 'schedule', s.id, s.name, 'schedules'),
            user: ref(ctx.base, 'user', userId, ctx.store.users.get(userId)!.name, 'users'),
            start: new Date(at.getTime() - 3600_000).toISOString(),
            end: turnEnd,
          },
        ];
      });
    return paged(ctx, 'oncalls', entries, (e) => e);
  });

  return table;
}

export type { KeyKind };

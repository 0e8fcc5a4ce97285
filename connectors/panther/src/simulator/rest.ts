/**
 * Panther's REST API (open beta since 1.112): GET /users and GET /roles pages with an opaque cursor
 * (`{"results": [...], "next": "<cursor>" | null}`), and single users and roles by id.
 *
 * Facts and choices:
 * - fact: /users pages hold at most 60 (documented for /users only);
 * - fact: Panther's own clients list /roles with limit=100 by default; choice: /roles accepts up to
 *   1000 (nothing documents its cap; 1000 is what those clients allow);
 * - choice: a missing limit gives the largest page; the cursor is an opaque base64url offset;
 * - choice: the error body `{"message": "..."}`, as an API gateway answers (its shape is not documented).
 */
import { userFields, type PantherStore, type Permission, type SimToken, type SimUser } from './store.js';

export const REST_MAX_LIMIT = 60;
/** Roles: see the facts and choices above. */
export const ROLES_MAX_LIMIT = 1000;

export class RestError {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

export interface RestRequest {
  method: string;
  path: string;
  url: URL;
  store: PantherStore;
  token: SimToken;
}

function need(token: SimToken, permission: Permission): void {
  if (!token.permissions.includes(permission)) throw new RestError(403, `access denied: this API token lacks the ${permission} permission`);
}

function restUser(store: PantherStore, u: SimUser) {
  const role = store.role(u.roleId);
  return { ...userFields(u), role: { id: role.id, name: role.name } };
}

function page<T>(items: T[], url: URL, max: number): { results: T[]; next: string | null } {
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? max : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new RestError(400, `limit must be an integer from 1 to ${max}`);
  const cursor = url.searchParams.get('cursor');
  let start = 0;
  if (cursor) {
    start = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new RestError(400, 'cursor is not valid');
  }
  const end = start + limit;
  return { results: items.slice(start, end), next: end < items.length ? Buffer.from(String(end)).toString('base64url') : null };
}

export function handleRest(req: RestRequest): { status: number; body: unknown } {
  const { store, token, url } = req;
  const [collection, id, ...rest] = req.path.split('/').filter(Boolean);
  if (req.method !== 'GET' || rest.length || (collection !== 'users' && collection !== 'roles')) throw new RestError(404, `no route for ${req.method} ${req.path}`);
  if (collection === 'users') {
    need(token, 'UserRead');
    if (id) {
      const user = store.users.get(id);
      if (!user) throw new RestError(404, `user ${id} not found`);
      return { status: 200, body: restUser(store, user) };
    }
    const users = page(store.sortedUsers(), url, REST_MAX_LIMIT);
    return { status: 200, body: { ...users, results: users.results.map((u) => restUser(store, u)) } };
  }
  need(token, 'GeneralSettingsRead');
  if (id) {
    const role = store.roles.get(id);
    if (!role) throw new RestError(404, `role ${id} not found`);
    return { status: 200, body: role };
  }
  const sortDir = url.searchParams.get('sort-dir') === 'desc' ? 'descending' : 'ascending';
  let roles = store.sortedRoles(sortDir);
  const exact = url.searchParams.get('name');
  const contains = url.searchParams.get('name-contains')?.toLowerCase();
  const ids = url.searchParams.get('ids')?.split(',');
  // An exact name overrides the other filters, as Panther documents.
  if (exact !== null) roles = roles.filter((r) => r.name === exact);
  else {
    if (contains) roles = roles.filter((r) => r.name.toLowerCase().includes(contains));
    if (ids) roles = roles.filter((r) => ids.includes(r.id));
  }
  return { status: 200, body: page(roles, url, ROLES_MAX_LIMIT) };
}

/**
 * Panther's SCIM 2.0 endpoint, with Panther's limits (api-facts §D, docs "Okta SCIM"): Users only
 * (no /Groups), only the `eq` filter, no creation (users appear at their first SSO login) and no
 * deletion (deactivate instead), updates of given name, family name, email, `active` and the
 * custom role attribute `pantherRole` in the core User namespace (an unknown role is refused and
 * changes nothing). PUT and PATCH are accepted as Okta sends them, including PATCH `replace` with
 * no path and an object value. Every error is a SCIM error body.
 *
 * Not in the facts, so chosen here: the discovery endpoints (/ServiceProviderConfig, /ResourceTypes,
 * /Schemas) answer 404 like any other unsupported path; POST and DELETE on /Users answer 501 (RFC
 * 7644 §3.12: an operation the provider does not support); pages hold at most 100 users.
 */
import { parse as parseScimFilter, type Filter } from 'scim2-parse-filter';
import { scimPatch, ScimError as PatchError, type ScimPatchOperation } from 'scim-patch';
import type { PantherStore, SimUser } from './store.js';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_MAX_COUNT = 100;

export class ScimError {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: string,
  ) {}

  body() {
    return { schemas: [ERROR], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

export interface ScimRequest {
  method: string;
  /** The path below /scim/v2 (e.g. /Users/abc). */
  path: string;
  url: URL;
  body: unknown;
  store: PantherStore;
  /** The endpoint's own URL (…/scim/v2), for meta.location. */
  base: string;
}

export interface ScimReply {
  status: number;
  body?: unknown;
}

/** The attributes `eq` may compare, and how to read them from a user. */
const FILTERABLE: Record<string, (u: SimUser) => string | boolean> = {
  username: (u) => u.email,
  'emails.value': (u) => u.email,
  emails: (u) => u.email,
  id: (u) => u.id,
  active: (u) => u.enabled,
  'name.givenname': (u) => u.givenName,
  'name.familyname': (u) => u.familyName,
};

function compileEqFilter(text: string): (u: SimUser) => boolean {
  let ast: Filter;
  try {
    ast = parseScimFilter(text);
  } catch {
    throw new ScimError(400, `The filter "${text}" is not a valid SCIM filter.`, 'invalidFilter');
  }
  if (ast.op !== 'eq' || !('attrPath' in ast)) throw new ScimError(400, `Only the "eq" operator is supported (filter: ${text}).`, 'invalidFilter');
  const attr = ast.attrPath.replace(`${CORE_USER}:`, '').toLowerCase();
  const read = FILTERABLE[attr];
  if (!read) throw new ScimError(400, `Filtering on "${ast.attrPath}" is not supported.`, 'invalidFilter');
  const wanted = ast.compValue;
  // userName and emails compare case-insensitively (RFC 7643: caseExact false).
  return (u) => {
    const value = read(u);
    return typeof value === 'string' && typeof wanted === 'string' ? value.toLowerCase() === wanted.toLowerCase() : value === wanted;
  };
}

export function scimUser(store: PantherStore, u: SimUser, base: string) {
  return {
    schemas: [CORE_USER],
    id: u.id,
    userName: u.email,
    name: { givenName: u.givenName, familyName: u.familyName, formatted: `${u.givenName} ${u.familyName}` },
    displayName: `${u.givenName} ${u.familyName}`,
    emails: [{ value: u.email, type: 'work', primary: true }],
    active: u.enabled,
    pantherRole: store.role(u.roleId).name,
    meta: { resourceType: 'User', created: u.createdAt, lastModified: u.updatedAt, location: `${base}/Users/${u.id}` },
  };
}

type ScimUser = ReturnType<typeof scimUser>;

/** Moves attributes written with the core schema's URN (`urn:…:User:pantherRole`) to plain names. */
function withoutCoreUrn(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { [CORE_USER]: nested, ...rest } = value as Record<string, unknown>;
  return nested && typeof nested === 'object' ? { ...rest, ...(nested as Record<string, unknown>) } : rest;
}

const stripUrn = (path: string | undefined) => (path?.startsWith(`${CORE_USER}:`) ? path.slice(CORE_USER.length + 1) : path);

/** Applies a wanted SCIM state to a user, after checking all of it: a refused change changes nothing. */
function applyUser(store: PantherStore, user: SimUser, wanted: Partial<ScimUser> & Record<string, unknown>): void {
  const primary = Array.isArray(wanted.emails) ? (wanted.emails.find((e) => e?.primary) ?? wanted.emails[0]) : undefined;
  // Panther keeps one address: a new primary email wins, else a new userName.
  const fromEmails = typeof primary?.value === 'string' && primary.value !== user.email ? primary.value : undefined;
  const fromUserName = typeof wanted.userName === 'string' && wanted.userName !== user.email ? wanted.userName : undefined;
  const email = fromEmails ?? fromUserName ?? user.email;
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new ScimError(400, `"${email}" is not a valid email address.`, 'invalidValue');
  const other = store.userByEmail(email);
  if (other && other !== user) throw new ScimError(409, `A user with the email ${email} already exists.`, 'uniqueness');
  let roleId = user.roleId;
  if ('pantherRole' in wanted) {
    const name = wanted.pantherRole;
    if (typeof name !== 'string' || !name) throw new ScimError(400, 'pantherRole cannot be removed: every Panther user has a role.', 'invalidValue');
    const role = store.roleByName(name);
    if (!role) throw new ScimError(400, `pantherRole "${name}" is not a role in this Panther tenant.`, 'invalidValue');
    roleId = role.id;
  }
  if (wanted.active !== undefined && typeof wanted.active !== 'boolean') throw new ScimError(400, 'active must be true or false.', 'invalidValue');
  if (wanted.id !== undefined && wanted.id !== user.id) throw new ScimError(400, 'id is read-only.', 'mutability');

  user.email = email;
  if (typeof wanted.name?.givenName === 'string') user.givenName = wanted.name.givenName;
  if (typeof wanted.name?.familyName === 'string') user.familyName = wanted.name.familyName;
  user.roleId = roleId;
  if (typeof wanted.active === 'boolean') user.enabled = wanted.active;
  user.updatedAt = store.timestamp();
}

function patchOperations(body: unknown): ScimPatchOperation[] {
  const b = body as { schemas?: unknown; Operations?: unknown } | undefined;
  if (!b || !Array.isArray(b.schemas) || !b.schemas.includes(PATCH_OP) || !Array.isArray(b.Operations) || b.Operations.length === 0) {
    throw new ScimError(400, `A PATCH body must be a ${PATCH_OP} message with Operations.`, 'invalidSyntax');
  }
  return b.Operations.map((raw: unknown) => {
    const op = raw as { op?: unknown; path?: unknown; value?: unknown };
    const name = typeof op.op === 'string' ? op.op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') throw new ScimError(400, `Unknown PATCH op "${String(op.op)}".`, 'invalidSyntax');
    const path = stripUrn(typeof op.path === 'string' ? op.path : undefined);
    if (name === 'remove' && !path) throw new ScimError(400, 'A remove operation needs a path.', 'noTarget');
    return { op: name, ...(path ? { path } : {}), value: path ? op.value : withoutCoreUrn(op.value) } as ScimPatchOperation;
  });
}

function userOrFail(store: PantherStore, id: string): SimUser {
  const user = store.users.get(id);
  if (!user) throw new ScimError(404, `User ${id} not found.`);
  return user;
}

export function handleScim(req: ScimRequest): ScimReply {
  const { store, method, base } = req;
  const segments = req.path.split('/').filter(Boolean);
  if (segments[0] !== 'Users' || segments.length > 2) {
    if (segments[0] === 'Groups') throw new ScimError(404, 'Panther does not support Groups over SCIM.');
    throw new ScimError(404, `No SCIM endpoint at ${req.path || '/'}.`);
  }
  const id = segments[1];
  if (!id) {
    if (method === 'POST') throw new ScimError(501, 'Panther does not create users over SCIM: a user is created at their first SSO login.');
    if (method !== 'GET') throw new ScimError(405, `${method} is not supported on /Users.`);
    const filterText = req.url.searchParams.get('filter');
    const matches = filterText ? compileEqFilter(filterText) : () => true;
    const all = filterText ? store.sortedUsers().filter(matches) : store.sortedUsers();
    const startIndex = Math.max(1, Number(req.url.searchParams.get('startIndex') ?? 1) || 1);
    const countParam = req.url.searchParams.get('count');
    const count = Math.min(SCIM_MAX_COUNT, Math.max(0, countParam === null ? SCIM_MAX_COUNT : Number(countParam) || 0));
    const page = all.slice(startIndex - 1, startIndex - 1 + count);
    return {
      status: 200,
      body: { schemas: [LIST_RESPONSE], totalResults: all.length, startIndex, itemsPerPage: page.length, Resources: page.map((u) => scimUser(store, u, base)) },
    };
  }
  const user = userOrFail(store, id);
  switch (method) {
    case 'GET':
      return { status: 200, body: scimUser(store, user, base) };
    case 'PUT': {
      const wanted = withoutCoreUrn(req.body) as Partial<ScimUser> & Record<string, unknown>;
      if (!wanted || typeof wanted !== 'object') throw new ScimError(400, 'A PUT body must be a User.', 'invalidSyntax');
      applyUser(store, user, wanted);
      return { status: 200, body: scimUser(store, user, base) };
    }
    case 'PATCH': {
      const operations = patchOperations(req.body);
      const current = scimUser(store, user, base);
      let patched: ScimUser;
      try {
        patched = scimPatch({ ...current, meta: { ...current.meta, created: new Date(current.meta.created), lastModified: new Date(current.meta.lastModified) } }, operations, { mutateDocument: false, treatMissingAsAdd: true }) as unknown as ScimUser;
      } catch (err) {
        if (err instanceof PatchError) throw new ScimError(400, err.message, err.scimCode ?? 'invalidValue');
        throw err;
      }
      const wanted: Record<string, unknown> = { ...patched };
      if (!('pantherRole' in patched) || patched.pantherRole === undefined) wanted.pantherRole = undefined;
      applyUser(store, user, wanted as Partial<ScimUser>);
      return { status: 200, body: scimUser(store, user, base) };
    }
    case 'DELETE':
      throw new ScimError(501, 'Panther never deletes users over SCIM: set active to false to deactivate.');
    default:
      throw new ScimError(405, `${method} is not supported on /Users/{id}.`);
  }
}

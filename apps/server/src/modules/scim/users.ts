/**
 * SCIM Users are platform users (RFC 7643 §4.1): `userName` is the platform user's email when it
 * is an email address (else the primary email is), `active` is the opposite of `disabled`, the
 * name shown is displayName, name.formatted or the given and family names. What SCIM says beyond
 * that (externalId, name parts, emails, the enterprise extension) is kept in `scim_users`, which
 * this module owns. A platform user made in Gatehouse (the first admin) is a SCIM User too, so an
 * identity provider's `userName eq "…"` lookup finds and links them instead of creating a
 * duplicate. Deactivating a user ends their sessions; deleting one hides them from SCIM and keeps
 * the platform user disabled (audit events, campaigns and tasks name them).
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, PlatformUserTable, ScimUserTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { endSessions } from '../auth/sessions.js';
import { scimActor, type ScimCaller } from './clients.js';
import { ScimConflict, ScimError } from './errors.js';
import { getKey, keyOf, simpleEquality, type Json } from './filter.js';
import { applyPatch, coerce } from './patch.js';
import { isObj, listOf, parseListFilter, versionOf, type ListQuery, type ListResult, type Obj } from './resources.js';
import { applyGroupRoles, keepLastSuperAdmin } from './roles.js';
import { ENTERPRISE_ATTRS, URN, USER_ATTRS, USER_SCHEMA } from './schemas.js';

type Row = PlatformUserTable & { scim: ScimUserTable | undefined };
type Membership = { user_id: string; group_id: string; display_name: string };

/** Attributes kept as SCIM sent them; the others are the platform user's own or computed. */
const STORED = USER_ATTRS.filter((a) => !['userName', 'active', 'groups'].includes(a.name));

const attributesOf = (row: Row): Obj => (row.scim ? (JSON.parse(row.scim.attributes) as Obj) : { displayName: row.name, emails: [{ value: row.email, type: 'work', primary: true }] });

function render(row: Row, groups: Membership[], base: string): Obj {
  const attrs = attributesOf(row);
  const ext = attrs[URN.enterprise];
  const resource: Obj = {
    schemas: isObj(ext) ? [URN.user, URN.enterprise] : [URN.user],
    id: row.id,
    ...(row.scim?.external_id ? { externalId: row.scim.external_id } : {}),
    userName: row.scim?.user_name ?? row.email,
    ...attrs,
    active: row.disabled === 0,
    ...(groups.length ? { groups: groups.map((g) => ({ value: g.group_id, display: g.display_name, $ref: `${base}/Groups/${g.group_id}`, type: 'direct' })) } : {}),
  };
  resource.meta = { resourceType: 'User', created: row.scim?.created_at ?? row.created_at, lastModified: row.scim?.updated_at ?? row.created_at, location: `${base}/Users/${row.id}`, version: versionOf(resource) };
  return resource;
}

type Db = Context['db']['db'] | Transaction<Database>;

async function rows(db: Db, where?: { id?: string; userName?: string }): Promise<Row[]> {
  let q = db.selectFrom('platform_users').leftJoin('scim_users', 'scim_users.user_id', 'platform_users.id').selectAll('platform_users').select(['scim_users.user_id as s_user_id', 'scim_users.user_name as s_user_name', 'scim_users.user_name_lower as s_user_name_lower', 'scim_users.external_id as s_external_id', 'scim_users.attributes as s_attributes', 'scim_users.role_from_groups as s_role_from_groups', 'scim_users.deleted_at as s_deleted_at', 'scim_users.created_at as s_created_at', 'scim_users.updated_at as s_updated_at']).where('scim_users.deleted_at', 'is', null);
  if (where?.id) q = q.where('platform_users.id', '=', where.id);
  if (where?.userName) {
    const lower = where.userName.toLowerCase();
    q = q.where((eb) => eb.or([eb('scim_users.user_name_lower', '=', lower), eb.and([eb('scim_users.user_id', 'is', null), eb('platform_users.email', '=', lower)])]));
  }
  const found = await q.orderBy('platform_users.created_at').orderBy('platform_users.id').execute();
  return found.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    password_hash: r.password_hash,
    role: r.role,
    disabled: r.disabled,
    created_at: r.created_at,
    scim: r.s_user_id
      ? { user_id: r.s_user_id, user_name: r.s_user_name!, user_name_lower: r.s_user_name_lower!, external_id: r.s_external_id, attributes: r.s_attributes!, role_from_groups: r.s_role_from_groups!, deleted_at: r.s_deleted_at, created_at: r.s_created_at!, updated_at: r.s_updated_at! }
      : undefined,
  }));
}

async function memberships(db: Db, userIds: string[] | undefined): Promise<Map<string, Membership[]>> {
  let q = db.selectFrom('scim_group_members').innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id').select(['scim_group_members.user_id', 'scim_group_members.group_id', 'scim_groups.display_name']);
  if (userIds) {
    if (userIds.length === 0) return new Map();
    q = q.where('scim_group_members.user_id', 'in', userIds);
  }
  const map = new Map<string, Membership[]>();
  for (const m of await q.orderBy('scim_groups.display_name').execute()) map.set(m.user_id, [...(map.get(m.user_id) ?? []), m]);
  return map;
}

async function loadOne(db: Db, id: string, base: string): Promise<{ row: Row; resource: Obj }> {
  const [row] = await rows(db, { id });
  if (!row) throw new NotFoundError('User', id);
  return { row, resource: render(row, (await memberships(db, [id])).get(id) ?? [], base) };
}

export async function getUser(ctx: Context, id: string, base: string): Promise<Obj> {
  return (await loadOne(ctx.db.db, id, base)).resource;
}

export async function listUsers(ctx: Context, query: ListQuery, base: string): Promise<ListResult> {
  const filter = parseListFilter(query);
  // Okta and Entra look a user up by userName before creating one: an index, not a scan.
  const userName = filter && simpleEquality(filter, 'userName');
  const found = await rows(ctx.db.db, userName !== undefined ? { userName } : undefined);
  const groups = await memberships(ctx.db.db, userName !== undefined ? found.map((r) => r.id) : undefined);
  return listOf(found.map((r) => render(r, groups.get(r.id) ?? [], base)), filter, query);
}

interface UserInput {
  userName: string;
  active: boolean;
  externalId: string | null;
  attributes: Obj;
  email: string;
  name: string;
}

/** A User resource from a client (POST, PUT, or a PATCH's result), checked and brought to its types. */
export function userInput(body: unknown): UserInput {
  if (!isObj(body)) throw new ScimError('a User is a JSON object', 'invalidSyntax');
  const userName = getKey(body, 'userName');
  if (typeof userName !== 'string' || userName.trim() === '') throw new ScimError('userName is required', 'invalidValue');
  const activeRaw = getKey(body, 'active');
  const active = activeRaw === undefined || activeRaw === null ? true : coerce({ name: 'active', type: 'boolean' }, activeRaw);
  if (typeof active !== 'boolean') throw new ScimError('active must be true or false', 'invalidValue');
  const externalId = getKey(body, 'externalId');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw new ScimError('externalId must be a string', 'invalidValue');
  const attributes: Obj = {};
  for (const def of STORED) {
    if (['id', 'meta', 'externalId'].includes(def.name)) continue;
    const v = getKey(body, def.name);
    if (v !== undefined && v !== null) attributes[def.name] = coerce(def, v);
  }
  const extKey = keyOf(body, URN.enterprise);
  const ext = extKey ? body[extKey] : undefined;
  if (ext !== undefined && ext !== null) {
    if (!isObj(ext)) throw new ScimError(`${URN.enterprise} must be an object`, 'invalidValue');
    const out: Obj = {};
    for (const def of ENTERPRISE_ATTRS) {
      const v = getKey(ext, def.name);
      if (v !== undefined && v !== null && v !== '') out[def.name] = coerce(def, v);
    }
    if (Object.keys(out).length) attributes[URN.enterprise] = out;
  }
  for (const def of STORED.filter((d) => d.multiValued)) {
    const list = attributes[def.name];
    if (list !== undefined && !(Array.isArray(list) && list.every(isObj))) throw new ScimError(`${def.name} must be a list of objects`, 'invalidValue');
  }
  const emails = (attributes.emails ?? []) as Obj[];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  const primaryEmail = typeof primary?.value === 'string' ? primary.value : undefined;
  const email = (userName.includes('@') ? userName : (primaryEmail ?? userName)).trim().toLowerCase();
  const n = isObj(attributes.name) ? attributes.name : {};
  const joined = [n.givenName, n.familyName].filter((x) => typeof x === 'string' && x).join(' ');
  const name = [attributes.displayName, n.formatted, joined].find((x): x is string => typeof x === 'string' && x.trim() !== '') ?? userName;
  return { userName: userName.trim(), active, externalId: (externalId as string | null | undefined) ?? null, attributes, email, name: name.slice(0, 200) };
}

/** Refuses a userName or email another visible user has (case-insensitively). */
async function checkUnique(tx: Transaction<Database>, input: UserInput, self: string | undefined): Promise<void> {
  const lower = input.userName.toLowerCase();
  const byName = await tx.selectFrom('scim_users').select('user_id').where('user_name_lower', '=', lower).where('deleted_at', 'is', null).executeTakeFirst();
  const byEmail = await tx.selectFrom('platform_users').leftJoin('scim_users', 'scim_users.user_id', 'platform_users.id').select(['platform_users.id', 'scim_users.deleted_at']).where((eb) => eb.or([eb('platform_users.email', '=', input.email), eb('platform_users.email', '=', lower)])).execute();
  const clash = [byName?.user_id, ...byEmail.filter((u) => u.deleted_at === null).map((u) => u.id)].find((id) => id !== undefined && id !== self);
  if (clash) throw new ScimConflict(`a user with userName or email ${input.userName} exists`);
}

const now = () => new Date().toISOString();
const summary = (r: Obj) => {
  const { meta: _m, groups: _g, ...rest } = r;
  return rest;
};

async function write(tx: Transaction<Database>, userId: string, input: UserInput, existing: ScimUserTable | undefined, disabledBefore: boolean): Promise<number> {
  if (!input.active && !disabledBefore) await keepLastSuperAdmin(tx, userId, 'deactivated');
  const at = now();
  await tx.updateTable('platform_users').set({ email: input.email, name: input.name, disabled: input.active ? 0 : 1 }).where('id', '=', userId).execute();
  const values = { user_name: input.userName, user_name_lower: input.userName.toLowerCase(), external_id: input.externalId, attributes: JSON.stringify(input.attributes), deleted_at: null, updated_at: at };
  if (existing) await tx.updateTable('scim_users').set(values).where('user_id', '=', userId).execute();
  else await tx.insertInto('scim_users').values({ user_id: userId, ...values, role_from_groups: 0, created_at: at }).execute();
  // Deactivated: whoever is signed in as them is signed out (API tokens stop too: principal.ts refuses a disabled user's).
  return !input.active && !disabledBefore ? endSessions(tx, userId) : 0;
}

/** Two creates of one userName at once: the second meets the unique index, and is told so. */
function uniqueness(err: unknown): never {
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') throw new ScimConflict('a user with that userName or email exists');
  throw err;
}

export async function createUser(ctx: Context, caller: ScimCaller, body: unknown, base: string): Promise<Obj> {
  const input = userInput(body);
  const id = await ctx.db.db.transaction().execute(async (tx) => {
    await checkUnique(tx, input, undefined);
    // A user deleted through SCIM and provisioned again comes back as the same platform user.
    const revived = await tx.selectFrom('platform_users').innerJoin('scim_users', 'scim_users.user_id', 'platform_users.id').select(['platform_users.id']).where('platform_users.email', '=', input.email).where('scim_users.deleted_at', 'is not', null).executeTakeFirst();
    const userId = revived?.id ?? randomUUID();
    if (revived) await tx.deleteFrom('scim_users').where('user_id', '=', userId).execute();
    else await tx.insertInto('platform_users').values({ id: userId, email: input.email, name: input.name, role: 'basic_user', password_hash: null, disabled: input.active ? 0 : 1, created_at: now() }).execute();
    await write(tx, userId, input, undefined, true);
    const { resource } = await loadOne(tx, userId, base);
    await audit(tx, scimActor(caller), { action: revived ? 'scim.user.reprovision' : 'scim.user.create', targetType: 'platform_user', targetId: userId, after: summary(resource) });
    return userId;
  }).catch(uniqueness);
  return getUser(ctx, id, base);
}

async function replaceWith(ctx: Context, caller: ScimCaller, id: string, next: (current: Obj) => unknown, base: string, action: string): Promise<Obj> {
  await ctx.db.db.transaction().execute(async (tx) => {
    const { row, resource } = await loadOne(tx, id, base);
    const input = userInput(next(resource));
    await checkUnique(tx, input, id);
    const sessionsEnded = await write(tx, id, input, row.scim, row.disabled === 1);
    const after = (await loadOne(tx, id, base)).resource;
    await audit(tx, scimActor(caller), { action, targetType: 'platform_user', targetId: id, before: summary(resource), after: { ...summary(after), ...(sessionsEnded ? { sessionsEnded } : {}) } });
  }).catch(uniqueness);
  return getUser(ctx, id, base);
}

export function replaceUser(ctx: Context, caller: ScimCaller, id: string, body: unknown, base: string): Promise<Obj> {
  return replaceWith(ctx, caller, id, () => body, base, 'scim.user.replace');
}

export function patchUser(ctx: Context, caller: ScimCaller, id: string, body: unknown, base: string): Promise<Obj> {
  return replaceWith(ctx, caller, id, (current) => applyPatch(current, body, USER_SCHEMA), base, 'scim.user.patch');
}

export async function deleteUser(ctx: Context, caller: ScimCaller, id: string, base: string): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    const { row, resource } = await loadOne(tx, id, base);
    await keepLastSuperAdmin(tx, id, 'deleted');
    await tx.updateTable('platform_users').set({ disabled: 1 }).where('id', '=', id).execute();
    const sessionsEnded = await endSessions(tx, id);
    if (!row.scim) await tx.insertInto('scim_users').values({ user_id: id, user_name: row.email, user_name_lower: `${row.email}#deleted-${id}`, external_id: null, attributes: '{}', role_from_groups: 0, deleted_at: now(), created_at: now(), updated_at: now() }).execute();
    // The userName is freed for a new user: the deleted row keeps it under a name nobody can send.
    else await tx.updateTable('scim_users').set({ deleted_at: now(), updated_at: now(), user_name_lower: `${row.scim.user_name_lower}#deleted-${id}` }).where('user_id', '=', id).execute();
    const groups = await tx.deleteFrom('scim_group_members').where('user_id', '=', id).executeTakeFirst();
    await applyGroupRoles(ctx, tx, scimActor(caller), [id]);
    await audit(tx, scimActor(caller), { action: 'scim.user.delete', targetType: 'platform_user', targetId: id, before: summary(resource), after: { disabled: true, sessionsEnded, groupsLeft: Number(groups.numDeletedRows) } });
  });
}

/** Makes sure a platform user has a scim_users row (a group member made in Gatehouse), as they are shown now. */
export async function ensureScimRow(tx: Transaction<Database>, userId: string): Promise<boolean> {
  const [row] = await rows(tx, { id: userId });
  if (!row) return false;
  if (!row.scim) {
    const at = now();
    const attrs = attributesOf(row) as { [k: string]: Json };
    await tx.insertInto('scim_users').values({ user_id: userId, user_name: row.email, user_name_lower: row.email, external_id: null, attributes: JSON.stringify(attrs), role_from_groups: 0, deleted_at: null, created_at: at, updated_at: at }).execute();
  }
  return true;
}

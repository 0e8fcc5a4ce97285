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
import { sql, type SelectQueryBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, PlatformUserTable, ScimUserTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { endSessions } from '../auth/sessions.js';
import { scimActor, type ScimCaller } from './clients.js';
import { ScimConflict, ScimError } from './errors.js';
import { getKey, keyOf, type Filter, type Json } from './filter.js';
import { applyPatch, coerce } from './patch.js';
import { isObj, listOf, pageOf, parseListFilter, versionOf, type ListQuery, type ListResult, type Obj } from './resources.js';
import { applyGroupRoles, keepLastSuperAdmin } from './roles.js';
import { ENTERPRISE_ATTRS, URN, USER_ATTRS, USER_SCHEMA } from './schemas.js';
import { filterSql, keptPaths, prefilterSql, scimIdsOf, TRUE, type Cond, type SqlEnv } from './sql-filter.js';
import { writeValues } from './values.js';

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

const SCIM_COLUMNS = ['s.user_id as s_user_id', 's.user_name as s_user_name', 's.user_name_lower as s_user_name_lower', 's.external_id as s_external_id', 's.attributes as s_attributes', 's.role_from_groups as s_role_from_groups', 's.deleted_at as s_deleted_at', 's.created_at as s_created_at', 's.updated_at as s_updated_at'] as const;
const PLATFORM_COLUMNS = ['p.id', 'p.email', 'p.name', 'p.password_hash', 'p.role', 'p.disabled', 'p.created_at'] as const;

type Selected = Omit<PlatformUserTable, never> & { [K in 's_user_id' | 's_user_name' | 's_user_name_lower' | 's_external_id' | 's_attributes' | 's_deleted_at' | 's_created_at' | 's_updated_at']: string | null } & { s_role_from_groups: number | null };

function rowOf(r: Selected): Row {
  return {
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
  };
}

/** Users by id (visible ones: not deleted through SCIM), in id order. */
async function rows(db: Db, where: { id?: string; ids?: string[] }): Promise<Row[]> {
  let q = db.selectFrom('platform_users as p').leftJoin('scim_users as s', 's.user_id', 'p.id').select([...PLATFORM_COLUMNS, ...SCIM_COLUMNS]).where('s.deleted_at', 'is', null);
  if (where.id) q = q.where('p.id', '=', where.id);
  if (where.ids) {
    if (where.ids.length === 0) return [];
    q = q.where('p.id', 'in', where.ids);
  }
  return (await q.orderBy('p.id').execute()).map(rowOf);
}

/** The users SCIM wrote (a `scim_users` row, not deleted): the `scim` scope of sql-filter.ts. */
const scimUsers = (db: Db) => db.selectFrom('scim_users as s').where('s.deleted_at', 'is', null);
/** The platform users SCIM never wrote (made in Gatehouse): the `platform` scope. */
const platformUsers = (db: Db) => db.selectFrom('platform_users as p').where(({ not, exists, selectFrom }) => not(exists(selectFrom('scim_users as s').select('s.user_id').whereRef('s.user_id', '=', 'p.id'))));
const NO_SCIM = SCIM_COLUMNS.map((c) => sql<string | null>`NULL`.as(c.split(' as ')[1]!));

/** Every user meeting the conditions of each scope, in id order. */
async function rowsWhere(db: Db, scim: Cond, platform: Cond): Promise<Row[]> {
  const a = scimUsers(db).innerJoin('platform_users as p', 'p.id', 's.user_id').select([...PLATFORM_COLUMNS, ...SCIM_COLUMNS]).where(scim);
  const b = platformUsers(db).select([...PLATFORM_COLUMNS, ...NO_SCIM]).where(platform);
  return ((await a.unionAll(b as never).orderBy('id').execute()) as Selected[]).map(rowOf);
}

async function memberships(db: Db, userIds: string[] | undefined): Promise<Map<string, Membership[]>> {
  let q = db.selectFrom('scim_group_members').innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id').select(['scim_group_members.user_id', 'scim_group_members.group_id', 'scim_groups.display_name']);
  if (userIds) {
    if (userIds.length === 0) return new Map();
    q = q.where('scim_group_members.user_id', 'in', userIds);
  }
  const map = new Map<string, Membership[]>();
  for (const m of await q.orderBy('scim_groups.display_name').execute()) {
    const list = map.get(m.user_id) ?? [];
    if (list.length === 0) map.set(m.user_id, list);
    list.push(m);
  }
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

/** The group of a filter that is `groups.value eq "<id>"` and nothing else. */
function groupOf(filter: Filter): string | undefined {
  if (filter.op !== 'eq' || typeof filter.value !== 'string' || (filter.path.urn && filter.path.urn.toLowerCase() !== URN.user.toLowerCase())) return undefined;
  // Group ids are lower-case (randomUUID), as the evaluator compares them.
  return filter.path.attr.toLowerCase() === 'groups' && filter.path.sub?.toLowerCase() === 'value' ? filter.value.toLowerCase() : undefined;
}

/** What sql-filter.ts needs to know of the data: the kept paths where some value is no string. */
async function sqlEnv(ctx: Context, filter: Filter): Promise<SqlEnv> {
  const paths = [...new Set(keptPaths(filter))];
  // `kind <> 0` as a literal: the partial index scim_user_values_irregular serves it.
  const irregular = paths.length ? await ctx.db.db.selectFrom('scim_user_values').select('path').distinct().where(sql<SqlBool>`kind <> 0`).where('path', 'in', paths).execute() : [];
  return { dialect: ctx.db.dialect, irregular: new Set(irregular.map((r) => r.path)) };
}

/**
 * A page of Users. A filter SQL can say exactly (sql-filter.ts), without sortBy, is counted and
 * paged by the database, off its indexes. Anything else reads the users the translatable part of
 * the filter selects (all of them, at worst) and decides in memory. Either way in id order.
 * `memory`: the in-memory evaluation for every filter (tests compare the two).
 */
export async function listUsers(ctx: Context, query: ListQuery, base: string, evaluate: 'sql' | 'memory' = 'sql'): Promise<ListResult> {
  const filter = parseListFilter(query);
  const { db } = ctx.db;
  const env = filter && evaluate === 'sql' ? await sqlEnv(ctx, filter) : undefined;
  const exact = !filter ? { scim: TRUE, platform: TRUE } : env ? { scim: filterSql(env, 'scim', filter), platform: filterSql(env, 'platform', filter) } : undefined;
  if (exact?.scim && exact.platform && !query.sortBy) {
    const { startIndex, count } = pageOf(query);
    const group = filter && groupOf(filter);
    let ids: string[];
    let counted: () => Promise<number>;
    if (group !== undefined) {
      // A group's members (a page of a large group): its membership rows, off their key. Members
      // are users SCIM wrote and did not delete (groups.ts, deleteUser), so each is a match.
      const members = db.selectFrom('scim_group_members').where('group_id', '=', group);
      // Counted beside the page (needed unless the page is not full, and cheap when it is not).
      const [page, total] = await Promise.all([
        count === 0 ? [] : members.select('user_id as id').orderBy('user_id').limit(count).offset(startIndex - 1).execute(),
        members.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      ids = page.map((r) => r.id);
      counted = () => Promise.resolve(Number(total.n));
    } else if (filter) {
      // The matches once, each arm off its own best index, then counted and paged: asked for a
      // page in id order, the planners walked the users in id order testing each (SQLite counted
      // the same way), so a filter matching 2,000 of 100,000 users read them all twice per page.
      // A filter on one stored attribute reads its values' indexes alone (scimIdsOf).
      const values = env && scimIdsOf(env, filter);
      // PostgreSQL sorts and dedupes the ids in byte order: UUIDs sort the same in any collation,
      // and a linguistic one (even C.UTF-8) compares ten thousand of them several times slower.
      const id = (column: string) => (ctx.db.dialect === 'postgres' ? sql<string>`${sql.ref(column)} COLLATE "C"` : sql<string>`${sql.ref(column)}`).as('id');
      const scimArm = values ? db.selectFrom(sql<{ user_id: string }>`(${values})`.as('x')).select(id('x.user_id')).distinct() : scimUsers(db).where(exact.scim).select(id('s.user_id'));
      const matching = (scimArm as SelectQueryBuilder<Database, never, { id: string }>).unionAll(platformUsers(db).where(exact.platform).select(id('p.id')) as never);
      const { rows: found } = await sql<{ total: number | string; id: string | null }>`WITH m AS MATERIALIZED ${matching}
        SELECT t.total, pg.id FROM (SELECT count(*) AS total FROM m) t
        LEFT JOIN (SELECT id FROM m ORDER BY id LIMIT ${count} OFFSET ${startIndex - 1}) pg ON 1 = 1
        ORDER BY pg.id`.execute(db);
      ids = found.flatMap((r) => (r.id === null ? [] : [r.id]));
      const total = Number(found[0]?.total ?? 0);
      counted = () => Promise.resolve(total);
    } else {
      const a = scimUsers(db);
      const b = platformUsers(db);
      ids = count === 0 ? [] : (await a.select('s.user_id as id').unionAll(b.select('p.id as id')).orderBy('id').limit(count).offset(startIndex - 1).execute()).map((r) => r.id);
      counted = async () => Number((await sql<{ n: number }>`SELECT (${a.select((eb) => eb.fn.countAll<number>().as('n'))}) + (${b.select((eb) => eb.fn.countAll<number>().as('n'))}) AS n`.execute(db)).rows[0]!.n);
    }
    // A page that is not full ends the list: its length tells the count (a lookup by userName costs one query).
    const totalResults = ids.length > 0 && ids.length < count ? startIndex - 1 + ids.length : startIndex === 1 && count > 0 && ids.length === 0 ? 0 : await counted();
    const [found, groups] = await Promise.all([rows(db, { ids }), memberships(db, ids)]);
    const byId = new Map(found.map((r) => [r.id, r]));
    const page = ids.map((id) => byId.get(id)).filter((r): r is Row => r !== undefined).map((r) => render(r, groups.get(r.id) ?? [], base));
    return { schemas: [URN.list], totalResults, startIndex, itemsPerPage: page.length, Resources: page };
  }
  const found = await rowsWhere(db, filter && env ? prefilterSql(env, 'scim', filter) : TRUE, filter && env ? prefilterSql(env, 'platform', filter) : TRUE);
  const groups = await memberships(db, found.length <= 5000 ? found.map((r) => r.id) : undefined);
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

/** `fresh`: the platform user was just inserted with the input's email, name and state. */
async function write(tx: Transaction<Database>, userId: string, input: UserInput, existing: ScimUserTable | undefined, disabledBefore: boolean, fresh = false): Promise<number> {
  if (!input.active && !disabledBefore) await keepLastSuperAdmin(tx, userId, 'deactivated');
  const at = now();
  if (!fresh) await tx.updateTable('platform_users').set({ email: input.email, name: input.name, disabled: input.active ? 0 : 1 }).where('id', '=', userId).execute();
  const values = { user_name: input.userName, user_name_lower: input.userName.toLowerCase(), external_id: input.externalId, attributes: JSON.stringify(input.attributes), deleted_at: null, updated_at: at };
  if (existing) await tx.updateTable('scim_users').set(values).where('user_id', '=', userId).execute();
  else await tx.insertInto('scim_users').values({ user_id: userId, ...values, role_from_groups: 0, created_at: at }).execute();
  await writeValues(tx, userId, input.attributes, existing !== undefined);
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
  // The answer is the user as the transaction wrote them (read again after it, the same).
  return ctx.db.db.transaction().execute(async (tx) => {
    await checkUnique(tx, input, undefined);
    // A user deleted through SCIM and provisioned again comes back as the same platform user.
    const revived = await tx.selectFrom('platform_users').innerJoin('scim_users', 'scim_users.user_id', 'platform_users.id').select(['platform_users.id']).where('platform_users.email', '=', input.email).where('scim_users.deleted_at', 'is not', null).executeTakeFirst();
    const userId = revived?.id ?? randomUUID();
    if (revived) await tx.deleteFrom('scim_users').where('user_id', '=', userId).execute();
    else await tx.insertInto('platform_users').values({ id: userId, email: input.email, name: input.name, role: 'basic_user', password_hash: null, disabled: input.active ? 0 : 1, created_at: now() }).execute();
    await write(tx, userId, input, undefined, true, !revived);
    const { resource } = await loadOne(tx, userId, base);
    await audit(tx, scimActor(caller), { action: revived ? 'scim.user.reprovision' : 'scim.user.create', targetType: 'platform_user', targetId: userId, after: summary(resource) });
    return resource;
  }).catch(uniqueness);
}

async function replaceWith(ctx: Context, caller: ScimCaller, id: string, next: (current: Obj) => unknown, base: string, action: string): Promise<Obj> {
  return ctx.db.db.transaction().execute(async (tx) => {
    const { row, resource } = await loadOne(tx, id, base);
    const input = userInput(next(resource));
    await checkUnique(tx, input, id);
    const sessionsEnded = await write(tx, id, input, row.scim, row.disabled === 1);
    const after = (await loadOne(tx, id, base)).resource;
    await audit(tx, scimActor(caller), { action, targetType: 'platform_user', targetId: id, before: summary(resource), after: { ...summary(after), ...(sessionsEnded ? { sessionsEnded } : {}) } });
    return after;
  }).catch(uniqueness);
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
    // Hidden from every filter: its values are not needed (a user provisioned again writes them anew).
    await tx.deleteFrom('scim_user_values').where('user_id', '=', id).execute();
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
    await writeValues(tx, userId, attrs, false);
  }
  return true;
}

/**
 * SCIM Groups (RFC 7643 §4.2): the identity provider's groups of platform users, kept in
 * `scim_groups` and `scim_group_members` (this module owns both). Members are Users (nested groups
 * are refused). A group whose displayName the role map names sets its members' platform role
 * (`roles.ts`), in the transaction that changes the group.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, ScimGroupTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { scimActor, type ScimCaller } from './clients.js';
import { ScimError } from './errors.js';
import { getKey } from './filter.js';
import { applyPatch } from './patch.js';
import { isObj, listOf, parseListFilter, versionOf, type ListQuery, type ListResult, type Obj } from './resources.js';
import { applyGroupRoles } from './roles.js';
import { GROUP_SCHEMA, URN } from './schemas.js';
import { ensureScimRow } from './users.js';

type Db = Context['db']['db'] | Transaction<Database>;
type Member = { group_id: string; user_id: string; display: string };

function render(g: ScimGroupTable, members: Member[], base: string): Obj {
  const resource: Obj = {
    schemas: [URN.group],
    id: g.id,
    ...(g.external_id ? { externalId: g.external_id } : {}),
    displayName: g.display_name,
    members: members.map((m) => ({ value: m.user_id, display: m.display, $ref: `${base}/Users/${m.user_id}`, type: 'User' })),
  };
  resource.meta = { resourceType: 'Group', created: g.created_at, lastModified: g.updated_at, location: `${base}/Groups/${g.id}`, version: versionOf(resource) };
  return resource;
}

async function membersOf(db: Db, groupIds: string[] | undefined): Promise<Map<string, Member[]>> {
  // Each member's name looked up by key (every member is a platform user: the foreign key
  // cascades): joined, PostgreSQL hashed all 100,000 users to name a group's 1,000 (27 ms -> 5 ms).
  let q = db
    .selectFrom('scim_group_members')
    .select([
      'scim_group_members.group_id',
      'scim_group_members.user_id',
      // Their userName; the email only for a member without one (COALESCE stops at the first).
      (eb) =>
        eb.fn
          .coalesce(
            eb.selectFrom('scim_users').select('scim_users.user_name').whereRef('scim_users.user_id', '=', 'scim_group_members.user_id'),
            eb.selectFrom('platform_users').select('platform_users.email').whereRef('platform_users.id', '=', 'scim_group_members.user_id'),
          )
          .as('display'),
    ]);
  if (groupIds) {
    if (groupIds.length === 0) return new Map();
    q = q.where('scim_group_members.group_id', 'in', groupIds);
  }
  const map = new Map<string, Member[]>();
  for (const m of await q.orderBy('scim_group_members.user_id').execute()) {
    const list = map.get(m.group_id) ?? [];
    if (list.length === 0) map.set(m.group_id, list);
    list.push({ group_id: m.group_id, user_id: m.user_id, display: m.display ?? m.user_id });
  }
  return map;
}

async function loadOne(db: Db, id: string, base: string): Promise<{ group: ScimGroupTable; members: Member[]; resource: Obj }> {
  const group = await db.selectFrom('scim_groups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!group) throw new NotFoundError('Group', id);
  const members = (await membersOf(db, [id])).get(id) ?? [];
  return { group, members, resource: render(group, members, base) };
}

export async function getGroup(ctx: Context, id: string, base: string): Promise<Obj> {
  return (await loadOne(ctx.db.db, id, base)).resource;
}

/**
 * A page of Groups. The groups are few (their members are not): they are filtered, sorted and paged
 * in memory without their members, whose rows are read for the groups of the page only — unless
 * the filter or the sort reads members (or meta.version, a digest of them).
 */
export async function listGroups(ctx: Context, query: ListQuery, base: string): Promise<ListResult> {
  const filter = parseListFilter(query);
  const groups = await ctx.db.db.selectFrom('scim_groups').selectAll().orderBy('created_at').orderBy('id').execute();
  // Entra asks with excludedAttributes=members: no need to read them.
  const noMembers = /(^|,)\s*members\s*(,|$)/i.test(query.excludedAttributes ?? '');
  const readsMembers = /members|version/i.test(query.filter ?? '') || /members|version/i.test(query.sortBy ?? '');
  if (readsMembers) {
    const members = await membersOf(ctx.db.db, undefined);
    return listOf(groups.map((g) => render(g, members.get(g.id) ?? [], base)), filter, query);
  }
  const result = listOf(groups.map((g) => render(g, [], base)), filter, query);
  if (noMembers || result.Resources.length === 0) return result;
  const onPage = new Set(result.Resources.map((r) => r.id as string));
  const members = await membersOf(ctx.db.db, [...onPage]);
  const byId = new Map(groups.filter((g) => onPage.has(g.id)).map((g) => [g.id, g]));
  return { ...result, Resources: result.Resources.map((r) => render(byId.get(r.id as string)!, members.get(r.id as string) ?? [], base)) };
}

interface GroupInput {
  displayName: string;
  externalId: string | null;
  memberIds: string[];
}

export function groupInput(body: unknown): GroupInput {
  if (!isObj(body)) throw new ScimError('a Group is a JSON object', 'invalidSyntax');
  const displayName = getKey(body, 'displayName');
  if (typeof displayName !== 'string' || displayName.trim() === '') throw new ScimError('displayName is required', 'invalidValue');
  const externalId = getKey(body, 'externalId');
  if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') throw new ScimError('externalId must be a string', 'invalidValue');
  const members = getKey(body, 'members') ?? [];
  if (!Array.isArray(members)) throw new ScimError('members must be a list', 'invalidValue');
  const ids = members.map((m) => {
    const value = isObj(m) ? getKey(m, 'value') : undefined;
    if (typeof value !== 'string' || !value) throw new ScimError('each member has a "value": the id of a User', 'invalidValue');
    const type = isObj(m) ? getKey(m, 'type') : undefined;
    if (typeof type === 'string' && type.toLowerCase() === 'group') throw new ScimError('groups in groups are not supported: members are Users', 'invalidValue');
    return value;
  });
  return { displayName: displayName.trim(), externalId: (externalId as string | null | undefined) ?? null, memberIds: [...new Set(ids)] };
}

/** Writes a group's name and members; returns the users whose membership changed (their roles are recomputed). */
/** Splits a list for `in (…)` queries (SQLite allows some thousands of parameters per statement). */
export function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Writes a group's name and members, then the roles of the users whose membership changed. */
async function write(ctx: Context, tx: Transaction<Database>, caller: ScimCaller, id: string, input: GroupInput, before: { group?: ScimGroupTable; members: Member[] }): Promise<void> {
  const old = new Set(before.members.map((m) => m.user_id));
  const next = new Set(input.memberIds);
  const added = input.memberIds.filter((u) => !old.has(u));
  const removed = [...old].filter((u) => !next.has(u));
  // Only the new members are checked (a PATCH adding one member to a large group reads one user).
  for (const part of chunks(added)) {
    const visible = await tx.selectFrom('platform_users').leftJoin('scim_users', 'scim_users.user_id', 'platform_users.id').select(['platform_users.id', 'scim_users.user_id as scimId']).where('platform_users.id', 'in', part).where('scim_users.deleted_at', 'is', null).execute();
    const known = new Set(visible.map((v) => v.id));
    const unknown = part.find((u) => !known.has(u));
    if (unknown) throw new ScimError(`no User with id ${unknown}`, 'invalidValue');
    for (const v of visible) if (!v.scimId) await ensureScimRow(tx, v.id);
  }
  const at = new Date().toISOString();
  if (before.group) await tx.updateTable('scim_groups').set({ display_name: input.displayName, external_id: input.externalId, updated_at: at }).where('id', '=', id).execute();
  else await tx.insertInto('scim_groups').values({ id, display_name: input.displayName, external_id: input.externalId, created_at: at, updated_at: at }).execute();
  for (const part of chunks(removed)) await tx.deleteFrom('scim_group_members').where('group_id', '=', id).where('user_id', 'in', part).execute();
  for (const part of chunks(added)) await tx.insertInto('scim_group_members').values(part.map((userId) => ({ group_id: id, user_id: userId }))).execute();
  // A renamed group may start or stop mapping to a role: all its members, then.
  const renamed = before.group !== undefined && before.group.display_name !== input.displayName;
  await applyGroupRoles(ctx, tx, scimActor(caller), renamed ? [...new Set([...old, ...next])] : [...added, ...removed]);
}

const summary = (r: Obj) => ({ displayName: r.displayName, externalId: r.externalId, members: Array.isArray(r.members) ? r.members.length : 0 });

export async function createGroup(ctx: Context, caller: ScimCaller, body: unknown, base: string): Promise<Obj> {
  const input = groupInput(body);
  const id = randomUUID();
  await ctx.db.db.transaction().execute(async (tx) => {
    await write(ctx, tx, caller, id, input, { members: [] });
    await audit(tx, scimActor(caller), { action: 'scim.group.create', targetType: 'scim_group', targetId: id, after: { ...summary((await loadOne(tx, id, base)).resource), memberIds: input.memberIds } });
  });
  return getGroup(ctx, id, base);
}

async function replaceWith(ctx: Context, caller: ScimCaller, id: string, next: (current: Obj) => unknown, base: string, action: string): Promise<Obj> {
  await ctx.db.db.transaction().execute(async (tx) => {
    const { group, members, resource } = await loadOne(tx, id, base);
    const input = groupInput(next(resource));
    await write(ctx, tx, caller, id, input, { group, members });
    const old = new Set(members.map((m) => m.user_id));
    await audit(tx, scimActor(caller), {
      action,
      targetType: 'scim_group',
      targetId: id,
      before: summary(resource),
      after: { displayName: input.displayName, externalId: input.externalId, added: input.memberIds.filter((u) => !old.has(u)), removed: [...old].filter((u) => !input.memberIds.includes(u)) },
    });
  });
  return getGroup(ctx, id, base);
}

export function replaceGroup(ctx: Context, caller: ScimCaller, id: string, body: unknown, base: string): Promise<Obj> {
  return replaceWith(ctx, caller, id, () => body, base, 'scim.group.replace');
}

export function patchGroup(ctx: Context, caller: ScimCaller, id: string, body: unknown, base: string): Promise<Obj> {
  return replaceWith(ctx, caller, id, (current) => applyPatch(current, body, GROUP_SCHEMA), base, 'scim.group.patch');
}

export async function deleteGroup(ctx: Context, caller: ScimCaller, id: string, base: string): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    const { members, resource } = await loadOne(tx, id, base);
    await tx.deleteFrom('scim_group_members').where('group_id', '=', id).execute();
    await tx.deleteFrom('scim_groups').where('id', '=', id).execute();
    await applyGroupRoles(ctx, tx, scimActor(caller), members.map((m) => m.user_id));
    await audit(tx, scimActor(caller), { action: 'scim.group.delete', targetType: 'scim_group', targetId: id, before: summary(resource) });
  });
}

/**
 * SCIM groups that grant platform roles: a group whose displayName is mapped (`gatehouse-admins`
 * → super_admin) sets its members' role; of several mapped groups, the highest role wins. The
 * map comes from GATEHOUSE_SCIM_ROLE_MAP ("gatehouse-admins=super_admin,gatehouse-auditors=read_only")
 * or, when that is unset, from the API (`scim_role_map`). For a user in no mapped group the
 * groups decide nothing: their role stays as an administrator set it — unless a mapped group had
 * set it, in which case it goes back to basic_user when they leave the last one.
 */
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { ConflictError, ForbiddenError, InvalidError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { ROLES, type Role } from '../auth/roles.js';
import { endSessions } from '../auth/sessions.js';

/** From least to most: the highest of a user's mapped roles wins. */
export const ROLE_RANK: Role[] = ['basic_user', 'read_only', 'app_owner', 'campaign_admin', 'connector_admin', 'super_admin'];

export interface RoleMapEntry {
  group: string;
  role: Role;
}

/** Parses GATEHOUSE_SCIM_ROLE_MAP; throws on an unknown role (the server does not start). */
export function parseRoleMap(text: string | undefined): RoleMapEntry[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      const group = pair.slice(0, at).trim();
      const role = pair.slice(at + 1).trim();
      if (at <= 0 || !group) throw new Error(`GATEHOUSE_SCIM_ROLE_MAP: "${pair}" is not group=role`);
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`GATEHOUSE_SCIM_ROLE_MAP: "${role}" is not a role (${ROLES.join(', ')})`);
      return { group, role: role as Role };
    });
}

type Db = Context['db']['db'] | Transaction<Database>;

export async function roleMap(ctx: Context, db: Db = ctx.db.db): Promise<{ source: 'environment' | 'settings'; entries: RoleMapEntry[] }> {
  if (ctx.config.scimRoleMap) return { source: 'environment', entries: ctx.config.scimRoleMap };
  const rows = await db.selectFrom('scim_role_map').selectAll().orderBy('group_name').execute();
  return { source: 'settings', entries: rows.map((r) => ({ group: r.group_name, role: r.role as Role })) };
}

/** Sets the map (refused while GATEHOUSE_SCIM_ROLE_MAP sets it) and applies it to every group member at once. */
export async function setRoleMap(ctx: Context, actor: Actor, entries: RoleMapEntry[]): Promise<{ source: 'settings'; entries: RoleMapEntry[] }> {
  if (ctx.config.scimRoleMap) throw new ConflictError('the SCIM role map is set by GATEHOUSE_SCIM_ROLE_MAP; change it there');
  const seen = new Set<string>();
  for (const e of entries) {
    const k = e.group.toLowerCase();
    if (seen.has(k)) throw new InvalidError(`the group ${e.group} is mapped twice`, [{ field: 'body.entries', message: `${e.group} appears twice` }]);
    seen.add(k);
  }
  await ctx.db.db.transaction().execute(async (tx) => {
    const before = await roleMap(ctx, tx);
    await tx.deleteFrom('scim_role_map').execute();
    if (entries.length) await tx.insertInto('scim_role_map').values(entries.map((e) => ({ group_name: e.group, role: e.role }))).execute();
    await audit(tx, actor, { action: 'scim.role_map.update', targetType: 'scim_role_map', before: before.entries, after: entries });
    const members = await tx.selectFrom('scim_group_members').select('user_id').distinct().execute();
    const managed = await tx.selectFrom('scim_users').select('user_id').where('role_from_groups', '=', 1).execute();
    await applyGroupRoles(ctx, tx, actor, [...new Set([...members, ...managed].map((m) => m.user_id))]);
  });
  return { source: 'settings', entries };
}

/**
 * An identity provider must not lock everyone out: the last enabled Super Administrator cannot be
 * deactivated, deleted or demoted through SCIM (the change is refused, 403, and nothing of it stays).
 */
export async function keepLastSuperAdmin(tx: Transaction<Database>, userId: string, change: string): Promise<void> {
  const others = await tx.selectFrom('platform_users').select('id').where('role', '=', 'super_admin').where('disabled', '=', 0).where('id', '!=', userId).limit(1).executeTakeFirst();
  if (others) return;
  const self = await tx.selectFrom('platform_users').select(['role', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (self?.role === 'super_admin' && self.disabled === 0) throw new ForbiddenError(`the last enabled Super Administrator cannot be ${change} through SCIM`);
}

/** Whether a user's role comes from their identity provider's SCIM groups (then sign-in does not change it). */
export async function roleFromScimGroups(db: Db, userId: string): Promise<boolean> {
  const r = await db.selectFrom('scim_users').select('role_from_groups').where('user_id', '=', userId).executeTakeFirst();
  return r?.role_from_groups === 1;
}

/** Brings each user's role to what their mapped groups say (inside the transaction that changed the groups). */
export async function applyGroupRoles(ctx: Context, tx: Transaction<Database>, actor: Actor, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const map = new Map((await roleMap(ctx, tx)).entries.map((e) => [e.group.toLowerCase(), e.role]));
  // Only users a mapped group holds, or whose role one set, can change: found in bulk first (a
  // member added to an unmapped group costs no more queries).
  const concerned = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const part = userIds.slice(i, i + 500);
    for (const r of await tx.selectFrom('scim_users').select('user_id').where('user_id', 'in', part).where('role_from_groups', '=', 1).execute()) concerned.add(r.user_id);
    if (map.size === 0) continue;
    const held = await tx.selectFrom('scim_group_members').innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id').select(['scim_group_members.user_id', 'scim_groups.display_name']).where('scim_group_members.user_id', 'in', part).execute();
    for (const h of held) if (map.has(h.display_name.toLowerCase())) concerned.add(h.user_id);
  }
  for (const userId of userIds.filter((u) => concerned.has(u))) {
    const user = await tx.selectFrom('platform_users').leftJoin('scim_users', 'scim_users.user_id', 'platform_users.id').select(['platform_users.role', 'scim_users.role_from_groups', 'scim_users.user_id as scimId']).where('platform_users.id', '=', userId).executeTakeFirst();
    if (!user) continue;
    const groups = await tx.selectFrom('scim_group_members').innerJoin('scim_groups', 'scim_groups.id', 'scim_group_members.group_id').select('scim_groups.display_name').where('scim_group_members.user_id', '=', userId).execute();
    const mapped = groups.map((g) => map.get(g.display_name.toLowerCase())).filter((r): r is Role => r !== undefined);
    const highest = mapped.sort((a, b) => ROLE_RANK.indexOf(b) - ROLE_RANK.indexOf(a))[0];
    const managed = user.role_from_groups === 1;
    const next = highest ?? (managed ? 'basic_user' : undefined);
    if (user.scimId) await tx.updateTable('scim_users').set({ role_from_groups: highest ? 1 : 0 }).where('user_id', '=', userId).execute();
    if (!next || next === user.role) continue;
    if (user.role === 'super_admin') await keepLastSuperAdmin(tx, userId, 'demoted');
    await tx.updateTable('platform_users').set({ role: next }).where('id', '=', userId).execute();
    // A lower role takes effect at the next request anyway (the role is read per request); the
    // sessions end so that a browser showing the old role's pages reloads.
    const lowered = ROLE_RANK.indexOf(next) < ROLE_RANK.indexOf(user.role as Role);
    const sessionsEnded = lowered ? await endSessions(tx, userId) : 0;
    await audit(tx, actor, { action: 'scim.user.role', targetType: 'platform_user', targetId: userId, before: { role: user.role }, after: { role: next, groups: groups.map((g) => g.display_name), sessionsEnded } });
  }
}

/** Which of these platform users an identity provider provisions through SCIM (and has not deleted). */
export async function scimProvisioned(db: Db, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.selectFrom('scim_users').select('user_id').where('user_id', 'in', userIds).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.user_id));
}

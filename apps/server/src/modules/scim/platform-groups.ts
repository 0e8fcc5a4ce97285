/**
 * Platform groups: the identity provider's groups pushed through SCIM, read by the rest of the
 * platform (a review step or an approval step whose reviewers are "anyone in group X"). This
 * module owns no table of its own; it reads `scim_groups` and `scim_group_members` for others, so
 * that they do not reach into the SCIM module's tables.
 */
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';

type Db = Context['db']['db'] | Transaction<Database>;

export interface PlatformGroup {
  id: string;
  name: string;
  /** Members who can act (platform users not disabled). */
  members: number;
}

/** Every platform group by name, with how many of its members can sign in. */
export async function listPlatformGroups(ctx: Context): Promise<PlatformGroup[]> {
  const rows = await ctx.db.db
    .selectFrom('scim_groups')
    .leftJoin('scim_group_members', 'scim_group_members.group_id', 'scim_groups.id')
    .leftJoin('platform_users', (j) => j.onRef('platform_users.id', '=', 'scim_group_members.user_id').on('platform_users.disabled', '=', 0))
    .select((eb) => ['scim_groups.id', 'scim_groups.display_name', eb.fn.count<number | string>('platform_users.id').as('members')])
    .groupBy(['scim_groups.id', 'scim_groups.display_name'])
    .orderBy('scim_groups.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name, members: Number(r.members) }));
}

/** The platform groups among `ids` that exist, by id (a policy naming a deleted group sees it gone). */
export async function platformGroupNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('scim_groups').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * The members of the given groups who can act, by group id. A disabled (deprovisioned) user is
 * left out: they can neither review nor approve.
 */
export async function platformGroupMembers(db: Db, groupIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(groupIds.map((g) => [g, []]));
  if (!groupIds.length) return map;
  const rows = await db
    .selectFrom('scim_group_members')
    .innerJoin('platform_users', 'platform_users.id', 'scim_group_members.user_id')
    .select(['scim_group_members.group_id', 'scim_group_members.user_id'])
    .where('scim_group_members.group_id', 'in', groupIds)
    .where('platform_users.disabled', '=', 0)
    .orderBy('scim_group_members.user_id')
    .execute();
  for (const r of rows) map.get(r.group_id)?.push(r.user_id);
  return map;
}

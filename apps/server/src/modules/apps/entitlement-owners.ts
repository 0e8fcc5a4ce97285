/**
 * Entitlement owners: the people responsible for one entitlement (the admin role, the production
 * group) beside the app's owners. Reviews and requests name them as reviewers and approvers. Kept
 * by entitlement id, not catalog row, so that they survive every sync's new generation.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { audit, type Actor } from '../audit/audit.js';
import { checkOwners, loadApp } from './apps.js';

export async function entitlementOwners(ctx: Context, appId: string, db: Kysely<Database> | Transaction<Database> = ctx.db.db): Promise<{ entitlementId: string; userIds: string[] }[]> {
  const rows = await db.selectFrom('entitlement_owners').select(['entitlement_id', 'user_id']).where('app_id', '=', appId).orderBy('entitlement_id').execute();
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(r.entitlement_id, [...(by.get(r.entitlement_id) ?? []), r.user_id]);
  return [...by].map(([entitlementId, userIds]) => ({ entitlementId, userIds }));
}

/** Replaces one entitlement's owners (an empty list clears them). */
export async function setEntitlementOwners(ctx: Context, actor: Actor, appId: string, entitlementId: string, userIds: string[]): Promise<void> {
  await loadApp(ctx, appId);
  const owners = [...new Set(userIds)];
  await checkOwners(ctx, owners);
  await ctx.db.db.transaction().execute(async (tx) => {
    const before = (await tx.selectFrom('entitlement_owners').select('user_id').where('app_id', '=', appId).where('entitlement_id', '=', entitlementId).execute()).map((r) => r.user_id);
    await tx.deleteFrom('entitlement_owners').where('app_id', '=', appId).where('entitlement_id', '=', entitlementId).execute();
    if (owners.length) await tx.insertInto('entitlement_owners').values(owners.map((user_id) => ({ app_id: appId, entitlement_id: entitlementId, user_id }))).execute();
    await audit(tx, actor, { action: 'entitlement.owners', targetType: 'app', targetId: appId, before: { entitlementId, owners: before }, after: { entitlementId, owners } });
  });
}

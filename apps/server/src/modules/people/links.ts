/** An administrator's link or unlink of an account to a person: kept across syncs. */
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { ACCOUNT_TYPE } from './matching.js';
import { loadPerson } from './queries.js';

export async function setLink(ctx: Context, actor: Actor, userId: string, appId: string, accountId: string, personId: string | null) {
  const { db } = ctx.db;
  if (personId) await loadPerson(ctx, personId);
  const account = await db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .select('r.id')
    .where('r.app_id', '=', appId)
    .where('r.id', '=', accountId)
    .where('r.type', '=', ACCOUNT_TYPE)
    .executeTakeFirst();
  if (!account) throw new NotFoundError('account', `${appId}/${accountId}`);
  const before = await db.selectFrom('account_links').selectAll().where('app_id', '=', appId).where('account_id', '=', accountId).executeTakeFirst();
  const row = { app_id: appId, account_id: accountId, person_id: personId, matched_by: personId ? 'manual' : 'manual-unlinked', linked_by: userId, updated_at: new Date().toISOString() };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('account_links').where('app_id', '=', appId).where('account_id', '=', accountId).execute();
    await tx.insertInto('account_links').values(row).execute();
    await audit(tx, actor, {
      action: personId ? 'account.link' : 'account.unlink',
      targetType: 'account',
      targetId: `${appId}/${accountId}`,
      before: before ? { personId: before.person_id, matchedBy: before.matched_by } : null,
      after: { personId, matchedBy: row.matched_by },
    });
  });
  return { appId, accountId, personId, matchedBy: row.matched_by };
}

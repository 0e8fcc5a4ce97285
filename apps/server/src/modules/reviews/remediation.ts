/**
 * Carrying out revocations: each revoked item becomes a provisioning task with the review as its
 * origin (`createTask`, so the connector revokes it, or the app's owners do by hand). An item
 * held through a group is revoked by removing the membership it comes through. The job finds the
 * items whose tasks are not made yet, and a task already made for an item (an attempt cut off
 * after creating it) is found by its origin, so each revocation is asked for once.
 *
 * After every ingest, pending items whose grant the sync no longer sees are closed as "removed
 * outside the campaign". Whether a revocation held is the task's own verification (the next sync
 * confirms it or reports drift), which the campaign shows.
 */
import type { Context } from '../../context.js';
import { slices } from '../../db/slices.js';
import { ConflictError, InvalidError } from '../../errors.js';
import type { JobRecord } from '../../jobs/queue.js';
import { audit, SYSTEM } from '../audit/audit.js';
import { createTask } from '../tasks/index.js';
import { completeIfDone, loadCampaign } from './campaigns.js';

export async function runRemediationJob(ctx: Context, job: JobRecord): Promise<void> {
  const { db } = ctx.db;
  const campaignId = String(job.payload.campaignId);
  const c = await db.selectFrom('campaigns').select(['id', 'name']).where('id', '=', campaignId).executeTakeFirst();
  if (!c) return;
  const items = await db.selectFrom('review_items').selectAll().where('campaign_id', '=', campaignId).where('state', '=', 'revoked').where('task_ids', 'is', null).execute();
  for (const item of items) {
    const made = (await db.selectFrom('tasks').select('id').where('origin', '=', 'review').where('origin_id', '=', item.id).execute()).map((t) => t.id);
    const targets = item.direct ? [item.entitlement_id] : (JSON.parse(item.sources ?? '[]') as string[]);
    const taskIds = [...made];
    let note: string | null = null;
    if (!made.length) {
      const reviewer = item.decided_by ? await db.selectFrom('platform_users').select('name').where('id', '=', item.decided_by).executeTakeFirst() : undefined;
      const why = `Access review "${c.name}": revoked by ${reviewer?.name ?? 'the due date (not reviewed in time)'}${item.comment ? ` (${item.comment})` : ''}`;
      for (const entitlementId of targets) {
        try {
          const t = await createTask(
            ctx,
            { actor: item.decided_by ? { type: 'user', id: item.decided_by } : SYSTEM, userId: item.decided_by },
            { kind: 'revoke', appId: item.app_id, reason: item.direct ? why : `${why}; held through ${entitlementId}, whose membership is removed`, input: { entitlementId, principal: { type: item.principal_type, id: item.principal_id } } },
            { origin: 'review', originId: item.id },
          );
          taskIds.push(t.id);
        } catch (err) {
          // Someone asked for the same revoke already: that task carries it out.
          if (err instanceof ConflictError && typeof err.details.taskId === 'string') taskIds.push(err.details.taskId);
          // The grant is gone from the catalog since: nothing left to revoke.
          else if (err instanceof InvalidError) note = `nothing to revoke: ${err.message}`;
          else throw err;
        }
      }
    }
    const now = new Date().toISOString();
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('review_items').set({ task_ids: JSON.stringify(taskIds), updated_at: now }).where('id', '=', item.id).execute();
      if (note) await tx.insertInto('review_decisions').values({ item_id: item.id, campaign_id: campaignId, step: item.step, kind: 'remediation', decision: null, comment: note, actor_id: null, reviewer_id: null, at: now }).execute();
    });
  }
}

/** Closes pending items whose grant the app's newest catalog no longer has ("removed outside the campaign"). */
export async function closeRemovedItems(ctx: Context, sync: { appId: string }): Promise<void> {
  const { db } = ctx.db;
  const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', sync.appId).executeTakeFirst();
  if (!app) return;
  // The items whose grant is not in the newest generation, found by the database (usually none of a million).
  const gone = await db
    .selectFrom('review_items as i')
    .innerJoin('campaigns as c', 'c.id', 'i.campaign_id')
    .select(['i.id', 'i.grant_id', 'i.campaign_id', 'i.step'])
    .where('i.app_id', '=', sync.appId)
    .where('i.state', '=', 'pending')
    .where('c.state', '=', 'running')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('grants as g').select('g.id').where('g.app_id', '=', sync.appId).where('g.generation', '=', app.catalog_generation).whereRef('g.id', '=', 'i.grant_id'))))
    .execute();
  if (!gone.length) return;
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    for (const batch of slices(gone, 300)) {
      await tx.updateTable('review_items').set({ state: 'removed', decision: null, closed_at: now, updated_at: now }).where('id', 'in', batch.map((i) => i.id)).where('state', '=', 'pending').execute();
      await tx.insertInto('review_decisions').values(batch.map((i) => ({ item_id: i.id, campaign_id: i.campaign_id, step: i.step, kind: 'removed', decision: null, comment: 'the grant was removed outside the campaign (the app no longer reports it)', actor_id: null, reviewer_id: null, at: now }))).execute();
    }
    for (const id of new Set(gone.map((i) => i.campaign_id))) {
      await audit(tx, SYSTEM, { action: 'review.removed_outside', targetType: 'campaign', targetId: id, after: { items: gone.filter((i) => i.campaign_id === id).length, appId: sync.appId } });
    }
  });
  for (const id of new Set(gone.map((i) => i.campaign_id))) await completeIfDone(ctx, id);
}

export interface Remediation {
  total: number;
  /** Tasks not ended yet (pending, running) or revocations whose task is not made yet. */
  inProgress: number;
  manual: number;
  succeeded: number;
  /** The next sync confirmed the access is gone. */
  verified: number;
  failed: number;
  /** The access came back (or never left) after the task succeeded. */
  drift: number;
}

/** Where a campaign's revocations are. */
export async function remediationOf(ctx: Context, campaignId: string): Promise<Remediation> {
  await loadCampaign(ctx, campaignId);
  const { db } = ctx.db;
  const out: Remediation = { total: 0, inProgress: 0, manual: 0, succeeded: 0, verified: 0, failed: 0, drift: 0 };
  const queued = await db.selectFrom('review_items').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).where('state', '=', 'revoked').where('task_ids', 'is', null).executeTakeFirstOrThrow();
  out.inProgress += Number(queued.n);
  const tasks = await db
    .selectFrom('tasks')
    .innerJoin('review_items as i', 'i.id', 'tasks.origin_id')
    .select(['tasks.state', 'tasks.verification', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tasks.origin', '=', 'review')
    .where('i.campaign_id', '=', campaignId)
    .groupBy(['tasks.state', 'tasks.verification'])
    .execute();
  for (const t of tasks) {
    const n = Number(t.n);
    if (t.state === 'pending' || t.state === 'running') out.inProgress += n;
    else if (t.state === 'manual') out.manual += n;
    else if (t.state === 'failed' || t.state === 'cancelled') out.failed += n;
    else if (t.state === 'succeeded') {
      out.succeeded += n;
      if (t.verification === 'confirmed') out.verified += n;
      if (t.verification === 'drift') out.drift += n;
    }
  }
  out.total = out.inProgress + out.manual + out.failed + out.succeeded;
  return out;
}

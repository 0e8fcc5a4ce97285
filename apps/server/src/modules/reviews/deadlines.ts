/**
 * Time in a campaign: reminders to reviewers with items left (weekly, then three days and one day
 * before the due date, then daily while overdue; never to someone with nothing left to do), and
 * the due date's action (leave the items open, close them as not reviewed, or revoke them). A tick
 * (every minute, in every process) does both, and starts recurring campaigns (templates.ts); each action is a conditional write, so two processes
 * never remind twice or close twice.
 */
import type { Context } from '../../context.js';
import { slices } from '../../db/slices.js';
import { audit, SYSTEM } from '../audit/audit.js';
import { notify } from '../notifications/notify.js';
import { completeIfDone } from './campaigns.js';
import { REVIEW_REMEDIATE_JOB } from './model.js';
import { runDueTemplates } from './templates.js';

const DAY = 86_400_000;
/** The user id of a campaign's own reminder row. */
const CAMPAIGN_MARK = '*';

/** The latest reminder moment at or before `now`, or undefined before the first one. */
export function latestReminderMoment(startedAt: Date, dueAt: Date, now: Date): Date | undefined {
  const start = startedAt.getTime();
  const due = dueAt.getTime();
  const t = now.getTime();
  if (t > due) {
    const overdueDays = Math.floor((t - due) / DAY);
    if (overdueDays >= 1) return new Date(due + overdueDays * DAY);
  }
  const moments: number[] = [];
  for (let m = start + 7 * DAY; m < due - 3 * DAY; m += 7 * DAY) moments.push(m);
  for (const before of [3, 1]) if (due - before * DAY > start) moments.push(due - before * DAY);
  const past = moments.filter((m) => m <= t);
  return past.length ? new Date(Math.max(...past)) : undefined;
}

/** Sends the reminders due at `now` (the kick-off counts as the first message). */
export async function sendReminders(ctx: Context, now = new Date()): Promise<number> {
  const { db } = ctx.db;
  const campaigns = await db.selectFrom('campaigns').selectAll().where('state', '=', 'running').execute();
  let sent = 0;
  for (const c of campaigns) {
    const moment = latestReminderMoment(new Date(c.started_at ?? c.created_at), new Date(c.due_at), now);
    if (!moment) continue;
    const due = moment.toISOString();
    // The campaign's own row (user '*') records the last moment every reviewer was reminded of:
    // a campaign of a million items is counted once per reminder moment, not once a minute.
    const done = await db.selectFrom('review_reminders').select('last_sent_at').where('campaign_id', '=', c.id).where('user_id', '=', CAMPAIGN_MARK).executeTakeFirst();
    if (done && done.last_sent_at >= due) continue;
    const reviewers = await db
      .selectFrom('review_items')
      .select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', c.id)
      .where('state', '=', 'pending')
      .where('reviewer_id', 'is not', null)
      .groupBy('reviewer_id')
      .execute();
    const last = new Map((await db.selectFrom('review_reminders').selectAll().where('campaign_id', '=', c.id).execute()).map((r) => [r.user_id, r]));
    for (const r of reviewers) {
      const userId = r.reviewer_id!;
      const previous = last.get(userId);
      if ((previous?.last_sent_at ?? c.started_at ?? '') >= due) continue;
      const n = Number(r.n);
      const overdue = now.getTime() > Date.parse(c.due_at);
      const claimed = await db.transaction().execute(async (tx) => {
        // Claim this moment's reminder: the row moves from what we read, or is created; a second process finds it moved.
        if (previous) {
          const moved = await tx.updateTable('review_reminders').set({ last_sent_at: now.toISOString(), sent: previous.sent + 1 }).where('campaign_id', '=', c.id).where('user_id', '=', userId).where('last_sent_at', '=', previous.last_sent_at).executeTakeFirst();
          if (Number(moved.numUpdatedRows) !== 1) return false;
        } else {
          const taken = await tx.selectFrom('review_reminders').select('user_id').where('campaign_id', '=', c.id).where('user_id', '=', userId).executeTakeFirst();
          if (taken) return false;
          await tx.insertInto('review_reminders').values({ campaign_id: c.id, user_id: userId, last_sent_at: now.toISOString(), sent: 1 }).execute();
        }
        await notify(ctx, tx, {
          event: 'review.reminder',
          recipients: [userId],
          subject: overdue ? `Overdue: ${n} item${n === 1 ? '' : 's'} to review in "${c.name}"` : `Reminder: ${n} item${n === 1 ? '' : 's'} to review in "${c.name}" by ${c.due_at.slice(0, 10)}`,
          text: overdue
            ? `The access review "${c.name}" was due ${c.due_at.slice(0, 10)} and ${n} item${n === 1 ? '' : 's'} still wait${n === 1 ? 's' : ''} for your decision.`
            : `${n} item${n === 1 ? '' : 's'} of the access review "${c.name}" still wait${n === 1 ? 's' : ''} for your decision. Due ${c.due_at.slice(0, 10)}.`,
          link: `/reviews?campaign=${c.id}`,
          data: { campaignId: c.id, items: n, overdue },
        });
        return true;
      });
      if (claimed) sent++;
    }
    if (done) await db.updateTable('review_reminders').set({ last_sent_at: due }).where('campaign_id', '=', c.id).where('user_id', '=', CAMPAIGN_MARK).execute();
    else await db.insertInto('review_reminders').values({ campaign_id: c.id, user_id: CAMPAIGN_MARK, last_sent_at: due, sent: 0 }).onConflict((oc) => oc.columns(['campaign_id', 'user_id']).doUpdateSet({ last_sent_at: due })).execute();
  }
  return sent;
}

/** Applies the due date's action to every running campaign past its due date. */
export async function applyDueActions(ctx: Context, now = new Date()): Promise<void> {
  const { db } = ctx.db;
  const due = await db.selectFrom('campaigns').selectAll().where('state', '=', 'running').where('due_at', '<=', now.toISOString()).where('due_action', 'in', ['close', 'revoke']).execute();
  for (const c of due) {
    const at = now.toISOString();
    const revoke = c.due_action === 'revoke';
    await db.transaction().execute(async (tx) => {
      const items = await tx.selectFrom('review_items').select(['id', 'step']).where('campaign_id', '=', c.id).where('state', '=', 'pending').execute();
      if (!items.length) return;
      for (const batch of slices(items, 300)) {
        await tx
          .updateTable('review_items')
          .set(revoke ? { state: 'revoked', decision: 'revoke', comment: 'not reviewed by the due date: revoked as the campaign requires', decided_by: null, decided_at: at, closed_at: at, updated_at: at } : { state: 'not_reviewed', decision: null, comment: null, closed_at: at, updated_at: at })
          .where('id', 'in', batch.map((i) => i.id))
          .where('state', '=', 'pending')
          .execute();
        await tx.insertInto('review_decisions').values(batch.map((i) => ({ item_id: i.id, campaign_id: c.id, step: i.step, kind: 'due', decision: revoke ? 'revoke' : null, comment: revoke ? 'revoked at the due date, unreviewed' : 'closed at the due date, not reviewed', actor_id: null, reviewer_id: null, at }))).execute();
      }
      await audit(tx, SYSTEM, { action: revoke ? 'campaign.due_revoked' : 'campaign.due_closed', targetType: 'campaign', targetId: c.id, after: { items: items.length } });
      if (revoke) await ctx.jobs.enqueue(REVIEW_REMEDIATE_JOB, { campaignId: c.id }, { db: tx, dedupeKey: `review.remediate:${c.id}:due` });
    });
    ctx.jobs.poke();
    await completeIfDone(ctx, c.id);
  }
}

/** The minute tick: recurring campaigns, due actions (a closed item needs no reminder), then reminders. */
export function startReviewClock(ctx: Context, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueTemplates(ctx);
      await applyDueActions(ctx);
      await sendReminders(ctx);
    } catch (err) {
      ctx.logger.error({ err: (err as Error).message }, 'access review clock failed; retried at the next tick');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

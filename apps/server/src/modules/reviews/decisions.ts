/**
 * Reviewing: a reviewer decides on their items (approve or revoke, with a comment; revoke always
 * needs one), singly or in bulk over a filter, and may change their mind until they submit.
 * Submitting makes the decisions final: an approval moves the item to the policy's next step (its
 * reviewer resolved then) or approves it; a revoke ends the chain and queues the revocation. Every
 * submitted decision is kept (who, when, step, comment) and the submit is audited with a digest of
 * the decisions it made final. Reviewers may also reassign items, with a reason.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Context } from '../../context.js';
import type { ReviewItemTable } from '../../db/schema.js';
import { slices } from '../../db/slices.js';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { notify } from '../notifications/notify.js';
import { completeIfDone, loadCampaign } from './campaigns.js';
import { REVIEW_REMEDIATE_JOB, type Decision, type ItemPerson } from './model.js';
import { loadDirectory, resolveReviewer } from './resolve.js';
import { planGroupIds, policyFor, type PolicyPlan } from './snapshot.js';

/** Which of a reviewer's pending items a bulk action covers. */
export interface ItemFilter {
  campaignId: string;
  appId?: string;
  entitlementId?: string;
  personId?: string;
  /** Items recommended this way (approve or revoke all suggestions). */
  recommendation?: Decision;
  /** Only items without a decision yet. */
  undecided?: boolean;
}

export interface Reviewer {
  actor: Actor;
  userId: string;
  /** Campaign Administrators act on any item (reassign); reviewers only on theirs. */
  admin: boolean;
}

export interface DecideInput {
  ids?: string[];
  filter?: ItemFilter;
  /** null clears the decision. */
  decision: Decision | null;
  comment?: string;
}

const field = (path: string, message: string) => [{ field: `body.${path}`, message }];

/** Records (or clears) the reviewer's decision on their pending items; nothing is final until they submit. */
export async function decide(ctx: Context, who: Reviewer, input: DecideInput): Promise<{ updated: number }> {
  const { db } = ctx.db;
  if (!input.ids?.length && !input.filter) throw new InvalidError('name the items: ids, or a filter', field('ids', 'give ids or a filter'));
  const comment = input.comment?.trim() || null;
  if (input.decision === 'revoke' && !comment) throw new InvalidError('a revoke needs a comment saying why', field('comment', 'required to revoke'));
  let campaignIds: string[];
  if (input.ids?.length) {
    const rows = await db.selectFrom('review_items').select(['id', 'campaign_id', 'reviewer_id', 'state']).where('id', 'in', input.ids).execute();
    const found = new Set(rows.map((r) => r.id));
    const missing = input.ids.filter((id) => !found.has(id));
    if (missing.length) throw new NotFoundError('review item', missing[0]!);
    if (rows.some((r) => r.reviewer_id !== who.userId)) throw new ForbiddenError('you are not the reviewer of every item named: only an item\'s reviewer decides on it');
    const closed = rows.filter((r) => r.state !== 'pending');
    if (closed.length) throw new ConflictError(`${closed.length} of these items ${closed.length === 1 ? 'is' : 'are'} decided and submitted already: submitted decisions are final`, { itemIds: closed.map((r) => r.id).slice(0, 50) });
    campaignIds = [...new Set(rows.map((r) => r.campaign_id))];
  } else campaignIds = [input.filter!.campaignId];
  for (const id of campaignIds) {
    const c = await loadCampaign(ctx, id);
    if (c.state !== 'running') throw new ConflictError(`the campaign "${c.name}" is ${c.state}: decisions are taken while it runs`);
    if (input.decision === 'approve' && c.approve_comment_required && !comment) throw new InvalidError(`the campaign "${c.name}" asks for a comment on every approval`, field('comment', 'required to approve in this campaign'));
  }
  const now = new Date().toISOString();
  const set = { decision: input.decision, comment: input.decision ? comment : null, decided_by: input.decision ? who.userId : null, decided_at: input.decision ? now : null, updated_at: now };
  let updated = 0;
  if (input.ids?.length) {
    for (const ids of slices(input.ids)) {
      const r = await db.updateTable('review_items').set(set).where('id', 'in', ids).where('reviewer_id', '=', who.userId).where('state', '=', 'pending').executeTakeFirst();
      updated += Number(r.numUpdatedRows);
    }
  } else {
    const f = input.filter!;
    let q = db.updateTable('review_items').set(set).where('campaign_id', '=', f.campaignId).where('reviewer_id', '=', who.userId).where('state', '=', 'pending');
    if (f.appId) q = q.where('app_id', '=', f.appId);
    if (f.entitlementId) q = q.where('entitlement_id', '=', f.entitlementId);
    if (f.personId) q = q.where('person_id', '=', f.personId);
    if (f.recommendation) q = q.where('recommendation', '=', f.recommendation);
    if (f.undecided) q = q.where('decision', 'is', null);
    updated = Number((await q.executeTakeFirst()).numUpdatedRows);
  }
  return { updated };
}

/** Digest of the decisions a submit made final, kept in the audit event (the rows are the evidence; the chain vouches for them). */
function digestOf(rows: Pick<ReviewItemTable, 'id' | 'decision' | 'step' | 'comment'>[]): string {
  const h = createHash('sha256');
  for (const r of [...rows].sort((a, b) => (a.id < b.id ? -1 : 1))) h.update(JSON.stringify([r.id, r.decision, r.step, r.comment]) + '\n');
  return h.digest('hex');
}

/** Makes the reviewer's decisions in a campaign final. */
export async function submit(ctx: Context, who: Reviewer, campaignId: string): Promise<{ submitted: number; approved: number; revoked: number; advanced: number }> {
  const { db } = ctx.db;
  const c = await loadCampaign(ctx, campaignId);
  if (c.state !== 'running') throw new ConflictError(`the campaign is ${c.state}: nothing can be submitted`);
  const rows = await db
    .selectFrom('review_items')
    .select(['id', 'app_id', 'entitlement_id', 'step', 'decision', 'comment', 'person', 'principal_name', 'entitlement_name'])
    .where('campaign_id', '=', campaignId)
    .where('reviewer_id', '=', who.userId)
    .where('state', '=', 'pending')
    .where('decision', 'is not', null)
    .execute();
  if (!rows.length) return { submitted: 0, approved: 0, revoked: 0, advanced: 0 };
  const plan = JSON.parse(c.policy) as PolicyPlan;
  const now = new Date().toISOString();
  const dir = await loadDirectory(db, now, planGroupIds(plan));
  const finalApprove: string[] = [];
  const revoke: string[] = [];
  const advance = new Map<string, { ids: string[]; because: string; reviewerId: string | null }>();
  for (const r of rows) {
    if (r.decision === 'revoke') {
      revoke.push(r.id);
      continue;
    }
    const steps = policyFor(plan, r.app_id, r.entitlement_id).steps;
    if (r.step + 1 >= steps.length) {
      finalApprove.push(r.id);
      continue;
    }
    const person = r.person ? (JSON.parse(r.person) as ItemPerson) : undefined;
    const a = resolveReviewer(steps[r.step + 1]!, { appId: r.app_id, entitlementId: r.entitlement_id, holderEmail: person?.email ?? null, managerEmail: person?.managerEmail ?? null }, dir);
    // Nobody at the next step: the campaign owner decides (never on their own access).
    const reviewerId = a.reviewerId ?? (person && dir.userByEmail.get(person.email.toLowerCase()) === c.owner_id ? null : c.owner_id);
    const because = a.reviewerId ? a.because : `${a.because}; assigned to the campaign owner`;
    const key = `${r.step + 1}\u0000${reviewerId ?? ''}\u0000${because}`;
    const g = advance.get(key) ?? { ids: [], because, reviewerId };
    g.ids.push(r.id);
    advance.set(key, g);
  }
  await db.transaction().execute(async (tx) => {
    for (const batch of slices(rows, 300)) {
      await tx
        .insertInto('review_decisions')
        .values(batch.map((r) => ({ item_id: r.id, campaign_id: campaignId, step: r.step, kind: 'decision', decision: r.decision, comment: r.comment, actor_id: who.userId, reviewer_id: who.userId, at: now })))
        .execute();
    }
    for (const ids of slices(finalApprove)) await tx.updateTable('review_items').set({ state: 'approved', closed_at: now, updated_at: now }).where('id', 'in', ids).execute();
    for (const ids of slices(revoke)) await tx.updateTable('review_items').set({ state: 'revoked', closed_at: now, updated_at: now }).where('id', 'in', ids).execute();
    for (const g of advance.values()) {
      for (const ids of slices(g.ids)) {
        await tx
          .updateTable('review_items')
          .set({ step: sql`step + 1`, reviewer_id: g.reviewerId, assigned_because: g.because, decision: null, comment: null, decided_by: null, decided_at: null, updated_at: now })
          .where('id', 'in', ids)
          .execute();
      }
    }
    await audit(tx, who.actor, {
      action: 'review.submit',
      targetType: 'campaign',
      targetId: campaignId,
      after: { reviewerId: who.userId, submitted: rows.length, approved: finalApprove.length, revoked: revoke.length, advanced: rows.length - finalApprove.length - revoke.length, decisionsSha256: digestOf(rows) },
    });
    const nextReviewers = new Map<string, number>();
    for (const g of advance.values()) if (g.reviewerId) nextReviewers.set(g.reviewerId, (nextReviewers.get(g.reviewerId) ?? 0) + g.ids.length);
    for (const [userId, n] of nextReviewers) {
      await notify(ctx, tx, {
        event: 'review.assigned',
        recipients: [userId],
        subject: `Access review "${c.name}": ${n} item${n === 1 ? '' : 's'} passed to you`,
        text: `${n} item${n === 1 ? '' : 's'} of the access review "${c.name}" were approved at the previous step and now need your review. Due ${c.due_at.slice(0, 10)}.`,
        link: `/reviews?campaign=${campaignId}`,
        data: { campaignId, items: n },
      });
    }
    if (revoke.length) await ctx.jobs.enqueue(REVIEW_REMEDIATE_JOB, { campaignId }, { db: tx, dedupeKey: `review.remediate:${campaignId}:${now}` });
  });
  ctx.jobs.poke();
  await completeIfDone(ctx, campaignId);
  const advanced = rows.length - finalApprove.length - revoke.length;
  return { submitted: rows.length, approved: finalApprove.length, revoked: revoke.length, advanced };
}

/** Hands items to another reviewer, with a reason; the new reviewer is told. */
export async function reassign(ctx: Context, who: Reviewer, input: { ids: string[]; toUserId: string; reason: string }): Promise<{ reassigned: number }> {
  const { db } = ctx.db;
  const reason = input.reason.trim();
  if (!reason) throw new InvalidError('say why you reassign these items', field('reason', 'required'));
  const target = await db.selectFrom('platform_users').select(['id', 'email', 'name', 'disabled']).where('id', '=', input.toUserId).executeTakeFirst();
  if (!target || target.disabled) throw new InvalidError(`no enabled platform user with id ${input.toUserId}`, field('toUserId', 'unknown user'));
  const rows = await db.selectFrom('review_items').select(['id', 'campaign_id', 'reviewer_id', 'state', 'step', 'person']).where('id', 'in', input.ids).execute();
  if (rows.length !== new Set(input.ids).size) throw new NotFoundError('review item', input.ids.find((id) => !rows.some((r) => r.id === id))!);
  if (!who.admin && rows.some((r) => r.reviewer_id !== who.userId)) throw new ForbiddenError('you can reassign only items you review');
  if (rows.some((r) => r.state !== 'pending')) throw new ConflictError('some of these items are decided and submitted already');
  const own = rows.filter((r) => r.person && (JSON.parse(r.person) as ItemPerson).email.toLowerCase() === target.email.toLowerCase());
  if (own.length) throw new InvalidError(`${target.name} holds the access of ${own.length} of these items: nobody reviews their own access`, field('toUserId', 'would review their own access'));
  const campaigns = [...new Set(rows.map((r) => r.campaign_id))];
  for (const id of campaigns) {
    const c = await loadCampaign(ctx, id);
    if (c.state !== 'running') throw new ConflictError(`the campaign "${c.name}" is ${c.state}`);
  }
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    for (const batch of slices(rows, 300)) {
      await tx.insertInto('review_decisions').values(batch.map((r) => ({ item_id: r.id, campaign_id: r.campaign_id, step: r.step, kind: 'reassign', decision: null, comment: reason, actor_id: who.userId, reviewer_id: target.id, at: now }))).execute();
      await tx
        .updateTable('review_items')
        .set({ reviewer_id: target.id, assigned_because: `reassigned: ${reason}`, decision: null, comment: null, decided_by: null, decided_at: null, updated_at: now })
        .where('id', 'in', batch.map((r) => r.id))
        .execute();
    }
    for (const id of campaigns) {
      const n = rows.filter((r) => r.campaign_id === id).length;
      const c = await loadCampaign(ctx, id, tx);
      await audit(tx, who.actor, { action: 'review.reassign', targetType: 'campaign', targetId: id, after: { items: rows.filter((r) => r.campaign_id === id).map((r) => r.id), toUserId: target.id, reason } });
      await notify(ctx, tx, {
        event: 'review.assigned',
        recipients: [target.id],
        subject: `Access review "${c.name}": ${n} item${n === 1 ? '' : 's'} reassigned to you`,
        text: `${n} item${n === 1 ? ' was' : 's were'} reassigned to you in the access review "${c.name}". Reason: ${reason}. Due ${c.due_at.slice(0, 10)}.`,
        link: `/reviews?campaign=${id}`,
        data: { campaignId: id, items: n },
      });
    }
  });
  return { reassigned: rows.length };
}

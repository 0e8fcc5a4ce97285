/**
 * Campaigns: created as drafts (scope, policy, due date and what happens then), previewed (how many
 * items, per app and per reviewer, which items find no reviewer, which apps' data is stale),
 * started (the snapshot is written by a job, with progress, and becomes visible at once when it is
 * complete), completed when no item waits any more, with a summary to the owner.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import { refreshStatistics } from '../../db/database.js';
import type { CampaignTable, Database } from '../../db/schema.js';
import { slices } from '../../db/slices.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import type { JobRecord } from '../../jobs/queue.js';
import { audit, SYSTEM, type Actor } from '../audit/audit.js';
import { roleCan, type Role } from '../auth/roles.js';
import { notify } from '../notifications/notify.js';
import { campaignScope, REVIEW_START_JOB, type CampaignInput, type CampaignScope, type ItemPerson } from './model.js';
import { loadPolicy } from './policies.js';
import { loadPolicyPlan, scopeApps, walkSnapshot, type PolicyPlan, type SnapshotSummary } from './snapshot.js';

type Db = Kysely<Database> | Transaction<Database>;

/** An app's data is stale when its last successful sync is older than this, or its last sync failed. */
const FRESH_HOURS = 48;

export async function loadCampaign(ctx: Context, id: string, db: Db = ctx.db.db): Promise<CampaignTable> {
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new NotFoundError('campaign', id);
  return c;
}

const field = (path: string, message: string) => [{ field: `body.${path}`, message }];

/** The owner runs the campaign and answers for it: a Campaign Administrator or a Super Administrator. */
async function checkOwner(ctx: Context, ownerId: string, at = ''): Promise<void> {
  const u = await ctx.db.db.selectFrom('platform_users').select(['name', 'role', 'disabled']).where('id', '=', ownerId).executeTakeFirst();
  if (!u || u.disabled) throw new InvalidError(`no enabled platform user with id ${ownerId}`, field(`${at}ownerId`, 'unknown user'));
  if (!roleCan(u.role as Role, 'campaigns:manage')) throw new InvalidError(`${u.name} cannot own a campaign: the owner must be a Campaign Administrator or a Super Administrator`, field(`${at}ownerId`, 'not a campaign administrator'));
}

function checkDates(input: { dueAt: string }, now = new Date()): void {
  if (Date.parse(input.dueAt) <= now.getTime()) throw new InvalidError(`the due date ${input.dueAt} is in the past`, field('dueAt', 'must be in the future'));
}

function checkDueAction(input: Pick<CampaignInput, 'dueAction' | 'confirmRevokeAtDue'>, at = ''): void {
  if (input.dueAction === 'revoke' && !input.confirmRevokeAtDue) {
    throw new InvalidError('at the due date every undecided item will be revoked, unreviewed: set confirmRevokeAtDue to true if that is what you want', field(`${at}confirmRevokeAtDue`, 'required with dueAction "revoke"'));
  }
}

async function checkScopeApps(ctx: Context, scope: CampaignScope, at = ''): Promise<void> {
  if (!scope.apps.length) return;
  const ids = scope.apps.map((a) => a.appId);
  const known = new Set((await ctx.db.db.selectFrom('apps').select('id').where('id', 'in', ids).execute()).map((a) => a.id));
  const unknown = ids.filter((i) => !known.has(i));
  if (unknown.length) throw new InvalidError(`no app with id ${unknown.join(', ')}`, field(`${at}scope.apps`, `unknown app ${unknown.join(', ')}`));
}

/**
 * What a campaign definition must satisfy apart from its dates (a recurring campaign's are set at
 * each run): the owner, the policy, the due action, the apps; returns its policy. `at` prefixes the
 * failing fields (`campaign.` for a template's definition).
 */
export async function checkDefinition(ctx: Context, input: Omit<CampaignInput, 'dueAt'>, ownerId: string, at = '') {
  await checkOwner(ctx, ownerId, at);
  const policy = await loadPolicy(ctx, input.policyId).catch(() => {
    throw new InvalidError(`no review policy with id ${input.policyId}`, field(`${at}policyId`, 'unknown policy'));
  });
  checkDueAction(input, at);
  await checkScopeApps(ctx, input.scope, at);
  return policy;
}

/** Everything a campaign must satisfy (its definition, and a due date to come); returns its policy. */
async function checkCampaign(ctx: Context, input: CampaignInput, ownerId: string) {
  const policy = await checkDefinition(ctx, input, ownerId);
  checkDates(input);
  return policy;
}

export async function createCampaign(ctx: Context, actor: Actor, creatorId: string, input: CampaignInput, templateId: string | null = null): Promise<CampaignTable> {
  const ownerId = input.ownerId ?? creatorId;
  const policy = await checkCampaign(ctx, input, ownerId);
  const now = new Date().toISOString();
  const row: CampaignTable = {
    id: randomUUID(),
    name: input.name,
    description: input.description,
    owner_id: ownerId,
    scope: JSON.stringify(input.scope),
    policy_id: policy.id,
    policy: JSON.stringify({ defaultPolicyId: policy.id, policies: { [policy.id]: { name: policy.name, steps: JSON.parse(policy.steps) } }, preferred: {} } satisfies PolicyPlan),
    due_at: new Date(input.dueAt).toISOString(),
    due_action: input.dueAction,
    approve_comment_required: input.approveCommentRequired ? 1 : 0,
    state: 'draft',
    progress: null,
    error: null,
    template_id: templateId,
    created_by: creatorId,
    created_at: now,
    started_at: null,
    completed_at: null,
    updated_at: now,
  };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('campaigns').values(row).execute();
    await audit(tx, actor, { action: 'campaign.create', targetType: 'campaign', targetId: row.id, after: { name: row.name, ownerId, scope: input.scope, policyId: policy.id, dueAt: row.due_at, dueAction: row.due_action } });
  });
  return row;
}

export async function updateCampaign(ctx: Context, actor: Actor, id: string, input: CampaignInput): Promise<CampaignTable> {
  const before = await loadCampaign(ctx, id);
  if (before.state !== 'draft') throw new ConflictError(`the campaign is ${before.state}: only a draft can be edited`);
  const ownerId = input.ownerId ?? before.owner_id;
  const policy = await checkCampaign(ctx, input, ownerId);
  const set = { name: input.name, description: input.description, owner_id: ownerId, scope: JSON.stringify(input.scope), policy_id: policy.id, due_at: new Date(input.dueAt).toISOString(), due_action: input.dueAction, approve_comment_required: input.approveCommentRequired ? 1 : 0, error: null, updated_at: new Date().toISOString() };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('campaigns').set(set).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'campaign.update', targetType: 'campaign', targetId: id, before: { name: before.name, scope: JSON.parse(before.scope), policyId: before.policy_id, dueAt: before.due_at }, after: { name: set.name, scope: input.scope, policyId: policy.id, dueAt: set.due_at } });
  });
  return { ...before, ...set };
}

export interface Freshness {
  appId: string;
  appName: string;
  lastSuccessAt: string | null;
  lastSyncFailed: boolean;
  stale: boolean;
  /** Why the data may be out of date, in words. */
  reason: string | null;
}

/** For each app of the scope: when it last synced successfully and whether its last sync failed. */
export async function freshness(ctx: Context, scope: CampaignScope, now = new Date()): Promise<Freshness[]> {
  const apps = await scopeApps(ctx, scope);
  const named = scope.apps.length ? await ctx.db.db.selectFrom('apps').select(['id', 'name']).where('id', 'in', scope.apps.map((a) => a.appId)).execute() : [];
  const all = [...new Map([...apps.map((a) => [a.id, a.name] as const), ...named.map((a) => [a.id, a.name] as const)])];
  const out: Freshness[] = [];
  const cutoff = new Date(now.getTime() - FRESH_HOURS * 3_600_000).toISOString();
  for (const [appId, appName] of all) {
    const runs = await ctx.db.db.selectFrom('sync_runs').select(['status', 'ended_at']).where('app_id', '=', appId).where('status', 'in', ['succeeded', 'failed']).orderBy('queued_at', 'desc').limit(50).execute();
    const lastSuccessAt = runs.find((r) => r.status === 'succeeded')?.ended_at ?? null;
    const lastSyncFailed = runs[0]?.status === 'failed';
    const old = !lastSuccessAt || lastSuccessAt < cutoff;
    const reason = lastSyncFailed ? 'its last sync failed' : !lastSuccessAt ? 'it has never synced successfully' : old ? `its last successful sync was more than ${FRESH_HOURS} hours ago` : null;
    out.push({ appId, appName, lastSuccessAt, lastSyncFailed, stale: Boolean(reason), reason });
  }
  return out;
}

export interface Preview extends SnapshotSummary {
  freshness: Freshness[];
}

/** What starting would create, written nowhere. */
export async function previewCampaign(ctx: Context, id: string): Promise<Preview> {
  const c = await loadCampaign(ctx, id);
  const scope = campaignScope.parse(JSON.parse(c.scope));
  const apps = await scopeApps(ctx, scope);
  const plan = await loadPolicyPlan(ctx, c.policy_id, apps.map((a) => a.id));
  const summary = await walkSnapshot(ctx, { campaignId: c.id, scope, plan, now: new Date(), onBatch: async () => {} });
  return { ...summary, freshness: await freshness(ctx, scope) };
}

/** Why a scope selects nothing, when a quick look can tell (the full check is the snapshot itself). */
async function emptyScopeReason(ctx: Context, scope: CampaignScope): Promise<string | undefined> {
  const apps = await scopeApps(ctx, scope);
  if (!apps.length) return scope.apps.length ? 'none of its apps has synced a catalog yet' : 'no managed app has synced a catalog yet';
  for (const app of apps) {
    const spec = scope.apps.find((a) => a.appId === app.id);
    let q = ctx.db.db.selectFrom('grants').select('id').where('app_id', '=', app.id).where('generation', '=', app.generation).limit(1);
    if (!scope.includeInherited) q = q.where('direct', '=', 1);
    if (spec?.entitlementIds?.length) q = q.where('entitlement_id', 'in', spec.entitlementIds);
    if (spec?.resourceTypes?.length) q = q.where('resource_type', 'in', spec.resourceTypes);
    if (await q.executeTakeFirst()) return undefined;
  }
  return `its apps hold no ${scope.includeInherited ? '' : 'direct '}grant of the chosen entitlements${scope.includeInherited ? '' : ' (include inherited grants to review access held through groups)'}`;
}

/** Starts a draft: checks it, then a job writes the snapshot. Stale apps refuse the start unless `startAnyway`. */
export async function startCampaign(ctx: Context, actor: Actor, id: string, options: { startAnyway?: boolean } = {}): Promise<CampaignTable> {
  const c = await loadCampaign(ctx, id);
  if (c.state !== 'draft') throw new ConflictError(`the campaign is ${c.state}: only a draft can be started`);
  checkDates({ dueAt: c.due_at });
  await loadPolicy(ctx, c.policy_id).catch(() => {
    throw new InvalidError('the campaign\'s review policy was deleted: choose another one', field('policyId', 'unknown policy'));
  });
  const scope = campaignScope.parse(JSON.parse(c.scope));
  const empty = await emptyScopeReason(ctx, scope);
  if (empty) throw new InvalidError(`the scope selects no grant: ${empty}`, field('scope', 'selects no grant'));
  const stale = (await freshness(ctx, scope)).filter((f) => f.stale);
  if (stale.length && !options.startAnyway) {
    throw new ConflictError(`the data of ${stale.map((s) => `${s.appName} (${s.reason})`).join(', ')} may be out of date: sync ${stale.length > 1 ? 'them' : 'it'} first, or start anyway`, { staleApps: stale });
  }
  const now = new Date().toISOString();
  await ctx.db.db.transaction().execute(async (tx) => {
    const moved = await tx.updateTable('campaigns').set({ state: 'starting', progress: JSON.stringify({ items: 0 }), error: null, updated_at: now }).where('id', '=', id).where('state', '=', 'draft').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('the campaign was started meanwhile');
    await audit(tx, actor, { action: 'campaign.start', targetType: 'campaign', targetId: id, after: { startAnyway: Boolean(options.startAnyway), staleApps: stale.map((s) => s.appName) } });
    await ctx.jobs.enqueue(REVIEW_START_JOB, { campaignId: id }, { db: tx, dedupeKey: `review.start:${id}`, maxAttempts: 5 });
  });
  ctx.jobs.poke();
  return loadCampaign(ctx, id);
}

/** The start job: writes the snapshot (again from scratch if an attempt was cut off), then opens the campaign in one transaction. */
export async function runStartJob(ctx: Context, job: JobRecord): Promise<void> {
  const { db } = ctx.db;
  const id = String(job.payload.campaignId);
  const c = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c || c.state !== 'starting') return;
  await db.deleteFrom('review_items').where('campaign_id', '=', id).execute();
  const scope = campaignScope.parse(JSON.parse(c.scope));
  const apps = await scopeApps(ctx, scope);
  const plan = await loadPolicyPlan(ctx, c.policy_id, apps.map((a) => a.id));
  const owner = await db.selectFrom('platform_users').select(['id', 'email']).where('id', '=', c.owner_id).executeTakeFirstOrThrow();
  let written = 0;
  const summary = await walkSnapshot(ctx, {
    campaignId: id,
    scope,
    plan,
    now: new Date(),
    onBatch: async (items) => {
      for (const i of items) {
        // Nobody the policy names can review it: the campaign's owner does (or reassigns it), unless it is their own access.
        if (i.reviewer_id) continue;
        const holder = i.person ? (JSON.parse(i.person) as ItemPerson).email.toLowerCase() : null;
        if (holder !== owner.email.toLowerCase()) {
          i.reviewer_id = owner.id;
          i.assigned_because = `${i.assigned_because ?? ''}; assigned to the campaign owner`;
        }
      }
      await db.transaction().execute(async (tx) => {
        for (const rows of slices(items, 400)) await tx.insertInto('review_items').values(rows).execute();
        written += items.length;
        await tx.updateTable('campaigns').set({ progress: JSON.stringify({ items: written }), updated_at: new Date().toISOString() }).where('id', '=', id).execute();
      });
    },
  });
  const now = new Date().toISOString();
  if (!summary.items) {
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('campaigns').set({ state: 'draft', progress: null, error: 'the scope selects no grant: no grant matches its people and grant filters', updated_at: now }).where('id', '=', id).execute();
      await audit(tx, SYSTEM, { action: 'campaign.start_failed', targetType: 'campaign', targetId: id, after: { reason: 'empty scope' } });
    });
    return;
  }
  const reviewers = await db.selectFrom('review_items').select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', id).where('reviewer_id', 'is not', null).groupBy('reviewer_id').execute();
  // The planner's statistics of the items, before anyone reads them: without them SQLite read a
  // reviewer's submit through the campaign's index (a million items) rather than the reviewer's.
  await refreshStatistics(ctx.db, ['review_items']);
  await db.transaction().execute(async (tx) => {
    const opened = await tx
      .updateTable('campaigns')
      .set({ state: 'running', started_at: now, policy: JSON.stringify(plan), progress: JSON.stringify({ items: summary.items, byApp: summary.byApp, unresolved: summary.unresolved }), updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'starting')
      .executeTakeFirst();
    // Cancelled while the snapshot was written: its items close with it, and nobody is told.
    if (Number(opened.numUpdatedRows) !== 1) {
      await tx.updateTable('review_items').set({ state: 'not_reviewed', closed_at: now, updated_at: now }).where('campaign_id', '=', id).where('state', '=', 'pending').execute();
      return;
    }
    await audit(tx, SYSTEM, { action: 'campaign.started', targetType: 'campaign', targetId: id, after: { items: summary.items, byApp: summary.byApp, reviewers: reviewers.length, unresolved: summary.unresolved } });
    for (const r of reviewers) {
      const n = Number(r.n);
      await notify(ctx, tx, {
        event: 'review.kickoff',
        recipients: [r.reviewer_id!],
        subject: `Access review "${c.name}": ${n} item${n === 1 ? '' : 's'} to review by ${c.due_at.slice(0, 10)}`,
        text: `The access review "${c.name}" has started. You have ${n} item${n === 1 ? '' : 's'} to review: approve the access people still need, revoke the rest. Due ${c.due_at.slice(0, 10)}.${c.description ? `\n\n${c.description}` : ''}`,
        link: `/reviews?campaign=${id}`,
        data: { campaignId: id, items: n },
      });
    }
  });
}

export interface CampaignCounts {
  items: number;
  pending: number;
  approved: number;
  revoked: number;
  notReviewed: number;
  removed: number;
  /** Pending items with a decision not submitted yet. */
  drafted: number;
  unassigned: number;
}

/** Each campaign's items by state, from the counts the database keeps as items change (migration 0021). */
export async function campaignCounts(ctx: Context, ids: string[]): Promise<Map<string, CampaignCounts>> {
  const out = new Map<string, CampaignCounts>(ids.map((id) => [id, { items: 0, pending: 0, approved: 0, revoked: 0, notReviewed: 0, removed: 0, drafted: 0, unassigned: 0 }]));
  if (!ids.length) return out;
  const rows = await ctx.db.db.selectFrom('review_item_counts').select(['campaign_id', 'state', 'drafted', 'unassigned', 'n']).where('campaign_id', 'in', ids).execute();
  for (const r of rows) {
    const c = out.get(r.campaign_id)!;
    const n = Number(r.n);
    c.items += n;
    if (r.state === 'pending') {
      c.pending += n;
      if (Number(r.drafted)) c.drafted += n;
      if (Number(r.unassigned)) c.unassigned += n;
    } else if (r.state === 'not_reviewed') c.notReviewed += n;
    else if (r.state === 'approved' || r.state === 'revoked' || r.state === 'removed') c[r.state] += n;
  }
  return out;
}

/** Completes a running campaign once nothing waits; tells its owner how it ended. */
export async function completeIfDone(ctx: Context, id: string): Promise<boolean> {
  const { db } = ctx.db;
  const pending = await db.selectFrom('review_items').select('id').where('campaign_id', '=', id).where('state', '=', 'pending').limit(1).executeTakeFirst();
  if (pending) return false;
  const c = await loadCampaign(ctx, id);
  if (c.state !== 'running') return false;
  const counts = (await campaignCounts(ctx, [id])).get(id)!;
  const now = new Date().toISOString();
  return db.transaction().execute(async (tx) => {
    const moved = await tx.updateTable('campaigns').set({ state: 'completed', completed_at: now, updated_at: now }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    await audit(tx, SYSTEM, { action: 'campaign.completed', targetType: 'campaign', targetId: id, after: counts });
    await notify(ctx, tx, {
      event: 'review.completed',
      recipients: [c.owner_id],
      subject: `Access review "${c.name}" is complete`,
      text: `The access review "${c.name}" is complete: ${counts.items} items, ${counts.approved} approved, ${counts.revoked} revoked, ${counts.notReviewed} not reviewed, ${counts.removed} removed outside the campaign. The evidence report is ready to download.`,
      link: `/campaigns/${id}`,
      data: { campaignId: id, ...counts },
    });
    return true;
  });
}

export async function cancelCampaign(ctx: Context, actor: Actor, id: string): Promise<void> {
  const c = await loadCampaign(ctx, id);
  if (c.state === 'completed' || c.state === 'cancelled') throw new ConflictError(`the campaign is ${c.state} already`);
  const now = new Date().toISOString();
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('campaigns').set({ state: 'cancelled', completed_at: now, updated_at: now }).where('id', '=', id).execute();
    // Undecided items are closed; decisions already submitted (and their revocations) stand.
    await tx.updateTable('review_items').set({ state: 'not_reviewed', decision: null, closed_at: now, updated_at: now }).where('campaign_id', '=', id).where('state', '=', 'pending').execute();
    await audit(tx, actor, { action: 'campaign.cancel', targetType: 'campaign', targetId: id, before: { state: c.state } });
  });
}

/** Deletes a draft or a finished campaign; refused while its revocations run (their tasks would lose their origin). */
export async function deleteCampaign(ctx: Context, actor: Actor, id: string): Promise<void> {
  const c = await loadCampaign(ctx, id);
  if (c.state === 'running' || c.state === 'starting') throw new ConflictError(`the campaign is ${c.state}: cancel it first`);
  const open = await ctx.db.db
    .selectFrom('tasks')
    .innerJoin('review_items as i', 'i.id', 'tasks.origin_id')
    .select('tasks.id')
    .where('tasks.origin', '=', 'review')
    .where('i.campaign_id', '=', id)
    .where('tasks.state', 'in', ['pending', 'running', 'manual'])
    .limit(1)
    .executeTakeFirst();
  const queued = await ctx.db.db.selectFrom('review_items').select('id').where('campaign_id', '=', id).where('state', '=', 'revoked').where('task_ids', 'is', null).limit(1).executeTakeFirst();
  if (open || queued) throw new ConflictError('revocations of this campaign are still being carried out: wait until its tasks end', { taskId: open?.id ?? null });
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('campaigns').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'campaign.delete', targetType: 'campaign', targetId: id, before: { name: c.name, state: c.state } });
  });
}

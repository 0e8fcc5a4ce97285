/**
 * Reading review items: a reviewer's inbox (their pending items of running campaigns), a
 * campaign's items for its administrators, one item's history, and a campaign's progress (decisions
 * per day, per reviewer, per app). Pages are keyset-paged in the chosen grouping's order.
 */
import { sql } from 'kysely';
import type { Context } from '../../context.js';
import type { ReviewItemTable } from '../../db/schema.js';
import { slices } from '../../db/slices.js';
import { contains } from '../../db/text-search.js';
import { decodeCursor, pageOf, type Paged } from '../../paging.js';
import { inScope, type Scope } from '../catalog/queries.js';
import { openConflictsOf } from '../conflicts/index.js';
import { loadCampaign } from './campaigns.js';
import type { Decision, ItemPerson, ItemState } from './model.js';
import { policyFor, type PolicyPlan } from './snapshot.js';

export const ITEM_SORTS = ['person', 'app', 'entitlement'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];
const SORT_COLUMN = { person: 'principal_name', app: 'app_name', entitlement: 'entitlement_name' } as const;

export interface ItemQuery {
  limit: number;
  cursor?: string;
  campaignId?: string;
  /** Whose items: a reviewer's (the inbox), or anyone's (a campaign's administrators). */
  reviewerId?: string;
  state?: ItemState;
  appId?: string;
  entitlementId?: string;
  personId?: string;
  recommendation?: Decision;
  decided?: boolean;
  q?: string;
  sort?: ItemSort;
}

export interface TaskBrief {
  id: string;
  state: string;
  verification: string | null;
  summary: string;
  error: string | null;
}

export interface ItemView {
  id: string;
  campaignId: string;
  campaignName: string;
  dueAt: string;
  app: { id: string; name: string };
  entitlement: { id: string; name: string };
  resource: { type: string; id: string };
  principal: { type: string; id: string; name: string };
  account: { status: string | null; lastUse: string | null };
  direct: boolean;
  sources: string[];
  firstSeen: string | null;
  person: (ItemPerson & { id: string }) | null;
  step: number;
  stepName: string;
  steps: number;
  reviewer: { id: string; name: string } | null;
  assignedBecause: string | null;
  state: ItemState;
  decision: Decision | null;
  comment: string | null;
  decidedAt: string | null;
  recommendation: { decision: Decision; reason: string } | null;
  peers: { holding: number; total: number } | null;
  previousDecision: string | null;
  tasks: TaskBrief[];
  /** The holder's open access conflicts now (separation of duties). */
  conflicts: { ruleId: string; name: string; severity: string }[];
}

async function present(ctx: Context, rows: ReviewItemTable[]): Promise<ItemView[]> {
  const { db } = ctx.db;
  const campaignIds = [...new Set(rows.map((r) => r.campaign_id))];
  const campaigns = new Map(campaignIds.length ? (await db.selectFrom('campaigns').select(['id', 'name', 'due_at', 'policy']).where('id', 'in', campaignIds).execute()).map((c) => [c.id, { ...c, plan: JSON.parse(c.policy) as PolicyPlan }]) : []);
  const userIds = [...new Set(rows.map((r) => r.reviewer_id).filter((u): u is string => Boolean(u)))];
  const users = new Map(userIds.length ? (await db.selectFrom('platform_users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.name]) : []);
  const taskIds = rows.flatMap((r) => (r.task_ids ? (JSON.parse(r.task_ids) as string[]) : []));
  const conflicts = await openConflictsOf(ctx, [...new Set(rows.map((r) => r.person_id).filter((p): p is string => Boolean(p)))]);
  const tasks = new Map(taskIds.length ? (await db.selectFrom('tasks').select(['id', 'state', 'verification', 'summary', 'error']).where('id', 'in', taskIds).execute()).map((t) => [t.id, t]) : []);
  return rows.map((r) => {
    const c = campaigns.get(r.campaign_id)!;
    const steps = policyFor(c.plan, r.app_id, r.entitlement_id).steps;
    const step = steps[Math.min(r.step, steps.length - 1)];
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignName: c.name,
      dueAt: c.due_at,
      app: { id: r.app_id, name: r.app_name },
      entitlement: { id: r.entitlement_id, name: r.entitlement_name },
      resource: { type: r.resource_type, id: r.resource_id },
      principal: { type: r.principal_type, id: r.principal_id, name: r.principal_name },
      account: { status: r.account_status, lastUse: r.last_login },
      direct: r.direct === 1,
      sources: r.sources ? (JSON.parse(r.sources) as string[]) : [],
      firstSeen: r.first_seen,
      person: r.person && r.person_id ? { id: r.person_id, ...(JSON.parse(r.person) as ItemPerson) } : null,
      step: r.step,
      stepName: step?.name ?? `Step ${r.step + 1}`,
      steps: steps.length,
      reviewer: r.reviewer_id ? { id: r.reviewer_id, name: users.get(r.reviewer_id) ?? r.reviewer_id } : null,
      assignedBecause: r.assigned_because,
      state: r.state as ItemState,
      decision: r.decision as Decision | null,
      comment: r.comment,
      decidedAt: r.decided_at,
      recommendation: r.recommendation ? { decision: r.recommendation as Decision, reason: r.recommendation_reason ?? '' } : null,
      peers: r.peers_total !== null && r.peers_holding !== null ? { holding: r.peers_holding, total: r.peers_total } : null,
      previousDecision: r.previous_decision,
      tasks: (r.task_ids ? (JSON.parse(r.task_ids) as string[]) : []).map((id) => tasks.get(id)).filter((t): t is TaskBrief => Boolean(t)),
      conflicts: r.person_id ? (conflicts.get(r.person_id) ?? []) : [],
    };
  });
}

/** A page of items. `apps` narrows to an App owner's apps; `runningOnly` keeps an inbox to campaigns under way. */
export async function listItems(ctx: Context, scope: Scope, q: ItemQuery, options: { runningOnly?: boolean } = {}): Promise<Paged<ItemView>> {
  const { db } = ctx.db;
  const sort = q.sort ?? 'person';
  const column = SORT_COLUMN[sort];
  let query = db.selectFrom('review_items').selectAll().orderBy(column).orderBy('id').limit(q.limit + 1);
  if (q.campaignId) query = query.where('campaign_id', '=', q.campaignId);
  if (options.runningOnly) {
    // The running campaigns as values (there are few): PostgreSQL estimates a list from its
    // statistics and pages straight off the order's index, where a subquery had it sort every
    // item of the reviewer first.
    const running = (await db.selectFrom('campaigns').select('id').where('state', '=', 'running').execute()).map((c) => c.id);
    if (!running.length) return { items: [], nextCursor: null };
    query = query.where('campaign_id', 'in', running);
  }
  if (q.reviewerId) query = query.where('reviewer_id', '=', q.reviewerId);
  if (scope) query = query.where('app_id', 'in', inScope(scope));
  if (q.state) query = query.where('state', '=', q.state);
  if (q.appId) query = query.where('app_id', '=', q.appId);
  if (q.entitlementId) query = query.where('entitlement_id', '=', q.entitlementId);
  if (q.personId) query = query.where('person_id', '=', q.personId);
  if (q.recommendation) query = query.where('recommendation', '=', q.recommendation);
  if (q.decided !== undefined) query = query.where('decision', q.decided ? 'is not' : 'is', null);
  if (q.q) query = query.where((w) => w.or([contains(ctx.db.dialect, 'principal_name', q.q!), contains(ctx.db.dialect, 'entitlement_name', q.q!), contains(ctx.db.dialect, 'app_name', q.q!)]));
  const c = decodeCursor(q.cursor, 2);
  if (c) {
    const [value, id] = c as [string, string];
    // A row comparison: both databases read it as a range of the (…, column, id) index.
    query = query.where(({ eb, refTuple, tuple }) => eb(refTuple(column, 'id'), '>', tuple(value, id)));
  }
  const page = pageOf(await query.execute(), q.limit, (r) => [r[column], r.id]);
  return { items: await present(ctx, page.items), nextCursor: page.nextCursor };
}

export async function loadItem(ctx: Context, id: string): Promise<ReviewItemTable | undefined> {
  return ctx.db.db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function itemDetail(ctx: Context, row: ReviewItemTable) {
  const [item] = await present(ctx, [row]);
  const history = await ctx.db.db
    .selectFrom('review_decisions as d')
    .leftJoin('platform_users as a', 'a.id', 'd.actor_id')
    .leftJoin('platform_users as r', 'r.id', 'd.reviewer_id')
    .select(['d.seq', 'd.step', 'd.kind', 'd.decision', 'd.comment', 'd.at', 'd.actor_id', 'a.name as actor_name', 'd.reviewer_id', 'r.name as reviewer_name'])
    .where('d.item_id', '=', row.id)
    .orderBy('d.seq')
    .execute();
  return {
    ...item!,
    history: history.map((h) => ({ kind: h.kind, step: h.step, decision: h.decision, comment: h.comment, at: h.at, actor: h.actor_id ? { id: h.actor_id, name: h.actor_name ?? h.actor_id } : null, reviewer: h.reviewer_id ? { id: h.reviewer_id, name: h.reviewer_name ?? h.reviewer_id } : null })),
  };
}

/** Counts of a reviewer's items per campaign (the inbox's campaign list). */
export async function inboxSummary(ctx: Context, userId: string) {
  const rows = await ctx.db.db
    .selectFrom('review_items as i')
    .innerJoin('campaigns as c', 'c.id', 'i.campaign_id')
    .select([
      'c.id',
      'c.name',
      'c.due_at',
      'c.approve_comment_required',
      (eb) => eb.fn.countAll<number>().as('pending'),
      (eb) => eb.fn.count<number>('i.decision').as('decided'),
      (eb) => eb.fn.sum<number>(eb.case().when('i.decision', '=', 'approve').then(1).else(0).end()).as('approving'),
      (eb) => eb.fn.sum<number>(eb.case().when('i.decision', '=', 'revoke').then(1).else(0).end()).as('revoking'),
    ])
    .where('i.reviewer_id', '=', userId)
    .where('i.state', '=', 'pending')
    .where('c.state', '=', 'running')
    .groupBy(['c.id', 'c.name', 'c.due_at', 'c.approve_comment_required'])
    .orderBy('c.due_at')
    .execute();
  return rows.map((r) => ({
    campaignId: r.id,
    name: r.name,
    dueAt: r.due_at,
    pending: Number(r.pending),
    decided: Number(r.decided),
    // What a submit would make final now (the decided ones, split), and whether approvals need a comment.
    approving: Number(r.approving ?? 0),
    revoking: Number(r.revoking ?? 0),
    approveCommentRequired: r.approve_comment_required === 1,
    overdue: r.due_at < new Date().toISOString(),
  }));
}

/** A campaign's progress: decisions per day (the burndown), per reviewer and per app. */
export async function campaignProgress(ctx: Context, campaignId: string) {
  const c = await loadCampaign(ctx, campaignId);
  const { db } = ctx.db;
  // Counted by the database per day: a campaign of a million items reads a few hundred rows here.
  const day = sql<string>`substr(at, 1, 10)`;
  const closedDay = sql<string>`substr(closed_at, 1, 10)`;
  const decisions = await db.selectFrom('review_decisions').select([day.as('day'), (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId).where('kind', '=', 'decision').groupBy(day).execute();
  const closed = await db.selectFrom('review_items').select([closedDay.as('day'), (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId).where('closed_at', 'is not', null).groupBy(closedDay).execute();
  const perDay = new Map<string, { decisions: number; closed: number }>();
  const entry = (d: string) => perDay.get(d) ?? perDay.set(d, { decisions: 0, closed: 0 }).get(d)!;
  for (const d of decisions) entry(d.day).decisions += Number(d.n);
  for (const c of closed) entry(c.day).closed += Number(c.n);
  const total = Number((await db.selectFrom('review_items').select((eb) => eb.fn.countAll<number>().as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow()).n);
  // Counted per reviewer, their names looked up apart: a join per item cost a scan of the users per item where the planner thought them few.
  const counts = await db.selectFrom('review_items').select(['reviewer_id', 'state', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId).groupBy(['reviewer_id', 'state']).execute();
  const names = new Map<string, string>();
  for (const ids of slices([...new Set(counts.map((r) => r.reviewer_id).filter((u): u is string => Boolean(u)))])) {
    for (const u of await db.selectFrom('platform_users').select(['id', 'name']).where('id', 'in', ids).execute()) names.set(u.id, u.name);
  }
  const byReviewer = counts.map((r) => ({ ...r, name: r.reviewer_id ? (names.get(r.reviewer_id) ?? null) : null }));
  const byApp = await db.selectFrom('review_items').select(['app_id', 'app_name', 'state', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaignId).groupBy(['app_id', 'app_name', 'state']).execute();
  const fold = <K extends string>(rows: { key: K; name: string; state: string; n: number }[]) => {
    const m = new Map<K, { name: string; pending: number; done: number }>();
    for (const r of rows) {
      const e = m.get(r.key) ?? { name: r.name, pending: 0, done: 0 };
      if (r.state === 'pending') e.pending += Number(r.n);
      else e.done += Number(r.n);
      m.set(r.key, e);
    }
    return [...m].map(([id, v]) => ({ id, ...v }));
  };
  let remaining = total;
  const days = [...perDay].sort(([a], [b]) => (a < b ? -1 : 1));
  return {
    startedAt: c.started_at,
    dueAt: c.due_at,
    items: total,
    // Decisions submitted each day, items closed that day, and how many were still open after it (the burndown).
    perDay: days.map(([d, v]) => ({ day: d, decisions: v.decisions, closed: v.closed, remaining: (remaining = Math.max(0, remaining - v.closed)) })),
    perReviewer: fold(byReviewer.map((r) => ({ key: r.reviewer_id ?? '', name: r.name ?? 'unassigned', state: r.state, n: Number(r.n) }))),
    perApp: fold(byApp.map((r) => ({ key: r.app_id, name: r.app_name, state: r.state, n: Number(r.n) }))),
  };
}

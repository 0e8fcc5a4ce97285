/**
 * The `tasks` and `task_log` tables: reading tasks, their log, and moving a task from one state to
 * the next. Every state change is written with its log line and its audit event in one
 * transaction, so the three never disagree.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, TaskTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { decodeCursor, mapPage, pageOf } from '../../paging.js';
import { appNames } from '../apps/apps.js';
import { audit, SYSTEM, type Actor } from '../audit/audit.js';
import { eventsAbout } from '../audit/queries.js';
import { inScope, type Scope } from '../catalog/queries.js';
import type { TaskKind, TaskOrigin, TaskState, Verification } from './model.js';

export type Tx = Kysely<Database> | Transaction<Database>;

export async function loadTask(ctx: Context, id: string, db: Tx = ctx.db.db): Promise<TaskTable> {
  const t = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new NotFoundError('task', id);
  return t;
}

export async function appendLog(db: Tx, taskId: string, level: 'info' | 'warn' | 'error', message: string, at = new Date().toISOString()): Promise<void> {
  await db.insertInto('task_log').values({ task_id: taskId, at, level, message: message.slice(0, 4000) }).execute();
}

export interface Transition {
  state: TaskState;
  /** The log line saying why (also the audit event's detail). */
  log: string;
  level?: 'info' | 'warn' | 'error';
  actor?: Actor;
  set?: Partial<Omit<TaskTable, 'id' | 'state'>>;
}

/**
 * Moves a task to a state, only if it is still in one of `from` (another worker or a person may
 * have moved it meanwhile): returns false, changing nothing, when it was not.
 */
export async function transition(tx: Tx, task: TaskTable, from: TaskState[], t: Transition): Promise<boolean> {
  const now = new Date().toISOString();
  const ended = ['succeeded', 'failed', 'cancelled'].includes(t.state);
  const res = await tx
    .updateTable('tasks')
    .set({ ...t.set, state: t.state, ended_at: ended ? now : t.state === 'manual' ? null : t.set?.ended_at, updated_at: now })
    .where('id', '=', task.id)
    .where('state', 'in', from)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) return false;
  await appendLog(tx, task.id, t.level ?? 'info', t.log, now);
  await audit(tx, t.actor ?? SYSTEM, { action: `task.${t.state}`, targetType: 'task', targetId: task.id, before: { state: task.state }, after: { state: t.state, detail: t.log, appId: task.app_id, kind: task.kind } });
  return true;
}

export interface TaskFilter {
  limit: number;
  cursor?: string;
  state?: TaskState[];
  appId?: string;
  kind?: string;
  requestedBy?: string;
  origin?: string;
  originId?: string;
}

/** Tasks, newest first, in the caller's scope. */
export async function listTasks(ctx: Context, scope: Scope, f: TaskFilter) {
  const { db } = ctx.db;
  let q = db.selectFrom('tasks').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1);
  if (scope) q = q.where('app_id', 'in', inScope(scope));
  if (f.state?.length) q = q.where('state', 'in', f.state);
  if (f.appId) q = q.where('app_id', '=', f.appId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.requestedBy) q = q.where('requested_by', '=', f.requestedBy);
  if (f.origin) q = q.where('origin', '=', f.origin);
  if (f.originId) q = q.where('origin_id', '=', f.originId);
  const c = decodeCursor(f.cursor, 2);
  if (c) q = q.where((w) => w.or([w('created_at', '<', c[0]!), w.and([w('created_at', '=', c[0]!), w('id', '<', c[1]!)])]));
  const page = pageOf(await q.execute(), f.limit, (t) => [t.created_at, t.id]);
  const views = await presentTasks(ctx, page.items);
  return mapPage(page, (t) => views.get(t.id)!);
}

/** Counts per state in the caller's scope (the Tasks page's tabs and the dashboard). */
export async function countTasks(ctx: Context, scope: Scope, appId?: string): Promise<Record<TaskState, number>> {
  let q = ctx.db.db.selectFrom('tasks').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state');
  if (scope) q = q.where('app_id', 'in', inScope(scope));
  if (appId) q = q.where('app_id', '=', appId);
  const counts: Record<TaskState, number> = { pending: 0, running: 0, succeeded: 0, failed: 0, manual: 0, cancelled: 0 };
  for (const r of await q.execute()) counts[r.state as TaskState] = Number(r.n);
  return counts;
}

export async function presentTasks(ctx: Context, rows: TaskTable[]) {
  const userIds = [...new Set(rows.flatMap((t) => [t.requested_by, t.completed_by]).filter((x): x is string => Boolean(x)))];
  const users = new Map((userIds.length ? await ctx.db.db.selectFrom('platform_users').select(['id', 'email', 'name']).where('id', 'in', userIds).execute() : []).map((u) => [u.id, u]));
  const names = await appNames(ctx);
  const who = (id: string | null) => (id && users.get(id) ? { id, email: users.get(id)!.email, name: users.get(id)!.name } : null);
  return new Map(
    rows.map((t) => [
      t.id,
      {
        id: t.id,
        appId: t.app_id,
        appName: names.get(t.app_id) ?? t.app_id,
        connectorId: t.connector_id,
        kind: t.kind as TaskKind,
        state: t.state as TaskState,
        summary: t.summary,
        input: JSON.parse(t.input) as Record<string, unknown>,
        requestedBy: who(t.requested_by),
        reason: t.reason,
        origin: t.origin as TaskOrigin,
        originId: t.origin_id,
        result: t.result ? (JSON.parse(t.result) as Record<string, unknown>) : null,
        error: t.error,
        completedBy: who(t.completed_by),
        completion: t.completion as 'done' | 'not_possible' | null,
        comment: t.comment,
        verification: t.verification as Verification | null,
        attempts: t.attempts,
        createdAt: t.created_at,
        startedAt: t.started_at,
        endedAt: t.ended_at,
        updatedAt: t.updated_at,
      },
    ]),
  );
}

export async function taskDetail(ctx: Context, id: string) {
  const t = await loadTask(ctx, id);
  const view = (await presentTasks(ctx, [t])).get(t.id)!;
  const log = await ctx.db.db.selectFrom('task_log').select(['at', 'level', 'message']).where('task_id', '=', t.id).orderBy('seq').execute();
  const events = await ctx.db.db.selectFrom('catalog_events').select(['seq', 'kind', 'grant_id', 'sync_run_id', 'created_at']).where('task_id', '=', t.id).orderBy('seq').execute();
  // The state history is the task's audit trail: every state change is audited with who made it.
  const history = (await eventsAbout(ctx, 'task', t.id)).map((e) => ({
    at: e.at,
    action: e.action,
    from: ((e.before as { state?: string } | null)?.state ?? null) as string | null,
    to: ((e.after as { state?: string } | null)?.state ?? null) as string | null,
    actor: e.actor,
  }));
  return { ...view, log, history, events: events.map((e) => ({ seq: e.seq, kind: e.kind, grantId: e.grant_id, syncRunId: e.sync_run_id, createdAt: e.created_at })) };
}

/**
 * Sync runs and connector status. This module alone writes `sync_runs` and the connectors' status
 * columns (status, status_message, last_sync_at): queue, start, progress, succeed, fail. A run and
 * its connector change together, so nobody sees a finished run on a syncing connector.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { SyncRunTable } from '../../db/schema.js';
import { connectorFailed, connectorRecovered } from '../notifications/connector-events.js';

export const SYNC_JOB = 'sync';

const now = () => new Date().toISOString();

/** Queues a sync of a connector unless one is queued or running already. */
export async function requestSync(ctx: Context, connectorId: string, appId: string, trigger: string): Promise<{ runId: string; queued: boolean }> {
  const { db } = ctx.db;
  const active = await db.selectFrom('sync_runs').select('id').where('connector_id', '=', connectorId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (active) return { runId: active.id, queued: false };
  const runId = randomUUID();
  await db
    .insertInto('sync_runs')
    .values({ id: runId, connector_id: connectorId, app_id: appId, status: 'queued', trigger, queued_at: now(), started_at: null, ended_at: null, error: null, warnings: '[]', api_calls: 0, counts: '{}', grants_added: 0, grants_removed: 0, log: '' })
    .execute();
  const job = await ctx.jobs.enqueue(SYNC_JOB, { runId }, { dedupeKey: `sync:${connectorId}`, maxAttempts: 4 });
  if (!job.created) {
    // Another process queued one at the same moment: keep theirs.
    await db.deleteFrom('sync_runs').where('id', '=', runId).execute();
    const theirs = await db.selectFrom('sync_runs').select('id').where('connector_id', '=', connectorId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    return { runId: theirs?.id ?? runId, queued: false };
  }
  return { runId, queued: true };
}

export async function loadRun(ctx: Context, runId: string): Promise<SyncRunTable | undefined> {
  return ctx.db.db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** The latest successful run of a connector (its start time bounds what that sync could see). */
export async function lastSucceededRun(ctx: Context, connectorId: string): Promise<SyncRunTable | undefined> {
  return ctx.db.db.selectFrom('sync_runs').selectAll().where('connector_id', '=', connectorId).where('status', '=', 'succeeded').orderBy('ended_at', 'desc').limit(1).executeTakeFirst();
}

export async function markRunning(ctx: Context, run: SyncRunTable): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('sync_runs').set({ status: 'running', started_at: run.started_at ?? now(), error: null }).where('id', '=', run.id).execute();
    await tx.updateTable('connectors').set({ status: 'syncing', status_message: null, updated_at: now() }).where('id', '=', run.connector_id).execute();
  });
}

export interface RunProgress {
  phase: string;
  resources: number;
  grants: number;
  listsDone: number;
  lists: number;
  apiCalls: number;
}

/** Best effort: a lost progress update is replaced by the next one. */
export function reportProgress(ctx: Context, runId: string, p: RunProgress): void {
  void ctx.db.db
    .updateTable('sync_runs')
    .set({ counts: JSON.stringify({ phase: p.phase, resources: p.resources, grants: p.grants, listsDone: p.listsDone, lists: p.lists }), api_calls: p.apiCalls })
    .where('id', '=', runId)
    .execute()
    .catch(() => {});
}

export interface RunOutcome {
  warnings: { code: string; message: string }[];
  apiCalls: number;
  counts: Record<string, unknown>;
  grantsAdded: number;
  grantsRemoved: number;
  log: string;
}

export async function succeedRun(ctx: Context, run: SyncRunTable, outcome: RunOutcome): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('sync_runs')
      .set({
        status: 'succeeded',
        ended_at: now(),
        warnings: JSON.stringify(outcome.warnings),
        api_calls: outcome.apiCalls,
        counts: JSON.stringify({ phase: 'done', ...outcome.counts }),
        grants_added: outcome.grantsAdded,
        grants_removed: outcome.grantsRemoved,
        log: outcome.log,
      })
      .where('id', '=', run.id)
      .execute();
    await tx
      .updateTable('connectors')
      .set({ status: 'connected', status_message: outcome.warnings.length ? outcome.warnings.map((w) => w.message).join('; ') : null, last_sync_at: now(), updated_at: now() })
      .where('id', '=', run.connector_id)
      .execute();
    await connectorRecovered(tx, run.connector_id);
  });
}

/** A failed attempt: the run goes back to queued (another attempt follows) or ends failed. */
export async function failRun(ctx: Context, run: SyncRunTable, message: string, final: boolean, log: string): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('sync_runs')
      .set({ status: final ? 'failed' : 'queued', ended_at: final ? now() : null, error: message, warnings: JSON.stringify([]), log })
      .where('id', '=', run.id)
      .execute();
    await tx.updateTable('connectors').set({ status: 'error', status_message: message, updated_at: now() }).where('id', '=', run.connector_id).execute();
    // Its owners hear of it once per outage, not at every retry nor at every failing hourly sync.
    if (final) await connectorFailed(ctx, tx, run.connector_id, run.id, message);
  });
  if (final) ctx.jobs.poke();
}

export async function listRuns(ctx: Context, connectorId: string, limit: number) {
  const runs = await ctx.db.db.selectFrom('sync_runs').selectAll().where('connector_id', '=', connectorId).orderBy('queued_at', 'desc').limit(limit).execute();
  return runs.map((r) => ({
    id: r.id,
    status: r.status,
    trigger: r.trigger,
    queuedAt: r.queued_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    error: r.error,
    warnings: JSON.parse(r.warnings) as unknown[],
    apiCalls: r.api_calls,
    counts: JSON.parse(r.counts) as Record<string, unknown>,
    grantsAdded: r.grants_added,
    grantsRemoved: r.grants_removed,
    log: r.log,
  }));
}

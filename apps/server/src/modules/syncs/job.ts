/**
 * The sync job: run the connector's sync into a sync file under the data dir (resumed if an
 * earlier attempt was killed), ingest it into the catalog, update people and account links, and
 * keep the sync run and the connector's status current (through `runs.ts`) for people watching.
 */
import { AuthenticationError, ConfigError, createLogger, PermissionDeniedError, runSync, WarningSink, type SyncOptions } from '@gatehouse/sdk';
import { Writable } from 'node:stream';
import type { Context } from '../../context.js';
import { restrictFiles, sqliteFiles, syncFiles, withPrivateUmask } from '../../files.js';
import { PermanentJobError, type JobRecord } from '../../jobs/queue.js';
import { countRateLimited, observeIngestDuration, observeSyncDuration } from '../../metrics.js';
import { instantiate } from '../apps/connectors.js';
import { discoverApps } from '../catalog/discovery.js';
import { ingestOffThread } from './ingest-thread.js';
import { failRun, loadRun, markRunning, reportProgress, succeedRun } from './runs.js';

export { SYNC_JOB } from './runs.js';

/** Called after every successful ingest (tasks verify their changes, later conflicts are checked). */
export type AfterIngest = (ctx: Context, sync: { appId: string; connectorId: string; runId: string; startedAt: string }) => Promise<void>;

/** A small log kept with the sync run: what a person needs to see why a sync did what it did. */
function runLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        try {
          const o = JSON.parse(line) as { msg: string; time: number };
          lines.push(`${new Date(o.time).toISOString()} ${o.msg}`);
        } catch {
          lines.push(line);
        }
      }
      if (lines.length > 500) lines.splice(0, lines.length - 500);
      cb();
    },
  });
  return { logger: createLogger({ level: 'info', destination: stream }), text: () => lines.join('\n') };
}

export async function runSyncJob(ctx: Context, job: JobRecord, afterIngest: AfterIngest[] = []): Promise<void> {
  const { db } = ctx.db;
  const runId = String(job.payload.runId);
  const run = await loadRun(ctx, runId);
  if (!run) throw new PermanentJobError(`sync run ${runId} is gone`);
  const row = await db.selectFrom('connectors').selectAll().where('id', '=', run.connector_id).executeTakeFirst();
  if (!row) throw new PermanentJobError(`connector ${run.connector_id} is gone`);
  await markRunning(ctx, run);
  const startedAt = run.started_at ?? new Date().toISOString();

  const log = runLog();
  const warnings = new WarningSink();
  // Operators of several processes read these lines (JSON through pino) to see which process does what.
  const started = Date.now();
  const fields = { process: ctx.jobs.workerId, app: row.app_id, connector: row.id, type: row.type, run: runId, attempt: job.attempts };
  ctx.logger.info(fields, 'sync started');
  let progressAt = 0;
  try {
    const { def, connector } = instantiate(row, ctx.secrets, { logger: log.logger, warn: warnings.warn, outbound: ctx.outbound, onRateLimited: countRateLimited(ctx, row) });
    log.logger.info(`sync of ${def.displayName} started (attempt ${job.attempts})`);
    const files = syncFiles(ctx.config.dataDir, row.id, (message) => ctx.logger.warn(message));
    const file = files.current;
    const options: SyncOptions = {
      definition: def,
      connector,
      file,
      // The public config identifies the target: an edited domain starts a fresh sync file.
      target: `${row.id}|${row.config}`,
      logger: log.logger,
      onProgress: (p) => {
        if (Date.now() - progressAt < 1000) return;
        progressAt = Date.now();
        reportProgress(ctx, runId, { phase: p.phase, resources: p.resources, grants: p.grants, listsDone: p.tasksDone, lists: p.tasksTotal, apiCalls: p.apiCalls });
      },
    };
    let result;
    try {
      // The engine creates (or, after a finished sync, re-creates) the file before its first
      // await: under the private umask it is 0600 from its first byte, and so are its WAL files.
      result = await withPrivateUmask(() => runSync(options, warnings));
    } finally {
      await connector.close();
      // Whatever the engine made later, or an older version left readable.
      restrictFiles(sqliteFiles(file), (message) => ctx.logger.warn(message));
    }
    log.logger.info(`${result.apiCallsThisRun} API calls${result.resumed ? ' (resumed an interrupted sync)' : ''}; ingesting`);
    const app = await db.selectFrom('apps').select('is_directory').where('id', '=', row.app_id).executeTakeFirstOrThrow();
    const done = await ingestOffThread(ctx, { appId: row.app_id, runId, file, previous: files.base, keepAs: files.base, directory: Boolean(app.is_directory) });
    const { ingest } = done;
    ctx.logger.info({ ...fields, mode: ingest.mode, grants: ingest.grants, added: ingest.grantsAdded, removed: ingest.grantsRemoved, rows: ingest.rowsWritten, durationMs: done.ingestMs }, 'ingest finished');
    observeIngestDuration(ctx, { type: row.type, appId: row.app_id }, done.ingestMs);
    if (done.people) {
      log.logger.info(`people: ${done.people.created} created, ${done.people.updated} updated`);
      await discoverApps(ctx, row.id, row.app_id);
    }
    log.logger.info(`ingested ${ingest.mode === 'incremental' ? `the difference from the last sync (${ingest.rowsWritten} rows written)` : 'a new copy of the catalog'}: +${ingest.grantsAdded} -${ingest.grantsRemoved} grants`);
    for (const hook of afterIngest) await hook(ctx, { appId: row.app_id, connectorId: row.id, runId, startedAt });
    ctx.logger.info({ ...fields, apiCalls: result.apiCalls, resources: result.resources, grants: result.grants, durationMs: Date.now() - started }, 'sync succeeded');
    observeSyncDuration(ctx, { type: row.type, appId: row.app_id, outcome: 'succeeded' }, Date.now() - started);
    await succeedRun(ctx, run, {
      warnings: result.warnings,
      apiCalls: result.apiCalls,
      counts: { resources: result.resources, entitlements: result.entitlements, grants: result.grants, inheritedGrants: result.inheritedGrants },
      grantsAdded: ingest.grantsAdded,
      grantsRemoved: ingest.grantsRemoved,
      log: log.text(),
    });
  } catch (err) {
    const message = (err as Error).message;
    const permanent = err instanceof AuthenticationError || err instanceof ConfigError || err instanceof PermissionDeniedError || err instanceof PermanentJobError;
    const final = permanent || job.attempts >= job.maxAttempts;
    log.logger.error(`sync failed: ${message}${final ? '' : ' (will retry)'}`);
    ctx.logger.warn({ ...fields, final, err: message, durationMs: Date.now() - started }, 'sync failed');
    observeSyncDuration(ctx, { type: row.type, appId: row.app_id, outcome: 'failed' }, Date.now() - started);
    await failRun(ctx, run, message, final, log.text());
    throw permanent ? new PermanentJobError(message) : err;
  }
}

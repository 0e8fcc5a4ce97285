/**
 * The sync job: run the connector's sync into a sync file under the data dir (resumed if an
 * earlier attempt was killed), ingest it into the catalog, update people and account links, and
 * keep the connector's status and the sync run's record current for people watching.
 */
import { AuthenticationError, ConfigError, createLogger, PermissionDeniedError, runSync, WarningSink } from '@gatehouse/sdk';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Context } from '../context.js';
import { refreshStatistics } from '../db/database.js';
import { PermanentJobError, type JobRecord } from '../jobs/queue.js';
import { instantiate } from './connectors.js';
import { ingestSyncFile } from './ingest.js';
import { matchAccounts, matchAllApps, syncPeopleFromDirectory } from './people.js';
import { discoverApps } from './unmanaged.js';

export const SYNC_JOB = 'sync';

export function syncFilePath(ctx: Context, connectorId: string): string {
  const dir = join(ctx.config.dataDir, 'syncs');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${connectorId}.sync`);
}

/** A small log kept with the sync run: what a person needs to see why a sync did what it did. */
function runLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        try {
          const o = JSON.parse(line) as { level: number; msg: string; time: number };
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

export async function runSyncJob(ctx: Context, job: JobRecord): Promise<void> {
  const { db } = ctx.db;
  const runId = String(job.payload.runId);
  const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new PermanentJobError(`sync run ${runId} is gone`);
  const row = await db.selectFrom('connectors').selectAll().where('id', '=', run.connector_id).executeTakeFirst();
  if (!row) throw new PermanentJobError(`connector ${run.connector_id} is gone`);
  const now = () => new Date().toISOString();
  await db.updateTable('sync_runs').set({ status: 'running', started_at: run.started_at ?? now(), error: null }).where('id', '=', runId).execute();
  await db.updateTable('connectors').set({ status: 'syncing', status_message: null, updated_at: now() }).where('id', '=', row.id).execute();

  const log = runLog();
  const warnings = new WarningSink();
  let progressAt = 0;
  try {
    const { def, connector } = instantiate(row, ctx.secrets, { logger: log.logger, warn: warnings.warn });
    log.logger.info(`sync of ${def.displayName} started (attempt ${job.attempts})`);
    let result;
    try {
      result = await runSync(
        {
          definition: def,
          connector,
          file: syncFilePath(ctx, row.id),
          // The public config identifies the target: an edited domain starts a fresh sync file.
          target: `${row.id}|${row.config}`,
          logger: log.logger,
          onProgress: (p) => {
            if (Date.now() - progressAt < 1000) return;
            progressAt = Date.now();
            void db
              .updateTable('sync_runs')
              .set({ counts: JSON.stringify({ phase: p.phase, resources: p.resources, grants: p.grants, listsDone: p.tasksDone, lists: p.tasksTotal }), api_calls: p.apiCalls })
              .where('id', '=', runId)
              .execute()
              .catch(() => {});
          },
        },
        warnings,
      );
    } finally {
      await connector.close();
    }
    log.logger.info(`${result.apiCallsThisRun} API calls${result.resumed ? ' (resumed an interrupted sync)' : ''}; ingesting`);
    const ingest = await ingestSyncFile(ctx.db, row.app_id, runId, syncFilePath(ctx, row.id));
    const app = await db.selectFrom('apps').select('is_directory').where('id', '=', row.app_id).executeTakeFirstOrThrow();
    if (app.is_directory) {
      const people = await syncPeopleFromDirectory(ctx.db, row.app_id);
      log.logger.info(`people: ${people.created} created, ${people.updated} updated`);
      await discoverApps(ctx, row.id, row.app_id);
      await matchAllApps(ctx.db);
    } else {
      await matchAccounts(ctx.db, row.app_id);
    }
    await refreshStatistics(ctx.db, ['people', 'account_links']);
    log.logger.info(`ingested: +${ingest.grantsAdded} -${ingest.grantsRemoved} grants`);
    // The run and the connector change together: nobody sees a finished run on a syncing connector.
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('sync_runs')
        .set({
          status: 'succeeded',
          ended_at: now(),
          warnings: JSON.stringify(result.warnings),
          api_calls: result.apiCalls,
          counts: JSON.stringify({ phase: 'done', resources: result.resources, entitlements: result.entitlements, grants: result.grants, inheritedGrants: result.inheritedGrants }),
          grants_added: ingest.grantsAdded,
          grants_removed: ingest.grantsRemoved,
          log: log.text(),
        })
        .where('id', '=', runId)
        .execute();
      await tx
        .updateTable('connectors')
        .set({ status: 'connected', status_message: result.warnings.length ? result.warnings.map((w) => w.message).join('; ') : null, last_sync_at: now(), updated_at: now() })
        .where('id', '=', row.id)
        .execute();
    });
  } catch (err) {
    const message = (err as Error).message;
    const permanent = err instanceof AuthenticationError || err instanceof ConfigError || err instanceof PermissionDeniedError || err instanceof PermanentJobError;
    const final = permanent || job.attempts >= job.maxAttempts;
    log.logger.error(`sync failed: ${message}${final ? '' : ' (will retry)'}`);
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('sync_runs')
        .set({ status: final ? 'failed' : 'queued', ended_at: final ? now() : null, error: message, warnings: JSON.stringify([]), log: log.text() })
        .where('id', '=', runId)
        .execute();
      await tx.updateTable('connectors').set({ status: 'error', status_message: message, updated_at: now() }).where('id', '=', row.id).execute();
    });
    throw permanent ? new PermanentJobError(message) : err;
  }
}

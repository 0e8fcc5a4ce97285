/**
 * `gatehouse serve`: configuration from the environment, migrations at start, the first admin,
 * the job worker and the sync schedules, then the HTTP server.
 */
import { createLogger, type Logger } from '@gatehouse/sdk';
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildApp, type App } from './app.js';
import { generatePassword, hashPassword } from './auth/credentials.js';
import type { Context, ServerConfig } from './context.js';
import { isPostgresUrl, openDatabase } from './db/database.js';
import { migrate } from './db/migrations.js';
import { JobQueue } from './jobs/queue.js';
import { audit, configureAudit, SYSTEM } from './modules/audit.js';
import { runSyncJob, SYNC_JOB } from './modules/sync.js';
import { requestSync } from './routes/apps.js';
import { SecretBox } from './secrets.js';

/** An environment variable that is set to an empty string counts as unset (as shells and compose files produce them). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = resolve(overrides.dataDir ?? envValue(env, 'GATEHOUSE_DATA_DIR') ?? '.gatehouse');
  const port = overrides.port ?? Number(envValue(env, 'GATEHOUSE_PORT') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEHOUSE_PORT must be a port number, got "${env.GATEHOUSE_PORT}"`);
  const databaseUrl = overrides.databaseUrl ?? envValue(env, 'GATEHOUSE_DATABASE_URL') ?? join(dataDir, 'gatehouse.db');
  return { port, host: overrides.host ?? envValue(env, 'GATEHOUSE_HOST') ?? '127.0.0.1', dataDir, databaseUrl, pollMs: overrides.pollMs ?? 1000, schedules: overrides.schedules ?? true };
}

export interface RunningServer {
  url: string;
  app: App;
  ctx: Context;
  /** Set when this start created the first admin (shown once). */
  initialAdmin?: { email: string; password: string };
  close(): Promise<void>;
}

/** The first admin: from GATEHOUSE_ADMIN_EMAIL / GATEHOUSE_ADMIN_PASSWORD, or generated. */
async function bootstrapAdmin(ctx: Context, env: NodeJS.ProcessEnv): Promise<{ email: string; password: string } | undefined> {
  const { db } = ctx.db;
  const any = await db.selectFrom('platform_users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const email = (envValue(env, 'GATEHOUSE_ADMIN_EMAIL') ?? 'admin@gatehouse.local').toLowerCase();
  const password = envValue(env, 'GATEHOUSE_ADMIN_PASSWORD') ?? generatePassword();
  const id = randomUUID();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('platform_users').values({ id, email, name: 'Administrator', password_hash: await hashPassword(password), role: 'super_admin', disabled: 0, created_at: new Date().toISOString() }).execute();
    await audit(tx, SYSTEM, { action: 'user.bootstrap', targetType: 'platform_user', targetId: id, after: { email, role: 'super_admin' } });
  });
  return { email, password };
}

/** Cron schedules of every connector, reread every minute so edits take effect. */
function startSchedules(ctx: Context): () => void {
  const crons = new Map<string, { schedule: string; cron: Cron }>();
  const refresh = async () => {
    const rows = await ctx.db.db.selectFrom('connectors').select(['id', 'app_id', 'schedule']).execute();
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, c] of crons) {
      if (!ids.has(id)) {
        c.cron.stop();
        crons.delete(id);
      }
    }
    for (const r of rows) {
      if (crons.get(r.id)?.schedule === r.schedule) continue;
      crons.get(r.id)?.cron.stop();
      const cron = new Cron(r.schedule, { protect: true }, () => {
        void requestSync(ctx, r.id, r.app_id, 'schedule').catch((err: unknown) => ctx.logger.error({ err: (err as Error).message }, 'scheduled sync not queued'));
      });
      crons.set(r.id, { schedule: r.schedule, cron });
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh().catch(() => {}), 60_000);
  return () => {
    clearInterval(timer);
    for (const c of crons.values()) c.cron.stop();
  };
}

export async function startServer(config: ServerConfig, options: { logger?: Logger; env?: NodeJS.ProcessEnv; worker?: boolean } = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  mkdirSync(config.dataDir, { recursive: true });
  const logger = options.logger ?? createLogger({ level: envValue(env, 'GATEHOUSE_LOG_LEVEL') ?? 'info' });
  const store = openDatabase(config.databaseUrl);
  await migrate(store.db as never, store.dialect);
  configureAudit(store.dialect);
  const secrets = SecretBox.load(config.dataDir, envValue(env, 'GATEHOUSE_MASTER_KEY'));
  const jobs = new JobQueue(store, logger);
  const ctx: Context = { db: store, secrets, config, jobs, logger };
  jobs.register(SYNC_JOB, (job) => runSyncJob(ctx, job));
  // Embedded, this process is the only worker: whatever was running when it last stopped was
  // cut off and is retried now. On PostgreSQL, other replicas may be alive: wait for leases.
  await jobs.recover(!isPostgresUrl(config.databaseUrl));
  const initialAdmin = await bootstrapAdmin(ctx, env);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}` : `http://${config.host}:${config.port}`;
  if (options.worker !== false) jobs.start(config.pollMs);
  const stopSchedules = config.schedules ? startSchedules(ctx) : () => {};
  return {
    url,
    app,
    ctx,
    initialAdmin,
    async close() {
      stopSchedules();
      await jobs.stop();
      // A client that keeps a connection busy (a response it never reads) must not hold the
      // shutdown forever: give in-flight requests a grace period, then cut what is left.
      const grace = setTimeout(() => app.server.closeAllConnections(), 3000);
      await app.close();
      clearTimeout(grace);
      await store.close();
    },
  };
}

/**
 * `gatehouse serve`: configuration from the environment, migrations at start, the first admin,
 * the job workers and the sync schedules, then the HTTP server.
 */
import { createLogger, OutboundPolicy, type Logger } from '@gatehouse/sdk';
import { join, resolve } from 'node:path';
import { buildApp, type App } from './app.js';
import type { Context, ServerConfig } from './context.js';
import { isPostgresUrl, openDatabase } from './db/database.js';
import { migrate } from './db/migrations.js';
import { InvalidError } from './errors.js';
import { ensurePrivateDir } from './files.js';
import { JobQueue } from './jobs/queue.js';
import { countRateLimited, Metrics } from './metrics.js';
import { ConnectorPool } from './modules/apps/connector-pool.js';
import { releaseIngestLeases } from './modules/catalog/ingest.js';
import { configureAudit, SYSTEM } from './modules/audit/audit.js';
import { AuditSigner } from './modules/audit/checkpoints.js';
import { generatePassword } from './modules/auth/credentials.js';
import { bootstrapAdmin } from './modules/auth/users.js';
import { DELIVERY_JOB, runDeliveryJob } from './modules/notifications/outbox.js';
import { smtpFromEnv } from './modules/notifications/settings.js';
import { parseRoleMap } from './modules/scim/roles.js';
import { runSyncJob, SYNC_JOB, type AfterIngest } from './modules/syncs/job.js';
import { startSchedules } from './modules/syncs/schedules.js';
import { evaluateAfterSync, startExemptionClock } from './modules/conflicts/index.js';
import { startRequestClock } from './modules/requests/index.js';
import { closeRemovedItems, REVIEW_REMEDIATE_JOB, REVIEW_START_JOB, runRemediationJob, runStartJob, startReviewClock } from './modules/reviews/index.js';
import { runTaskJob, TASK_JOB, verifyAfterSync } from './modules/tasks/index.js';
import { SecretBox } from './secrets.js';

/** An environment variable that is set to an empty string counts as unset (as shells and compose files produce them). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** GATEHOUSE_TRUST_PROXY: `true` (whatever connects is a proxy), or the proxies' addresses and CIDRs, comma-separated. */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv): boolean | string | undefined {
  const value = envValue(env, 'GATEHOUSE_TRUST_PROXY');
  if (value === undefined || value === 'false') return undefined;
  return value === 'true' ? true : value;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const dataDir = resolve(overrides.dataDir ?? envValue(env, 'GATEHOUSE_DATA_DIR') ?? '.gatehouse');
  const port = overrides.port ?? Number(envValue(env, 'GATEHOUSE_PORT') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`GATEHOUSE_PORT must be a port number, got "${env.GATEHOUSE_PORT}"`);
  const databaseUrl = overrides.databaseUrl ?? envValue(env, 'GATEHOUSE_DATABASE_URL') ?? join(dataDir, 'gatehouse.db');
  return {
    port,
    host: overrides.host ?? envValue(env, 'GATEHOUSE_HOST') ?? '127.0.0.1',
    dataDir,
    databaseUrl,
    pollMs: overrides.pollMs ?? 1000,
    schedules: overrides.schedules ?? true,
    publicUrl: overrides.publicUrl ?? envValue(env, 'GATEHOUSE_PUBLIC_URL'),
    smtp: 'smtp' in overrides ? overrides.smtp : smtpFromEnv(env),
    outbound: overrides.outbound ?? OutboundPolicy.fromEnv(env),
    trustProxy: 'trustProxy' in overrides ? overrides.trustProxy : trustProxyFromEnv(env),
    loginThrottle: overrides.loginThrottle,
    metricsToken: 'metricsToken' in overrides ? overrides.metricsToken : metricsTokenFromEnv(env),
    scimRoleMap: 'scimRoleMap' in overrides ? overrides.scimRoleMap : parseRoleMap(envValue(env, 'GATEHOUSE_SCIM_ROLE_MAP')),
  };
}

/** GATEHOUSE_METRICS_TOKEN: the bearer token Prometheus presents for /metrics; unset, /metrics is closed. */
export function metricsTokenFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const token = envValue(env, 'GATEHOUSE_METRICS_TOKEN');
  if (token !== undefined && token.length < 16) throw new Error('GATEHOUSE_METRICS_TOKEN must be at least 16 characters (openssl rand -hex 32 makes one)');
  return token;
}

/** Signs the audit chain's head every `seconds` (and once more at shutdown). */
function startCheckpoints(ctx: Context, seconds: number): () => Promise<void> {
  const write = () => ctx.auditSigner.checkpoint(ctx.db.db).catch((err: unknown) => ctx.logger.error({ err: (err as Error).message }, 'audit checkpoint not written'));
  const timer = setInterval(() => void write(), Math.max(1, seconds) * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await write();
  };
}

export interface RunningServer {
  url: string;
  app: App;
  ctx: Context;
  /**
   * Set when this start created the first admin. `password` only when it was generated: for the
   * operator to read once; one they supplied (GATEHOUSE_ADMIN_PASSWORD) is never repeated.
   */
  initialAdmin?: { email: string; password?: string };
  close(): Promise<void>;
}

/** The first admin: from GATEHOUSE_ADMIN_EMAIL / GATEHOUSE_ADMIN_PASSWORD (refused if weak), or generated. */
async function firstAdmin(ctx: Context, env: NodeJS.ProcessEnv): Promise<RunningServer['initialAdmin']> {
  const email = (envValue(env, 'GATEHOUSE_ADMIN_EMAIL') ?? 'admin@gatehouse.local').toLowerCase();
  const supplied = envValue(env, 'GATEHOUSE_ADMIN_PASSWORD');
  const password = supplied ?? generatePassword();
  try {
    if (!(await bootstrapAdmin(ctx, SYSTEM, email, password))) return undefined;
  } catch (err) {
    if (err instanceof InvalidError) {
      const why = (err.errors[0]?.message ?? err.message).replace(/\.$/, '');
      throw new Error(`GATEHOUSE_ADMIN_PASSWORD ${why}. Choose a stronger one, or leave it unset to have one generated and shown once`);
    }
    throw err;
  }
  return supplied ? { email } : { email, password };
}

export async function startServer(config: ServerConfig, options: { logger?: Logger; env?: NodeJS.ProcessEnv; worker?: boolean } = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: envValue(env, 'GATEHOUSE_LOG_LEVEL') ?? 'info' });
  const warn = (message: string) => logger.warn(message);
  ensurePrivateDir(config.dataDir, warn);
  const store = openDatabase(config.databaseUrl, warn);
  try {
    return await startOn(store, config, logger, env, options.worker !== false);
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function startOn(store: ReturnType<typeof openDatabase>, config: ServerConfig, logger: Logger, env: NodeJS.ProcessEnv, worker: boolean): Promise<RunningServer> {
  await migrate(store.db as never, store.dialect);
  configureAudit(store.dialect);
  const secrets = SecretBox.load(config.dataDir, envValue(env, 'GATEHOUSE_MASTER_KEY'));
  const jobs = new JobQueue(store, logger);
  // Every outbound call (connectors, webhooks) passes one policy; a config without one gets the
  // environment's (strict unless GATEHOUSE_OUTBOUND_ALLOW opens something).
  const outbound = config.outbound ?? OutboundPolicy.fromEnv(env);
  const auditSigner = AuditSigner.load(config.dataDir, envValue(env, 'GATEHOUSE_AUDIT_KEY'));
  const metrics = new Metrics(jobs, (message) => logger.warn(message));
  const connectors = new ConnectorPool(secrets, logger, outbound, (row) => countRateLimited({ metrics }, row));
  const ctx: Context = { db: store, secrets, config, jobs, logger, outbound, connectors, auditSigner, metrics };
  // After each ingest, tasks learn whether their changes held (confirmed, or drift).
  // …pending review items whose grant is gone close as removed outside their campaign, and access
  // conflicts naming the app are looked for.
  const afterIngest: AfterIngest[] = [verifyAfterSync, closeRemovedItems, evaluateAfterSync];
  jobs.register(SYNC_JOB, (job) => runSyncJob(ctx, job, afterIngest));
  jobs.register(DELIVERY_JOB, (job) => runDeliveryJob(ctx, job));
  jobs.register(TASK_JOB, (job) => runTaskJob(ctx, job));
  jobs.register(REVIEW_START_JOB, (job) => runStartJob(ctx, job));
  jobs.register(REVIEW_REMEDIATE_JOB, (job) => runRemediationJob(ctx, job));
  // Embedded, this process is the only worker: whatever was running when it last stopped was
  // cut off and is retried now. On PostgreSQL, other replicas may be alive: wait for leases.
  await jobs.recover(!isPostgresUrl(config.databaseUrl));
  // Likewise an ingest's hold on its app (embedded, it died with the last run).
  if (!isPostgresUrl(config.databaseUrl)) await releaseIngestLeases(store);
  const initialAdmin = await firstAdmin(ctx, env);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}` : `http://${config.host}:${config.port}`;
  ctx.config.publicUrl ??= url;
  if (worker) jobs.start(config.pollMs);
  const stopSchedules = config.schedules ? startSchedules(ctx) : () => {};
  const stopReviewClock = startReviewClock(ctx, Number(envValue(env, 'GATEHOUSE_REVIEW_CLOCK_SECONDS') ?? 60) * 1000);
  const stopExemptionClock = startExemptionClock(ctx);
  const stopRequestClock = startRequestClock(ctx, Number(envValue(env, 'GATEHOUSE_REQUEST_CLOCK_MS') ?? 5000));
  const stopCheckpoints = startCheckpoints(ctx, Number(envValue(env, 'GATEHOUSE_AUDIT_CHECKPOINT_SECONDS') ?? 60));
  return {
    url,
    app,
    ctx,
    initialAdmin,
    async close() {
      stopSchedules();
      stopReviewClock();
      stopExemptionClock();
      stopRequestClock();
      await jobs.stop();
      await stopCheckpoints();
      await ctx.connectors.closeAll();
      // A client that keeps a connection busy (a response it never reads) must not hold the
      // shutdown forever: give in-flight requests a grace period, then cut what is left.
      const grace = setTimeout(() => app.server.closeAllConnections(), 3000);
      await app.close();
      clearTimeout(grace);
      await store.close();
    },
  };
}

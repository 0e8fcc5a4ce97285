/** What route handlers and jobs share: the database, the secret box, config and the job queue. */
import type { Logger, OutboundPolicy } from '@gatehouse/sdk';
import type { Db } from './db/database.js';
import type { JobQueue } from './jobs/queue.js';
import type { Metrics } from './metrics.js';
import type { ConnectorPool } from './modules/apps/connector-pool.js';
import type { AuditSigner } from './modules/audit/checkpoints.js';
import type { Role } from './modules/auth/roles.js';
import type { ThrottlePolicy } from './modules/auth/throttle.js';
import type { SecretBox } from './secrets.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  /** How often the job worker looks for due jobs when idle. */
  pollMs: number;
  /** Run scheduled syncs (off in tests). */
  schedules: boolean;
  /** Where people reach the web UI (links in notifications): GATEHOUSE_PUBLIC_URL, else the address listened on. */
  publicUrl?: string;
  /** Email over SMTP (GATEHOUSE_SMTP_*); without it notifications reach the in-app inbox and webhooks only. */
  smtp?: SmtpConfig;
  /** Which URLs the server may call (webhooks): GATEHOUSE_OUTBOUND_ALLOW; unset, public https only. */
  outbound?: OutboundPolicy;
  /**
   * The proxies whose X-Forwarded-For/-Proto/-Host are believed (GATEHOUSE_TRUST_PROXY, as
   * Fastify's trustProxy: true for any, or their addresses and CIDRs); unset, none.
   */
  trustProxy?: boolean | string;
  /** Sign-in throttling; unset, `DEFAULT_THROTTLE`. */
  loginThrottle?: ThrottlePolicy;
  /**
   * The bearer token a Prometheus scraper presents for /metrics (GATEHOUSE_METRICS_TOKEN, at least
   * 16 characters); unset, /metrics refuses every caller.
   */
  metricsToken?: string;
  /** SCIM groups whose members get a platform role (GATEHOUSE_SCIM_ROLE_MAP); unset, the map set through the API. */
  scimRoleMap?: { group: string; role: Role }[];
}

/** The SMTP relay that sends notification emails. The password is a secret: never logged, never shown. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (GATEHOUSE_SMTP_REQUIRE_TLS). */
  requireTls: boolean;
  user?: string;
  password?: string;
  /** The From address: `Gatehouse <gatehouse@example.com>`. */
  from: string;
}

export interface Context {
  db: Db;
  secrets: SecretBox;
  config: ServerConfig;
  jobs: JobQueue;
  /**
   * The one outbound address policy every connector and webhook call passes (the config's, or
   * the environment's): set once at start, so no caller picks a default of its own.
   */
  outbound: OutboundPolicy;
  /** Connector instances shared by tasks (one rate-limit budget and token per connector). */
  connectors: ConnectorPool;
  /** Signs checkpoints of the audit chain's head with a key kept outside the database. */
  auditSigner: AuditSigner;
  /** This server's Prometheus metrics (its own registry). */
  metrics: Metrics;
  logger: Logger;
}

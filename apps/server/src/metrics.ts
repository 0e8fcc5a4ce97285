/**
 * Prometheus metrics, served at `/metrics` (prom-client's text format) to a scraper that presents
 * GATEHOUSE_METRICS_TOKEN (`http/access.ts`): the job queue's depth, read from the jobs table at
 * each scrape; sync and ingest durations; API latency; 429s received from each connector's app;
 * and prom-client's process metrics (CPU, memory, event loop lag, GC).
 *
 * One registry per server, never prom-client's global one: tests run several servers in one
 * process, and each must count only its own.
 *
 * Labels are bounded and carry no secrets and no user data: connector types (the registry's),
 * connector and app ids (generated UUIDs, never names), job kinds and states, route patterns
 * (`/api/v1/apps/:id`, never the URL asked for), methods and status classes (`2xx`).
 */
import type { RateLimitedEvent } from '@gatehouse/sdk';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobQueue } from './jobs/queue.js';

/** The job states the queue-depth gauge reports (done jobs are history, not depth). */
export const JOB_STATES = ['queued', 'running', 'failed'] as const;

/** Requests that matched no route (pages of the web UI, unknown paths): one label, whatever the URL. */
export const UNMATCHED_ROUTE = 'unmatched';

export class Metrics {
  readonly registry = new Registry();
  private readonly syncSeconds: Histogram<'connector_type' | 'app_id' | 'outcome'>;
  private readonly ingestSeconds: Histogram<'connector_type' | 'app_id'>;
  private readonly requestSeconds: Histogram<'route' | 'method' | 'status_class'>;
  private readonly rateLimited: Counter<'connector_type' | 'connector_id'>;

  constructor(jobs: Pick<JobQueue, 'depth' | 'kinds'>, onError: (message: string) => void = () => {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.syncSeconds = new Histogram({
      name: 'gatehouse_sync_duration_seconds',
      help: 'How long syncs took, from start to ingested (or failed), by connector type, app and outcome',
      labelNames: ['connector_type', 'app_id', 'outcome'],
      // Seconds (a small app) to hours (100,000+ accounts behind a rate limit).
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400],
      registers,
    });
    this.ingestSeconds = new Histogram({
      name: 'gatehouse_ingest_duration_seconds',
      help: 'How long ingesting a sync file into the catalog took, by connector type and app',
      labelNames: ['connector_type', 'app_id'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'gatehouse_http_request_duration_seconds',
      help: 'API latency, by route pattern, method and status class',
      labelNames: ['route', 'method', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'gatehouse_connector_rate_limited_total',
      help: '429 (Too Many Requests) answers connectors received from their apps, by connector type and connector',
      labelNames: ['connector_type', 'connector_id'],
      registers,
    });
    new Gauge({
      name: 'gatehouse_jobs',
      help: 'Jobs in the queue, by kind and state (queued includes retries waiting for their time), read from the database at each scrape',
      labelNames: ['kind', 'state'],
      registers,
      async collect() {
        this.reset();
        try {
          const depth = await jobs.depth();
          // Every registered kind in every state, zeros included: a series that vanishes when
          // the queue empties cannot be alerted on.
          for (const kind of jobs.kinds()) for (const state of JOB_STATES) this.set({ kind, state }, 0);
          for (const { kind, state, count } of depth) this.set({ kind, state }, count);
        } catch (err) {
          // The database not answering: the other metrics still say what the process is doing
          // (/readyz says why it cannot serve).
          onError(`queue depth not read: ${(err as Error).message}`);
        }
      },
    });
  }

  observeSync(labels: { type: string; appId: string; outcome: 'succeeded' | 'failed' }, ms: number): void {
    this.syncSeconds.observe({ connector_type: labels.type, app_id: labels.appId, outcome: labels.outcome }, ms / 1000);
  }

  observeIngest(labels: { type: string; appId: string }, ms: number): void {
    this.ingestSeconds.observe({ connector_type: labels.type, app_id: labels.appId }, ms / 1000);
  }

  /** One API request: `route` is the route's pattern (undefined when no route matched), never the URL. */
  observeRequest(route: string | undefined, method: string, status: number, ms: number): void {
    this.requestSeconds.observe({ route: route ?? UNMATCHED_ROUTE, method, status_class: `${Math.floor(status / 100)}xx` }, ms / 1000);
  }

  /** The `onRateLimited` of a connector's context: counts its 429s under its type and id (the URL is not kept). */
  rateLimitCounter(connector: { id: string; type: string }): (event: RateLimitedEvent) => void {
    const counter = this.rateLimited.labels({ connector_type: connector.type, connector_id: connector.id });
    return () => counter.inc();
  }

  /** The text format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** What the functions below need of the server's context. */
interface WithMetrics {
  metrics: Metrics;
}

/** A sync ended (succeeded or failed) `ms` after it started. */
export function observeSyncDuration(ctx: WithMetrics, sync: { type: string; appId: string; outcome: 'succeeded' | 'failed' }, ms: number): void {
  ctx.metrics.observeSync(sync, ms);
}

/** A sync file was ingested in `ms`. */
export function observeIngestDuration(ctx: WithMetrics, ingest: { type: string; appId: string }, ms: number): void {
  ctx.metrics.observeIngest(ingest, ms);
}

/** For a connector's context (`instantiate(row, secrets, { …, onRateLimited: countRateLimited(ctx, row) })`). */
export function countRateLimited(ctx: WithMetrics, connector: { id: string; type: string }): (event: RateLimitedEvent) => void {
  return ctx.metrics.rateLimitCounter(connector);
}

/**
 * Durable jobs in the database: syncs (scheduled and on demand) and, later, provisioning tasks,
 * expiries and reminders. One implementation for both databases: on PostgreSQL a job is claimed
 * with FOR UPDATE SKIP LOCKED, so several server processes share the queue and never run one job
 * twice; a partial unique index allows one active job per dedupe key (one sync per connector).
 * A claimed job holds a lease that its worker renews; a worker that dies (kill -9) lets the lease
 * run out and the job is retried.
 *
 * The design once named pg-boss for PostgreSQL. It was weighed and not used: pg-boss 10 (the
 * last major for Node 20) has no heartbeat, so a job whose process died stays "active" until its
 * fixed expiry passes, and a sync's expiry must exceed the longest sync (hours), so recovery after
 * a kill -9 would take hours instead of one lease (a minute). It would also be a second queue next
 * to the SQLite one, with its own semantics. This queue gives both databases the same guarantees
 * (SKIP LOCKED claims, one active job per key, leases renewed while working, expired leases taken
 * over by any live process) and is tested on both, with several workers on PostgreSQL. (Job
 * heartbeats were asked of pg-boss in timgit/pg-boss#436; its answer is expiry tuning.)
 */
import type { Logger } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

export interface JobRecord {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (job: JobRecord) => Promise<void>;

/** A failure that retrying cannot fix (bad credentials, invalid config). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export interface EnqueueOptions {
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /**
   * The transaction that makes the change this job carries on: the job exists if and only if the
   * change committed (a task and its job, a notification and its delivery).
   */
  db?: Kysely<Database> | Transaction<Database>;
}


export class JobQueue {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly handlers = new Map<string, JobHandler>();
  private timer?: NodeJS.Timeout;
  private running = new Set<Promise<void>>();
  private stopped = true;
  private wake?: () => void;

  constructor(
    private readonly store: Db,
    private readonly logger: Logger,
    private readonly concurrency = 2,
    /** How long a claimed job is a worker's without a renewal; renewed every third of it. */
    private readonly leaseMs = 60_000,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Adds a job; with a dedupe key already active, returns that job instead. */
  async enqueue(kind: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<{ id: string; created: boolean }> {
    const db = options.db ?? this.store.db;
    const now = new Date().toISOString();
    if (options.dedupeKey) {
      const active = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', options.dedupeKey).where('status', 'in', ['queued', 'running']).executeTakeFirst();
      if (active) return { id: active.id, created: false };
    }
    const id = randomUUID();
    try {
      await db
        .insertInto('jobs')
        .values({
          id,
          kind,
          payload: JSON.stringify(payload),
          status: 'queued',
          dedupe_key: options.dedupeKey ?? null,
          run_at: (options.runAt ?? new Date()).toISOString(),
          attempts: 0,
          max_attempts: options.maxAttempts ?? 5,
          locked_by: null,
          locked_until: null,
          last_error: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    } catch (err) {
      // Another process enqueued the same key between our check and insert (inside a
      // transaction the failed insert has aborted it: the caller's transaction fails instead).
      if (options.dedupeKey && !options.db) {
        const active = await db.selectFrom('jobs').select('id').where('dedupe_key', '=', options.dedupeKey).where('status', 'in', ['queued', 'running']).executeTakeFirst();
        if (active) return { id: active.id, created: false };
      }
      throw err;
    }
    this.wake?.();
    return { id, created: true };
  }

  /** The job kinds this process has handlers for. */
  kinds(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * How many jobs there are of each kind in each state but done (queued, counting retries waiting
   * for their time; running; failed), for the queue-depth metric. Done jobs are history, not depth,
   * and are not counted: the status index keeps this a scan of the live part of the table.
   */
  async depth(): Promise<{ kind: string; state: string; count: number }[]> {
    const rows = await this.store.db
      .selectFrom('jobs')
      .select((eb) => ['kind', 'status', eb.fn.countAll<number | string | bigint>().as('n')])
      .where('status', 'in', ['queued', 'running', 'failed'])
      .groupBy(['kind', 'status'])
      .execute();
    return rows.map((r) => ({ kind: r.kind, state: r.status, count: Number(r.n) }));
  }

  /** Wakes an idle worker now (after committing a transaction that enqueued jobs). */
  poke(): void {
    this.wake?.();
  }

  /** Jobs whose worker died: back to the queue. Embedded (one process), every running job is such a job. */
  async recover(all = false): Promise<number> {
    const now = new Date().toISOString();
    let q = this.store.db.updateTable('jobs').set({ status: 'queued', locked_by: null, locked_until: null, updated_at: now }).where('status', '=', 'running');
    if (!all) q = q.where('locked_until', '<', now);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  private async claim(): Promise<JobRecord | undefined> {
    const { db, dialect } = this.store;
    const now = new Date();
    let next = db.selectFrom('jobs').select('id').where('status', '=', 'queued').where('run_at', '<=', now.toISOString()).orderBy('run_at').limit(1);
    if (dialect === 'postgres') next = next.forUpdate().skipLocked();
    const row = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: this.workerId,
        locked_until: new Date(now.getTime() + this.leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', next)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, kind: row.kind, payload: JSON.parse(row.payload) as Record<string, unknown>, attempts: row.attempts, maxAttempts: row.max_attempts };
  }

  private async execute(job: JobRecord): Promise<void> {
    const { db } = this.store;
    const handler = this.handlers.get(job.kind);
    const heartbeat = setInterval(() => {
      void db
        .updateTable('jobs')
        .set({ locked_until: new Date(Date.now() + this.leaseMs).toISOString() })
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute()
        .catch(() => {});
    }, this.leaseMs / 3);
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind "${job.kind}"`);
      await handler(job);
      await db.updateTable('jobs').set({ status: 'done', locked_by: null, locked_until: null, last_error: null, updated_at: new Date().toISOString() }).where('id', '=', job.id).execute();
    } catch (err) {
      const message = (err as Error).message;
      const final = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const retryAt = new Date(Date.now() + Math.min(300_000, 2000 * 2 ** job.attempts));
      this.logger.warn({ job: job.id, kind: job.kind, attempt: job.attempts, final, err: message }, 'job failed');
      await db
        .updateTable('jobs')
        .set({ status: final ? 'failed' : 'queued', run_at: final ? undefined : retryAt.toISOString(), locked_by: null, locked_until: null, last_error: message, updated_at: new Date().toISOString() })
        .where('id', '=', job.id)
        .execute();
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Runs due jobs until none is left (tests, and the worker loop's inner step). */
  async drain(): Promise<number> {
    let n = 0;
    for (;;) {
      const job = await this.claim();
      if (!job) return n;
      await this.execute(job);
      n++;
    }
  }

  start(pollMs: number): void {
    this.stopped = false;
    let recoveredAt = Date.now();
    const loop = async () => {
      while (!this.stopped) {
        // Another process sharing the database may have died holding jobs: take them back once
        // their lease runs out.
        if (Date.now() - recoveredAt > this.leaseMs / 4) {
          recoveredAt = Date.now();
          const n = await this.recover().catch(() => 0);
          if (n) this.logger.warn({ jobs: n }, 'took over jobs whose worker stopped renewing its lease');
        }
        while (this.running.size < this.concurrency) {
          const job = await this.claim().catch((err: unknown) => {
            this.logger.error({ err: (err as Error).message }, 'could not claim a job');
            return undefined;
          });
          if (!job) break;
          const p = this.execute(job).finally(() => {
            this.running.delete(p);
            // A free slot: look for the next job now rather than at the next poll.
            this.wake?.();
          });
          this.running.add(p);
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, pollMs);
        });
      }
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await Promise.allSettled([...this.running]);
  }
}

/**
 * The durable job queue on both databases: one active job per dedupe key, retries with a final
 * failure, permanent errors not retried, a dead worker's job taken over when its lease runs out,
 * and on PostgreSQL several workers (as several server processes would) sharing one queue without
 * ever running a job twice.
 */
import { silentLogger } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/database.js';
import { migrate } from '../src/db/migrations.js';
import { JobQueue, PermanentJobError } from '../src/jobs/queue.js';
import { DIALECTS, freshPostgres } from './harness.js';

describe.each(DIALECTS)('job queue on %s', (dialect) => {
  let store: Db;
  let cleanup: () => Promise<void>;
  let url: string;
  beforeAll(async () => {
    if (dialect === 'postgres') {
      const pgdb = await freshPostgres();
      url = pgdb.url;
      cleanup = pgdb.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-queue-'));
      url = join(dir, 'queue.db');
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    store = openDatabase(url);
    await migrate(store.db as never, store.dialect);
  });
  afterAll(async () => {
    await store.close();
    await cleanup();
  });

  const jobStatus = (id: string) => store.db.selectFrom('jobs').select(['status', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();

  it('keeps one active job per dedupe key, and takes a new one once it is done', async () => {
    const queue = new JobQueue(store, silentLogger());
    const ran: unknown[] = [];
    queue.register('dedupe', async (job) => void ran.push(job.payload.n));
    const first = await queue.enqueue('dedupe', { n: 1 }, { dedupeKey: 'k1' });
    const second = await queue.enqueue('dedupe', { n: 2 }, { dedupeKey: 'k1' });
    expect(second).toEqual({ id: first.id, created: false });
    expect(await queue.drain()).toBe(1);
    expect(ran).toEqual([1]);
    const third = await queue.enqueue('dedupe', { n: 3 }, { dedupeKey: 'k1' });
    expect(third.created).toBe(true);
    await queue.drain();
    expect(ran).toEqual([1, 3]);
  });

  it('retries a failing job until its attempts run out, and never retries a permanent failure', async () => {
    const queue = new JobQueue(store, silentLogger());
    let calls = 0;
    queue.register('flaky', async () => {
      calls++;
      throw new Error('upstream said 503');
    });
    queue.register('doomed', async () => {
      throw new PermanentJobError('bad credentials');
    });
    const flaky = await queue.enqueue('flaky', {}, { maxAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      // Retries are scheduled with backoff: bring the retry forward instead of waiting.
      await store.db.updateTable('jobs').set({ run_at: new Date(0).toISOString() }).where('id', '=', flaky.id).where('status', '=', 'queued').execute();
      await queue.drain();
    }
    expect(calls).toBe(3);
    expect(await jobStatus(flaky.id)).toEqual({ status: 'failed', attempts: 3, last_error: 'upstream said 503' });

    const doomed = await queue.enqueue('doomed', {}, { maxAttempts: 5 });
    await queue.drain();
    expect(await jobStatus(doomed.id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'bad credentials' });
  });

  it("takes over a dead worker's job once its lease has run out, and not before", async () => {
    const dead = new JobQueue(store, silentLogger());
    const job = await dead.enqueue('lease', {});
    // A worker claimed it and died: the job is running, under a lease nobody renews.
    await store.db.updateTable('jobs').set({ status: 'running', locked_by: 'gone:1', locked_until: new Date(Date.now() + 60_000).toISOString(), attempts: 1 }).where('id', '=', job.id).execute();
    const alive = new JobQueue(store, silentLogger());
    let ran = 0;
    alive.register('lease', async () => void ran++);
    expect(await alive.recover()).toBe(0);
    expect(await alive.drain()).toBe(0);
    await store.db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', job.id).execute();
    expect(await alive.recover()).toBe(1);
    await alive.drain();
    expect(ran).toBe(1);
    expect(await jobStatus(job.id)).toMatchObject({ status: 'done', attempts: 2 });
  });
});

// Several server processes on one PostgreSQL database (SQLite is one process by design).
if (DIALECTS.includes('postgres')) {
  describe('job queue shared by several processes on postgres', () => {
    it("takes over a dead process's job while running, once the lease has run out", async () => {
      const pgdb = await freshPostgres();
      const store = openDatabase(pgdb.url);
      await migrate(store.db as never, store.dialect);
      const job = await new JobQueue(store, silentLogger()).enqueue('orphan', {});
      await store.db.updateTable('jobs').set({ status: 'running', locked_by: 'gone:1', locked_until: new Date(Date.now() + 300).toISOString(), attempts: 1 }).where('id', '=', job.id).execute();
      const survivor = new JobQueue(store, silentLogger(), 2, 400);
      let ran = 0;
      survivor.register('orphan', async () => void ran++);
      survivor.start(20);
      const deadline = Date.now() + 10_000;
      while (ran === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await survivor.stop();
      expect(ran).toBe(1);
      await store.close();
      await pgdb.drop();
    });

  it('shares one queue between several workers without running a job twice', async () => {
      const pgdb = await freshPostgres();
      const url = pgdb.url;
      const setup = openDatabase(url);
      await migrate(setup.db as never, setup.dialect);
      await setup.close();
      // Four workers with their own connection pools, as four server processes would have.
      const stores = Array.from({ length: 4 }, () => openDatabase(url));
      const runs = new Map<number, number>();
      const queues = stores.map((s) => {
        const q = new JobQueue(s, silentLogger(), 3);
        q.register('shared', async (job) => {
          await new Promise((r) => setTimeout(r, 5));
          runs.set(Number(job.payload.n), (runs.get(Number(job.payload.n)) ?? 0) + 1);
        });
        return q;
      });
      const total = 200;
      for (let n = 0; n < total; n++) await queues[n % 4]!.enqueue('shared', { n, key: `k${n}` });
      // And a burst of requests for one key from every worker at once: one job results.
      const burst = await Promise.all(queues.map((q) => q.enqueue('shared', { n: total, key: 'hot' }, { dedupeKey: 'hot' })));
      expect(new Set(burst.map((b) => b.id)).size).toBe(1);
      queues.forEach((q) => q.start(20));
      const deadline = Date.now() + 30_000;
      while (runs.size < total + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(queues.map((q) => q.stop()));
      await Promise.all(stores.map((s) => s.close()));
      expect(runs.size).toBe(total + 1);
      expect([...runs.values()].every((count) => count === 1)).toBe(true);
      await pgdb.drop();
    });
  });
}

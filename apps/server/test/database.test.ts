/**
 * The database connection outlives the server ending one of its connections: PostgreSQL restarts,
 * fails over or terminates a backend (pg_terminate_backend, a dropped database). An idle pooled
 * connection ended that way is an 'error' on the pool, which without a listener would end the
 * process; here it is a warning, and the next query opens a new connection.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/database.js';
import { DIALECTS, freshPostgres } from './harness.js';

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL connections ended by the server', () => {
  let store: Db;
  let drop: () => Promise<void>;
  let url: string;
  const warnings: string[] = [];
  beforeAll(async () => {
    ({ url, drop } = await freshPostgres());
    store = openDatabase(url, (m) => warnings.push(m));
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('warns of an idle connection the server terminated, and the next query opens a new one', async () => {
    const backend = async () => Number((await store.pool!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    const before = await backend(); // the pool now holds one idle connection
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [before]);
    } finally {
      await admin.end();
    }
    for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^a PostgreSQL connection was closed by the server \(terminating connection due to administrator command\); the next query opens a new one$/);
    const after = await backend();
    expect(after).not.toBe(before);
    expect(Number((await store.pool!.query<{ n: number }>('SELECT 1 + 1 AS n')).rows[0]!.n)).toBe(2);
  });
});

/**
 * Several server processes on one PostgreSQL database, as a deployment of more than one replica
 * runs: syncs and their ingests spread over the processes, one ingest per app at a time, and a
 * process killed in the middle of an ingest takes nothing with it (another one finishes the job).
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, POSTGRES_URL } from './harness.js';
import { serve, until, type Served } from './processes.js';

const KEYS = { GATEHOUSE_MASTER_KEY: randomBytes(32).toString('hex'), GATEHOUSE_LOG_LEVEL: 'info' };

/** Which process (`process` in its JSON log lines) did what. */
function logLines(s: Served): { msg: string; process?: string; connector?: string }[] {
  return s
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; process?: string; connector?: string });
}

describe.skipIf(!POSTGRES_URL)('several server processes on one PostgreSQL database', () => {
  const dirs: string[] = [];
  const sims: OktaSimulator[] = [];
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let a: Served;
  let b: Served;
  let sql: pg.Client;

  beforeAll(async () => {
    db = await freshPostgres();
    const dataDir = () => {
      const d = mkdtempSync(join(tmpdir(), 'gatehouse-replica-'));
      dirs.push(d);
      return d;
    };
    // Each replica has its own data dir (its sync files); they share the database and the master key.
    a = await serve(dataDir(), { databaseUrl: db.url, env: KEYS });
    b = await serve(dataDir(), { databaseUrl: db.url, env: KEYS });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 60_000);
  afterAll(async () => {
    for (const s of [a, b]) s?.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited]);
    await sql?.end();
    await Promise.all(sims.map((s) => s.close()));
    await db?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function addOkta(through: Served, users: number, seed: number): Promise<{ app: string; connector: string; sim: OktaSimulator }> {
    const sim = await new OktaSimulator({ seed, users, groups: 20, apps: 4, latencyMs: 30 }).start();
    sims.push(sim);
    const app = await through.api('POST', '/apps', { name: `Okta ${seed}` });
    const connector = await through.api('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() } });
    expect(connector.status).toBe(201);
    return { app: app.body.id, connector: connector.body.id, sim };
  }

  const lastRun = async (s: Served, connector: string) => (await s.api('GET', `/connectors/${connector}/sync-runs?limit=1`)).body.items[0];

  it('spreads syncs over the processes; each app is ingested once per sync and every process reads the same catalog', async () => {
    // Six connectors created through one process: its two job slots cannot take them all at once.
    const okta = [];
    for (let i = 0; i < 6; i++) okta.push(await addOkta(a, 400, 100 + i));
    for (const o of okta) await until('the first sync', async () => ((await lastRun(a, o.connector))?.status === 'succeeded' ? true : undefined), 120_000, 200);
    const ran = (s: Served) => logLines(s).filter((l) => l.msg === 'sync succeeded').map((l) => l.connector);
    expect(ran(a).length).toBeGreaterThan(0);
    expect(ran(b).length).toBeGreaterThan(0);
    expect([...ran(a), ...ran(b)].sort()).toEqual(okta.map((o) => o.connector).sort()); // each once
    const [fromA, fromB] = await Promise.all([a.api('GET', '/apps'), b.api('GET', '/apps')]);
    for (const o of okta) {
      const [inA, inB] = [fromA, fromB].map((r) => r.body.items.find((x: { id: string }) => x.id === o.app));
      expect(inA.counts.grants).toBeGreaterThan(0);
      expect(inB.counts).toEqual(inA.counts);
    }
    const leases = await sql.query('SELECT count(*)::int AS n FROM apps WHERE ingest_owner IS NOT NULL');
    expect(leases.rows[0].n).toBe(0);
  }, 180_000);

  it('a process killed during an ingest: the other one takes the job over and lands it exactly once', async () => {
    const big = await addOkta(a, 12_000, 200);
    await until('the first sync', async () => ((await lastRun(a, big.connector))?.status === 'succeeded' ? true : undefined), 180_000, 200);
    const first = await lastRun(a, big.connector);
    const group = [...big.sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 3)!;
    const leaving = [...group.members].find((id) => big.sim.store.users.get(id)!.status !== 'DEPROVISIONED')!;
    big.sim.store.removeMember(group.id, leaving);
    expect((await a.api('POST', `/connectors/${big.connector}/sync`)).status).toBe(202);

    // Whichever process took the job: kill it as soon as its ingest holds the app.
    const holder = await until(
      'the ingest to start',
      async () => {
        const r = await sql.query("SELECT j.locked_by FROM jobs j, apps p WHERE p.id = $1 AND p.ingest_owner IS NOT NULL AND j.kind = 'sync' AND j.status = 'running' AND j.dedupe_key = $2", [big.app, `sync:${big.connector}`]);
        return r.rows[0]?.locked_by as string | undefined;
      },
      180_000,
      20,
    );
    const [victim, survivor] = holder.includes(`:${a.child.pid}:`) ? [a, b] : [b, a];
    victim.child.kill('SIGKILL');
    await victim.exited;

    // The survivor answers meanwhile, and finishes the sync once the dead process's leases run out.
    const done = await until(
      'the sync to be finished by the other process',
      async () => {
        const run = await lastRun(survivor, big.connector);
        return run?.status === 'succeeded' && run.id !== first.id ? run : undefined;
      },
      240_000,
      500,
    );
    expect(done.grantsRemoved).toBeGreaterThanOrEqual(1);
    expect(logLines(survivor).some((l) => l.msg === 'sync succeeded' && l.connector === big.connector && l.process !== undefined)).toBe(true);
    const rows = await sql.query('SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM grants WHERE app_id = $1', [big.app]);
    expect(rows.rows[0].n).toBe(rows.rows[0].d); // no duplicates, no leftover generation
    expect(rows.rows[0].n).toBe(done.counts.grants);
    const removed = await sql.query("SELECT count(*)::int AS n FROM catalog_events WHERE kind = 'grant_removed' AND grant_id = $1", [`group:${group.id}:member:user:${leaving}`]);
    expect(removed.rows[0].n).toBe(1);
  }, 420_000);
});

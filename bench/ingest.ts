/**
 * The catalog ingest benchmark. A real sync file of about a million grants (the Okta connector
 * syncing its simulator: users, groups, apps, memberships, assignments, inherited grants) is
 * ingested into the server's catalog on SQLite and, when a PostgreSQL URL is given, on PostgreSQL.
 * For each database it measures:
 *  - the first ingest / a bare bulk insert of the same rows into the same tables through the same
 *    driver, rows already in memory (goal <= 2.0). The first ingest reads the sync file, writes
 *    the new generation, and switches generations;
 *  - a re-ingest after about `--changed` of the grants changed (memberships added and removed)
 *    / the same bare insert (goal <= 0.10): the steady state, applying the difference from the
 *    previous sync file;
 *  - during both ingests, from another process: /healthz p99 (goal < 100 ms) and API page p95
 *    (goal < 200 ms);
 *  - p95 latency over HTTP of each catalog page at that size (goal <= 50 ms), and people matching;
 *  - on PostgreSQL, the server's /healthz and API latency while two other processes ingest.
 *
 * npm run bench -- ingest [--users N --groups N --apps N --changed 0.01 --samples N --databases sqlite,postgresql --postgres-url URL]
 * (the PostgreSQL URL defaults to GATEHOUSE_BENCH_POSTGRES_URL or GATEHOUSE_TEST_POSTGRES_URL;
 * `bash .ci/postgres.sh` prints one.)
 */
import { SyncFile } from '@gatehouse/sdk';
import { entitlementRow, grantRow, ingestOffThread, resourceRow, type Db } from '@gatehouse/server';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs } from './args.js';
import { seconds } from './format.js';
import { startSampler, type Sampled } from './processes.js';
import { createApp, defaultPostgresUrl, latencies, oktaSyncFiles, databasesUnderTest, startBenchServer, type DatabaseUnderTest } from './tenant.js';

interface Options {
  users: number;
  groups: number;
  apps: number;
  changed: number;
  samples: number;
  /** Which to run: sqlite, postgresql or both. */
  databases: string;
  postgresUrl: string | undefined;
}

function parseArgs(args: string[]): Options {
  return parseBenchArgs<Options>({ users: 80_000, groups: 4000, apps: 400, changed: 0.01, samples: 300, databases: 'sqlite,postgresql', postgresUrl: defaultPostgresUrl() }, args);
}

/** bench/ingest-process.ts: a sync job's catalog work in a process of its own, on the same database. */
function runIngestProcess(url: string, appId: string, file: string): Promise<{ grants: number; ingestMs: number; matchMs: number }> {
  const child = spawn(process.execPath, ['--conditions=@gatehouse/source', '--import', 'tsx', 'bench/ingest-process.ts', url, appId, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as { grants: number; ingestMs: number; matchMs: number }) : reject(new Error(`ingest process exited with ${code}`)))),
  );
}

/** The rows ingest writes, materialised up front so that the baseline times only the inserts. */
function rowsOf(file: string, appId: string) {
  const sync = SyncFile.openReadOnly(file);
  try {
    // The server's own row mapping, laid out in the insert's column order.
    const values = (table: keyof typeof COLUMNS, row: object) => COLUMNS[table].map((c) => (row as Record<string, unknown>)[c] ?? null);
    const resources = [...sync.resources()].map((r) => values('resources', resourceRow(appId, 1, r)));
    const entitlements = [...sync.entitlements()].map((e) => values('entitlements', entitlementRow(appId, 1, e)));
    const grants = [...sync.grants()].map((g) => values('grants', grantRow(appId, 1, g)));
    return { resources, entitlements, grants };
  } finally {
    sync.close();
  }
}

const COLUMNS = {
  resources: ['app_id', 'generation', 'type', 'id', 'display_name', 'parent_type', 'parent_id', 'email', 'login', 'data'],
  entitlements: ['app_id', 'generation', 'id', 'resource_type', 'resource_id', 'slug', 'display_name', 'data'],
  grants: ['app_id', 'generation', 'id', 'entitlement_id', 'resource_type', 'resource_id', 'principal_type', 'principal_id', 'direct', 'sources'],
} as const;

/**
 * The baseline: the same rows inserted with nothing else going on, in the plainest fast way the
 * driver offers: prepared INSERTs of 100 rows each in transactions of 10,000 rows (better-sqlite3;
 * a statement per row would make the resources' full-text index write per row), or multi-row
 * INSERTs of 1,000 rows (pg).
 */
async function bareInsert(store: Db, rows: ReturnType<typeof rowsOf>): Promise<number> {
  const started = performance.now();
  for (const table of ['resources', 'entitlements', 'grants'] as const) {
    const cols = COLUMNS[table];
    const all = rows[table];
    if (store.sqlite) {
      const sqlite = store.sqlite;
      const statement = (n: number) => sqlite.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array.from({ length: n }, () => `(${cols.map(() => '?').join(', ')})`).join(', ')}`);
      const full = statement(100);
      const insertBatch = sqlite.transaction((batch: unknown[][]) => {
        for (let i = 0; i < batch.length; i += 100) {
          const part = batch.slice(i, i + 100);
          (part.length === 100 ? full : statement(part.length)).run(...part.flat());
        }
      });
      for (let i = 0; i < all.length; i += 10_000) insertBatch(all.slice(i, i + 10_000));
    } else {
      const client = await store.pool!.connect();
      try {
        for (let i = 0; i < all.length; i += 1000) {
          const batch = all.slice(i, i + 1000);
          const values = batch.map((_, r) => `(${cols.map((__, c) => `$${r * cols.length + c + 1}`).join(', ')})`).join(', ');
          await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values}`, batch.flat());
        }
      } finally {
        client.release();
      }
    }
  }
  return performance.now() - started;
}

async function benchDatabase(target: DatabaseUnderTest, files: { first: string; second: string; changedRows: number }, dataDir: string, samples: number) {
  console.log(`\n${target.label}`);
  // Baseline, on a database of its own so that neither run sees the other's rows.
  const baseDb = await target.fresh();
  let bare: number;
  {
    const { server, token } = await startBenchServer(baseDb.url, join(dataDir, `${target.label}-base`));
    const appId = await createApp(server, token, 'Okta');
    const rows = rowsOf(files.first, appId);
    bare = await bareInsert(server.ctx.db, rows);
    console.log(`  bare bulk insert of ${rows.resources.length + rows.entitlements.length + rows.grants.length} rows (${rows.grants.length} grants): ${seconds(bare)}`);
    await server.close();
    await baseDb.drop();
  }

  const db = await target.fresh();
  const { server, token } = await startBenchServer(db.url, join(dataDir, target.label));
  try {
    const appId = await createApp(server, token, 'Okta');
    // Clients during the ingests: the API's pages over this app and /healthz (from another process).
    const during = ['/apps', `/grants?appId=${appId}&limit=100`, `/resources?appId=${appId}&type=user&limit=50`, '/people?limit=50'];
    const slowest = (s: Sampled) => Object.entries(s.byPath).sort((a, b) => b[1].p95 - a[1].p95)[0];
    const show = (s: Sampled) =>
      `/healthz p99 ${s.healthz.p99} ms (max ${s.healthz.max}, ${s.healthz.n} probes, goal < 100); API page p95 ${s.api.p95} ms (max ${s.api.max}, ${s.api.n} pages, goal < 200; slowest ${slowest(s)?.[0]} p95 ${slowest(s)?.[1].p95} ms)${s.errors ? `; ${s.errors} errors` : ''}`;
    // Ingest as the sync job does: on a worker thread, then people and account matching.
    const ingestAsServer = (file: string, previous?: string) => ingestOffThread(server.ctx, { appId, runId: randomUUID(), file, previous, directory: true });
    let sampler = await startSampler(server.url, token, during);
    const first = await ingestAsServer(files.first);
    const duringFirst = await sampler.stop();
    const ingest = first.ingestMs;
    const people = first.matchMs;
    console.log(`  first ingest of the sync file (${first.ingest.mode}): ${seconds(ingest)}  -> ratio ${(ingest / bare).toFixed(2)} (goal <= 2.0)`);
    console.log(`  people and account matching: ${seconds(people)}`);
    console.log(`    during both: ${show(duringFirst)}`);
    sampler = await startSampler(server.url, token, during);
    const second = await ingestAsServer(files.second, files.first);
    const duringSecond = await sampler.stop();
    const reingest = second.ingestMs;
    console.log(
      `  re-ingest after ${files.changedRows} rows changed (${((100 * files.changedRows) / first.ingest.rowsWritten).toFixed(2)}% of the catalog; ${second.ingest.mode}, +${second.ingest.grantsAdded} -${second.ingest.grantsRemoved} grants): ${seconds(reingest)}  -> ratio ${(reingest / bare).toFixed(3)} (goal <= 0.10)`,
    );
    const phases = second.ingest.phases;
    if (phases) console.log(`    of which comparing the two sync files ${seconds(phases.diffMs)}, writing the difference (and its commit) ${seconds(phases.applyMs)}`);
    console.log(`  people and account matching after it: ${seconds(second.matchMs)}`);
    console.log(`    during both: ${show(duringSecond)}`);
    sampler = await startSampler(server.url, token, during);
    const rewritten = await ingestAsServer(files.first); // no base: the whole catalog again
    const duringRewrite = await sampler.stop();
    const rewrite = rewritten.ingestMs;
    console.log(`  the same change as a rewrite (${rewritten.ingest.mode}, as before incremental ingest): ${seconds(rewrite)}  -> ratio ${(rewrite / bare).toFixed(2)}`);
    console.log(`    during it and matching: ${show(duringRewrite)}`);

    // Several processes on one database: this server's API while two other processes ingest.
    let besideOthers: Sampled | undefined;
    if (target.label === 'PostgreSQL') {
      const others = [await createApp(server, token, 'Okta replica 1'), await createApp(server, token, 'Okta replica 2')];
      sampler = await startSampler(server.url, token, during);
      const started = performance.now();
      const runs = await Promise.all(others.map((other) => runIngestProcess(db.url, other, files.first)));
      besideOthers = await sampler.stop();
      console.log(`  two other processes ingesting the same sync file into two more apps at once: ${seconds(performance.now() - started)} (each ${runs.map((r) => seconds(r.ingestMs)).join(', ')})`);
      console.log(`    this server meanwhile: ${show(besideOthers)}`);
    }

    // Latency at this size, over HTTP as a client sees it.
    const sqlDb = server.ctx.db.db;
    const personIds = (await sqlDb.selectFrom('people').select('id').orderBy('email').execute()).map((p) => p.id);
    const pick = <T>(list: T[], i: number) => list[Math.floor((i * 7919) % list.length)]!;
    const access = await latencies(
      server,
      token,
      Array.from({ length: samples }, (_, i) => `/people/${pick(personIds, i)}/access`),
    );
    console.log(`  GET /people/{id}/access: p50 ${access.p50.toFixed(1)} ms, p95 ${access.p95.toFixed(1)} ms (avg ${access.rows.toFixed(0)} grants per person)`);
    const entitlements = (await sqlDb.selectFrom('entitlements').select('id').where('app_id', '=', appId).where('generation', '=', rewritten.ingest.generation).orderBy('id').execute()).map((e) => e.id);
    const byEntitlement = await latencies(
      server,
      token,
      Array.from({ length: samples }, (_, i) => `/grants?appId=${appId}&entitlementId=${encodeURIComponent(pick(entitlements, i))}&limit=100`),
    );
    console.log(`  GET /grants?appId&entitlementId (page of 100): p50 ${byEntitlement.p50.toFixed(1)} ms, p95 ${byEntitlement.p95.toFixed(1)} ms`);
    const accounts = (await sqlDb.selectFrom('resources').select('id').where('app_id', '=', appId).where('type', '=', 'user').orderBy('id').execute()).map((r) => r.id);
    const byPrincipal = await latencies(
      server,
      token,
      Array.from({ length: samples }, (_, i) => `/grants?principalType=user&principalId=${encodeURIComponent(pick(accounts, i))}&inherited=false&limit=100`),
    );
    console.log(`  GET /grants?principalId&inherited=false (page of 100): p50 ${byPrincipal.p50.toFixed(1)} ms, p95 ${byPrincipal.p95.toFixed(1)} ms`);
    const textPages = await latencies(
      server,
      token,
      Array.from({ length: Math.min(samples, 40) }, (_, i) => `/grants?appId=${appId}&q=${encodeURIComponent(pick(accounts, i).slice(-6))}&limit=50`),
    );
    console.log(`  GET /grants?appId&q=<text> (page of 50): p50 ${textPages.p50.toFixed(1)} ms, p95 ${textPages.p95.toFixed(1)} ms`);
    const entitlementPages = await latencies(
      server,
      token,
      Array.from({ length: Math.min(samples, 100) }, (_, i) => `/entitlements?appId=${appId}&q=${encodeURIComponent(pick(entitlements, i).split(':')[1]!.slice(-4))}&limit=50`),
    );
    console.log(`  GET /entitlements?appId&q=<text> (page of 50): p50 ${entitlementPages.p50.toFixed(1)} ms, p95 ${entitlementPages.p95.toFixed(1)} ms`);
    const resourcePages = await latencies(
      server,
      token,
      Array.from({ length: Math.min(samples, 100) }, (_, i) => `/resources?appId=${appId}&type=user&q=${encodeURIComponent(pick(accounts, i).slice(-5))}&limit=50`),
    );
    console.log(`  GET /resources?appId&type&q=<text> (page of 50): p50 ${resourcePages.p50.toFixed(1)} ms, p95 ${resourcePages.p95.toFixed(1)} ms`);
    return {
      database: target.label,
      grants: first.ingest.grants,
      bareMs: Math.round(bare),
      ingestMs: Math.round(ingest),
      ratio: Number((ingest / bare).toFixed(3)),
      reingestMs: Math.round(reingest),
      reingestRatio: Number((reingest / bare).toFixed(4)),
      reingestPhases: second.ingest.phases,
      rewriteMs: Math.round(rewrite),
      changedRows: files.changedRows,
      duringFirst,
      duringSecond,
      duringRewrite,
      besideOthers,
      entitlementsP95Ms: Number(entitlementPages.p95.toFixed(1)),
      resourcesP95Ms: Number(resourcePages.p95.toFixed(1)),
      peopleMs: Math.round(people),
      accessP95Ms: Number(access.p95.toFixed(1)),
      grantsByEntitlementP95Ms: Number(byEntitlement.p95.toFixed(1)),
      grantsByPrincipalP95Ms: Number(byPrincipal.p95.toFixed(1)),
      grantsTextP95Ms: Number(textPages.p95.toFixed(1)),
    };
  } finally {
    await server.close();
    await db.drop();
  }
}

export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-ingest-'));
  try {
    // Two sync files of one org: as it is, and after a few people changed groups.
    const made = await oktaSyncFiles(dir, { users: o.users, groups: o.groups, apps: o.apps }, o.changed);
    const files = { first: made.first, second: made.second!, changedRows: made.changedRows };

    const targets = databasesUnderTest(o.databases, dir, o.postgresUrl);
    const results = [];
    for (const t of targets) results.push(await benchDatabase(t, files, dir, o.samples));
    console.log(`\n${JSON.stringify({ bench: 'ingest', users: o.users, groups: o.groups, apps: o.apps, results })}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

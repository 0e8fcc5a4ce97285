/**
 * The access reviews benchmark. The tenant of bench/ingest.ts (an Okta org of about a million
 * grants, ingested as the sync job does, people from its directory) gets reviewers: every manager
 * of the directory is a platform user (the same email), and three managers are given more reports,
 * so that their inboxes hold a few thousand items, 10,000 items and 50,000 items. A campaign over
 * every grant of the app (inherited ones too), one step reviewed by the holder's manager, then, on
 * SQLite and (when a PostgreSQL URL is given) PostgreSQL:
 *  - start: POST /campaigns/{id}/start until the campaign runs (the start job end to end: the
 *    snapshot, reviewer assignment, the kick-off) / a bare insert of the same rows the start wrote,
 *    in the same batches (a transaction per 5,000 items, INSERTs of 400 rows, through the same
 *    driver), into a database of its own (goal <= 2.0);
 *  - inbox: p95 of GET /reviews/items pages (100 items) as a reviewer, paging through by person,
 *    app and entitlement, with and without the campaign named, for the manager with a few thousand
 *    items and the one with 50,000 (goal <= 100 ms);
 *  - bulk decision: POST /reviews/decisions over a filter that selects 10,000 items, and the submit
 *    of those 10,000 (goal <= 5 s each);
 *  - report: peak RSS of a `gatehouse serve` process (a child of its own) while
 *    POST /campaigns/{id}/reports writes the evidence of every item (goal <= 400 MB).
 * Setting the tenant up (people's managers, platform users) is bulk SQL and is not measured.
 *
 * npm run bench -- reviews [--grants N --inbox N --big-inbox N --bulk N --samples N --databases sqlite,postgresql --postgres-url URL
 *   --report-node-options '--max-old-space-size=256' --keep]
 */
import { ingestOffThread, migrate, openDatabase, type Db, type RunningServer } from '@gatehouse/server';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs } from './args.js';
import { rssOf, serveProcess } from './processes.js';
import { mb, percentile, seconds } from './format.js';
import { createApp, defaultPostgresUrl, fetchOnce, MILLION_GRANTS, oktaSyncFiles, databasesUnderTest, sessionFor, startBenchServer, type DatabaseUnderTest } from './tenant.js';

/** A row of review_items, as the server's schema types it. */
type ReviewItemTable = (Db['db'] extends Kysely<infer D> ? D : never)['review_items'];

interface Options {
  /** About this many grants in the org (the campaign reviews every one). */
  grants: number;
  /** Items of the manager with "a few thousand". */
  inbox: number;
  bigInbox: number;
  /** Items decided in bulk and submitted. */
  bulk: number;
  /** Inbox pages timed per reviewer. */
  samples: number;
  databases: string;
  postgresUrl: string;
  /** NODE_OPTIONS of the `gatehouse serve` process that writes the report (`--max-old-space-size=256`: its heap capped). */
  reportNodeOptions: string;
  /** Keep the databases and the data dirs (printed) to look into afterwards. */
  keep: boolean;
}

const PASSWORD = 'a long enough password';
/** What the start job writes in one transaction, and its INSERTs' rows (modules/reviews: snapshot.ts, campaigns.ts). */
const START_BATCH = 5000;
const START_INSERT_ROWS = 400;

/** A request with an API token, or a session's headers (a cookie, and the origin that unsafe methods need). */
async function api(url: string, auth: string | Record<string, string>, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const credentials = typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth;
  const res = await fetchOnce(`${url}/api/v1${path}`, { method, headers: { ...credentials, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** The answer's body, typed as the caller expects it; a status of 300 or more throws, saying what. */
async function expectOk<T>(what: string, p: Promise<{ status: number; body: unknown }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body as T;
}

interface Reviewer {
  userId: string;
  email: string;
  /** A Basic user's session: cookie and origin. */
  session: Record<string, string>;
  items: number;
}

/**
 * Reviewers, set up in bulk: three managers get reports until their reports hold `targets` grants
 * each (exactly, where the people's grant counts allow), then every manager becomes a platform user
 * (the three through the API, with a password and a token; the rest inserted).
 */
async function setUpReviewers(store: Db, server: RunningServer, adminToken: string, appId: string, targets: number[]): Promise<Reviewer[]> {
  const { db } = store;
  const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirstOrThrow();
  const held = await db
    .selectFrom('grants as g')
    .innerJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'g.app_id').onRef('l.account_id', '=', 'g.principal_id'))
    .select(['l.person_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.app_id', '=', appId)
    .where('g.generation', '=', app.catalog_generation)
    .where('g.principal_type', '=', 'user')
    .where('l.person_id', 'is not', null)
    .groupBy('l.person_id')
    .execute();
  const grantsOf = new Map(held.map((h) => [h.person_id!, Number(h.n)]));
  const people = await db.selectFrom('people').select(['id', 'email', 'display_name', 'manager_id']).orderBy('id').execute();
  const managerIds = new Set(people.map((p) => p.manager_id).filter((m): m is string => Boolean(m)));
  const allManagers = people.filter((p) => managerIds.has(p.id));
  if (allManagers.length <= targets.length) throw new Error('the directory has too few managers');
  const heavy = allManagers.slice(0, targets.length);
  // Their own reports go to another manager, so that their inboxes hold what they are given.
  await db.updateTable('people').set({ manager_id: allManagers[targets.length]!.id }).where('manager_id', 'in', heavy.map((h) => h.id)).execute();
  // Reports are people who manage nobody, in a fixed pseudo-random order.
  const candidates = people.filter((p) => !managerIds.has(p.id) && (grantsOf.get(p.id) ?? 0) > 0).sort((a, b) => (hash(a.id) < hash(b.id) ? -1 : 1));
  const taken = new Set<string>();
  const counts: number[] = [];
  for (const [i, target] of targets.entries()) {
    let left = target;
    const reports: string[] = [];
    const take = (id: string) => {
      taken.add(id);
      reports.push(id);
      left -= grantsOf.get(id)!;
    };
    for (const p of candidates) {
      if (left <= 200) break;
      if (!taken.has(p.id) && grantsOf.get(p.id)! <= left - 100) take(p.id);
    }
    // The last few hundred exactly: the subset of the people left whose grants add up to what is missing.
    const rest = candidates.filter((p) => !taken.has(p.id) && grantsOf.get(p.id)! <= left).slice(0, 2000);
    const via: (number | undefined)[] = [-1];
    for (const [k, p] of rest.entries()) {
      const n = grantsOf.get(p.id)!;
      for (let sum = left; sum >= n; sum--) if (via[sum] === undefined && via[sum - n] !== undefined && via[sum - n] !== k) via[sum] = k;
    }
    let sum = left;
    while (sum > 0 && via[sum] === undefined) sum--;
    for (const ids: string[] = []; sum > 0; ) {
      const p = rest[via[sum]!]!;
      ids.push(p.id);
      sum -= grantsOf.get(p.id)!;
      if (sum === 0) ids.forEach(take);
    }
    counts.push(target - left);
    for (let s = 0; s < reports.length; s += 500) await db.updateTable('people').set({ manager_id: heavy[i]!.id }).where('id', 'in', reports.slice(s, s + 500)).execute();
  }
  const reviewers: Reviewer[] = [];
  for (const [i, m] of heavy.entries()) {
    const created = await expectOk<{ id: string }>('creating a reviewer', api(server.url, adminToken, 'POST', '/users', { email: m.email, name: m.display_name, role: 'basic_user', password: PASSWORD }));
    reviewers.push({ userId: created.id, email: m.email, session: { cookie: await sessionFor(server.url, m.email, PASSWORD), origin: server.url }, items: counts[i]! });
  }
  const heavyIds = new Set(heavy.map((h) => h.id));
  const now = new Date().toISOString();
  const rest = people.filter((p) => managerIds.has(p.id) && !heavyIds.has(p.id)).map((p) => ({ id: randomUUID(), email: p.email.toLowerCase(), name: p.display_name, password_hash: null, role: 'basic_user', disabled: 0, created_at: now }));
  for (let s = 0; s < rest.length; s += 500) await db.insertInto('platform_users').values(rest.slice(s, s + 500)).execute();
  return reviewers;
}

/** A stable pseudo-random order of ids. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * A campaign's items in the order the start wrote them, a batch at a time: on SQLite by rowid (the
 * order of insertion), on PostgreSQL by grant id (the order the snapshot walks one app's grants).
 */
async function* writtenBatches(source: Db, campaignId: string): AsyncGenerator<ReviewItemTable[]> {
  if (source.sqlite) {
    const page = source.sqlite.prepare(`SELECT rowid AS rowid_, * FROM review_items WHERE rowid > ? AND campaign_id = ? ORDER BY rowid LIMIT ${START_BATCH}`);
    for (let after = 0; ; ) {
      const rows = page.all(after, campaignId) as (ReviewItemTable & { rowid_: number })[];
      if (!rows.length) return;
      after = rows[rows.length - 1]!.rowid_;
      yield rows.map(({ rowid_: _, ...r }) => r);
    }
  }
  for (let after = ''; ; ) {
    const rows = await source.db.selectFrom('review_items').selectAll().where('campaign_id', '=', campaignId).where('grant_id', '>', after).orderBy('grant_id').limit(START_BATCH).execute();
    if (!rows.length) return;
    after = rows[rows.length - 1]!.grant_id;
    yield rows;
  }
}

/**
 * The baseline: the rows the start wrote, read back in the order it wrote them (grant by grant, as
 * the snapshot walks them), inserted into a database of their own in the same batches through the
 * same driver (Kysely): one transaction per 5,000 items, INSERTs of 400 rows. Only the inserts are
 * timed.
 */
async function bareInsert(source: Db, campaignId: string, target: DatabaseUnderTest): Promise<{ ms: number; rows: number }> {
  const fresh = await target.fresh();
  const store = openDatabase(fresh.url);
  try {
    await migrate(store.db as never, store.dialect);
    const now = new Date().toISOString();
    const ownerId = randomUUID();
    await store.db.insertInto('platform_users').values({ id: ownerId, email: 'owner@example.com', name: 'Owner', password_hash: null, role: 'campaign_admin', disabled: 0, created_at: now }).execute();
    const campaign = await source.db.selectFrom('campaigns').selectAll().where('id', '=', campaignId).executeTakeFirstOrThrow();
    await store.db.insertInto('campaigns').values({ ...campaign, owner_id: ownerId }).execute();
    let ms = 0;
    let rows = 0;
    for await (const page of writtenBatches(source, campaignId)) {
      const started = performance.now();
      await store.db.transaction().execute(async (tx) => {
        for (let s = 0; s < page.length; s += START_INSERT_ROWS) await tx.insertInto('review_items').values(page.slice(s, s + START_INSERT_ROWS)).execute();
      });
      ms += performance.now() - started;
      rows += page.length;
    }
    return { ms, rows };
  } finally {
    await store.close();
    await fresh.drop();
  }
}

/** Pages through a reviewer's inbox as they would: by person, app and entitlement, with and without the campaign named. */
async function inboxLatency(url: string, reviewer: Reviewer, campaignId: string, samples: number): Promise<{ p50: number; p95: number; max: number; pages: number; deepest: number }> {
  const walks = ['person', 'app', 'entitlement'].flatMap((sort) => [`sort=${sort}&campaignId=${campaignId}`, `sort=${sort}`]);
  const times: number[] = [];
  let deepest = 0;
  for (let w = 0; times.length < samples; w++) {
    const query = walks[w % walks.length]!;
    let cursor: string | null = null;
    let depth = 0;
    for (let page = 0; page < Math.ceil(samples / walks.length) && times.length < samples; page++) {
      const started = performance.now();
      const res: { items: unknown[]; nextCursor: string | null } = await expectOk('an inbox page', api(url, reviewer.session, 'GET', `/reviews/items?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`));
      times.push(performance.now() - started);
      depth += res.items.length;
      deepest = Math.max(deepest, depth);
      cursor = res.nextCursor;
      if (!res.items.length) throw new Error(`the inbox of ${reviewer.email} is empty`);
      if (!cursor) {
        depth = 0;
        cursor = null;
      }
    }
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), pages: times.length, deepest };
}

interface Figures {
  database: string;
  items: number;
  reviewers: number;
  startMs: number;
  bareMs: number;
  startRatio: number;
  inbox: { items: number; p50: number; p95: number; max: number; pages: number }[];
  decideMs: number;
  decided: number;
  submitMs: number;
  submitted: number;
  reportMs: number;
  reportPeakRss: number;
  reportIdleRss: number;
  reportBytes: number;
  /** The report again, its server started with `--report-node-options`. */
  tunedReport?: { nodeOptions: string; ms: number; peakRss: number };
}

/** POST /campaigns/{id}/reports to a `gatehouse serve` of its own: its time, and the process's RSS before and at its peak. */
async function measureReport(dataDir: string, databaseUrl: string, token: string, campaignId: string, nodeOptions: string) {
  const served = await serveProcess(dataDir, databaseUrl, nodeOptions);
  try {
    const idle = rssOf(served.child.pid!).rss;
    let sampled = idle;
    const sampler = setInterval(() => (sampled = Math.max(sampled, rssOf(served.child.pid!).rss)), 50);
    const started = performance.now();
    const report = await expectOk<{ files: { name: string; bytes: number }[] }>('the report', api(served.url, token, 'POST', `/campaigns/${campaignId}/reports`));
    const ms = performance.now() - started;
    clearInterval(sampler);
    return { ms, idle, sampled, peak: rssOf(served.child.pid!).peak, bytes: report.files.reduce((n, f) => n + f.bytes, 0), itemsCsvBytes: report.files.find((f) => f.name === 'items.csv')!.bytes };
  } finally {
    await served.stop();
  }
}

async function benchDatabase(target: DatabaseUnderTest, file: string, dir: string, o: Options): Promise<Figures> {
  console.log(`\n${target.label}`);
  const db = await target.fresh();
  const dataDir = join(dir, target.label);
  const { server, token } = await startBenchServer(db.url, dataDir);
  let closed = false;
  try {
    const appId = await createApp(server, token, 'Okta');
    let started = performance.now();
    const ingest = await ingestOffThread(server.ctx, { appId, runId: randomUUID(), file, directory: true });
    console.log(`  tenant: ${ingest.ingest.grants} grants ingested, people matched in ${seconds(performance.now() - started)}`);
    started = performance.now();
    const targets = [o.inbox, o.bulk, o.bigInbox].map((n) => Math.min(n, Math.floor(ingest.ingest.grants / 5)));
    const [few, bulk, big] = await setUpReviewers(server.ctx.db, server, token, appId, targets);
    const managers = Number((await server.ctx.db.db.selectFrom('platform_users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) - 1;
    console.log(`  reviewers: ${managers} managers are platform users; three have ${few!.items}, ${bulk!.items} and ${big!.items} items (set up in ${seconds(performance.now() - started)})`);

    const policy = await expectOk<{ id: string }>('creating the policy', api(server.url, token, 'POST', '/review-policies', { name: 'Manager review', steps: [{ name: 'Manager', reviewers: { kind: 'manager' } }] }));
    const campaign = await expectOk<{ id: string }>(
      'creating the campaign',
      api(server.url, token, 'POST', '/campaigns', { name: 'Okta, every grant', scope: { apps: [{ appId }], includeInherited: true }, policyId: policy.id, dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }),
    );
    // The start: the request, then the job, until the campaign runs (polled on the database: the campaign's page counts its items).
    started = performance.now();
    await expectOk('starting the campaign', api(server.url, token, 'POST', `/campaigns/${campaign.id}/start`, { startAnyway: true }));
    for (;;) {
      const c = await server.ctx.db.db.selectFrom('campaigns').select(['state', 'error']).where('id', '=', campaign.id).executeTakeFirstOrThrow();
      if (c.state === 'running') break;
      if (c.state !== 'starting') throw new Error(`the campaign did not start: ${c.state} ${c.error ?? ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const startMs = performance.now() - started;
    const detail = await expectOk<{ counts: { items: number } }>('the campaign', api(server.url, token, 'GET', `/campaigns/${campaign.id}`));
    const items = detail.counts.items;
    const reviewers = Number((await server.ctx.db.db.selectFrom('review_items').select((eb) => eb.fn.count<number>('reviewer_id').distinct().as('n')).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow()).n);
    console.log(`  start (snapshot of ${items} items, ${reviewers} reviewers, kick-off): ${seconds(startMs)}`);
    const load = await server.ctx.db.db.selectFrom('review_items').select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', campaign.id).where('reviewer_id', 'in', [few!.userId, bulk!.userId, big!.userId]).groupBy('reviewer_id').execute();
    for (const r of [few!, bulk!, big!]) r.items = Number(load.find((l) => l.reviewer_id === r.userId)?.n ?? 0);
    console.log(`  the three reviewers have ${few!.items}, ${bulk!.items} and ${big!.items} items`);
    const bare = await bareInsert(server.ctx.db, campaign.id, target);
    if (bare.rows !== items) throw new Error(`the baseline inserted ${bare.rows} rows, the start ${items}`);
    console.log(`  bare insert of the same ${bare.rows} rows, same batches: ${seconds(bare.ms)}  -> ratio ${(startMs / bare.ms).toFixed(2)} (goal <= 2.0)`);

    const inbox = [];
    for (const r of [few!, big!]) {
      const l = await inboxLatency(server.url, r, campaign.id, o.samples);
      console.log(`  inbox of ${r.items} items, page of 100: p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, max ${l.max.toFixed(1)} ms (${l.pages} pages, up to ${l.deepest} deep; goal p95 <= 100 ms)`);
      inbox.push({ items: r.items, p50: l.p50, p95: l.p95, max: l.max, pages: l.pages });
    }

    started = performance.now();
    const decided = await expectOk<{ updated: number }>('the bulk decision', api(server.url, bulk!.session, 'POST', '/reviews/decisions', { filter: { campaignId: campaign.id }, decision: 'approve' }));
    const decideMs = performance.now() - started;
    console.log(`  bulk decision over a filter: ${decided.updated} items in ${seconds(decideMs)} (goal <= 5 s)`);
    started = performance.now();
    const submitted = await expectOk<{ submitted: number; approved: number }>('the submit', api(server.url, bulk!.session, 'POST', '/reviews/submit', { campaignId: campaign.id }));
    const submitMs = performance.now() - started;
    console.log(`  submit of them: ${submitted.submitted} items (${submitted.approved} approved) in ${seconds(submitMs)} (goal <= 5 s)`);

    // The report, from a server process of its own on the same database and data dir (again with
    // `--report-node-options`, when given, in another).
    await server.close();
    closed = true;
    const report = await measureReport(dataDir, db.url, token, campaign.id, '');
    console.log(`  report of ${items} items (${mb(report.bytes)}, items.csv ${mb(report.itemsCsvBytes)}): ${seconds(report.ms)}; the server's peak RSS ${mb(report.peak)} (sampled ${mb(report.sampled)}; ${mb(report.idle)} before; goal <= 400 MB)`);
    const tuned = o.reportNodeOptions ? await measureReport(dataDir, db.url, token, campaign.id, o.reportNodeOptions) : undefined;
    if (tuned) console.log(`  the same report with NODE_OPTIONS=${o.reportNodeOptions}: ${seconds(tuned.ms)}; the server's peak RSS ${mb(tuned.peak)} (sampled ${mb(tuned.sampled)}; ${mb(tuned.idle)} before)`);
    return {
      database: target.label,
      items,
      reviewers,
      startMs: Math.round(startMs),
      bareMs: Math.round(bare.ms),
      startRatio: Number((startMs / bare.ms).toFixed(3)),
      inbox: inbox.map((i) => ({ items: i.items, p50: Number(i.p50.toFixed(1)), p95: Number(i.p95.toFixed(1)), max: Number(i.max.toFixed(1)), pages: i.pages })),
      decideMs: Math.round(decideMs),
      decided: decided.updated,
      submitMs: Math.round(submitMs),
      submitted: submitted.submitted,
      reportMs: Math.round(report.ms),
      reportPeakRss: report.peak,
      reportIdleRss: report.idle,
      reportBytes: report.bytes,
      tunedReport: tuned && { nodeOptions: o.reportNodeOptions, ms: Math.round(tuned.ms), peakRss: tuned.peak },
    };
  } finally {
    if (!closed) await server.close();
    if (o.keep) console.log(`  kept: the database ${db.url}, the data dir ${dataDir}`);
    else await db.drop();
  }
}

const check = (ok: boolean) => (ok ? '✓' : '✗');

function printTable(results: Figures[]): void {
  if (results.length === 0) return; // every database was skipped (said above)
  const rows: [string, (f: Figures) => string, string][] = [
    ['items in the campaign (reviewers)', (f) => `${f.items} (${f.reviewers})`, ''],
    ['bare insert of the items, same batches', (f) => seconds(f.bareMs), '(baseline)'],
    ['start (snapshot, assignment, kick-off) / bare insert', (f) => `${seconds(f.startMs)} = ${f.startRatio.toFixed(2)} ${check(f.startRatio <= 2)}`, '≤ 2.0'],
    ...[0, 1].map((i): [string, (f: Figures) => string, string] => [`inbox page p95, reviewer of ${results[0]!.inbox[i]!.items} items`, (f) => `${f.inbox[i]!.p95.toFixed(1)} ms ${check(f.inbox[i]!.p95 <= 100)}`, '≤ 100 ms']),
    [`bulk decision over a filter (${results[0]!.decided} items)`, (f) => `${seconds(f.decideMs)} ${check(f.decideMs <= 5000)}`, '≤ 5 s'],
    [`submit of those ${results[0]!.submitted}`, (f) => `${seconds(f.submitMs)} ${check(f.submitMs <= 5000)}`, '≤ 5 s'],
    ['report export: the server\u2019s peak RSS', (f) => `${mb(f.reportPeakRss)} ${check(f.reportPeakRss <= 400 * 1024 * 1024)}`, '≤ 400 MB'],
    ['report export: time', (f) => seconds(f.reportMs), ''],
    ...(results[0]!.tunedReport ? [[`the same, NODE_OPTIONS=${results[0]!.tunedReport.nodeOptions}: peak RSS`, (f: Figures) => (f.tunedReport ? `${mb(f.tunedReport.peakRss)} ${check(f.tunedReport.peakRss <= 400 * 1024 * 1024)}` : ''), '≤ 400 MB'] as [string, (f: Figures) => string, string]] : []),
  ];
  const header = ['', ...results.map((r) => r.database), 'goal'];
  const body = rows.map(([name, cell, goal]) => [name, ...results.map(cell), goal]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => r[c]!.length)));
  console.log('');
  for (const r of [header, ...body]) console.log(`  ${r.map((v, c) => v.padEnd(widths[c]!)).join('  ')}`);
}

export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs<Options>({ grants: 1_000_000, inbox: 3000, bigInbox: 50_000, bulk: 10_000, samples: 200, databases: 'sqlite,postgresql', postgresUrl: defaultPostgresUrl() ?? '', reportNodeOptions: '', keep: false }, args);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-reviews-'));
  try {
    const scale = o.grants / 1_000_000;
    const files = await oktaSyncFiles(dir, { users: Math.round(MILLION_GRANTS.users * scale), groups: Math.max(10, Math.round(MILLION_GRANTS.groups * scale)), apps: Math.max(2, Math.round(MILLION_GRANTS.apps * scale)) });
    const targets = databasesUnderTest(o.databases, dir, o.postgresUrl);
    const results: Figures[] = [];
    for (const t of targets) results.push(await benchDatabase(t, files.first, dir, o));
    printTable(results);
    console.log(`\n${JSON.stringify({ bench: 'reviews', grants: files.grants, results })}`);
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

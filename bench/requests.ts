/**
 * The access requests benchmark, on SQLite and (with GATEHOUSE_BENCH_POSTGRES_URL,
 * GATEHOUSE_TEST_POSTGRES_URL or --postgres-url) PostgreSQL:
 *  - expiry: 2,000 time-bound grants (Okta group memberships, each really held in the simulator)
 *    expire in the same second, against the Okta simulator (in this process, so that its store can
 *    be read) limited to 1,200 requests a minute with 20 ms of latency. The requests are written
 *    straight into the database as active, expiring a moment later; a real server with its request
 *    clock (every 5 s, as in production) revokes them through revoke tasks. Timed from the expiry
 *    until every request is `ended`, against the time the rate limit allows for 2,000 revokes
 *    (2,000 / 1,200 a minute = 100 s; goal <= 1.15), and, for context, against the same 2,000
 *    DELETEs made bare (the Okta connector's revoke is that DELETE alone), at the server's
 *    concurrency, through the SDK's header-driven rate limiter. Also: 429s (goal
 *    0), grants missed (a request not ended, or the membership still in Okta; goal 0) and revoked
 *    twice (more than one DELETE of a membership in the simulator's counts; goal 0).
 *  - policy decision: a request policy of 200 CEL rules where the last one matches, and one where
 *    none does: p95 of `planRequest` (every check and lookup a request makes, then the rules), of
 *    POST /requests/preview over HTTP, and of the pure rule evaluation `decide` (goal <= 20 ms),
 *    each against the same with a policy of no rules.
 *
 * npm run bench -- requests [--grants 2000 --rate-limit 1200 --latency-ms 20 --rules 200 --samples 300
 *   --databases sqlite,postgresql --postgres-url URL --skip-baseline --skip-expiry --skip-policy]
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { RateLimiter, silentLogger } from '@gatehouse/sdk';
import { startServer, type Context, type RunningServer } from '@gatehouse/server';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { decide, gatherFacts } from '../apps/server/src/modules/requests/evaluate.js';
import { planRequest, type Outcome, type PolicyRule } from '../apps/server/src/modules/requests/index.js';
import { parseBenchArgs } from './args.js';
import { percentile, seconds } from './format.js';
import { databasesUnderTest, defaultPostgresUrl, type DatabaseUnderTest } from './tenant.js';

interface Options {
  grants: number;
  users: number;
  groups: number;
  rateLimit: number;
  latencyMs: number;
  rules: number;
  samples: number;
  seed: number;
  /** The server's request clock (GATEHOUSE_REQUEST_CLOCK_MS). */
  clockMs: number;
  /** Give up on the expiry after this long. */
  timeoutMinutes: number;
  databases: string;
  postgresUrl: string;
  skipBaseline: boolean;
  skipExpiry: boolean;
  skipPolicy: boolean;
}

/** The server's job queue runs this many tasks at once (jobs/queue.ts); the bare runs use the same. */
const WORKERS = 2;
const PASSWORD = 'a long enough password';
const ADMIN = { email: 'bench@example.com', password: PASSWORD };
const DELETE_ROUTE = 'DELETE /api/v1/groups/{groupId}/users/{userId}';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

interface Pair {
  user: string;
  group: string;
}

// ---- the org and the server ----------------------------------------------------------------------

/** Waits for the simulator's next rate window, so that a run starts with a whole budget. */
async function freshWindow(sim: OktaSimulator): Promise<void> {
  const res = await request(`${sim.url}/api/v1/users?limit=1`, { headers: { authorization: `SSWS ${sim.token()}` } });
  await res.body.text();
  const reset = Number(res.headers['x-rate-limit-reset']) * 1000;
  if (Number.isFinite(reset)) await sleep(Math.max(0, reset - Date.now() + 1500));
}

/** 2,000 memberships the org does not have yet, one per active user, spread over its Okta groups. */
function choosePairs(sim: OktaSimulator, n: number): Pair[] {
  const users = [...sim.store.users.values()].filter((u) => u.status === 'ACTIVE');
  const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
  const pairs: Pair[] = [];
  for (let i = 0; i < users.length && pairs.length < n; i++) {
    const u = users[i]!;
    for (let k = 0; k < groups.length; k++) {
      const g = groups[(i + k) % groups.length]!;
      if (g.members.has(u.id)) continue;
      pairs.push({ user: u.id, group: g.id });
      break;
    }
  }
  if (pairs.length < n) throw new Error(`the org has ${pairs.length} active users to give a group to; give more --users`);
  return pairs;
}

interface Bench {
  server: RunningServer;
  ctx: Context;
  sim: OktaSimulator;
  appId: string;
  adminId: string;
  api: <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string) => Promise<T>;
  close(): Promise<void>;
}

async function startBench(target: DatabaseUnderTest, o: Options, dataDir: string, prepare: (sim: OktaSimulator) => void): Promise<Bench> {
  const sim = await new OktaSimulator({ seed: o.seed, users: o.users, groups: o.groups, apps: 2, rateLimit: o.rateLimit, latencyMs: o.latencyMs }).start();
  prepare(sim);
  const db = await target.fresh();
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl: db.url, pollMs: 1000, schedules: false },
    { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password, GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32', GATEHOUSE_REQUEST_CLOCK_MS: String(o.clockMs) } },
  );
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : { cookie, origin: server.url };
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const me = await api<{ user?: { id: string }; id?: string }>('GET', '/auth/me');
  const appId = (await api<{ id: string }>('POST', '/apps', { name: 'Okta', isDirectory: true })).id;
  const c = await api<{ id: string }>('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
  for (let i = 0; (await api<{ status: string }>('GET', `/connectors/${c.id}`)).status !== 'connected'; i++) {
    if (i > 1200) throw new Error('the first sync did not finish in 10 minutes');
    await sleep(500);
  }
  return {
    server,
    ctx: server.ctx,
    sim,
    appId,
    adminId: me.user?.id ?? me.id!,
    api,
    close: async () => {
      await server.close();
      await sim.close();
      await db.drop();
    },
  };
}

// ---- expiry --------------------------------------------------------------------------------------

interface ExpiryResult {
  ms: number;
  firstTaskMs: number | null;
  allTasksMs: number | null;
  removedMs: number | null;
  calls: number;
  deletes: number;
  rateLimited: number;
  missed: number;
  twice: number;
  unexpectedDeletes: number;
  tasks: Record<string, number>;
  verification: Record<string, number>;
  failedJobs: number;
}

async function expiry(b: Bench, o: Options, pairs: Pair[], deletes: Map<string, number>): Promise<ExpiryResult> {
  const { db } = b.ctx.db;
  const links = new Map((await db.selectFrom('account_links').select(['account_id', 'person_id']).where('app_id', '=', b.appId).execute()).map((l) => [l.account_id, l.person_id]));
  const missing = pairs.filter((p) => !links.get(p.user));
  if (missing.length) throw new Error(`${missing.length} accounts have no person (e.g. ${missing[0]!.user})`);
  const generation = (await db.selectFrom('apps').select('catalog_generation').where('id', '=', b.appId).executeTakeFirstOrThrow()).catalog_generation;
  const held = new Set((await db.selectFrom('grants').select(['entitlement_id', 'principal_id']).where('app_id', '=', b.appId).where('generation', '=', generation).where('direct', '=', 1).execute()).map((g) => `${g.entitlement_id}|${g.principal_id}`));
  const notInCatalog = pairs.filter((p) => !held.has(`group:${p.group}:member|${p.user}`));
  if (notInCatalog.length) throw new Error(`${notInCatalog.length} memberships are not in the synced catalog`);

  await freshWindow(b.sim);
  const before = b.sim.calls();
  deletes.clear();
  // Every grant ends in the same second, two seconds from now.
  const expiresAt = new Date(Date.now() + 2000);
  const grantedAt = new Date(expiresAt.getTime() - 60 * 60_000).toISOString();
  const created = new Date(expiresAt.getTime() - 61 * 60_000).toISOString();
  const rows = pairs.map((p) => ({
    id: randomUUID(),
    requester_id: b.adminId,
    person_id: links.get(p.user)!,
    app_id: b.appId,
    account_id: p.user,
    entitlement_id: `group:${p.group}:member`,
    entitlement_name: b.sim.store.groups.get(p.group)!.profile.name,
    duration_minutes: 60,
    reason: 'bench: on-call hour',
    emergency: 0,
    state: 'active',
    decision: JSON.stringify({ rule: 'bench', outcome: { kind: 'approve' }, errors: [] }),
    step: 0,
    approver_ids: null,
    step_due_at: null,
    conflicts: null,
    extends_id: null,
    task_id: null,
    revoke_task_id: null,
    granted_at: grantedAt,
    expires_at: expiresAt.toISOString(),
    warned: JSON.stringify(['hour']),
    decide_by: created,
    created_at: created,
    updated_at: grantedAt,
  }));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('access_requests').values(rows.slice(i, i + 200)).execute();
  });
  const startedPerf = performance.now() + (expiresAt.getTime() - Date.now());
  const since = () => performance.now() - startedPerf;
  let firstTaskMs: number | null = null;
  let allTasksMs: number | null = null;
  let removedMs: number | null = null;
  let lastSaid = 0;
  const base = () => db.selectFrom('access_requests').select((eb) => eb.fn.countAll<number | string>().as('n'));
  const count = async (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => Number((await where(base()).executeTakeFirstOrThrow()).n);
  for (;;) {
    await sleep(250);
    const withTask = await count((q) => q.where('revoke_task_id', 'is not', null));
    if (withTask > 0 && firstTaskMs === null) firstTaskMs = since();
    if (withTask >= pairs.length && allTasksMs === null) allTasksMs = since();
    const still = pairs.filter((p) => b.sim.store.groups.get(p.group)!.members.has(p.user)).length;
    if (still === 0 && removedMs === null) removedMs = since();
    const ended = await count((q) => q.where('state', '=', 'ended'));
    if (ended >= pairs.length) break;
    if (since() - lastSaid > 15_000) {
      lastSaid = since();
      console.error(`  ${seconds(since())}: ${withTask} revoke tasks, ${pairs.length - still} removed in Okta, ${ended} ended, ${b.sim.calls().total - before.total} API calls`);
    }
    if (since() > o.timeoutMinutes * 60_000) {
      console.error(`  gave up after ${o.timeoutMinutes} minutes: ${ended} of ${pairs.length} ended`);
      break;
    }
  }
  const total = since();
  const after = b.sim.calls();
  const endedIds = new Set((await db.selectFrom('access_requests').select('account_id').where('state', '=', 'ended').execute()).map((r) => r.account_id));
  const missed = pairs.filter((p) => b.sim.store.groups.get(p.group)!.members.has(p.user) || !endedIds.has(p.user)).length;
  const ours = new Set(pairs.map((p) => `${p.group}|${p.user}`));
  const twice = [...deletes].filter(([k, n]) => ours.has(k) && n > 1).length;
  const unexpectedDeletes = [...deletes.keys()].filter((k) => !ours.has(k)).length;
  const group = async (col: 'state' | 'verification') =>
    Object.fromEntries((await db.selectFrom('tasks').select([col, (eb) => eb.fn.countAll<number | string>().as('n')]).where('kind', '=', 'revoke').groupBy(col).execute()).map((r) => [String(r[col]), Number(r.n)]));
  const failedJobs = Number((await db.selectFrom('jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'failed').executeTakeFirstOrThrow()).n);
  return {
    ms: total,
    firstTaskMs,
    allTasksMs,
    removedMs,
    calls: after.total - before.total,
    deletes: (after.byRoute[DELETE_ROUTE] ?? 0) - (before.byRoute[DELETE_ROUTE] ?? 0),
    rateLimited: after.rateLimited - before.rateLimited,
    missed,
    twice,
    unexpectedDeletes,
    tasks: await group('state'),
    verification: await group('verification'),
    failedJobs,
  };
}

/** A DELETE per membership made bare: undici and the SDK's rate limiter, at the server's concurrency. */
async function bare(sim: OktaSimulator, pairs: Pair[]): Promise<{ ms: number; calls: number; rateLimited: number }> {
  for (const p of pairs) sim.store.addMember(p.group, p.user);
  await freshWindow(sim);
  const before = sim.calls();
  const limiter = new RateLimiter();
  const headers = { authorization: `SSWS ${sim.token()}`, accept: 'application/json' };
  const call = async (method: 'DELETE', path: string) => {
    await limiter.acquire(sim.url);
    let status = 0;
    let resHeaders: Record<string, string | string[] | undefined> = {};
    try {
      const res = await request(new URL(path, sim.url), { method, headers });
      status = res.statusCode;
      resHeaders = res.headers;
      await res.body.text();
    } finally {
      limiter.release(sim.url, resHeaders, status);
    }
    if (status >= 400) throw new Error(`${method} ${path}: ${status}`);
  };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < pairs.length) {
        const { user, group } = pairs[next++]!;
        await call('DELETE', `/api/v1/groups/${group}/users/${user}`);
      }
    }),
  );
  const after = sim.calls();
  return { ms: performance.now() - started, calls: after.total - before.total, rateLimited: after.rateLimited - before.rateLimited };
}

// ---- policy decision -----------------------------------------------------------------------------

/**
 * 200 rules of the kinds people write (departments, titles, what the person holds, duration, time
 * of day, on call, conflicts, someone else's access), none matching the benchmark's request; then
 * the last: matching it, or not.
 */
function policyRules(n: number, last: { matches: boolean; entitlementId: string; email: string }): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const steps: Outcome = { kind: 'steps', steps: [{ approvers: 'app_owners', userIds: [], timeoutHours: 24, onTimeout: 'deny', escalateTo: [] }] };
  for (let i = 0; i < n - 1; i++) {
    const k = i % 8;
    const condition = [
      `requester.department == "Bench department ${i}" && durationMinutes != null && durationMinutes <= ${30 + i}`,
      `requester.title != null && requester.title.startsWith("Bench title ${i}") && !forSomeoneElse`,
      `"Okta:group:bench${i}:member" in requester.holds && entitlement.resourceType == "group"`,
      `entitlement.id == "group:bench${i}:member" && now.hour >= 9 && now.hour < 17`,
      `onCall && app.name == "Bench app ${i}"`,
      `size(conflicts) > ${i} && !emergency`,
      `forSomeoneElse && target.manager == "bench${i}@example.com"`,
      `entitlement.name.contains("bench-${i}") && (durationMinutes == null || durationMinutes > ${600 + i})`,
    ][k]!;
    rules.push({ name: `rule ${i + 1}`, condition, outcome: k % 3 === 0 ? { kind: 'approve' } : k % 3 === 1 ? steps : { kind: 'deny', message: `denied by rule ${i + 1}` } });
  }
  rules.push({
    name: `rule ${n}`,
    condition: last.matches ? `entitlement.id == "${last.entitlementId}" && requester.email == "${last.email}" && durationMinutes != null && durationMinutes <= 240` : `entitlement.id == "${last.entitlementId}" && requester.email == "nobody@example.com"`,
    outcome: { kind: 'approve' },
  });
  return rules;
}

interface Timing {
  p50: number;
  p95: number;
}

async function timed(samples: number, fn: () => Promise<unknown> | unknown): Promise<Timing> {
  for (let i = 0; i < Math.min(20, samples); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

interface PolicyResult {
  plan: Record<'last' | 'none' | 'empty', Timing>;
  preview: Record<'last' | 'none' | 'empty', Timing>;
  decide: Record<'last' | 'none' | 'empty', Timing>;
  errors: number;
}

async function policy(b: Bench, o: Options): Promise<PolicyResult> {
  const { db } = b.ctx.db;
  // A person of the directory with a platform user (Read-only: Basic users have no API tokens) and a group they are not in.
  const user = [...b.sim.store.users.values()].find((u) => u.status === 'ACTIVE' && u.profile.managerId)!;
  const email = user.profile.email!;
  const group = [...b.sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
  const entitlementId = `group:${group.id}:member`;
  const created = await b.api<{ id: string }>('POST', '/users', { email, name: 'Bench requester', role: 'read_only', password: PASSWORD });
  const login = await fetch(`${b.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const tokenRes = await fetch(`${b.server.url}/api/v1/tokens`, { method: 'POST', headers: { cookie, origin: b.server.url, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  const token = ((await tokenRes.json()) as { token: string }).token;
  const policies = {
    last: await b.api<{ id: string }>('POST', '/request-policies', { name: `${o.rules} rules, the last matches`, rules: policyRules(o.rules, { matches: true, entitlementId, email }), baseline: { kind: 'steps', steps: [{ approvers: 'manager' }] } }),
    none: await b.api<{ id: string }>('POST', '/request-policies', { name: `${o.rules} rules, none matches`, rules: policyRules(o.rules, { matches: false, entitlementId, email }), baseline: { kind: 'steps', steps: [{ approvers: 'manager' }] } }),
    empty: await b.api<{ id: string }>('POST', '/request-policies', { name: 'no rules', rules: [], baseline: { kind: 'steps', steps: [{ approvers: 'manager' }] } }),
  };
  const input = { appId: b.appId, entitlementId, durationMinutes: 60, reason: 'bench', emergency: false };
  const who = { userId: created.id, email };
  const person = (await db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirst())!;
  const out: PolicyResult = { plan: {} as PolicyResult['plan'], preview: {} as PolicyResult['preview'], decide: {} as PolicyResult['decide'], errors: 0 };
  for (const which of ['last', 'none', 'empty'] as const) {
    await b.api('PUT', `/apps/${b.appId}/request-settings`, { entitlementId, settings: { maxDurationMinutes: 240, defaultDurationMinutes: 60, reasonRequired: false, policyId: policies[which].id } });
    const plan = await planRequest(b.ctx, who, input);
    const expected = which === 'last' ? `rule ${o.rules}` : null;
    if (plan.decision.rule !== expected) throw new Error(`the ${which} policy decided by ${plan.decision.rule}, not ${expected}`);
    out.errors += plan.decision.errors.length;
    out.plan[which] = await timed(o.samples, () => planRequest(b.ctx, who, input));
    out.preview[which] = await timed(o.samples, async () => {
      const res = await fetch(`${b.server.url}/api/v1/requests/preview`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { rule: string | null };
      if (res.status !== 200 || body.rule !== expected) throw new Error(`preview answered ${res.status}: ${JSON.stringify(body)}`);
    });
    const facts = await gatherFacts(b.ctx, { requesterEmail: email, requesterPerson: person, target: person, appId: b.appId, entitlementId, durationMinutes: 60, emergency: false, now: new Date() });
    const stored = (await db.selectFrom('request_policies').select(['rules', 'baseline']).where('id', '=', policies[which].id).executeTakeFirstOrThrow());
    const rules = JSON.parse(stored.rules) as PolicyRule[];
    const baseline = JSON.parse(stored.baseline) as Outcome;
    out.decide[which] = await timed(o.samples * 10, () => decide(rules, baseline, facts.input));
  }
  return out;
}

// ---- the run -------------------------------------------------------------------------------------

interface DatabaseResult {
  label: string;
  expiry?: ExpiryResult;
  policy?: PolicyResult;
}

export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs<Options>(
    {
      grants: 2000,
      users: 3000,
      groups: 40,
      rateLimit: 1200,
      latencyMs: 20,
      rules: 200,
      samples: 300,
      seed: 7,
      clockMs: 5000,
      timeoutMinutes: 20,
      databases: 'sqlite,postgresql',
      postgresUrl: defaultPostgresUrl() ?? '',
      skipBaseline: false,
      skipExpiry: false,
      skipPolicy: false,
    },
    args,
  );
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-requests-'));
  const targets = databasesUnderTest(o.databases, dir, o.postgresUrl);
  const nominalMs = (o.grants / o.rateLimit) * 60_000;
  const results: DatabaseResult[] = [];
  let baselines: { deletes: Awaited<ReturnType<typeof bare>> } | undefined;
  console.error(`requests: ${o.grants} expiring grants against the Okta simulator at ${o.rateLimit} requests/min and ${o.latencyMs} ms latency (the limit allows ${seconds(nominalMs)}); a policy of ${o.rules} rules`);
  try {
    for (const target of targets) {
      console.error(`\n${target.label}`);
      const dataDir = mkdtempSync(join(dir, 'data-'));
      let pairs: Pair[] = [];
      const deletes = new Map<string, number>();
      const b = await startBench(target, o, dataDir, (sim) => {
        pairs = choosePairs(sim, o.grants);
        for (const p of pairs) sim.store.addMember(p.group, p.user);
        // Every DELETE of a membership, counted per membership (the route calls removeMember once).
        const remove = sim.store.removeMember.bind(sim.store);
        sim.store.removeMember = (groupId: string, userId: string) => {
          deletes.set(`${groupId}|${userId}`, (deletes.get(`${groupId}|${userId}`) ?? 0) + 1);
          return remove(groupId, userId);
        };
      });
      const result: DatabaseResult = { label: target.label };
      try {
        console.error(`  synced; ${pairs.length} memberships over ${new Set(pairs.map((p) => p.group)).size} groups`);
        if (!o.skipExpiry) {
          result.expiry = await expiry(b, o, pairs, deletes);
          const e = result.expiry;
          console.error(`  expiry: every request ended ${seconds(e.ms)} after the expiry (${e.calls} API calls, ${e.deletes} DELETEs, ${e.rateLimited} 429s, ${e.missed} missed, ${e.twice} revoked twice)`);
          if (!o.skipBaseline && !baselines) {
            const deletesOnly = await bare(b.sim, pairs);
            console.error(`  bare: ${pairs.length} DELETEs in ${seconds(deletesOnly.ms)} (${deletesOnly.rateLimited} 429s)`);
            baselines = { deletes: deletesOnly };
          }
        }
        if (!o.skipPolicy) {
          result.policy = await policy(b, o);
          console.error(`  policy: planRequest p95 ${ms(result.policy.plan.last.p95)} (the last of ${o.rules} rules matches), ${ms(result.policy.plan.none.p95)} (none does)`);
        }
      } finally {
        await b.close();
      }
      results.push(result);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The table: one column per database.
  const rows: string[][] = [];
  const row = (label: string, cell: (r: DatabaseResult) => string, goal: string) => rows.push([label, ...results.map(cell), goal]);
  const exp = (f: (e: ExpiryResult) => string) => (r: DatabaseResult) => (r.expiry ? f(r.expiry) : '');
  const pol = (f: (p: PolicyResult) => string) => (r: DatabaseResult) => (r.policy ? f(r.policy) : '');
  if (results.some((r) => r.expiry)) {
    row(`${o.grants} expiries: all ended / ${seconds(nominalMs)} (${o.grants} at ${o.rateLimit}/min)`, exp((e) => `${seconds(e.ms)} = ${(e.ms / nominalMs).toFixed(2)} ${mark(e.ms / nominalMs <= 1.15)}`), '≤ 1.15');
    if (baselines) {
      row(`  / the same ${o.grants} DELETEs bare (${seconds(baselines.deletes.ms)})`, exp((e) => (e.ms / baselines!.deletes.ms).toFixed(2)), '');
    }
    row('  first revoke task / all revoke tasks created', exp((e) => `${e.firstTaskMs === null ? '-' : seconds(e.firstTaskMs)} / ${e.allTasksMs === null ? '-' : seconds(e.allTasksMs)}`), '');
    row('  all gone from Okta', exp((e) => (e.removedMs === null ? 'never' : seconds(e.removedMs))), '');
    row('  API calls per revoke (DELETEs)', exp((e) => `${(e.calls / o.grants).toFixed(2)} (${e.deletes})`), '');
    row('  429s received', exp((e) => `${e.rateLimited} ${mark(e.rateLimited === 0)}`), '0');
    row('  grants missed', exp((e) => `${e.missed} ${mark(e.missed === 0)}`), '0');
    row('  memberships revoked twice (other DELETEs)', exp((e) => `${e.twice} (${e.unexpectedDeletes}) ${mark(e.twice === 0 && e.unexpectedDeletes === 0)}`), '0');
    row('  revoke tasks; read-back', exp((e) => `${Object.entries(e.tasks).map(([k, v]) => `${v} ${k}`).join(', ')}; ${Object.entries(e.verification).map(([k, v]) => `${v} ${k}`).join(', ')}`), '');
  }
  if (results.some((r) => r.policy)) {
    const cell = (t: Timing, base: Timing) => `${ms(t.p95)} (/ ${ms(base.p95)} no rules = ${(t.p95 / base.p95).toFixed(2)}) ${mark(t.p95 <= 20)}`;
    row(`planRequest p95, ${o.rules} rules, the last matches`, pol((p) => cell(p.plan.last, p.plan.empty)), '≤ 20 ms');
    row(`planRequest p95, ${o.rules} rules, none matches`, pol((p) => cell(p.plan.none, p.plan.empty)), '≤ 20 ms');
    row(`POST /requests/preview p95, the last matches`, pol((p) => cell(p.preview.last, p.preview.empty)), '≤ 20 ms');
    row(`POST /requests/preview p95, none matches`, pol((p) => cell(p.preview.none, p.preview.empty)), '≤ 20 ms');
    row(`decide p95 (the rules alone), the last matches`, pol((p) => `${ms(p.decide.last.p95)} ${mark(p.decide.last.p95 <= 20)}`), '≤ 20 ms');
    row(`decide p95 (the rules alone), none matches`, pol((p) => `${ms(p.decide.none.p95)} ${mark(p.decide.none.p95 <= 20)}`), '≤ 20 ms');
  }
  const header = ['', ...results.map((r) => r.label), 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\nrequests: ${o.grants} expiring grants, Okta simulator at ${o.rateLimit} requests/min with ${o.latencyMs} ms latency, request clock every ${o.clockMs} ms; policies of ${o.rules} CEL rules`);
  console.log(line(header));
  console.log(line(header.map((_, i) => '-'.repeat(widths[i]!))));
  for (const r of rows) console.log(line(r));
  console.log(JSON.stringify({ bench: 'requests', options: o, nominalMs, baselines: baselines ? { deletesMs: Math.round(baselines.deletes.ms) } : null, results }));
}

/**
 * The provisioning benchmark: 2,000 grant tasks (group memberships) through the server against
 * the Okta simulator (a separate process) with 20 ms of latency and a rate limit of 600 requests a
 * minute. It prints:
 *  - wall time of the tasks / the same calls made bare (undici and the SDK's header-driven rate
 *    limiter, nothing else) at the same concurrency and rate (goal <= 1.2);
 *  - 429s received (goal 0);
 *  - tasks lost or doubled (goal 0): every task succeeded, each made its change once (one PUT per
 *    task in the simulator's call counts, and every task reports that it changed something).
 * Each grant task makes the calls the connector needs (is the user in the group? add them) and the
 * read-back that confirms it (the group's members until the new one shows, and its admin roles); the
 * baseline makes exactly those.
 */
import { RateLimiter, silentLogger } from '@gatehouse/sdk';
import { startServer } from '@gatehouse/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { generateOrg } from '../connectors/okta/src/simulator/index.js';
import { parseBenchArgs } from './args.js';
import { ratio, seconds } from './format.js';
import { startSim, type SimProcess } from './processes.js';

interface Options {
  tasks: number;
  users: number;
  groups: number;
  latencyMs: number;
  rateLimit: number;
  seed: number;
  skipBaseline: boolean;
}

interface OktaCalls {
  total: number;
  rateLimited: number;
  byRoute: Record<string, number>;
}

/** The server's job workers run this many tasks at once; the baseline uses the same. */
const WORKERS = 2;
const PUT_ROUTE = 'PUT /api/v1/groups/{groupId}/users/{userId}';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for the simulator's next rate window, so that both runs start with a whole budget. */
async function freshWindow(url: string, token: string): Promise<void> {
  const res = await request(`${url}/api/v1/users?limit=1`, { headers: { authorization: `SSWS ${token}` } });
  await res.body.text();
  const reset = Number(res.headers['x-rate-limit-reset']) * 1000;
  if (Number.isFinite(reset)) await sleep(Math.max(0, reset - Date.now() + 1500));
}

/** The same calls as the tasks make, with nothing around them. */
async function bare(url: string, token: string, pairs: { user: string; group: string }[]): Promise<{ ms: number; calls: number }> {
  const limiter = new RateLimiter();
  const headers = { authorization: `SSWS ${token}`, accept: 'application/json', 'content-type': 'application/json' };
  let calls = 0;
  const call = async (method: 'GET' | 'PUT', path: string) => {
    await limiter.acquire(url);
    calls++;
    let status = 0;
    let resHeaders: Record<string, string | string[] | undefined> = {};
    let text = '';
    try {
      const res = await request(new URL(path, url), { method, headers, body: method === 'PUT' ? '{}' : undefined });
      status = res.statusCode;
      resHeaders = res.headers;
      text = await res.body.text();
    } finally {
      limiter.release(url, resHeaders, status);
    }
    if (status >= 400) throw new Error(`${method} ${path}: ${status} ${text}`);
    return { text, headers: resHeaders };
  };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < pairs.length) {
        const { user, group } = pairs[next++]!;
        await call('GET', `/api/v1/users/${user}/groups`);
        await call('PUT', `/api/v1/groups/${group}/users/${user}`);
        // The read-back, as the task reads it: the group's members page by page (its admin roles with
        // the first page) until the new member shows.
        let page: string | undefined = `/api/v1/groups/${group}/users?limit=1000`;
        for (let first = true; page; first = false) {
          const res = await call('GET', page);
          if (first) await call('GET', `/api/v1/groups/${group}/roles`);
          if ((JSON.parse(res.text) as { id: string }[]).some((u) => u.id === user)) break;
          page = /<([^>]+)>;\s*rel="next"/.exec([res.headers.link ?? ''].flat().join(','))?.[1];
        }
      }
    }),
  );
  return { ms: performance.now() - started, calls };
}

export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs<Options>({ tasks: 2000, users: 2500, groups: 60, latencyMs: 20, rateLimit: 600, seed: 5, skipBaseline: false }, args);
  const org = generateOrg({ seed: o.seed, users: o.users, groups: o.groups, apps: 3 });
  // Pairs of an active user and a group they are not in, dealt alternately to the tasks and the
  // baseline, so that both change the same groups (whose size decides the read-back's pages).
  const users = [...org.users.values()].filter((u) => u.status === 'ACTIVE');
  const groups = [...org.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
  const pairs: { user: string; group: string }[] = [];
  for (let i = 0; pairs.length < o.tasks * 2 && i < users.length * groups.length; i++) {
    const user = users[i % users.length]!;
    const group = groups[Math.floor(i / users.length)]!;
    if (!group.members.has(user.id)) pairs.push({ user: user.id, group: group.id });
  }
  if (pairs.length < o.tasks * 2) throw new Error(`the org has only ${pairs.length} free memberships; give more --users or --groups`);

  const sim: SimProcess<OktaCalls> = await startSim<OktaCalls>('okta', ['--users', String(o.users), '--groups', String(o.groups), '--apps', '3', '--seed', String(o.seed), '--latency-ms', String(o.latencyMs), '--rate-limit', String(o.rateLimit)]);
  const token = sim.flags[sim.flags.indexOf('--api-token') + 1]!;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-provisioning-'));
  const admin = { email: 'admin@bench.example', password: 'a long enough password' };
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 50, schedules: false }, { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: admin.email, GATEHOUSE_ADMIN_PASSWORD: admin.password, GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const app = await api('POST', '/apps', { name: 'Okta', isDirectory: true });
    const connector = await api('POST', `/apps/${String(app.id)}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: token }, provisioning: true });
    while ((await api('GET', `/connectors/${String(connector.id)}`)).status !== 'connected') await sleep(200);
    console.error(`synced; ${o.tasks} grant tasks against a limit of ${o.rateLimit} requests/min (about ${seconds(((o.tasks * 3) / o.rateLimit) * 60_000)} at that rate)`);

    await freshWindow(sim.url, token);
    const before = await sim.calls();
    const started = performance.now();
    const forTasks = pairs.filter((_, i) => i % 2 === 0);
    const forBaseline = pairs.filter((_, i) => i % 2 === 1);
    for (const { user, group } of forTasks) {
      await api('POST', '/tasks', { appId: app.id, kind: 'grant', reason: 'bench', input: { entitlementId: `group:${group}:member`, principal: { type: 'user', id: user } } });
    }
    let counts: Record<string, number> = {};
    for (;;) {
      counts = (await api('GET', '/tasks/counts')) as Record<string, number>;
      if ((counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.manual ?? 0) >= o.tasks) break;
      await sleep(250);
    }
    const tasksMs = performance.now() - started;
    const after = await sim.calls();
    const calls = after.total - before.total;
    const puts = (after.byRoute[PUT_ROUTE] ?? 0) - (before.byRoute[PUT_ROUTE] ?? 0);
    let unchanged = 0;
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page = (await api('GET', `/tasks?limit=1000&state=succeeded${cursor ? `&cursor=${cursor}` : ''}`)) as { items: { result: { changed: boolean } }[]; nextCursor: string | null };
      unchanged += page.items.filter((t) => !t.result.changed).length;
      cursor = page.nextCursor;
    }
    const lost = o.tasks - (counts.succeeded ?? 0);
    const doubled = Math.max(0, puts - o.tasks) + unchanged;

    let baseline: { ms: number; calls: number } | undefined;
    if (!o.skipBaseline) {
      await freshWindow(sim.url, token);
      baseline = await bare(sim.url, token, forBaseline);
    }
    const final = await sim.calls();
    const rateLimited = final.rateLimited;

    console.log(`provisioning: ${o.tasks} grant tasks, Okta simulator with ${o.latencyMs} ms latency and ${o.rateLimit} requests/min`);
    console.log(`  wall time / bare calls at the same concurrency and rate: ${baseline ? ratio(tasksMs, baseline.ms, seconds) : `${seconds(tasksMs)} (baseline skipped)`}   goal <= 1.2`);
    console.log(`  API calls: ${calls} by the tasks (${(calls / o.tasks).toFixed(2)} per task)${baseline ? `, ${baseline.calls} by the baseline; time per call / the baseline's: ${ratio(tasksMs / calls, baseline.ms / baseline.calls, (ms) => `${ms.toFixed(1)} ms`)}` : ''}`);
    console.log(`  429s received: ${rateLimited}   goal 0`);
    console.log(`  tasks lost: ${lost}, doubled: ${doubled} (PUTs ${puts} for ${o.tasks} tasks; ${unchanged} tasks found nothing to change)   goal 0`);
    console.log(JSON.stringify({ bench: 'provisioning', tasks: o.tasks, tasksMs: Math.round(tasksMs), baselineMs: baseline ? Math.round(baseline.ms) : null, ratio: baseline ? tasksMs / baseline.ms : null, calls, baselineCalls: baseline?.calls ?? null, rateLimited, lost, doubled, failed: counts.failed ?? 0 }));
  } finally {
    await server.close();
    sim.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

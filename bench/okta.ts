/**
 * The Okta sync benchmark. Against the simulator (a separate process, so its memory is not
 * counted) with 100,000 users, 5,000 groups and 500 apps (about a million grants) and 20 ms of
 * latency per request, it measures:
 *  - API calls made / the minimum possible at Okta's maximum page sizes (goal <= 1.05);
 *  - wall time / a plain sequential download of the same pages, no processing (goal < 1.0);
 *  - peak RSS of the sync process (goal <= 350 MB: it streams, never holding the org);
 *  - with a rate limit of 600 requests/minute (on a smaller org, to keep the run short): 429s seen
 *    (goal 0).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { MAX_PAGE } from '../connectors/okta/src/index.js';
import { generateOrg } from '../connectors/okta/src/simulator/index.js';
import { runSync, startSim, type SimProcess } from './processes.js';
import { parseBenchArgs } from './args.js';
import { mb, seconds, ratio } from './format.js';

interface Options {
  users: number;
  groups: number;
  apps: number;
  latencyMs: number;
  seed: number;
  concurrency: number;
  rateLimitUsers: number;
  skipBaseline: boolean;
}

function parseArgs(args: string[]): Options {
  return parseBenchArgs<Options>({ users: 100_000, groups: 5000, apps: 500, latencyMs: 20, seed: 1, concurrency: 16, rateLimitUsers: 5000, skipBaseline: false }, args);
}

interface OktaCalls {
  total: number;
  rateLimited: number;
  byRoute: Record<string, number>;
}

const tokenOf = (sim: SimProcess<OktaCalls>) => sim.flags[sim.flags.indexOf('--api-token') + 1]!;

/** The same pages the connector needs, fetched one after another with no processing. */
async function sequentialDownload(base: string, token: string): Promise<{ ms: number; calls: number }> {
  const headers = { authorization: `SSWS ${token}`, accept: 'application/json' };
  let calls = 0;
  const get = async (path: string) => {
    calls++;
    const res = await request(new URL(path, base), { headers });
    const text = await res.body.text();
    const link = ([] as string[]).concat((res.headers.link as string | string[] | undefined) ?? []).join(',');
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
    return { text, next };
  };
  const walk = async (first: string, onPage?: (text: string) => void) => {
    let url: string | undefined = first;
    while (url) {
      const page = await get(url);
      onPage?.(page.text);
      url = page.next;
    }
  };
  const bodyNext = (text: string) => (JSON.parse(text) as { _links?: { next?: { href?: string } } })._links?.next?.href;
  const started = performance.now();
  await get('/api/v1/users?limit=1'); // the connector checks its credentials first
  await walk(`/api/v1/users?limit=${MAX_PAGE.users}`);
  const groups: string[] = [];
  await walk(`/api/v1/groups?limit=${MAX_PAGE.groups}`, (t) => groups.push(...(JSON.parse(t) as { id: string }[]).map((g) => g.id)));
  const apps: string[] = [];
  await walk(`/api/v1/apps?limit=${MAX_PAGE.apps}&filter=${encodeURIComponent('status eq "ACTIVE"')}`, (t) => apps.push(...(JSON.parse(t) as { id: string }[]).map((a) => a.id)));
  await get(`/api/v1/iam/roles?limit=${MAX_PAGE.iamRoles}`);
  let assignees: string | undefined = `/api/v1/iam/assignees/users?limit=${MAX_PAGE.assignees}`;
  while (assignees) {
    const page = await get(assignees);
    for (const { id } of (JSON.parse(page.text) as { value: { id: string }[] }).value) await get(`/api/v1/users/${id}/roles`);
    assignees = bodyNext(page.text);
  }
  for (const id of groups) {
    await walk(`/api/v1/groups/${id}/users?limit=${MAX_PAGE.groupUsers}`);
    await get(`/api/v1/groups/${id}/roles`);
  }
  for (const id of apps) {
    await walk(`/api/v1/apps/${id}/users?limit=${MAX_PAGE.appUsers}`);
    await walk(`/api/v1/apps/${id}/groups?limit=${MAX_PAGE.appGroups}`);
  }
  return { ms: performance.now() - started, calls };
}

/** The fewest calls that can read this org at Okta's maximum page sizes. */
function minimumCalls(o: Options): number {
  const store = generateOrg({ seed: o.seed, users: o.users, groups: o.groups, apps: o.apps });
  const pages = (n: number, max: number) => Math.max(1, Math.ceil(n / max));
  const liveUsers = [...store.users.values()].filter((u) => u.status !== 'DEPROVISIONED').length;
  const active = [...store.apps.values()].filter((a) => a.status === 'ACTIVE');
  let calls = 1 + pages(liveUsers, MAX_PAGE.users) + pages(store.groups.size, MAX_PAGE.groups) + pages(active.length, MAX_PAGE.apps);
  for (const g of store.groups.values()) calls += pages(g.members.size, MAX_PAGE.groupUsers) + 1;
  for (const a of active) calls += pages(store.appUsers(a.id).length, MAX_PAGE.appUsers) + pages(a.groups.size, MAX_PAGE.appGroups);
  calls += pages(store.customRoles.size, MAX_PAGE.iamRoles);
  const assignees = store.roleAssignees().length;
  calls += pages(assignees, MAX_PAGE.assignees) + assignees;
  return calls;
}

export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'bench-okta-'));
  const results: Record<string, unknown> = { options: o };
  try {
    console.log(`okta: ${o.users} users, ${o.groups} groups, ${o.apps} apps, ${o.latencyMs} ms latency`);
    const minimum = minimumCalls(o);
    const sim = await startSim<OktaCalls>('okta', ['--seed', String(o.seed), '--users', String(o.users), '--groups', String(o.groups), '--apps', String(o.apps), '--latency-ms', String(o.latencyMs)]);
    try {
      const sync = await runSync('okta', sim.flags, join(dir, 'okta.sync'), ['--concurrency', String(o.concurrency)]);
      const after = await sim.calls();
      console.log(`sync: ${seconds(sync.ms)}, ${sync.summary.apiCalls} API calls, ${sync.summary.grants.toLocaleString('en-US')} grants, peak RSS ${mb(sync.summary.peakRssBytes)}`);
      const calls = sync.summary.apiCalls;
      results.sync = { ms: Math.round(sync.ms), apiCalls: calls, simulatorCalls: after.total, grants: sync.summary.grants, resources: sync.summary.resources, peakRssBytes: sync.summary.peakRssBytes };
      results.callsRatio = calls / minimum;
      console.log(`API calls / minimum at max page sizes: ${ratio(calls, minimum)} (goal <= 1.05)`);
      console.log(`peak RSS of the sync: ${mb(sync.summary.peakRssBytes)} (goal <= 350 MB)`);
      if (!o.skipBaseline) {
        const baseline = await sequentialDownload(sim.url, tokenOf(sim));
        results.baseline = { ms: Math.round(baseline.ms), calls: baseline.calls };
        results.timeRatio = sync.ms / baseline.ms;
        console.log(`wall time / sequential download of the same ${baseline.calls} pages: ${ratio(sync.ms, baseline.ms, seconds)} (goal < 1.0)`);
      }
    } finally {
      sim.stop();
    }

    const small = { users: o.rateLimitUsers, groups: Math.round(o.rateLimitUsers / 16), apps: Math.round(o.rateLimitUsers / 170) };
    const limited = await startSim<OktaCalls>('okta', ['--seed', String(o.seed), '--users', String(small.users), '--groups', String(small.groups), '--apps', String(small.apps), '--rate-limit', '600']);
    try {
      const sync = await runSync('okta', limited.flags, join(dir, 'limited.sync'), ['--concurrency', String(o.concurrency)]);
      const calls = await limited.calls();
      results.rateLimited = { org: small, ms: Math.round(sync.ms), apiCalls: sync.summary.apiCalls, responses429: calls.rateLimited };
      console.log(
        `rate limit 600/min (${small.users} users, ${small.groups} groups, ${small.apps} apps): ${sync.summary.apiCalls} calls in ${seconds(sync.ms)}, 429 responses: ${calls.rateLimited} (goal 0)`,
      );
    } finally {
      limited.stop();
    }
    console.log(JSON.stringify(results));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

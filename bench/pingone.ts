/**
 * The PingOne sync benchmark. Against the simulator (a separate process, so its memory is not
 * counted) with 50,000 users, 500 groups, 20 ms of latency per request and access tokens that
 * live 60 s (so the sync has to renew them), it measures:
 *  - API calls made / the minimum possible at PingOne's page sizes (goal <= 1.05). PingOne has no
 *    bulk read of role assignments, so the minimum includes one call per user;
 *  - wall time / a bare download of the same pages at the same concurrency, with no processing
 *    (the cost of the connector, the engine and the sync file; goal < 1.25);
 *  - peak RSS of the sync process (goal <= 400 MB: it streams, never holding the environment).
 */
import { mapConcurrent } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { MAX_PAGE } from '../connectors/pingone/src/index.js';
import { generateEnvironment, minimumSyncCalls } from '../connectors/pingone/src/simulator/index.js';
import { runSync, startSim } from './processes.js';
import { parseBenchArgs } from './args.js';
import { mb, seconds, ratio } from './format.js';

interface Options {
  users: number;
  groups: number;
  latencyMs: number;
  seed: number;
  concurrency: number;
  tokenTtl: number;
  skipBaseline: boolean;
}

function parseArgs(args: string[]): Options {
  const o = parseBenchArgs<Options>({ users: 50_000, groups: 0, latencyMs: 20, seed: 1, concurrency: 16, tokenTtl: 60, skipBaseline: false }, args);
  if (!o.groups) o.groups = Math.max(6, Math.round(o.users / 100));
  return o;
}

interface PingOneCalls {
  total: number;
  tokens: number;
  unauthorized: number;
}

/** The pages the connector needs, fetched at the same concurrency with nothing done to them. */
async function bareDownload(flags: string[], concurrency: number): Promise<{ ms: number; calls: number }> {
  const flag = (name: string) => flags[flags.indexOf(name) + 1]!;
  const api = flag('--api-url');
  const env = `${api}/environments/${flag('--environment-id')}`;
  const basic = Buffer.from(`${flag('--client-id')}:${flag('--client-secret')}`).toString('base64');
  const started = performance.now();
  // Tokens expire during a long download: fetch one when needed, again after a 401 (as any client must).
  let token: Promise<string> | undefined;
  const fetchToken = async () => {
    const res = await request(`${flag('--auth-url')}/${flag('--environment-id')}/as/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    return ((await res.body.json()) as { access_token: string }).access_token;
  };
  let calls = 0;
  const get = async (url: string, retried = false): Promise<{ _embedded?: Record<string, { id: string }[]>; _links?: { next?: { href: string } } }> => {
    calls++;
    const used = (token ??= fetchToken());
    const res = await request(url, { headers: { authorization: `Bearer ${await used}` } });
    if (res.statusCode === 401 && !retried) {
      await res.body.dump();
      if (token === used) token = fetchToken();
      return get(url, true);
    }
    if (res.statusCode !== 200) throw new Error(`bare download: ${url} answered ${res.statusCode} ${await res.body.text()}`);
    return (await res.body.json()) as never;
  };
  const walk = async (first: string, key: string): Promise<{ id: string }[]> => {
    const items: { id: string }[] = [];
    for (let url: string | undefined = first; url; ) {
      const body = await get(url);
      items.push(...(body._embedded?.[key] ?? []));
      url = body._links?.next?.href;
    }
    return items;
  };
  await get(`${env}/users?limit=1`); // the connector checks its credentials first
  const [users, groups] = await Promise.all([
    walk(`${env}/users?limit=${MAX_PAGE.users}`, 'users'),
    walk(`${env}/groups?limit=${MAX_PAGE.other}`, 'groups'),
    walk(`${env}/populations?limit=${MAX_PAGE.other}`, 'populations'),
    walk(`${api}/roles?limit=${MAX_PAGE.other}`, 'roles'),
  ]);
  const filter = (gid: string) => encodeURIComponent(`memberOfGroups[id eq "${gid}"]`);
  const work: (() => Promise<unknown>)[] = [
    ...groups.flatMap((g) => [
      () => walk(`${env}/users?filter=${filter(g.id)}&limit=${MAX_PAGE.users}`, 'users'),
      () => walk(`${env}/groups/${g.id}/memberOfGroups?limit=${MAX_PAGE.other}`, 'groupMemberships'),
      () => walk(`${env}/groups/${g.id}/roleAssignments?limit=${MAX_PAGE.other}`, 'roleAssignments'),
    ]),
    ...users.map((u) => () => walk(`${env}/users/${u.id}/roleAssignments?limit=${MAX_PAGE.other}`, 'roleAssignments')),
  ];
  await mapConcurrent(work, concurrency, (job) => job());
  return { ms: performance.now() - started, calls };
}

export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'bench-pingone-'));
  const results: Record<string, unknown> = { options: o };
  try {
    console.log(`pingone: ${o.users} users, ${o.groups} groups, ${o.latencyMs} ms latency, tokens live ${o.tokenTtl} s`);
    // + 1: the credentials check every sync starts with.
    const minimum = minimumSyncCalls(generateEnvironment({ seed: o.seed, users: o.users, groups: o.groups }), MAX_PAGE) + 1;
    const sim = await startSim<PingOneCalls>('pingone', ['--seed', String(o.seed), '--users', String(o.users), '--groups', String(o.groups), '--latency-ms', String(o.latencyMs), '--token-ttl', String(o.tokenTtl)]);
    try {
      const sync = await runSync('pingone', sim.flags, join(dir, 'pingone.sync'), ['--concurrency', String(o.concurrency)]);
      const after = await sim.calls();
      const calls = sync.summary.apiCalls;
      results.sync = { ms: Math.round(sync.ms), apiCalls: calls, simulatorCalls: after.total, tokens: after.tokens, refused401: after.unauthorized, grants: sync.summary.grants, peakRssBytes: sync.summary.peakRssBytes };
      results.callsRatio = calls / minimum;
      console.log(`sync: ${seconds(sync.ms)}, ${calls} API calls, ${sync.summary.grants.toLocaleString('en-US')} grants, ${after.tokens} access tokens (${after.unauthorized} calls refused as expired and retried)`);
      console.log(`API calls / minimum at PingOne's page sizes: ${ratio(calls, minimum)} (goal <= 1.05)`);
      console.log(`peak RSS of the sync: ${mb(sync.summary.peakRssBytes)} (goal <= 400 MB)`);
      if (!o.skipBaseline) {
        const baseline = await bareDownload(sim.flags, o.concurrency);
        results.baseline = { ms: Math.round(baseline.ms), calls: baseline.calls };
        results.timeRatio = sync.ms / baseline.ms;
        console.log(`wall time / bare download of the same ${baseline.calls} pages at concurrency ${o.concurrency}: ${ratio(sync.ms, baseline.ms, seconds)} (goal < 1.25)`);
      }
    } finally {
      sim.stop();
    }
    console.log(JSON.stringify(results));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

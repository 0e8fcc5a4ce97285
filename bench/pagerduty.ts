/**
 * The PagerDuty sync benchmark. Against the simulator (a separate process) with 20,000 users,
 * 2,000 teams and 800 schedules and 20 ms of latency per request, it measures:
 *  - API calls made / the minimum possible at PagerDuty's page size of 100 (goal <= 1.05). The
 *    account is past the 10,000 offset cap, so the users are listed in parts; the minimum is that of
 *    an API without the cap (every user page full), so the cost of the parts shows in the ratio;
 *  - wall time / a bare download of the same pages at the same concurrency (goal < 1.25);
 *  - peak RSS of the sync process.
 */
import { mapConcurrent } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { LOCAL_PART_ENDINGS, MAX_LIMIT } from '../connectors/pagerduty/src/index.js';
import { generateAccount } from '../connectors/pagerduty/src/simulator/index.js';
import { runSync, startSim } from './processes.js';
import { parseBenchArgs } from './args.js';
import { mb, seconds, ratio } from './format.js';

interface Options {
  users: number;
  teams: number;
  schedules: number;
  latencyMs: number;
  seed: number;
  concurrency: number;
  skipBaseline: boolean;
}

function parseArgs(args: string[]): Options {
  const o = parseBenchArgs<Options>({ users: 20_000, teams: 2000, schedules: 0, latencyMs: 20, seed: 1, concurrency: 16, skipBaseline: false }, args);
  if (!o.schedules) o.schedules = Math.max(2, Math.round(o.users / 25));
  return o;
}

const pages = (n: number) => Math.max(1, Math.ceil(n / MAX_LIMIT));

/** The fewest calls that read the account if PagerDuty had no offset cap (+1: the credentials check). */
function minimumCalls(o: Options): number {
  const store = generateAccount({ seed: o.seed, users: o.users, teams: o.teams, schedules: o.schedules });
  const now = new Date('2026-11-01T12:00:00.000Z');
  const members = [...store.teams.values()].reduce((s, t) => s + pages(t.members.size), 0);
  const onCall = [...store.schedules.values()].filter((s) => store.onCall(s, now)).length;
  return 1 + pages(store.users.size) + pages(store.teams.size) + members + pages(store.schedules.size) + pages(onCall);
}

/** The pages the connector needs, fetched at the same concurrency with nothing done to them. */
async function bareDownload(flags: string[], concurrency: number, users: number): Promise<{ ms: number; calls: number }> {
  const base = flags[flags.indexOf('--api-url') + 1]!;
  const key = flags[flags.indexOf('--api-key') + 1]!;
  const headers = { authorization: `Token token=${key}`, accept: 'application/vnd.pagerduty+json;version=2' };
  let calls = 0;
  const get = async (path: string) => {
    calls++;
    const res = await request(`${base}${path}`, { headers });
    if (res.statusCode !== 200) throw new Error(`bare download: ${path} answered ${res.statusCode} ${await res.body.text()}`);
    return (await res.body.json()) as Record<string, unknown> & { more: boolean };
  };
  const all = async (path: string, key: string, query = '') => {
    const items: { id: string }[] = [];
    for (let offset = 0; ; offset += MAX_LIMIT) {
      const body = await get(`${path}?limit=${MAX_LIMIT}&offset=${offset}${query}`);
      items.push(...(body[key] as { id: string }[]));
      if (!body.more) return items;
    }
  };
  const started = performance.now();
  await get('/users?limit=1');
  // Users: the same parts the connector lists when the account is past the cap.
  const parts = users > 10_000 ? [...LOCAL_PART_ENDINGS].map((c) => `&query=${encodeURIComponent(`${c}@`)}`) : [''];
  await get(`/users?limit=${MAX_LIMIT}&offset=0&total=true`);
  const [, teams] = await Promise.all([mapConcurrent(parts, concurrency, (q) => all('/users', 'users', q)), all('/teams', 'teams'), all('/schedules', 'schedules'), all('/oncalls', 'oncalls')]);
  await mapConcurrent(teams, concurrency, (t) => all(`/teams/${t.id}/members`, 'members'));
  return { ms: performance.now() - started, calls };
}

export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  const dir = mkdtempSync(join(tmpdir(), 'bench-pagerduty-'));
  const results: Record<string, unknown> = { options: o };
  try {
    console.log(`pagerduty: ${o.users} users, ${o.teams} teams, ${o.schedules} schedules, ${o.latencyMs} ms latency`);
    const minimum = minimumCalls(o);
    const sim = await startSim<{ total: number; offsetCapped: number }>('pagerduty', [
      '--seed', String(o.seed), '--users', String(o.users), '--teams', String(o.teams), '--schedules', String(o.schedules), '--latency-ms', String(o.latencyMs),
    ]);
    try {
      const sync = await runSync('pagerduty', sim.flags, join(dir, 'pagerduty.sync'), ['--concurrency', String(o.concurrency)]);
      const after = await sim.calls();
      const calls = sync.summary.apiCalls;
      results.sync = { ms: Math.round(sync.ms), apiCalls: calls, simulatorCalls: after.total, offsetCapped: after.offsetCapped, grants: sync.summary.grants, resources: sync.summary.resources, peakRssBytes: sync.summary.peakRssBytes };
      results.callsRatio = calls / minimum;
      console.log(`sync: ${seconds(sync.ms)}, ${calls} API calls, ${sync.summary.grants.toLocaleString('en-US')} grants, ${sync.summary.resources.user} users (requests refused by the offset cap: ${after.offsetCapped})`);
      console.log(`API calls / minimum without the offset cap: ${ratio(calls, minimum)} (goal <= 1.05)`);
      console.log(`peak RSS of the sync: ${mb(sync.summary.peakRssBytes)}`);
      if (!o.skipBaseline) {
        const baseline = await bareDownload(sim.flags, o.concurrency, o.users);
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

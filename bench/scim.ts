/**
 * The SCIM service provider benchmark (/scim/v2 at scale, issue 18), on SQLite and (with
 * GATEHOUSE_BENCH_POSTGRES_URL, GATEHOUSE_TEST_POSTGRES_URL or --postgres-url) PostgreSQL, against
 * a `gatehouse serve` process of its own (its peak RSS is the server's alone), over real HTTP with
 * a SCIM client's token, 20 requests in parallel, as Okta's SCIM client pushes:
 *  - push: for each of 100,000 users `GET /Users?filter=userName eq "…"` (nobody yet) then
 *    `POST /Users` with name, emails, externalId, title and the enterprise extension; users/s, and
 *    the time against a baseline of as many requests to `GET /ServiceProviderConfig` (through the
 *    same token check, on the same server, in the same run: the cost of HTTP and the guard);
 *  - deactivate: `PATCH /Users/{id}` `replace {active: false}` for 2% of them;
 *  - groups: a few groups (10,000, 5,000, 2,000 and 1,000 members) created empty, then filled by
 *    `PATCH /Groups/{id}` `add members` of 500 at a time (as Okta pushes group memberships);
 *  - lookups: p95 of filtered lookups, each asked --samples times with different values, one at a
 *    time, right after the push and once the database has settled (goal <= 20 ms each, settled):
 *    `userName eq`, `emails[type eq "work" and value eq …]`, `externalId eq`, `userName sw`, `name.familyName co`, `active eq false and userName sw`,
 *    `meta.lastModified gt` (since the deactivations) with count=100; Groups `displayName eq` (with
 *    excludedAttributes=members, as Entra ID asks; and with the members, of the 1,000-member group)
 *    and pages of 100 of the largest group's members (`/Users?filter=groups.value eq "…"`);
 *  - the server's peak RSS over the whole run.
 *
 * npm run bench -- scim [--users 100000 --groups 10000,5000,2000,1000 --deactivate 0.02 --concurrency 20
 *   --samples 200 --databases sqlite,postgresql --postgres-url URL --skip-baseline --keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { parseBenchArgs } from './args.js';
import { rssOf, serveProcess } from './processes.js';
import { mb, percentile, seconds } from './format.js';
import { ADMIN, defaultPostgresUrl, databasesUnderTest, onPostgres, tokenFor, type DatabaseUnderTest } from './tenant.js';

interface Options {
  users: number;
  /** Member counts of the groups pushed. */
  groups: string;
  /** The share of the users deactivated after the push. */
  deactivate: number;
  concurrency: number;
  /** Lookups timed per filter. */
  samples: number;
  /** Members added per PATCH of a group. */
  memberBatch: number;
  databases: string;
  postgresUrl: string;
  skipBaseline: boolean;
  /** Keep the databases and the data dirs (printed). */
  keep: boolean;
}

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GOAL_MS = 20;

const GIVEN = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Amara', 'Chen', 'Ngozi', 'Priya', 'Sven', 'Yuki', 'Zoë', 'Łukasz'];
const FAMILY = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Okafor', 'Kowalski', 'Müller', 'Søndergaard', 'Yamamoto', 'Patel', 'Haddad', 'Ivanova', 'Fitzgerald', 'Van der Berg'];
const DEPARTMENTS = ['Sales', 'Engineering', 'Finance', 'Support', 'Marketing', 'Legal', 'Operations', 'People'];

/** A small seeded generator: the same users every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const userName = (i: number) => `user${i}@corp.example`;
const externalId = (i: number) => `00u${(0x1000000 + i * 7919).toString(16)}`;
const familyOf = (i: number) => FAMILY[(i * 31 + 7) % FAMILY.length]!;

/** The body Okta's SCIM client posts for a new user (its default profile mappings, the enterprise extension). */
function userBody(i: number) {
  const given = GIVEN[i % GIVEN.length]!;
  const family = familyOf(i);
  return {
    schemas: [USER, ENT],
    userName: userName(i),
    externalId: externalId(i),
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title: i % 10 === 0 ? 'Manager' : 'Engineer',
    locale: 'en-US',
    active: true,
    emails: [{ value: userName(i), type: 'work', primary: true }],
    phoneNumbers: [{ value: `+1 555 ${String(i).padStart(7, '0')}`, type: 'work' }],
    [ENT]: { employeeNumber: String(100000 + i), department: DEPARTMENTS[i % DEPARTMENTS.length], costCenter: `CC-${i % 97}`, organization: 'Corp', division: i % 2 ? 'East' : 'West' },
  };
}

/** What the benchmark reads of SCIM answers. */
interface ScimBody {
  id: string;
  totalResults: number;
  active?: boolean;
}

interface Client {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: ScimBody; ms: number }>;
}

function scimClient(url: string, token: string, concurrency: number): Client {
  const agent = new Agent({ connections: concurrency + 2, keepAliveTimeout: 60_000 });
  return {
    async call(method, path, body) {
      const started = performance.now();
      const res = await request(`${url}/scim/v2${path}`, {
        method: method as 'GET',
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}`, accept: 'application/scim+json', ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.body.text();
      const parsed = (text ? JSON.parse(text) : undefined) as ScimBody;
      return { status: res.statusCode, body: parsed, ms: performance.now() - started };
    },
  };
}

/** Runs `n` jobs, `concurrency` at a time. */
async function inParallel(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return performance.now() - started;
}

interface Lookup {
  name: string;
  p50: number;
  p95: number;
  max: number;
  /** totalResults, on average. */
  results: number;
}

interface Figures {
  database: string;
  users: number;
  pushMs: number;
  usersPerSecond: number;
  pushLookupP95: number;
  createP95: number;
  baselineMs: number | null;
  baselineRequests: number;
  /** Push time per request / baseline time per request. */
  pushRatio: number | null;
  deactivated: number;
  deactivateMs: number;
  groupMembers: number[];
  groupsMs: number;
  /** Settled (on PostgreSQL after VACUUM ANALYZE). */
  lookups: Lookup[];
  lookupsAfterPush: Lookup[];
  peakRssBytes: number;
  rssAfterPushBytes: number;
}

const rounded = (l: Lookup): Lookup => ({ ...l, p50: Number(l.p50.toFixed(2)), p95: Number(l.p95.toFixed(2)), max: Number(l.max.toFixed(1)), results: Number(l.results.toFixed(1)) });
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
const check = (ok: boolean) => (ok ? '✓' : '✗');

async function benchDatabase(target: DatabaseUnderTest, dir: string, o: Options): Promise<Figures> {
  console.log(`\n${target.label}`);
  const db = await target.fresh();
  const dataDir = join(dir, target.label);
  const served = await serveProcess(dataDir, db.url);
  const pid = served.child.pid!;
  try {
    const apiToken = await tokenFor(served.url, ADMIN.GATEHOUSE_ADMIN_EMAIL, ADMIN.GATEHOUSE_ADMIN_PASSWORD);
    const created = await fetch(`${served.url}/api/v1/scim-clients`, { method: 'POST', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Okta' }) });
    if (created.status !== 201) throw new Error(`creating the SCIM client answered ${created.status}: ${await created.text()}`);
    const scim = scimClient(served.url, ((await created.json()) as { token: string }).token, o.concurrency);
    const expect = (what: string, r: { status: number; body: ScimBody }, status: number) => {
      if (r.status !== status) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body;
    };

    // The baseline: requests that pass the same guard and do nothing, as many as the push makes (up to 40,000).
    const baselineRequests = Math.min(2 * o.users, 40_000);
    let baselineMs: number | null = null;
    if (!o.skipBaseline) {
      baselineMs = await inParallel(baselineRequests, o.concurrency, async () => void expect('the baseline', await scim.call('GET', '/ServiceProviderConfig'), 200));
      console.log(`  baseline: ${baselineRequests} GET /ServiceProviderConfig in ${seconds(baselineMs)} (${(baselineRequests / (baselineMs / 1000)).toFixed(0)} requests/s)`);
    }

    // The push, as Okta makes it: a lookup, then the create.
    const ids: string[] = new Array(o.users);
    const lookupTimes: number[] = [];
    const createTimes: number[] = [];
    let done = 0;
    const progress = setInterval(() => console.log(`  … ${done} users, RSS ${mb(rssOf(pid).rss)}`), 30_000);
    const pushMs = await inParallel(o.users, o.concurrency, async (i) => {
      const lookup = await scim.call('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName(i)}"`)}&startIndex=1&count=100`);
      if (expect('the lookup', lookup, 200).totalResults !== 0) throw new Error(`${userName(i)} exists before its create`);
      lookupTimes.push(lookup.ms);
      const r = await scim.call('POST', '/Users', userBody(i));
      ids[i] = expect('the create', r, 201).id;
      createTimes.push(r.ms);
      done++;
    }).finally(() => clearInterval(progress));
    const rssAfterPush = rssOf(pid).rss;
    const usersPerSecond = o.users / (pushMs / 1000);
    const pushRatio = baselineMs === null ? null : pushMs / (2 * o.users) / (baselineMs / baselineRequests);
    console.log(`  push: ${o.users} users (lookup + create each) in ${seconds(pushMs)}: ${usersPerSecond.toFixed(0)} users/s; lookup p95 ${ms(percentile(lookupTimes, 95))}, create p95 ${ms(percentile(createTimes, 95))}${pushRatio === null ? '' : `; per request / baseline ${pushRatio.toFixed(2)}`}; RSS ${mb(rssAfterPush)}`);

    // Deactivations, remembered from when they started (meta.lastModified gt …).
    const since = new Date(Date.now() - 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1500));
    const random = rng(7);
    const deactivated = Math.round(o.users * o.deactivate);
    const chosen = [...new Set(Array.from({ length: deactivated * 2 }, () => Math.floor(random() * o.users)))].slice(0, deactivated);
    const deactivateMs = await inParallel(chosen.length, o.concurrency, async (k) => {
      const body = expect('the deactivation', await scim.call('PATCH', `/Users/${ids[chosen[k]!]}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] }), 200);
      if (body.active !== false) throw new Error('the user is still active');
    });
    console.log(`  deactivate: ${chosen.length} users in ${seconds(deactivateMs)}`);

    // Groups: created empty, then members added 500 at a time (the groups at once, each PATCH after the last).
    const sizes = o.groups.split(',').map(Number).filter((n) => n > 0).map((n) => Math.min(n, o.users));
    const groupIds: string[] = [];
    const startedAt = performance.now();
    await Promise.all(
      sizes.map(async (size, g) => {
        const id = expect('the group create', await scim.call('POST', '/Groups', { schemas: [GROUP], displayName: `Group ${g + 1} (${size})`, externalId: `00g${g}` }), 201).id;
        groupIds[g] = id;
        for (let at = 0; at < size; at += o.memberBatch) {
          const members = Array.from({ length: Math.min(o.memberBatch, size - at) }, (_, k) => ({ value: ids[(g * 7919 + (at + k) * 13) % o.users]! }));
          expect('the membership PATCH', await scim.call('PATCH', `/Groups/${id}?excludedAttributes=members`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members }] }), 200);
        }
      }),
    );
    const groupsMs = performance.now() - startedAt;
    console.log(`  groups: ${sizes.join(', ')} members in ${seconds(groupsMs)}`);

    // The lookups, one at a time, each with another value.
    const pick = () => Math.floor(random() * o.users);
    const largest = groupIds[sizes.indexOf(Math.max(...sizes))]!;
    const largestSize = Math.max(...sizes);
    const smallest = sizes.indexOf(Math.min(...sizes));
    const fragment = () => {
      const f = FAMILY[Math.floor(random() * FAMILY.length)]!.toLowerCase();
      const at = Math.floor(random() * Math.max(1, f.length - 3));
      return f.slice(at, at + 3);
    };
    const q = (filter: string, more = '') => `filter=${encodeURIComponent(filter)}${more}`;
    const plans: { name: string; path: () => string; resource?: 'Groups' }[] = [
      { name: 'userName eq', path: () => q(`userName eq "${userName(pick())}"`) },
      { name: 'emails[type eq "work" and value eq …]', path: () => q(`emails[type eq "work" and value eq "${userName(pick())}"]`) },
      { name: 'externalId eq', path: () => q(`externalId eq "${externalId(pick())}"`) },
      { name: 'userName sw (count=100)', path: () => q(`userName sw "user${pick() % 1000}"`, '&count=100') },
      { name: 'name.familyName co (count=100)', path: () => q(`name.familyName co "${fragment()}"`, '&count=100') },
      { name: 'active eq false and userName sw (count=100)', path: () => q(`active eq false and userName sw "user${pick() % 100}"`, '&count=100') },
      { name: 'meta.lastModified gt (count=100)', path: () => q(`meta.lastModified gt "${since}"`, `&count=100&startIndex=${1 + Math.floor(random() * Math.max(1, deactivated - 100))}`) },
      {
        name: 'Groups displayName eq, excludedAttributes=members',
        resource: 'Groups',
        path: () => {
          const g = Math.floor(random() * sizes.length);
          return q(`displayName eq "Group ${g + 1} (${sizes[g]})"`, '&excludedAttributes=members');
        },
      },
      { name: `Groups displayName eq, with its ${sizes[smallest]} members`, resource: 'Groups', path: () => q(`displayName eq "Group ${smallest + 1} (${sizes[smallest]})"`) },
      { name: `a page of the ${largestSize}-member group (groups.value eq)`, path: () => q(`groups.value eq "${largest}"`, `&count=100&startIndex=${1 + 100 * Math.floor(random() * Math.ceil(largestSize / 100))}`) },
    ];
    const measure = async (when: string): Promise<Lookup[]> => {
      console.log(`  lookups, ${when}:`);
      const found: Lookup[] = [];
      for (const plan of plans) {
        const resource = plan.resource ?? 'Users';
        for (let w = 0; w < 5; w++) await scim.call('GET', `/${resource}?${plan.path()}`);
        const times: number[] = [];
        let results = 0;
        for (let s = 0; s < o.samples; s++) {
          const r = await scim.call('GET', `/${resource}?${plan.path()}`);
          const body = expect(plan.name, r, 200);
          times.push(r.ms);
          results += body.totalResults;
        }
        const l = { name: plan.name, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), results: results / o.samples };
        found.push(l);
        console.log(`    ${plan.name}: p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, max ${ms(l.max)} (${l.results.toFixed(1)} results on average)`);
      }
      return found;
    };
    // Right after the push, PostgreSQL's tables hold the dead rows of the deactivations and group
    // writes, and their visibility maps are not set (index-only scans visit the rows); autovacuum
    // clears that within minutes, competing for the same cores meanwhile. Measured both ways: as
    // the push leaves it, and settled (VACUUM ANALYZE, what autovacuum does), as an identity
    // provider finds it on every later day. SQLite keeps no such state: its second pass is the same.
    const lookupsAfterPush = await measure('right after the push');
    if (target.label === 'PostgreSQL') {
      const started = performance.now();
      await onPostgres(db.url, 'VACUUM (ANALYZE)');
      console.log(`  VACUUM (ANALYZE) in ${seconds(performance.now() - started)}`);
    }
    const lookups = await measure('settled');
    const peak = rssOf(pid).peak;
    console.log(`  the server's peak RSS: ${mb(peak)}`);
    return {
      database: target.label,
      users: o.users,
      pushMs: Math.round(pushMs),
      usersPerSecond: Number(usersPerSecond.toFixed(1)),
      pushLookupP95: Number(percentile(lookupTimes, 95).toFixed(1)),
      createP95: Number(percentile(createTimes, 95).toFixed(1)),
      baselineMs: baselineMs === null ? null : Math.round(baselineMs),
      baselineRequests,
      pushRatio: pushRatio === null ? null : Number(pushRatio.toFixed(3)),
      deactivated: chosen.length,
      deactivateMs: Math.round(deactivateMs),
      groupMembers: sizes,
      groupsMs: Math.round(groupsMs),
      lookups: lookups.map(rounded),
      lookupsAfterPush: lookupsAfterPush.map(rounded),
      peakRssBytes: peak,
      rssAfterPushBytes: rssAfterPush,
    };
  } finally {
    await served.stop();
    if (o.keep) console.log(`  kept: the database ${db.url}, the data dir ${dataDir}`);
    else await db.drop();
  }
}

function printTable(results: Figures[], concurrency: number): void {
  const first = results[0];
  if (!first) return; // every database was skipped (said above)
  const rows: [string, (f: Figures) => string, string][] = [
    [`push: ${first.users} users, lookup + create each, ${concurrency} at a time`, (f) => `${seconds(f.pushMs)}, ${f.usersPerSecond.toFixed(0)} users/s`, '(reported)'],
    ['  per request / GET /ServiceProviderConfig per request', (f) => (f.pushRatio === null ? '' : f.pushRatio.toFixed(2)), '(baseline)'],
    ['  lookup p95, create p95 (under the push)', (f) => `${ms(f.pushLookupP95)}, ${ms(f.createP95)}`, ''],
    [`deactivate ${first.deactivated} (PATCH active false)`, (f) => seconds(f.deactivateMs), ''],
    [`groups of ${first.groupMembers.join(', ')} (PATCH add 500 members)`, (f) => seconds(f.groupsMs), ''],
    ...first.lookups.map((l, i): [string, (f: Figures) => string, string] => [`p95 ${l.name}`, (f) => `${ms(f.lookups[i]!.p95)} ${check(f.lookups[i]!.p95 <= GOAL_MS)} (after the push: ${ms(f.lookupsAfterPush[i]!.p95)})`, `≤ ${GOAL_MS} ms`]),
    ['the server’s peak RSS', (f) => mb(f.peakRssBytes), '(reported)'],
  ];
  const header = ['', ...results.map((r) => r.database), 'goal'];
  const body = rows.map(([name, cell, goal]) => [name, ...results.map(cell), goal]);
  const widths = header.map((_, c) => Math.max(...[header, ...body].map((r) => r[c]!.length)));
  console.log('');
  for (const r of [header, ...body]) console.log(`  ${r.map((v, c) => v.padEnd(widths[c]!)).join('  ')}`);
}

export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs<Options>({ users: 100_000, groups: '10000,5000,2000,1000', deactivate: 0.02, concurrency: 20, samples: 200, memberBatch: 500, databases: 'sqlite,postgresql', postgresUrl: defaultPostgresUrl() ?? '', skipBaseline: false, keep: false }, args);
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-scim-'));
  try {
    const targets = databasesUnderTest(o.databases, dir, o.postgresUrl);
    const results: Figures[] = [];
    for (const t of targets) results.push(await benchDatabase(t, dir, o));
    printTable(results, o.concurrency);
    console.log(`\n${JSON.stringify({ bench: 'scim', users: o.users, concurrency: o.concurrency, results })}`);
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

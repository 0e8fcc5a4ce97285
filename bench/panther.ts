/**
 * `npm run bench -- panther`: a Panther tenant of 20,000 users with 20 ms latency, synced twice, as
 * a user would: with the Panther connector (GraphQL: Panther's `users` query is not paged) and with
 * the generic SCIM connector over Panther's SCIM endpoint (pages of 100, read in parts side by side).
 * Prints API calls against the minimum, wall time against a bare download of the same requests
 * (GraphQL: the same four POSTs; SCIM: the same pages, one after another, as a plain client reads
 * them), and the peak memory of each sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { parseBenchArgs } from './args.js';
import { mb, ratio, seconds } from './format.js';
import { cliStartMs, runSync, startSim } from './processes.js';

const GRAPHQL_DOCUMENTS = [
  '{ __typename }',
  'query users { users { id email givenName familyName enabled status createdAt lastLoggedInAt role { id name } } }',
  'query roles { roles { id name permissions logTypeAccessKind logTypeAccess createdAt updatedAt } }',
  'query apiTokens { apiTokens { id name permissions createdAt lastUsedAt expiresAt createdBy { __typename ... on User { id email } ... on APIToken { id name } } } }',
];
const SCIM_PAGE = 100;
/** The SCIM connector's start: the credentials check, then /ServiceProviderConfig, /ResourceTypes, /Schemas and the /Groups probe. */
const SCIM_START_CALLS = 5;

const flag = (flags: string[], name: string) => flags[flags.indexOf(name) + 1]!;

async function bareGraphQL(flags: string[]): Promise<number> {
  const started = performance.now();
  for (const query of GRAPHQL_DOCUMENTS) {
    const res = await request(flag(flags, '--api-url'), { method: 'POST', headers: { 'x-api-key': flag(flags, '--api-key'), 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    if (res.statusCode !== 200) throw new Error(`bare download: ${res.statusCode}`);
    await res.body.json();
  }
  return performance.now() - started;
}

async function bareScim(flags: string[], users: number): Promise<number> {
  const started = performance.now();
  const headers = { authorization: `Bearer ${flag(flags, '--api-key')}` };
  for (let start = 1; start <= users; start += SCIM_PAGE) {
    const res = await request(`${flag(flags, '--scim-url')}/Users?startIndex=${start}&count=${SCIM_PAGE}`, { headers });
    if (res.statusCode !== 200) throw new Error(`bare download: ${res.statusCode}`);
    await res.body.json();
  }
  return performance.now() - started;
}

export async function run(args: string[]): Promise<void> {
  const o = parseBenchArgs({ users: 20_000, latencyMs: 20, seed: 1, skipBaseline: false }, args);
  const dir = mkdtempSync(join(tmpdir(), 'bench-panther-'));
  const results: Record<string, unknown> = { options: o };
  try {
    console.log(`panther: ${o.users} users, ${o.latencyMs} ms latency`);
    const sim = await startSim<{ total: number }>('panther', ['--seed', String(o.seed), '--users', String(o.users), '--latency-ms', String(o.latencyMs)]);
    try {
      const gql = await runSync('panther', sim.flags, join(dir, 'panther.sync'));
      const gqlMinimum = GRAPHQL_DOCUMENTS.length;
      results.graphql = { ms: Math.round(gql.ms), apiCalls: gql.summary.apiCalls, minimum: gqlMinimum, grants: gql.summary.grants, peakRssBytes: gql.summary.peakRssBytes };
      console.log(`panther connector (GraphQL): ${seconds(gql.ms)}, ${gql.summary.resources.user} users, ${gql.summary.grants.toLocaleString('en-US')} grants`);
      console.log(`  API calls / minimum: ${ratio(gql.summary.apiCalls, gqlMinimum)}; peak RSS ${mb(gql.summary.peakRssBytes)}`);

      const scimFlags = ['--base-url', flag(sim.flags, '--scim-url'), '--token', flag(sim.flags, '--api-key'), '--role-attributes', 'pantherRole=role'];
      const scim = await runSync('scim', scimFlags, join(dir, 'scim.sync'));
      const scimMinimum = SCIM_START_CALLS + Math.ceil(o.users / SCIM_PAGE);
      results.scim = { ms: Math.round(scim.ms), apiCalls: scim.summary.apiCalls, minimum: scimMinimum, grants: scim.summary.grants, peakRssBytes: scim.summary.peakRssBytes };
      console.log(`scim connector (Panther's SCIM): ${seconds(scim.ms)}, ${scim.summary.resources.user} users, ${scim.summary.grants.toLocaleString('en-US')} grants`);
      console.log(`  API calls / minimum: ${ratio(scim.summary.apiCalls, scimMinimum)}; peak RSS ${mb(scim.summary.peakRssBytes)}`);
      if (!o.skipBaseline) {
        const gqlBare = await bareGraphQL(sim.flags);
        const scimBare = await bareScim(sim.flags, o.users);
        // The syncs' wall times include starting the CLI (Node, tsx, imports); the bare downloads
        // run in this process. Both ratios are printed: with the start, and without it.
        const start = await cliStartMs();
        results.baseline = { graphqlMs: Math.round(gqlBare), scimMs: Math.round(scimBare), cliStartMs: Math.round(start) };
        console.log(`CLI start: ${seconds(start)}`);
        console.log(`wall time / bare download (GraphQL, the same 4 requests): ${ratio(gql.ms, gqlBare, seconds)}; without the CLI start ${ratio(gql.ms - start, gqlBare, seconds)}`);
        console.log(`wall time / bare sequential download (SCIM, the same ${Math.ceil(o.users / SCIM_PAGE)} pages): ${ratio(scim.ms, scimBare, seconds)}; without the CLI start ${ratio(scim.ms - start, scimBare, seconds)}`);
      }
    } finally {
      sim.stop();
    }
    console.log(JSON.stringify(results));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

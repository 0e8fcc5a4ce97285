/**
 * What the server benchmarks share: a tenant's catalog (an Okta org synced from its simulator into a
 * sync file, about a million grants at the defaults), the databases under test (SQLite files, fresh
 * PostgreSQL databases), a server with an admin's API token, and page latencies over HTTP.
 */
import { oktaConnector } from '@gatehouse/connector-okta';
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { SyncFile } from '@gatehouse/sdk';
import { syncOnce } from '@gatehouse/sdk/testkit';
import { startServer, type RunningServer } from '@gatehouse/server';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { percentile, seconds } from './format.js';

export const ADMIN = { GATEHOUSE_ADMIN_EMAIL: 'bench@example.com', GATEHOUSE_ADMIN_PASSWORD: 'a long enough password' };

/** The PostgreSQL URL the benchmarks use unless `--postgres-url` says otherwise. */
export const defaultPostgresUrl = () => process.env.GATEHOUSE_BENCH_POSTGRES_URL || process.env.GATEHOUSE_TEST_POSTGRES_URL || undefined;

export interface OrgSize {
  users: number;
  groups: number;
  apps: number;
}

/** The org of about a million grants (memberships, assignments, inherited grants). */
export const MILLION_GRANTS: OrgSize = { users: 80_000, groups: 4000, apps: 400 };

export interface TenantFiles {
  /** The org as it is. */
  first: string;
  /** After about `changed` of the grants changed (memberships added and removed); only when asked for. */
  second?: string;
  changedRows: number;
  grants: number;
}

/**
 * Sync files of one Okta org: as it is, and (with `changed`) after a few people changed groups. Each
 * membership removed or added brings its inherited grants.
 */
export async function oktaSyncFiles(dir: string, size: OrgSize, changed?: number): Promise<TenantFiles> {
  const started = performance.now();
  const sim = await new OktaSimulator({ seed: 3, users: size.users, groups: size.groups, apps: size.apps }).start();
  const config = { domain: sim.url, apiToken: sim.token() };
  const files: TenantFiles = { first: join(dir, 'first.sync'), changedRows: 0, grants: 0 };
  const firstSync = await syncOnce(oktaConnector, config, files.first);
  files.grants = firstSync.grants;
  if (changed !== undefined) {
    files.second = join(dir, 'second.sync');
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && g.members.size > 1);
    const users = [...sim.store.users.values()].filter((u) => u.status === 'ACTIVE');
    const moves = Math.max(2, Math.round(firstSync.grants * changed));
    for (let i = 0; i < moves; i++) {
      const g = groups[(i * 7919) % groups.length]!;
      if (i % 2 === 0) sim.store.removeMember(g.id, [...g.members][i % g.members.size]!);
      else sim.store.addMember(g.id, users[(i * 104_729) % users.length]!.id);
    }
    await syncOnce(oktaConnector, config, files.second);
  }
  await sim.close();
  if (files.second) {
    const second = SyncFile.openReadOnly(files.second);
    files.changedRows = second.changesSince(files.first)!.size;
    second.close();
  }
  console.log(`sync files: ${firstSync.grants} grants (${firstSync.inheritedGrants} inherited), ${Object.values(firstSync.resources).reduce((a, b) => a + b, 0)} resources, ${firstSync.entitlements} entitlements; made in ${seconds(performance.now() - started)}`);
  return files;
}

export interface DatabaseUnderTest {
  label: 'SQLite' | 'PostgreSQL';
  /** A fresh, empty database each call. */
  fresh(): Promise<{ url: string; drop: () => Promise<void> }>;
}

export function sqliteDatabases(dir: string): DatabaseUnderTest {
  let n = 0;
  return {
    label: 'SQLite',
    fresh: async () => {
      const path = join(dir, `bench-${++n}.db`);
      return { url: path, drop: async () => rmSync(path, { force: true }) };
    },
  };
}

/**
 * The databases a benchmark's `--databases` names (sqlite, postgresql or both), SQLite files under
 * `dir`; PostgreSQL only with a URL (said so when it is skipped).
 */
export function databasesUnderTest(databases: string, dir: string, postgresUrl: string | undefined): DatabaseUnderTest[] {
  const wanted = databases.toLowerCase().split(',').map((d) => d.trim());
  const targets = wanted.includes('sqlite') ? [sqliteDatabases(dir)] : [];
  if (!wanted.includes('postgresql') && !wanted.includes('postgres')) console.log('PostgreSQL skipped (--databases)');
  else if (postgresUrl) targets.push(postgresDatabases(postgresUrl));
  else console.log('PostgreSQL skipped: pass --postgres-url or set GATEHOUSE_BENCH_POSTGRES_URL (bash .ci/postgres.sh prints one)');
  return targets;
}

/** One statement on PostgreSQL over a connection of its own (a database created or dropped, VACUUM). */
export async function onPostgres(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

export function postgresDatabases(url: string): DatabaseUnderTest {
  return {
    label: 'PostgreSQL',
    fresh: async () => {
      const name = `gatehouse_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await onPostgres(url, `CREATE DATABASE ${name}`);
      const own = new URL(url);
      own.pathname = `/${name}`;
      return { url: own.toString(), drop: () => onPostgres(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
  };
}

export async function createApp(server: RunningServer, token: string, name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, isDirectory: true }) });
  if (res.status !== 201) throw new Error(`creating the app answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Signs in with a password: the session cookie. */
export async function sessionFor(url: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`signing in as ${email} answered ${login.status}: ${await login.text()}`);
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

/** Signs in with a password and makes an API token for the user (Basic users cannot: they use their session). */
export async function tokenFor(url: string, email: string, password: string): Promise<string> {
  const cookie = await sessionFor(url, email, password);
  const created = await fetch(`${url}/api/v1/tokens`, { method: 'POST', headers: { cookie, origin: url, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  if (created.status !== 201) throw new Error(`making a token for ${email} answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

export async function startBenchServer(url: string, dataDir: string): Promise<{ server: RunningServer; token: string }> {
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: url, pollMs: 60_000, schedules: false }, { env: { ...process.env, ...ADMIN } });
  return { server, token: await tokenFor(server.url, ADMIN.GATEHOUSE_ADMIN_EMAIL, ADMIN.GATEHOUSE_ADMIN_PASSWORD) };
}

/**
 * After minutes of ingest the client's pooled connection may have been closed by the server's
 * keep-alive timeout just as it is reused (ECONNRESET): such a request is sent again, once.
 */
export async function fetchOnce(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw err;
    return fetch(url, init);
  }
}

/** GETs each path once, in order, and returns the percentiles of their latencies and the rows per page. */
export async function latencies(server: { url: string }, token: string, paths: string[]): Promise<{ p50: number; p95: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (const path of paths) {
    const started = performance.now();
    const res = await fetchOnce(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { items?: unknown[] };
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
    rows += body.items?.length ?? 0;
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), rows: rows / paths.length };
}

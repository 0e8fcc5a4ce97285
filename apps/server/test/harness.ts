/**
 * Server test harness: a server on a fresh database of each dialect (SQLite always; PostgreSQL
 * when GATEHOUSE_TEST_POSTGRES_URL points at one, see .ci/postgres.sh), an API client per caller,
 * and the server's log captured so tests can grep it for secrets.
 */
import { createLogger } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { configFromEnv, startServer, type RunningServer, type ServerConfig } from '../src/index.js';

export const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES_URL;
/** What tests allow the outbound address policy to reach: the simulators and receivers on loopback. */
export const LOOPBACK = '127.0.0.1/32,::1/128';
export const DIALECTS: ('sqlite' | 'postgres')[] = POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
if (!POSTGRES_URL) console.warn('PostgreSQL server tests skipped: set GATEHOUSE_TEST_POSTGRES_URL (bash .ci/postgres.sh prints one)');

/** A new empty PostgreSQL database for one suite. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gh_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Response bodies are asserted field by field in tests, so they are typed loosely on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Api {
  (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; headers: Headers }>;
}

/** A caller: with a session cookie it acts as the web UI does, whose requests name the server's origin. */
export function client(base: string, auth: { cookie?: string; token?: string }): Api {
  return async (method, path, body) => {
    const headers: Record<string, string> = {};
    if (auth.cookie) {
      headers.cookie = auth.cookie;
      headers.origin = base;
    }
    if (auth.token) headers.authorization = `Bearer ${auth.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    // JSON documents parsed; anything else (the audit export's JSON lines) as its text.
    const json = /[/+]json\b/.test(res.headers.get('content-type') ?? '');
    return { status: res.status, body: text ? (json ? JSON.parse(text) : text) : undefined, headers: res.headers };
  };
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  databaseUrl: string;
  admin: Api;
  anonymous: Api;
  log: () => string;
  /** A platform user with this role, and an API client acting as them (through an API token). */
  userWithRole(role: string, email?: string): Promise<{ id: string; api: Api }>;
  /** Waits until a connector's sync finished; returns the connector. */
  waitForSync(connectorId: string, timeoutMs?: number): Promise<Json>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** More environment for the server (GATEHOUSE_SMTP_*, GATEHOUSE_OUTBOUND_ALLOW, …), read as `gatehouse serve` reads it. */
  env?: Record<string, string>;
  /** Config the environment does not set (a sign-in throttle with short locks). */
  config?: Partial<ServerConfig>;
}

export async function startTestServer(dialect: 'sqlite' | 'postgres', options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gatehouse-server-'));
  const pgdb = dialect === 'postgres' && !options.databaseUrl ? await freshPostgres() : undefined;
  const databaseUrl = options.databaseUrl ?? pgdb?.url ?? join(dataDir, 'gatehouse.db');
  let logged = '';
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      logged += chunk.toString();
      cb();
    },
  });
  // The simulators listen on loopback, which the outbound address policy refuses unless allowed.
  const env = { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: 'correct horse battery staple', GATEHOUSE_OUTBOUND_ALLOW: LOOPBACK, ...options.env };
  const server = await startServer(configFromEnv(env, { dataDir, databaseUrl, port: 0, pollMs: 50, schedules: false, ...options.config }), { logger: createLogger({ level: 'debug', destination: sink }), env });
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env.GATEHOUSE_ADMIN_EMAIL, password: env.GATEHOUSE_ADMIN_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const admin = client(server.url, { cookie });
  return {
    server,
    dataDir,
    databaseUrl,
    admin,
    anonymous: client(server.url, {}),
    log: () => logged,
    async userWithRole(role, email = `${role}-${Math.random().toString(36).slice(2, 7)}@example.com`) {
      const password = 'a long enough password';
      const created = await admin('POST', '/users', { email, name: role, role, password });
      if (created.status !== 201) throw new Error(`could not create ${role}: ${JSON.stringify(created.body)}`);
      const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      return { id: created.body.id, api: client(server.url, { cookie: res.headers.get('set-cookie')!.split(';')[0]! }) };
    },
    async waitForSync(connectorId, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const runs = await admin('GET', `/connectors/${connectorId}/sync-runs?limit=1`);
        const run = runs.body.items[0];
        if (run && (run.status === 'succeeded' || run.status === 'failed')) return (await admin('GET', `/connectors/${connectorId}`)).body;
        if (Date.now() > until) throw new Error(`sync of ${connectorId} did not finish: ${JSON.stringify(run)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      await server.close();
      await pgdb?.drop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

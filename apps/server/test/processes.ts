/** `gatehouse serve` as a real process (so that tests can kill it with SIGKILL), and polling. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client, type Api } from './harness.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const ENV = { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: 'a long enough password', GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' };

export interface Served {
  child: ChildProcess;
  api: Api;
  url: string;
  exited: Promise<unknown>;
  /** What it wrote so far (its JSON log lines are on stderr; GATEHOUSE_LOG_LEVEL=info for syncs). */
  output: () => string;
}

/** A server process on `dataDir`: its own SQLite database there, or `options.databaseUrl` (PostgreSQL, shared by several). */
export async function serve(dataDir: string, options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<Served> {
  const child = spawn(process.execPath, ['--conditions=@gatehouse/source', '--import', 'tsx', join(ROOT, 'apps/cli/src/main.ts'), 'serve', '--port', '0', '--data', dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...ENV, GATEHOUSE_DATABASE_URL: options.databaseUrl ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Both read as they come (a pipe nobody reads fills up and stops the server); logs are on stderr.
  let all = '';
  child.stdout!.on('data', (d: Buffer) => (all += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (all += d.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ENV.GATEHOUSE_ADMIN_EMAIL, password: ENV.GATEHOUSE_ADMIN_PASSWORD }) });
  return { child, url, api: client(url, { cookie: login.headers.get('set-cookie')!.split(';')[0]! }), exited, output: () => all };
}

export async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}


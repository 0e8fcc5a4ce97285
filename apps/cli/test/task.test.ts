/** `gatehouse task list|show|cancel|retry` against a running server, with --json and as text. */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { silentLogger } from '@gatehouse/sdk';
import { startServer, type RunningServer } from '@gatehouse/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('gatehouse task', () => {
  let server: RunningServer;
  let sim: OktaSimulator;
  let dataDir: string;
  let env: Record<string, string>;
  let manualTask: string;
  let failedTask: string;

  const call = async (cookie: string, method: string, path: string, body?: unknown) => {
    // Signed in with a cookie, as the web UI: its changes name the server's origin (the CSRF check).
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await res.json()) as { id: string; state: string; status: string; token: string };
  };

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 12, users: 30, groups: 12, apps: 2 }).start();
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-task-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 50, schedules: false }, { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: 'a long enough password', GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' } });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'a long enough password' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const app = await call(cookie, 'POST', '/apps', { name: 'Okta' });
    const c = await call(cookie, 'POST', `/apps/${app.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token('read-only') }, provisioning: false });
    for (let i = 0; i < 200 && (await call(cookie, 'GET', `/connectors/${c.id}`)).status !== 'connected'; i++) await new Promise((r) => setTimeout(r, 50));
    const user = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE')!;
    const groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id));
    if (groups.length < 2) throw new Error(`the seed gives ${user.id} too few groups to join`);
    manualTask = (await call(cookie, 'POST', '/tasks', { appId: app.id, kind: 'grant', reason: 'on-call week', input: { entitlementId: `group:${groups[0]!.id}:member`, principal: { type: 'user', id: user.id } } })).id;
    await call(cookie, 'PATCH', `/connectors/${c.id}`, { provisioning: true });
    failedTask = (await call(cookie, 'POST', '/tasks', { appId: app.id, kind: 'grant', reason: 'audit', input: { entitlementId: `group:${groups[1]!.id}:member`, principal: { type: 'user', id: user.id } } })).id;
    for (let i = 0; i < 200 && (await call(cookie, 'GET', `/tasks/${failedTask}`)).state !== 'failed'; i++) await new Promise((r) => setTimeout(r, 50));
    env = { GATEHOUSE_SERVER: server.url, GATEHOUSE_TOKEN: (await call(cookie, 'POST', '/tokens', { name: 'cli' })).token };
  });
  afterAll(async () => {
    await server?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists tasks as JSON and as a table, filtered by state', async () => {
    const json = await runCli(['task', 'list', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const items = JSON.parse(json.stdout) as { id: string; state: string }[];
    expect(items.map((t) => t.state).sort()).toEqual(['failed', 'manual']);
    const text = await runCli(['task', 'list', '--state', 'manual'], env);
    expect(text.stdout).toContain(manualTask);
    expect(text.stdout).not.toContain(failedTask);
  });

  it('shows a task with its log, cancels a manual one and retries a failed one', async () => {
    const shown = await runCli(['task', 'show', failedTask], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/state: +failed/);
    expect(shown.stdout).toMatch(/lacks/);
    const cancelled = await runCli(['task', 'cancel', manualTask, '--comment', 'not needed', '--json'], env);
    expect(JSON.parse(cancelled.stdout).state).toBe('cancelled');
    const retried = await runCli(['task', 'retry', failedTask, '--json'], env);
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout).state).toBe('pending');
  });

  it('says clearly what is wrong: a finished task, a bad token, no server', async () => {
    const again = await runCli(['task', 'cancel', manualTask], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only pending and manual tasks can be cancelled');
    const badToken = await runCli(['task', 'list'], { ...env, GATEHOUSE_TOKEN: 'ght_nope' });
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('refused the token');
    const noServer = await runCli(['task', 'list'], {});
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain('GATEHOUSE_SERVER');
  });
});

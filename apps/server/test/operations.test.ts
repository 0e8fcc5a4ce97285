/**
 * What operators rely on: /healthz (the process answers) and /readyz (it can serve: database
 * reachable, migrations done), and at the default log level one JSON line when each sync, ingest
 * and task starts and ends, naming the process, the app, the counts and the duration.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Json, type TestServer } from './harness.js';
import { settle } from './task-helpers.js';

describe('health, readiness and operator logs', () => {
  let t: TestServer;
  let sim: OktaSimulator;
  const lines = () =>
    t
      .log()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Json);

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 6, users: 20, groups: 8, apps: 1 }).start();
    t = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  it('answers /healthz and /readyz, and says why it is not ready', async () => {
    expect((await fetch(`${t.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
    // A database another build migrated differently: not ready, and the answer names the migration.
    const db = new Database(join(t.dataDir, 'gatehouse.db'));
    const last = db.prepare('SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1').pluck().get() as string;
    db.prepare('DELETE FROM kysely_migration WHERE name = ?').run(last);
    const notReady = await fetch(`${t.server.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(notReady.headers.get('content-type')).toContain('application/problem+json');
    expect(((await notReady.json()) as Json).detail).toContain(last);
    db.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run(last, new Date().toISOString());
    db.close();
    expect((await fetch(`${t.server.url}/readyz`)).status).toBe(200);
  });

  it('logs each sync, ingest and task with the process, the app, counts and duration', async () => {
    const app = (await t.admin('POST', '/apps', { name: 'Okta' })).body.id as string;
    const c = await t.admin('POST', `/apps/${app}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await t.waitForSync(c.body.id);
    const user = [...sim.store.users.values()].find((u) => u.status === 'ACTIVE')!;
    const group = [...sim.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    const task = await t.admin('POST', '/tasks', { appId: app, kind: 'grant', reason: 'ops', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    await settle(t.admin, task.body.id);
    const byMsg = (msg: string) => lines().filter((l) => l.msg === msg && l.app === app);
    const [started] = byMsg('sync started');
    expect(started).toMatchObject({ level: 30, connector: c.body.id, type: 'okta', attempt: 1 });
    expect(started.process).toBe(t.server.ctx.jobs.workerId);
    expect(byMsg('ingest finished')[0]).toMatchObject({ grants: expect.any(Number), added: 0, durationMs: expect.any(Number) });
    expect(byMsg('sync succeeded')[0]).toMatchObject({ apiCalls: expect.any(Number), durationMs: expect.any(Number) });
    expect(byMsg('task started')[0]).toMatchObject({ task: task.body.id, kind: 'grant' });
    expect(byMsg('task succeeded')[0]).toMatchObject({ task: task.body.id, changed: 'unknown', durationMs: expect.any(Number) });
    // The token is in none of them.
    expect(t.log()).not.toContain(sim.token());
  });
});

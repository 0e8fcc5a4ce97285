/**
 * Time-bound access outlives a server that is down at its expiry: the access is granted, the
 * server stops, the expiry passes while it is down, and the server that starts again revokes it
 * in Okta at once (its request clock), exactly once.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshPostgres, startTestServer, type Json, type TestServer } from './harness.js';
import { settle, until } from './task-helpers.js';

describe.each(DIALECTS)('request expiry across a restart on %s', (dialect) => {
  let okta: OktaSimulator | undefined;
  let t: TestServer | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-restart-'));
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('revokes at start what expired while the server was down', async () => {
    okta = await new OktaSimulator({ seed: 91, users: 30, groups: 12, apps: 1 }).start();
    const pg = dialect === 'postgres' ? await freshPostgres() : undefined;
    drop = pg?.drop;
    const databaseUrl = pg?.url ?? join(dataDir, 'gatehouse.db');
    const env = { GATEHOUSE_REQUEST_CLOCK_MS: '200' };
    t = await startTestServer(dialect, { dataDir, databaseUrl, env });
    const app = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${app}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() }, provisioning: true });
    await t.waitForSync(c.body.id);
    const user = [...okta.store.users.values()].find((u) => u.status === 'ACTIVE')!;
    const group = [...okta.store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    const ent = `group:${group.id}:member`;
    const auto = await t.admin('POST', '/request-policies', { name: 'Auto', baseline: { kind: 'approve' } });
    await t.admin('PUT', `/apps/${app}/request-settings`, { entitlementId: ent, settings: { policyId: auto.body.id, reasonRequired: false, maxDurationMinutes: 60, defaultDurationMinutes: 30 } });
    const me = await t.userWithRole('basic_user', user.profile.email!);
    const r = await me.api('POST', '/requests', { appId: app, entitlementId: ent });
    expect(r.body.state).toBe('provisioning');
    await settle(t.admin, r.body.task.id);
    const active = await until('the access to be live', async () => {
      const x = (await me.api('GET', `/requests/${r.body.id}`)).body as Json;
      return x.state === 'active' ? x : undefined;
    });
    expect(okta.store.groups.get(group.id)!.members.has(user.id)).toBe(true);
    await t.server.close();

    // Down across the expiry: the expiry moves into the past while nothing runs.
    const { openDatabase } = await import('../src/db/database.js');
    const store = openDatabase(databaseUrl, () => {});
    await store.db.updateTable('access_requests').set({ expires_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', r.body.id).execute();
    await store.close();
    expect(Date.parse(active.expiresAt)).toBeGreaterThan(Date.now());

    t = await startTestServer(dialect, { dataDir, databaseUrl, env });
    const ended = await until('the revocation after the restart', async () => {
      const x = (await t!.admin('GET', `/requests/${r.body.id}`)).body as Json;
      return x.state === 'ended' ? x : undefined;
    });
    expect(okta.store.groups.get(group.id)!.members.has(user.id)).toBe(false);
    const revokes = (await t.admin('GET', `/tasks?originId=${r.body.id}&kind=revoke`)).body.items as Json[];
    expect(revokes).toHaveLength(1);
    expect(revokes[0]).toMatchObject({ origin: 'expiry', state: 'succeeded' });
    expect(ended.history.map((h: Json) => h.kind)).toEqual(expect.arrayContaining(['active', 'revoking', 'ended']));
  });
});

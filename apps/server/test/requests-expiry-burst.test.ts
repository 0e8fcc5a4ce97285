/**
 * Many time-bound grants ending in the same second, on SQLite and PostgreSQL, against the Okta
 * simulator: one pass of the request clock gives each request one revoke task while the server
 * keeps answering (better-sqlite3 would otherwise hold the thread for the whole burst); the tasks
 * remove each membership in Okta with one DELETE and no look first; reads back are shared per
 * group; a second pass adds nothing; every request ends.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTick } from '../src/modules/requests/index.js';
import { DIALECTS, startTestServer, type TestServer } from './harness.js';
import { until } from './task-helpers.js';

const BURST = 24;
const DELETE = 'DELETE /api/v1/groups/{groupId}/users/{userId}';

describe.each(DIALECTS)('a burst of expiries on %s', (dialect) => {
  let t: TestServer;
  let okta: OktaSimulator;
  let appId: string;
  const pairs: { user: string; group: string }[] = [];

  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 17, users: 80, groups: 12, apps: 1 }).start();
    // Each of BURST active users gets one of three Okta groups it is not in yet: the grants to expire.
    const groups = [...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP').slice(0, 3);
    for (const u of [...okta.store.users.values()].filter((x) => x.status === 'ACTIVE')) {
      const g = groups.find((x) => !x.members.has(u.id));
      if (!g || pairs.length === BURST) continue;
      okta.store.addMember(g.id, u.id);
      pairs.push({ user: u.id, group: g.id });
    }
    expect(pairs).toHaveLength(BURST);
    // The clock is driven by the test alone.
    t = await startTestServer(dialect, { env: { GATEHOUSE_REQUEST_CLOCK_MS: String(3_600_000) } });
    appId = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() }, provisioning: true });
    await t.waitForSync(c.body.id);
  });
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
  });

  it('one pass gives each request one revoke task without holding the server; one DELETE each; every request ends', async () => {
    const { db } = t.server.ctx.db;
    const me = (await t.admin('GET', '/auth/me')).body;
    const adminId: string = me.user?.id ?? me.id;
    const links = new Map((await db.selectFrom('account_links').select(['account_id', 'person_id']).where('app_id', '=', appId).execute()).map((l) => [l.account_id, l.person_id]));
    const expired = new Date(Date.now() - 1000).toISOString();
    const granted = new Date(Date.now() - 3_600_000).toISOString();
    await db
      .insertInto('access_requests')
      .values(
        pairs.map((p) => ({
          id: randomUUID(),
          requester_id: adminId,
          person_id: links.get(p.user)!,
          app_id: appId,
          account_id: p.user,
          entitlement_id: `group:${p.group}:member`,
          entitlement_name: okta.store.groups.get(p.group)!.profile.name,
          duration_minutes: 60,
          reason: 'on call',
          emergency: 0,
          state: 'active',
          decision: JSON.stringify({ rule: null, outcome: { kind: 'approve' }, errors: [] }),
          step: 0,
          approver_ids: null,
          step_due_at: null,
          conflicts: null,
          extends_id: null,
          task_id: null,
          revoke_task_id: null,
          granted_at: granted,
          expires_at: expired,
          warned: JSON.stringify(['hour']),
          decide_by: granted,
          created_at: granted,
          updated_at: granted,
        })),
      )
      .execute();
    okta.resetCalls();

    // A timer due at once fires while the pass is still revoking: the pass gives the thread back.
    let ticking = true;
    let firedWhileTicking = false;
    setTimeout(() => (firedWhileTicking = ticking), 0);
    await requestTick(t.server.ctx);
    ticking = false;
    expect(firedWhileTicking).toBe(true);

    const requests = await db.selectFrom('access_requests').select(['id', 'state', 'revoke_task_id']).where('app_id', '=', appId).execute();
    expect(requests.every((r) => r.state === 'revoking' && r.revoke_task_id)).toBe(true);
    const tasks = await db.selectFrom('tasks').select(['id', 'origin_id']).where('kind', '=', 'revoke').where('origin', '=', 'expiry').execute();
    expect(tasks).toHaveLength(BURST);
    expect(new Set(tasks.map((x) => x.origin_id)).size).toBe(BURST);
    expect(new Set(requests.map((r) => r.revoke_task_id))).toEqual(new Set(tasks.map((x) => x.id)));
    // Another pass before the tasks ran asks for nothing more.
    await requestTick(t.server.ctx);
    expect(await db.selectFrom('tasks').select('id').where('kind', '=', 'revoke').execute()).toHaveLength(BURST);

    // Each task's read back comes after it succeeded.
    await until('the revoke tasks and their reads back', async () => {
      const open = await db.selectFrom('tasks').select('id').where('kind', '=', 'revoke').where((eb) => eb.or([eb('state', 'in', ['pending', 'running']), eb('verification', '=', 'pending')])).execute();
      return open.length === 0 ? true : undefined;
    });
    for (const p of pairs) expect(okta.store.groups.get(p.group)!.members.has(p.user)).toBe(false);
    const calls = okta.calls();
    // One DELETE per membership and no look before it; the reads back are fewer than the revokes.
    expect(calls.byRoute[DELETE]).toBe(BURST);
    expect(calls.byRoute['GET /api/v1/users/{id}/groups'] ?? 0).toBe(0);
    expect(calls.total - BURST).toBeLessThan(BURST);
    const states = await db.selectFrom('tasks').select(['state', 'verification']).where('kind', '=', 'revoke').execute();
    expect(states.every((s) => s.state === 'succeeded' && s.verification === 'read_confirmed')).toBe(true);

    await until('every request ended', async () => {
      await requestTick(t.server.ctx);
      const left = await db.selectFrom('access_requests').select('id').where('app_id', '=', appId).where('state', '!=', 'ended').execute();
      return left.length === 0 ? true : undefined;
    });
  });
});

/**
 * The read-back of a burst of changes to one resource, on SQLite and PostgreSQL against the Okta
 * simulator: grant and revoke tasks of one group queued together (expiries coming due at once, a
 * review's revocations) share one read of the group, made by the last of them, which confirms them
 * all; when the last one fails, the read is made even so.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const MEMBERS = 'GET /api/v1/groups/{groupId}/users';

describe.each(DIALECTS)('read-back of a burst of tasks on %s', (dialect) => {
  let t: TestServer;
  let sim: OktaSimulator;
  let appId: string;

  const okta = () => sim.store;
  const active = (ids: Iterable<string>) => [...ids].filter((m) => okta().users.get(m)?.status === 'ACTIVE');
  /** A group with at least four active members and two active users outside it. */
  const groupWith = (skip: number) => [...okta().groups.values()].filter((g) => g.type === 'OKTA_GROUP' && active(g.members).length >= 4 && active(okta().users.keys()).length - active(g.members).length >= 2)[skip]!;
  const reads = () => sim.calls().byRoute[MEMBERS] ?? 0;
  /** Asks for the tasks with the queue stopped, then runs them one after another: each finds the rest still queued. */
  const burst = async (asks: Json[]) => {
    await t.server.ctx.jobs.stop();
    const ids: string[] = [];
    try {
      for (const a of asks) {
        const res = await t.admin('POST', '/tasks', { appId, reason: 'expiry burst', ...a });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        ids.push(res.body.id);
      }
      await t.server.ctx.jobs.drain();
    } finally {
      t.server.ctx.jobs.start(50);
    }
    return Promise.all(ids.map(async (id) => (await t.admin('GET', `/tasks/${id}`)).body));
  };

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 44, users: 80, groups: 30, apps: 1 }).start();
    t = await startTestServer(dialect);
    appId = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await t.waitForSync(c.body.id);
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  it('revokes and grants of one group queued together: one read, made by the last, confirms them all', async () => {
    const group = groupWith(0);
    const ent = `group:${group.id}:member`;
    const members = active(group.members).slice(0, 4);
    const others = [...okta().users.values()].filter((u) => u.status === 'ACTIVE' && !group.members.has(u.id)).slice(0, 2);
    const before = reads();
    const tasks = await burst([
      ...members.map((id) => ({ kind: 'revoke', input: { entitlementId: ent, principal: { type: 'user', id } } })),
      ...others.map((u) => ({ kind: 'grant', input: { entitlementId: ent, principal: { type: 'user', id: u.id } } })),
    ]);
    expect(tasks.map((x) => x.state)).toEqual(Array(6).fill('succeeded'));
    expect(tasks.map((x) => x.verification)).toEqual(Array(6).fill('read_confirmed'));
    expect(reads() - before).toBe(1);
    for (const id of members) expect(group.members.has(id)).toBe(false);
    for (const u of others) expect(group.members.has(u.id)).toBe(true);
    // The first waited for the last; the last read the group for all.
    const first = (await t.admin('GET', `/tasks/${tasks[0].id}`)).body.log.map((l: Json) => l.message).join('\n');
    expect(first).toMatch(/5 more changes to .* are queued: the last of them reads it back for all\n.*read back from the app: .* no longer lists the grant/s);
    const last = (await t.admin('GET', `/tasks/${tasks[5].id}`)).body.log.map((l: Json) => l.message).join('\n');
    expect(last).toMatch(/succeeded\nread back from the app: .* lists the grant$/);
  });

  it('when the last of the burst fails, the read is made for the others even so', async () => {
    const group = groupWith(1);
    const ent = `group:${group.id}:member`;
    const members = active(group.members).slice(0, 3);
    // The last revoke's user is deleted from Okta after it is asked for: its task fails.
    const gone = members[2]!;
    await t.server.ctx.jobs.stop();
    const before = reads();
    const ids: string[] = [];
    try {
      for (const id of members) ids.push((await t.admin('POST', '/tasks', { appId, reason: 'expiry burst', kind: 'revoke', input: { entitlementId: ent, principal: { type: 'user', id } } })).body.id);
      okta().deleteUser(gone);
      await t.server.ctx.jobs.drain();
    } finally {
      t.server.ctx.jobs.start(50);
    }
    const tasks = await Promise.all(ids.map(async (id) => (await t.admin('GET', `/tasks/${id}`)).body));
    expect(tasks.map((x) => x.state)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(tasks.slice(0, 2).map((x) => x.verification)).toEqual(['read_confirmed', 'read_confirmed']);
    expect(reads() - before).toBe(1);
  });
});

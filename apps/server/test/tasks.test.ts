/**
 * Provisioning tasks through the server's API against the Okta simulator, on SQLite and
 * PostgreSQL: the change reaches the simulator's own state, the catalog shows it at once, the next
 * sync confirms it (or reports drift), and every bad request is refused with nothing left behind.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';
import { verifyAfterSync } from '../src/modules/tasks/index.js';
import { settle } from './task-helpers.js';

describe.each(DIALECTS)('provisioning tasks on %s', (dialect) => {
  let t: TestServer;
  let sim: OktaSimulator;
  let appId: string;
  let connectorId: string;
  const okta = () => sim.store;

  const activeUser = (skip = 0) => [...okta().users.values()].filter((u) => u.status === 'ACTIVE')[skip]!;
  const oktaGroup = (skip = 0) => [...okta().groups.values()].filter((g) => g.type === 'OKTA_GROUP')[skip]!;
  const taskCount = async () => (await t.admin('GET', '/tasks?limit=1000')).body.items.length as number;
  const ask = (body: Json, api: Api = t.admin) => api('POST', '/tasks', { appId, reason: 'ticket OPS-1', ...body });

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 41, users: 120, groups: 10, apps: 4 }).start();
    t = await startTestServer(dialect);
    appId = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    connectorId = c.body.id;
    await t.waitForSync(connectorId);
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  it('grants a group membership: the simulator has it, the catalog shows it at once, a read confirms it', async () => {
    const user = activeUser(0);
    const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    const created = await ask({ kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', kind: 'grant', origin: 'manual', reason: 'ticket OPS-1', requestedBy: { email: 'admin@example.com' } });
    expect(created.body.summary).toContain(group.profile.name);
    expect((await settle(t.admin, created.body.id)).state).toBe('succeeded');
    expect(okta().groups.get(group.id)!.members.has(user.id)).toBe(true);
    // The read-back follows the success (its own write): wait for it rather than race it.
    let done: Json = {};
    for (let i = 0; i < 200 && (done = (await t.admin('GET', `/tasks/${created.body.id}`)).body).verification === 'pending'; i++) await new Promise((r) => setTimeout(r, 25));
    expect(done.verification).toBe('read_confirmed');
    expect(done.log.map((l: Json) => l.message).join('\n')).toMatch(/asked:.*attempt 1.*succeeded.*read back/s);
    const grants = await t.admin('GET', `/grants?appId=${appId}&entitlementId=${encodeURIComponent(`group:${group.id}:member`)}&principalId=${user.id}`);
    expect(grants.body.items).toHaveLength(1);
    const events = await t.admin('GET', `/events?appId=${appId}&limit=1000`);
    expect(events.body.items.some((e: Json) => e.kind === 'task_granted' && e.taskId === created.body.id)).toBe(true);
    const audit = await t.admin('GET', `/audit?targetId=${created.body.id}`);
    expect(audit.body.items.map((e: Json) => e.action).sort()).toEqual(['task.create', 'task.succeeded']);
  });

  it('revokes a direct grant; the next sync confirms it', async () => {
    const group = oktaGroup(1);
    const member = [...group.members].map((id) => okta().users.get(id)!).find((u) => u.status === 'ACTIVE')!;
    const created = await ask({ kind: 'revoke', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: member.id } } });
    expect(created.status).toBe(201);
    const done = await settle(t.admin, created.body.id);
    expect(done.state).toBe('succeeded');
    expect(okta().groups.get(group.id)!.members.has(member.id)).toBe(false);
    expect((await t.admin('GET', `/grants?appId=${appId}&entitlementId=${encodeURIComponent(`group:${group.id}:member`)}&principalId=${member.id}`)).body.items).toHaveLength(0);
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    await t.waitForSync(connectorId);
    expect((await t.admin('GET', `/tasks/${created.body.id}`)).body.verification).toBe('confirmed');
  });

  it('creates an account once, and refuses to create one for an email the app already has', async () => {
    const email = 'ada.lovelace@acme.example';
    const created = await ask({ kind: 'create_account', input: { email, firstName: 'Ada', lastName: 'Lovelace' } });
    expect(created.status).toBe(201);
    const done = await settle(t.admin, created.body.id);
    expect(done.state).toBe('succeeded');
    expect([...okta().users.values()].filter((u) => u.profile.login === email)).toHaveLength(1);
    expect(done.result.account.id.type).toBe('user');
    const before = await taskCount();
    const again = await ask({ kind: 'create_account', input: { email, firstName: 'Ada', lastName: 'Lovelace' } });
    expect(again.status).toBe(409);
    expect(again.body.existingAccount).toMatchObject({ type: 'user', id: done.result.account.id.id });
    expect(await taskCount()).toBe(before);
    expect([...okta().users.values()].filter((u) => u.profile.login === email)).toHaveLength(1);
  });

  it('deprovisions an account (Okta deactivates it)', async () => {
    const user = activeUser(5);
    const created = await ask({ kind: 'deprovision_account', input: { accountId: user.id } });
    expect(created.status).toBe(201);
    expect((await settle(t.admin, created.body.id)).state).toBe('succeeded');
    expect(okta().users.get(user.id)!.status).toBe('DEPROVISIONED');
  });

  it('refuses bad requests with a clear 4xx and leaves no task behind', async () => {
    const before = await taskCount();
    const user = activeUser(1);
    const group = oktaGroup(2);
    const noEnt = await ask({ kind: 'grant', input: { entitlementId: 'group:00gnope:member', principal: { type: 'user', id: user.id } } });
    expect(noEnt.status).toBe(400);
    expect(noEnt.body.detail).toContain('no entitlement group:00gnope:member');
    const noPrincipal = await ask({ kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: '00unobody' } } });
    expect(noPrincipal.status).toBe(400);
    expect(noPrincipal.body.errors[0].field).toBe('body.input.principal');
    const wrongType = await ask({ kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'group', id: oktaGroup(3).id } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.detail).toMatch(/can be granted to user only, not to a group/);
    const noReason = await t.admin('POST', '/tasks', { appId, kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: Json) => e.field)).toContain('body.reason');
    // An app assigned to a group is held by its members through the group: revoke the membership instead.
    const inherited = (await t.admin('GET', `/grants?appId=${appId}&inherited=true&resourceType=app&limit=1`)).body.items[0];
    const viaGroup = await ask({ kind: 'revoke', input: { entitlementId: inherited.entitlementId, principal: { type: inherited.principalType, id: inherited.principalId } } });
    expect(viaGroup.status).toBe(400);
    expect(viaGroup.body.detail).toContain(inherited.sources[0]);
    expect(viaGroup.body.inheritedThrough).toEqual(inherited.sources);
    const notHeld = await ask({ kind: 'revoke', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: [...okta().users.values()].find((u) => !group.members.has(u.id))!.id } } });
    expect(notHeld.status).toBe(400);
    const unknownApp = await t.admin('POST', '/tasks', { appId: 'nope', kind: 'grant', reason: 'x', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    expect(unknownApp.status).toBe(404);
    expect(await taskCount()).toBe(before);
  });

  it('keeps one open task per change', async () => {
    await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: false });
    try {
      const user = activeUser(2);
      const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
      const body = { kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } };
      const [a, b] = await Promise.all([ask(body), ask(body)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const first = a.status === 201 ? a : b;
      expect((a.status === 409 ? a : b).body.taskId).toBe(first.body.id);
      expect((await t.admin('POST', `/tasks/${first.body.id}/cancel`, { comment: 'asked twice' })).body.state).toBe('cancelled');
      expect((await ask(body)).status).toBe(201);
    } finally {
      await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: true });
    }
  });

  it('with provisioning off, the task is manual: the app owner is notified and completes it', async () => {
    const owner = await t.userWithRole('app_owner');
    await t.admin('PATCH', `/apps/${appId}`, { owners: [owner.id] });
    await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: false });
    try {
      const user = activeUser(3);
      const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
      const created = await ask({ kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
      expect(created.status).toBe(201);
      expect(created.body.state).toBe('manual');
      expect(okta().groups.get(group.id)!.members.has(user.id)).toBe(false);
      const inbox = await owner.api('GET', '/inbox');
      expect(inbox.status).toBe(200);
      const note = inbox.body.items.find((n: Json) => n.event === 'task.manual');
      expect(note.subject).toContain(group.profile.name);
      expect(note.link).toBe(`/tasks/${created.body.id}`);
      // The owner makes the change in Okta by hand, then says so.
      okta().addMember(group.id, user.id);
      const noComment = await owner.api('POST', `/tasks/${created.body.id}/complete`, { outcome: 'done' });
      expect(noComment.status).toBe(400);
      const completed = await owner.api('POST', `/tasks/${created.body.id}/complete`, { outcome: 'done', comment: 'added in the Okta admin console' });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ state: 'succeeded', completion: 'done', comment: 'added in the Okta admin console', completedBy: { id: owner.id } });
      expect((await owner.api('POST', `/tasks/${created.body.id}/complete`, { outcome: 'done', comment: 'again' })).status).toBe(409);
    } finally {
      await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: true });
    }
  });

  it('survives a storm of 500s (retried, succeeds once)', async () => {
    const user = activeUser(4);
    const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    sim.setFaults({ failRate: 0.5 });
    try {
      const created = await ask({ kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
      const done = await settle(t.admin, created.body.id, 120_000);
      expect(done.state).toBe('succeeded');
      expect(okta().groups.get(group.id)!.members.has(user.id)).toBe(true);
    } finally {
      sim.setFaults({ failRate: 0 });
    }
  });

  it('fails at once, naming the permission, when the token cannot make the change', async () => {
    const ro = (await t.admin('POST', '/apps', { name: 'Okta read-only' })).body.id;
    const c = await t.admin('POST', `/apps/${ro}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token('read-only') }, provisioning: true });
    await t.waitForSync(c.body.id);
    const user = activeUser(6);
    const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    const created = await t.admin('POST', '/tasks', { appId: ro, reason: 'x', kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } });
    const done = await settle(t.admin, created.body.id);
    expect(done.state).toBe('failed');
    expect(done.attempts).toBe(1);
    expect(done.error).toMatch(/lacks .*(Group|admin)/i);
    expect(okta().groups.get(group.id)!.members.has(user.id)).toBe(false);
    const inbox = await t.admin('GET', '/inbox');
    expect(inbox.body.items.some((n: Json) => n.event === 'task.failed' && n.link === `/tasks/${created.body.id}`)).toBe(true);
    // Retried once the token is fixed, it succeeds.
    await t.admin('PATCH', `/connectors/${c.body.id}`, { config: { apiToken: sim.token() } });
    expect((await t.admin('POST', `/tasks/${created.body.id}/retry`)).body.state).toBe('pending');
    expect((await settle(t.admin, created.body.id)).state).toBe('succeeded');
    await t.admin('DELETE', `/apps/${ro}`);
  });

  it('a sync that started before a task ended neither hides its change nor decides about it', async () => {
    const user = activeUser(8);
    const group = [...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && !g.members.has(user.id))!;
    const ent = `group:${group.id}:member`;
    const created = await ask({ kind: 'grant', input: { entitlementId: ent, principal: { type: 'user', id: user.id } } });
    const done = await settle(t.admin, created.body.id);
    expect(done.state).toBe('succeeded');
    const held = async () => (await t.admin('GET', `/grants?appId=${appId}&entitlementId=${encodeURIComponent(ent)}&principalId=${user.id}`)).body.items.length as number;
    expect(await held()).toBe(1);
    // What an ingest of a sync that read Okta just before the change does: a generation without it.
    const { db } = t.server.ctx.db;
    const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirstOrThrow();
    await db.deleteFrom('grants').where('app_id', '=', appId).where('generation', '=', app.catalog_generation).where('id', '=', `${ent}:user:${user.id}`).execute();
    expect(await held()).toBe(0);
    const startedBefore = new Date(Date.parse(done.endedAt) - 1000).toISOString();
    await verifyAfterSync(t.server.ctx, { appId, runId: 'a-sync-that-started-earlier', startedAt: startedBefore });
    expect(await held()).toBe(1); // shown again
    const after = await t.admin('GET', `/tasks/${created.body.id}`);
    expect(after.body.verification).not.toBe('drift'); // that sync cannot know: the next one decides
    expect(after.body.verification).not.toBe('confirmed');
  });

  it('reports drift when the next sync finds a revoked grant back', async () => {
    const group = oktaGroup(4);
    const member = [...group.members].map((id) => okta().users.get(id)!).find((u) => u.status === 'ACTIVE')!;
    const created = await ask({ kind: 'revoke', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: member.id } } });
    expect((await settle(t.admin, created.body.id)).state).toBe('succeeded');
    okta().addMember(group.id, member.id); // someone puts it back in Okta
    await new Promise((r) => setTimeout(r, 5));
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    await t.waitForSync(connectorId);
    const after = await t.admin('GET', `/tasks/${created.body.id}`);
    expect(after.body.verification).toBe('drift');
    expect(after.body.events.map((e: Json) => e.kind)).toEqual(['task_revoked', 'drift']);
    const events = await t.admin('GET', `/events?appId=${appId}&limit=1000`);
    expect(events.body.items.some((e: Json) => e.kind === 'drift' && e.taskId === created.body.id)).toBe(true);
  });

  it('lets App owners act on their own apps only, and Read-only users only read', async () => {
    const other = await t.userWithRole('app_owner');
    const mine = (await t.admin('POST', '/apps', { name: 'Theirs', owners: [other.id] })).body.id;
    const user = activeUser(7);
    const group = oktaGroup(5);
    const body = { appId, reason: 'x', kind: 'grant', input: { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: user.id } } };
    expect((await other.api('POST', '/tasks', body)).status).toBe(403);
    const list = await other.api('GET', '/tasks?limit=1000');
    expect(list.status).toBe(200);
    expect(list.body.items.every((x: Json) => x.appId === mine)).toBe(true);
    const some = (await t.admin('GET', '/tasks?limit=1')).body.items[0];
    expect((await other.api('GET', `/tasks/${some.id}`)).status).toBe(403);
    expect((await other.api('POST', `/tasks/${some.id}/cancel`, {})).status).toBe(403);
    const reader = await t.userWithRole('read_only');
    expect((await reader.api('GET', `/tasks/${some.id}`)).status).toBe(200);
    expect((await reader.api('POST', '/tasks', body)).status).toBe(403);
    const basic = await t.userWithRole('basic_user');
    expect((await basic.api('GET', '/tasks')).status).toBe(403);
  });

  it('filters tasks by state, kind and requester, and counts them', async () => {
    const failed = await t.admin('GET', '/tasks?state=succeeded,failed&kind=grant');
    expect(failed.body.items.length).toBeGreaterThan(0);
    expect(failed.body.items.every((x: Json) => ['succeeded', 'failed'].includes(x.state) && x.kind === 'grant')).toBe(true);
    const bad = await t.admin('GET', '/tasks?state=nope');
    expect(bad.status).toBe(400);
    const counts = await t.admin('GET', `/tasks/counts?appId=${appId}`);
    expect(counts.body.succeeded).toBeGreaterThan(3);
    const me = (await t.admin('GET', '/auth/me')).body.id;
    expect((await t.admin('GET', `/tasks?requestedBy=${me}&limit=1000`)).body.items.length).toBe((await t.admin('GET', '/tasks?limit=1000')).body.items.length);
  });
});

/**
 * Every connector provisions through the server's API against its simulator: grant, revoke,
 * create an account and deprovision it, with the simulator's own state checked afterwards, on
 * SQLite and PostgreSQL. And the changes a connector cannot make become manual tasks.
 */
import { PagerDutySimulator } from '@gatehouse/connector-pagerduty/simulator';
import { PantherSimulator } from '@gatehouse/connector-panther/simulator';
import { PingOneSimulator } from '@gatehouse/connector-pingone/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimmyServer } from '../../../connectors/scim/test/scimmy-server.js';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';
import { settle } from './task-helpers.js';

describe.each(DIALECTS)('provisioning through each connector on %s', (dialect) => {
  let t: TestServer;
  let pingone: PingOneSimulator;
  let pagerduty: PagerDutySimulator;
  let panther: PantherSimulator;
  let scim: ScimmyServer;
  const apps: Record<string, string> = {};

  /** Adds an app with its connector (provisioning on) and waits for the first sync. */
  const connect = async (name: string, type: string, config: Record<string, unknown>) => {
    const app = (await t.admin('POST', '/apps', { name })).body.id as string;
    const c = await t.admin('POST', `/apps/${app}/connectors`, { type, config, provisioning: true });
    expect(c.status).toBe(201);
    const done = await t.waitForSync(c.body.id);
    expect(done.status, JSON.stringify(done)).toBe('connected');
    apps[type] = app;
  };
  const run = async (type: string, kind: string, input: Json) => {
    const created = await t.admin('POST', '/tasks', { appId: apps[type], reason: `test ${kind}`, kind, input });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return settle(t.admin, created.body.id);
  };

  beforeAll(async () => {
    pingone = await new PingOneSimulator({ seed: 5, users: 40, groups: 6 }).start();
    pagerduty = await new PagerDutySimulator({ seed: 5, users: 30, teams: 4, schedules: 2 }).start();
    panther = await new PantherSimulator({ seed: 5, users: 20 }).start();
    scim = await new ScimmyServer({ seed: 5 }).seed(30, 4).start();
    t = await startTestServer(dialect);
    await connect('PingOne', 'pingone', pingone.config());
    await connect('PagerDuty', 'pagerduty', pagerduty.config());
    await connect('Panther', 'panther', { ...panther.config(), revokeRoleTo: 'AnalystReadOnly' });
    await connect('Directory (SCIM)', 'scim', { baseUrl: scim.baseUrl, token: scim.token });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([pingone?.close(), pagerduty?.close(), panther?.close(), scim?.close()]);
  });

  it('PingOne: group membership, an account created and deleted, all on one access token', async () => {
    const s = pingone.store;
    const tokensBefore = s.tokens.size;
    const user = [...s.users.values()].find((u) => u.enabled)!;
    const group = [...s.groups.values()].find((g) => !s.membersOf(g.id).has(user.id) && !g.populationId)!;
    const ent = `group:${group.id}:member`;
    expect((await run('pingone', 'grant', { entitlementId: ent, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.membersOf(group.id).has(user.id)).toBe(true);
    expect((await run('pingone', 'revoke', { entitlementId: ent, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.membersOf(group.id).has(user.id)).toBe(false);
    const created = await run('pingone', 'create_account', { email: 'grace.hopper@acme.example', firstName: 'Grace', lastName: 'Hopper' });
    expect(created.state).toBe('succeeded');
    const id = created.result.account.id.id as string;
    expect(s.users.get(id)?.email).toBe('grace.hopper@acme.example');
    expect((await run('pingone', 'deprovision_account', { accountId: id })).state).toBe('succeeded');
    expect(s.users.has(id)).toBe(false);
    // The tasks of a connector share one connector instance (one token, one rate-limit budget).
    expect(s.tokens.size - tokensBefore).toBe(1);
  });

  it('PagerDuty: team role, base role, an account; on-call schedules are manual', async () => {
    const s = pagerduty.store;
    const user = [...s.users.values()].find((u) => u.role === 'user')!;
    const team = [...s.teams.values()].find((x) => !x.members.has(user.id))!;
    expect((await run('pagerduty', 'grant', { entitlementId: `team:${team.id}:responder`, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.teams.get(team.id)!.members.get(user.id)).toBe('responder');
    expect((await run('pagerduty', 'revoke', { entitlementId: `team:${team.id}:responder`, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.teams.get(team.id)!.members.has(user.id)).toBe(false);
    expect((await run('pagerduty', 'grant', { entitlementId: 'role:observer:assigned', principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.users.get(user.id)!.role).toBe('observer');
    const created = await run('pagerduty', 'create_account', { email: 'katherine.johnson@acme.example', firstName: 'Katherine', lastName: 'Johnson' });
    expect(created.state).toBe('succeeded');
    const id = created.result.account.id.id as string;
    expect(s.users.get(id)?.email).toBe('katherine.johnson@acme.example');
    expect((await run('pagerduty', 'deprovision_account', { accountId: id })).state).toBe('succeeded');
    expect(s.users.has(id)).toBe(false);
    // Who is on call is decided by the rotation in PagerDuty: a person must change it.
    const schedule = [...s.schedules.values()][0]!;
    const outsider = [...s.users.values()].find((u) => !s.scheduleUsers(schedule).includes(u.id))!;
    const onCall = await t.admin('POST', '/tasks', { appId: apps.pagerduty, reason: 'join the rotation', kind: 'grant', input: { entitlementId: `schedule:${schedule.id}:member`, principal: { type: 'user', id: outsider.id } } });
    expect(onCall.status, JSON.stringify(onCall.body)).toBe(201);
    expect(onCall.body.state).toBe('manual');
    expect((await t.admin('GET', `/tasks/${onCall.body.id}`)).body.log.map((l: Json) => l.message).join('\n')).toContain('cannot change access to schedule');
  });

  it('Panther: role change, an invited account deactivated through SCIM; deprovisioning without SCIM is manual', async () => {
    const s = panther.store;
    const analyst = s.roleByName('Analyst')!;
    const user = [...s.users.values()].find((u) => u.roleId !== analyst.id && u.enabled)!;
    expect((await run('panther', 'grant', { entitlementId: `role:${analyst.id}:assigned`, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.users.get(user.id)!.roleId).toBe(analyst.id);
    expect((await run('panther', 'revoke', { entitlementId: `role:${analyst.id}:assigned`, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(s.users.get(user.id)!.roleId).toBe(s.roleByName('AnalystReadOnly')!.id);
    const created = await run('panther', 'create_account', { email: 'mary.jackson@acme.example', firstName: 'Mary', lastName: 'Jackson' });
    expect(created.state).toBe('succeeded');
    const id = created.result.account.id.id as string;
    expect(s.users.get(id)?.status).toBe('FORCE_CHANGE_PASSWORD');
    expect((await run('panther', 'deprovision_account', { accountId: id })).state).toBe('succeeded');
    expect(s.users.get(id)!.enabled).toBe(false);
    // Without the SCIM URL Panther's API cannot deactivate: the connector says so when it tries.
    const connectorId = (await t.admin('GET', `/apps/${apps.panther}`)).body.connectors[0].id;
    await t.admin('PATCH', `/connectors/${connectorId}`, { config: { ...panther.config(), scimUrl: '' } });
    const other = [...s.users.values()].find((u) => u.enabled && u.id !== user.id)!;
    const manual = await run('panther', 'deprovision_account', { accountId: other.id });
    expect(manual.state).toBe('manual');
    expect(manual.error).toContain('SCIM');
    expect(s.users.get(other.id)!.enabled).toBe(true);
  });

  it('SCIM: group membership, an account created and deactivated', async () => {
    const s = scim.store;
    const user = [...s.users.values()].find((u) => u.active === true)!;
    const group = [...s.groups.values()].find((g) => !((g.members as { value: string }[]) ?? []).some((m) => m.value === user.id))!;
    const ent = `group:${group.id}:member`;
    const members = () => ((s.groups.get(group.id)!.members as { value: string }[] | undefined) ?? []).map((m) => m.value);
    expect((await run('scim', 'grant', { entitlementId: ent, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(members()).toContain(user.id);
    expect((await run('scim', 'revoke', { entitlementId: ent, principal: { type: 'user', id: user.id } })).state).toBe('succeeded');
    expect(members()).not.toContain(user.id);
    const created = await run('scim', 'create_account', { email: 'dorothy.vaughan@acme.example', firstName: 'Dorothy', lastName: 'Vaughan' });
    expect(created.state).toBe('succeeded');
    const id = created.result.account.id.id as string;
    expect(s.users.get(id)?.userName).toBe('dorothy.vaughan@acme.example');
    expect((await run('scim', 'deprovision_account', { accountId: id })).state).toBe('succeeded');
    expect(s.users.get(id)!.active).toBe(false);
  });

  it('an access review\u2019s revoke reaches each app through its connector, and the next sync confirms it', async () => {
    const me = (await t.admin('GET', '/auth/me')).body;
    const policy = await t.admin('POST', '/review-policies', { name: 'Security team', steps: [{ reviewers: { kind: 'users', userIds: [me.id] } }] });
    expect(policy.status).toBe(201);
    // The kind of access each connector revokes: a PingOne group, a PagerDuty team role, a Panther role, a SCIM group.
    const revocable: Record<string, (entitlementId: string) => boolean> = {
      pingone: (e) => e.startsWith('group:'),
      pagerduty: (e) => e.startsWith('team:') && e.endsWith(':responder'),
      panther: (e) => e.startsWith('role:') && !pantherReadOnly(e),
      scim: (e) => e.startsWith('group:'),
    };
    const pantherReadOnly = (e: string) => panther.store.roleByName('AnalystReadOnly')?.id === e.split(':')[1];
    for (const [type, wanted] of Object.entries(revocable)) {
      const c = await t.admin('POST', '/campaigns', { name: `Review ${type}`, scope: { apps: [{ appId: apps[type] }] }, policyId: policy.body.id, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      expect((await t.admin('POST', `/campaigns/${c.body.id}/start`, {})).status).toBe(202);
      let items: Json[] = [];
      for (let i = 0; i < 200 && !items.length; i++) {
        items = (await t.admin('GET', `/reviews/items?campaignId=${c.body.id}&limit=1000`)).body.items;
        if (!items.length) await new Promise((r) => setTimeout(r, 50));
      }
      const item = items.find((i) => wanted(i.entitlement.id) && i.principal.type === 'user');
      expect(item, `${type}: a revocable item`).toBeDefined();
      await t.admin('POST', '/reviews/decisions', { ids: [item!.id], decision: 'revoke', comment: 'not needed' });
      expect((await t.admin('POST', '/reviews/submit', { campaignId: c.body.id })).body.revoked).toBe(1);
      let taskId: string | undefined;
      for (let i = 0; i < 200 && !taskId; i++) {
        taskId = (await t.admin('GET', `/reviews/items/${item!.id}`)).body.tasks[0]?.id;
        if (!taskId) await new Promise((r) => setTimeout(r, 50));
      }
      const task = await settle(t.admin, taskId!);
      expect(task.state, `${type}: ${task.error}`).toBe('succeeded');
      const connector = (await t.admin('GET', `/apps/${apps[type]}`)).body.connectors[0].id;
      await t.admin('POST', `/connectors/${connector}/sync`);
      await t.waitForSync(connector);
      expect((await t.admin('GET', `/tasks/${taskId}`)).body.verification, type).toBe('confirmed');
      expect((await t.admin('GET', `/campaigns/${c.body.id}`)).body.remediation).toMatchObject({ total: 1, verified: 1, drift: 0 });
      await t.admin('POST', `/campaigns/${c.body.id}/cancel`);
    }
  });
});

/**
 * Access conflicts (separation of duties) against the Okta and Panther simulators, on SQLite and
 * PostgreSQL: a rule finds the people holding both sides at once (across apps too), the next sync
 * resolves a violation whose side went away and reopens one that came back, an exemption lasts
 * until its end date, owners are told, and bad rules are refused.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { PantherSimulator } from '@gatehouse/connector-panther/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenEndedExemptions } from '../src/modules/conflicts/index.js';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';

describe.each(DIALECTS)('access conflicts on %s', (dialect) => {
  let t: TestServer;
  let okta: OktaSimulator;
  let panther: PantherSimulator;
  let oktaApp: string;
  let oktaConnector: string;
  let pantherApp: string;
  let owner: { id: string; api: Api };

  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 71, users: 60, groups: 8, apps: 1 }).start();
    const people = [...okta.store.users.values()].filter((u) => u.status === 'ACTIVE').map((u) => ({ firstName: u.profile.firstName!, lastName: u.profile.lastName!, email: u.profile.email! }));
    panther = await new PantherSimulator({ seed: 71, users: 12, people: people.slice(0, 12) }).start();
    t = await startTestServer(dialect);
    oktaApp = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${oktaApp}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() } });
    oktaConnector = c.body.id;
    await t.waitForSync(oktaConnector);
    pantherApp = (await t.admin('POST', '/apps', { name: 'Panther' })).body.id;
    const p = await t.admin('POST', `/apps/${pantherApp}/connectors`, { type: 'panther', config: panther.config() });
    await t.waitForSync(p.body.id);
    owner = await t.userWithRole('campaign_admin');
  });
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
    await panther?.close();
  });

  const groups = () => [...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
  const sync = async () => {
    await t.admin('POST', `/connectors/${oktaConnector}/sync`);
    await t.waitForSync(oktaConnector);
  };
  const violations = async (ruleId: string) => (await owner.api('GET', `/violations?ruleId=${ruleId}`)).body.items as Json[];

  it('finds who holds both groups at once; resolves, reopens and exempts across syncs', async () => {
    const [g1, g2] = groups().sort((a, b) => b.members.size - a.members.size);
    const both = [...g1!.members].filter((m) => g2!.members.has(m) && okta.store.users.get(m)!.status !== 'DEPROVISIONED');
    expect(both.length).toBeGreaterThan(0);
    const rule = await owner.api('POST', '/conflict-rules', { name: 'Payments: create and approve', severity: 'critical', ownerId: owner.id, sideA: [{ appId: oktaApp, entitlementId: `group:${g1!.id}:member` }], sideB: [{ appId: oktaApp, entitlementId: `group:${g2!.id}:member` }] });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    expect(rule.body.openViolations).toBe(both.length);
    expect(rule.body.sideA[0]).toMatchObject({ appName: 'Okta', entitlementName: `Member of ${g1!.profile.name}` });
    const open = await violations(rule.body.id);
    expect(open).toHaveLength(both.length);
    expect(open[0]).toMatchObject({ state: 'open', rule: { severity: 'critical' }, appIds: [oktaApp] });
    const bell = await owner.api('GET', '/inbox?limit=50');
    expect(bell.body.items.some((n: Json) => n.event === 'conflict.violation' && n.subject.startsWith(`${both.length} new access conflict`))).toBe(true);

    // One side goes: resolved at the next sync. It comes back: open again, and the owner is told again.
    const who = both[0]!;
    okta.store.removeMember(g2!.id, who);
    await sync();
    const person = open.find((v) => v.sideA.some((h: Json) => h.accountId === who))!;
    expect((await violations(rule.body.id)).find((v) => v.id === person.id).state).toBe('resolved');
    okta.store.addMember(g2!.id, who);
    await sync();
    expect((await violations(rule.body.id)).find((v) => v.id === person.id).state).toBe('open');

    // Exempted until a date: stays exempted across syncs, opens again once the date passes.
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect((await owner.api('POST', `/violations/${person.id}/exempt`, { reason: 'small team, compensating control SEC-9', until })).status).toBe(204);
    expect((await owner.api('POST', `/violations/${person.id}/exempt`, { reason: 'again', until })).status).toBe(409);
    await sync();
    expect((await violations(rule.body.id)).find((v) => v.id === person.id)).toMatchObject({ state: 'exempted', exemption: { reason: 'small team, compensating control SEC-9', until } });
    await reopenEndedExemptions(t.server.ctx, new Date(Date.now() + 4 * 86_400_000));
    expect((await violations(rule.body.id)).find((v) => v.id === person.id).state).toBe('open');
    const audit = (await t.admin('GET', `/audit?targetId=${person.id}`)).body.items as Json[];
    expect(audit.map((e) => e.action)).toContain('conflict.exempt');

    // A review of the grants in violation: both sides of every open violation, nothing else.
    const policy = await owner.api('POST', '/review-policies', { name: 'Conflict owner', steps: [{ reviewers: { kind: 'users', userIds: [owner.id] } }] });
    const c = await owner.api('POST', '/campaigns', { name: 'SoD review', scope: { apps: [{ appId: oktaApp }], inViolation: true }, policyId: policy.body.id, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const preview = await owner.api('GET', `/campaigns/${c.body.id}/preview`);
    const openNow = (await violations(rule.body.id)).filter((v) => v.state === 'open');
    expect(preview.body.items).toBe(openNow.reduce((n, v) => n + v.sideA.length + v.sideB.length, 0));
    // Reviewers see the conflict beside each item.
    await owner.api('POST', `/campaigns/${c.body.id}/start`, {});
    let items: Json[] = [];
    for (let i = 0; i < 200 && !items.length; i++) {
      items = (await owner.api('GET', `/reviews/items?campaignId=${c.body.id}&limit=1000`)).body.items;
      if (!items.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(items.length).toBe(preview.body.items);
    for (const i of items) expect(i.conflicts).toEqual([expect.objectContaining({ name: 'Payments: create and approve', severity: 'critical' })]);
    await owner.api('POST', `/campaigns/${c.body.id}/cancel`);
  });

  it('finds conflicts across apps, through the people accounts belong to', async () => {
    const admin = panther.store.roleByName('Admin')!;
    const admins = [...panther.store.users.values()].filter((u) => u.roleId === admin.id && u.enabled);
    const everyone = [...okta.store.groups.values()].find((g) => g.profile.name === 'Everyone')!;
    const rule = await owner.api('POST', '/conflict-rules', { name: 'IdP and SIEM admin', ownerId: owner.id, sideA: [{ appId: oktaApp, entitlementId: `group:${everyone.id}:member` }], sideB: [{ appId: pantherApp, entitlementId: `role:${admin.id}:assigned` }] });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const found = await violations(rule.body.id);
    // Every Panther admin who is an Okta person: Panther's own accounts (no person) are not.
    const emails = new Set([...okta.store.users.values()].filter((u) => u.status === 'ACTIVE').map((u) => u.profile.email));
    expect(found.length).toBe(admins.filter((a) => emails.has(a.email)).length);
    for (const v of found) expect(v.appIds.sort()).toEqual([oktaApp, pantherApp].sort());
    // An App owner of Panther sees these; an App owner of nothing sees none.
    const pantherOwner = await t.userWithRole('app_owner');
    await t.admin('PATCH', `/apps/${pantherApp}`, { owners: [pantherOwner.id] });
    expect((await pantherOwner.api('GET', `/violations?ruleId=${rule.body.id}`)).body.items).toHaveLength(found.length);
    const nobody = await t.userWithRole('app_owner');
    expect((await nobody.api('GET', '/violations')).body.items).toHaveLength(0);
    expect((await nobody.api('POST', '/conflict-rules', {})).status).toBe(403);
  });

  it('refuses bad rules with a clear error and saves nothing', async () => {
    const before = (await owner.api('GET', '/conflict-rules')).body.items.length;
    const ent = `group:${groups()[0]!.id}:member`;
    const same = await owner.api('POST', '/conflict-rules', { name: 'Self', ownerId: owner.id, sideA: [{ appId: oktaApp, entitlementId: ent }], sideB: [{ appId: oktaApp, entitlementId: ent }] });
    expect(same.status).toBe(400);
    expect(same.body.detail).toMatch(/on both sides/);
    const basic = await t.userWithRole('basic_user');
    expect((await owner.api('POST', '/conflict-rules', { name: 'Owner', ownerId: basic.id, sideA: [{ appId: oktaApp, entitlementId: ent }], sideB: [{ appId: pantherApp, entitlementId: 'role:x:assigned' }] })).status).toBe(400);
    expect((await owner.api('POST', '/conflict-rules', { name: 'App', ownerId: owner.id, sideA: [{ appId: 'nope', entitlementId: ent }], sideB: [{ appId: pantherApp, entitlementId: 'role:x:assigned' }] })).status).toBe(400);
    expect((await owner.api('POST', '/conflict-rules', { name: 'Empty', ownerId: owner.id, sideA: [], sideB: [] })).status).toBe(400);
    expect((await owner.api('GET', '/conflict-rules')).body.items.length).toBe(before);
  });
});

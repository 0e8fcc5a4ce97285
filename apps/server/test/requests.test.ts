/**
 * Just-in-time access requests end to end against the Okta and PagerDuty simulators, on SQLite and
 * PostgreSQL: request an Okta group for two hours, the manager approves, the user is in the group in
 * Okta, and at expiry (a clock moved past it, as after a server that was down) they are removed; the
 * person on call in PagerDuty is approved at once and someone not on call is not; a request that
 * would create an access conflict goes to the rule's owner; break-glass is granted at once and
 * announced; give-back and extension; every bad request refused.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { PagerDutySimulator } from '@gatehouse/connector-pagerduty/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTick } from '../src/modules/requests/index.js';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';
import { settle } from './task-helpers.js';

const MIN = 60_000;

describe.each(DIALECTS)('access requests on %s', (dialect) => {
  let t: TestServer;
  let okta: OktaSimulator;
  let pagerduty: PagerDutySimulator;
  let oktaApp: string;
  let pdApp: string;
  let requester: { id: string; api: Api; email: string; oktaId: string };
  let manager: { id: string; api: Api };
  let policyId: string;
  const groups = () => [...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP');
  const settings = (entitlementId: string, s: Json) => t.admin('PUT', `/apps/${oktaApp}/request-settings`, { entitlementId, settings: s });
  /** Runs the request clock until the request leaves `state` (its task settles in between). */
  const advance = async (id: string, from: string, now?: Date) => {
    for (let i = 0; i < 400; i++) {
      await requestTick(t.server.ctx, now);
      const r = (await t.admin('GET', `/requests/${id}`)).body;
      if (r.state !== from) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`request ${id} stayed ${from}`);
  };

  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 81, users: 60, groups: 30, apps: 1 }).start();
    const active = [...okta.store.users.values()].filter((u) => u.status === 'ACTIVE');
    pagerduty = await new PagerDutySimulator({ seed: 81, users: 20, teams: 3, schedules: 2, people: active.slice(0, 20).map((u) => ({ firstName: u.profile.firstName!, lastName: u.profile.lastName!, email: u.profile.email! })) }).start();
    t = await startTestServer(dialect);
    oktaApp = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${oktaApp}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() }, provisioning: true });
    await t.waitForSync(c.body.id);
    pdApp = (await t.admin('POST', '/apps', { name: 'PagerDuty' })).body.id;
    const p = await t.admin('POST', `/apps/${pdApp}/connectors`, { type: 'pagerduty', config: pagerduty.config() });
    await t.waitForSync(p.body.id);
    // A requester whose manager has a platform account.
    const who = active.find((u) => u.profile.managerId && okta.store.users.get(u.profile.managerId)?.status === 'ACTIVE')!;
    const boss = okta.store.users.get(who.profile.managerId!)!;
    requester = { ...(await t.userWithRole('basic_user', who.profile.email!)), email: who.profile.email!, oktaId: who.id };
    manager = await t.userWithRole('basic_user', boss.profile.email!);
    const policy = await t.admin('POST', '/request-policies', { name: 'Manager approves', rules: [{ name: 'on call', condition: 'onCall && durationMinutes != null && durationMinutes <= 240', outcome: { kind: 'approve' } }], baseline: { kind: 'steps', steps: [{ name: 'Manager', approvers: 'manager' }] } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    policyId = policy.body.id;
  });
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
    await pagerduty?.close();
  });

  const freeGroup = (userId: string, skip = 0) => groups().filter((g) => !g.members.has(userId))[skip]!;

  it('refuses what cannot be asked: not requestable, too long, no reason, a policy that does not parse', async () => {
    const g = freeGroup(requester.oktaId);
    const ent = `group:${g.id}:member`;
    const none = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent, reason: 'x' });
    expect(none.status).toBe(400);
    expect(none.body.detail).toMatch(/cannot be requested/);
    expect((await settings(ent, { maxDurationMinutes: 240, defaultDurationMinutes: 120, policyId })).status).toBe(204);
    const long = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent, durationMinutes: 600, reason: 'x' });
    expect(long.status).toBe(400);
    expect(long.body.detail).toMatch(/longer than the maximum of 240/);
    expect((await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent, durationMinutes: null, reason: 'x' })).status).toBe(400);
    expect((await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent })).body.detail).toMatch(/say why/);
    const bad = await t.admin('POST', '/request-policies', { name: 'Broken', rules: [{ name: 'r', condition: 'requester.department == ', outcome: { kind: 'approve' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/not valid CEL.*\n.*\^/s);
    expect((await t.admin('POST', '/request-policies', { name: 'Unknown', rules: [{ name: 'r', condition: 'nobody.knows', outcome: { kind: 'approve' } }] })).body.detail).toMatch(/Unknown variable: nobody/);
    expect((await requester.api('GET', '/requests')).body.items).toHaveLength(0);
    // Basic users cannot write policies or settings.
    expect((await requester.api('POST', '/request-policies', { name: 'Mine' })).status).toBe(403);
    expect((await requester.api('PUT', `/apps/${oktaApp}/request-settings`, { entitlementId: ent, settings: {} })).status).toBe(403);
  });

  it('two hours of an Okta group: the manager approves, Okta has it, and at expiry it is removed there', async () => {
    const g = freeGroup(requester.oktaId, 1);
    const ent = `group:${g.id}:member`;
    await settings(ent, { maxDurationMinutes: 240, defaultDurationMinutes: 120, policyId });
    const catalog = await requester.api('GET', `/request-catalog?q=${encodeURIComponent(g.profile.name)}`);
    expect(catalog.body.items.map((e: Json) => e.entitlementId)).toContain(ent);
    // The catalog's search ignores case on both databases, and a % typed is a character, not a wildcard.
    const shouted = await requester.api('GET', `/request-catalog?q=${encodeURIComponent(g.profile.name.toUpperCase())}`);
    expect(shouted.body.items.map((e: Json) => e.entitlementId)).toContain(ent);
    expect((await requester.api('GET', `/request-catalog?q=${encodeURIComponent('%')}`)).body.items).toEqual([]);
    const created = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent, durationMinutes: 120, reason: 'deploy the Q4 release (CHG-12)' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ state: 'pending', policy: { rule: null, outcome: 'steps' }, approvers: [{ id: manager.id }] });
    // Nobody approves their own request; someone else is no approver.
    expect((await requester.api('POST', `/requests/${created.body.id}/approve`, {})).status).toBe(403);
    const other = await t.userWithRole('basic_user');
    expect((await other.api('POST', `/requests/${created.body.id}/approve`, {})).status).toBe(403);
    expect((await other.api('GET', `/requests/${created.body.id}`)).status).toBe(403);
    expect((await manager.api('GET', '/requests?kind=approvals')).body.items.map((r: Json) => r.id)).toEqual([created.body.id]);
    // The catalog says what is pending beside the entry, and what the requester holds.
    const again = (await requester.api('GET', `/request-catalog?q=${encodeURIComponent(g.profile.name)}`)).body.items.find((e: Json) => e.entitlementId === ent);
    expect(again).toMatchObject({ held: false, open: { requestId: created.body.id, state: 'pending' }, peersHolding: expect.any(Number) });
    expect((await manager.api('GET', '/inbox?limit=20')).body.items.some((n: Json) => n.event === 'request.approval_needed')).toBe(true);
    const approved = await manager.api('POST', `/requests/${created.body.id}/approve`, { comment: 'ok for the release' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('provisioning');
    await settle(t.admin, approved.body.task.id);
    const live = await advance(created.body.id, 'provisioning');
    expect(live.state).toBe('active');
    expect(okta.store.groups.get(g.id)!.members.has(requester.oktaId)).toBe(true);
    // The duration counts from the moment the access is live.
    expect(Date.parse(live.expiresAt) - Date.parse(live.grantedAt)).toBe(120 * MIN);
    // An hour before: warned once. After the expiry (as after a server that was down): revoked in Okta.
    await requestTick(t.server.ctx, new Date(Date.parse(live.expiresAt) - 30 * MIN));
    await requestTick(t.server.ctx, new Date(Date.parse(live.expiresAt) - 20 * MIN));
    expect((await requester.api('GET', '/inbox?limit=50')).body.items.filter((n: Json) => n.event === 'request.expiring')).toHaveLength(1);
    const revoking = await advance(created.body.id, 'active', new Date(Date.parse(live.expiresAt) + MIN));
    expect(revoking.state).toBe('revoking');
    const revokeTask = await settle(t.admin, revoking.revokeTask.id);
    expect(revokeTask).toMatchObject({ state: 'succeeded', origin: 'expiry', originId: created.body.id });
    const ended = await advance(created.body.id, 'revoking');
    expect(ended.state).toBe('ended');
    expect(okta.store.groups.get(g.id)!.members.has(requester.oktaId)).toBe(false);
    expect(ended.history.map((h: Json) => h.kind)).toEqual(['created', 'policy', 'approved', 'provisioning', 'active', 'revoking', 'ended']);
    const audit = (await t.admin('GET', `/audit?targetId=${created.body.id}`)).body.items.map((e: Json) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['request.create', 'request.approve']));
  });

  it('the person on call in PagerDuty is approved at once; someone not on call waits for their manager', async () => {
    const grants = (await t.admin('GET', `/grants?appId=${pdApp}&limit=1000`)).body.items as Json[];
    const onCallAccounts = new Set(grants.filter((g) => g.entitlementId.endsWith(':on-call')).map((g) => g.principalId));
    const accounts = (await t.admin('GET', `/accounts?appId=${pdApp}&limit=1000`)).body.items as Json[];
    const onCall = accounts.find((a) => onCallAccounts.has(a.accountId) && a.email && [...okta.store.users.values()].some((u) => u.profile.email === a.email && u.status === 'ACTIVE'));
    expect(onCall, 'an on-call person who is in the directory').toBeDefined();
    const notOnCall = accounts.find((a) => !onCallAccounts.has(a.accountId) && a.email && [...okta.store.users.values()].some((u) => u.profile.email === a.email && u.status === 'ACTIVE' && u.profile.managerId))!;
    const g = groups().find((x) => ![...x.members].some((m) => [onCall!.email, notOnCall.email].includes(okta.store.users.get(m)?.profile.email)))!;
    const ent = `group:${g.id}:member`;
    await settings(ent, { maxDurationMinutes: 240, defaultDurationMinutes: 60, policyId, reasonRequired: false });
    const responder = await t.userWithRole('basic_user', onCall!.email);
    const fast = await responder.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    expect(fast.status, JSON.stringify(fast.body)).toBe(201);
    expect(fast.body).toMatchObject({ state: 'provisioning', policy: { rule: 'on call', outcome: 'approve' } });
    const bystander = await t.userWithRole('basic_user', notOnCall.email);
    const slow = await bystander.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    expect(slow.body).toMatchObject({ state: 'pending', policy: { rule: null } });
    // The responder gives it back when done.
    await settle(t.admin, fast.body.task.id);
    await advance(fast.body.id, 'provisioning');
    const back = await responder.api('POST', `/requests/${fast.body.id}/release`);
    expect(back.body.state).toBe('revoking');
    await settle(t.admin, back.body.revokeTask.id);
    expect((await advance(fast.body.id, 'revoking')).state).toBe('ended');
    expect((await bystander.api('POST', `/requests/${slow.body.id}/cancel`)).body.state).toBe('cancelled');
  });

  it('a request that would create an access conflict goes to the rule\u2019s owner; break-glass is granted at once and announced', async () => {
    const held = groups().find((g) => g.members.has(requester.oktaId))!;
    const wanted = freeGroup(requester.oktaId, 2);
    const ent = `group:${wanted.id}:member`;
    const sod = await t.userWithRole('campaign_admin');
    const rule = await t.admin('POST', '/conflict-rules', { name: 'Two hats', ownerId: sod.id, sideA: [{ appId: oktaApp, entitlementId: `group:${held.id}:member` }], sideB: [{ appId: oktaApp, entitlementId: ent }] });
    expect(rule.status).toBe(201);
    const auto = await t.admin('POST', '/request-policies', { name: 'Auto', rules: [], baseline: { kind: 'approve' } });
    await settings(ent, { maxDurationMinutes: 120, defaultDurationMinutes: 60, policyId: auto.body.id, reasonRequired: false, emergencyAllowed: true, emergencyDurationMinutes: 30 });
    const preview = await requester.api('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent });
    expect(preview.body.conflicts).toEqual([expect.objectContaining({ name: 'Two hats' })]);
    const r = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    expect(r.body).toMatchObject({ state: 'pending', approvers: [{ id: sod.id }], conflicts: [{ name: 'Two hats' }] });
    expect(r.body.policy.rule).toMatch(/routed to the conflict rule's owner/);
    await sod.api('POST', `/requests/${r.body.id}/deny`, { reason: 'separation of duties' });
    // Break-glass: granted at once for its emergency duration, the admins and owners told.
    const glass = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent, emergency: true, reason: 'production is down (INC-7)' });
    expect(glass.body).toMatchObject({ state: 'provisioning', emergency: true, durationMinutes: 30 });
    expect((await t.admin('GET', '/inbox?limit=50')).body.items.some((n: Json) => n.event === 'request.emergency')).toBe(true);
    await settle(t.admin, glass.body.task.id);
    const live = await advance(glass.body.id, 'provisioning');
    expect(live.state).toBe('active');
    // An extension goes through the policy again and moves the expiry.
    const ext = await requester.api('POST', `/requests/${glass.body.id}/extend`, { durationMinutes: 60 });
    expect(ext.status, JSON.stringify(ext.body)).toBe(201);
    expect(ext.body).toMatchObject({ extendsId: glass.body.id });
    if (ext.body.state === 'pending') await sod.api('POST', `/requests/${ext.body.id}/approve`, {});
    const extended = (await requester.api('GET', `/requests/${glass.body.id}`)).body;
    expect(Date.parse(extended.expiresAt) - Date.parse(live.expiresAt)).toBe(60 * MIN);
  });

  it('a policy administrator tests a saved policy as someone of the directory (nobody else may); people to ask for are found by name', async () => {
    const g = freeGroup(requester.oktaId, 4);
    const ent = `group:${g.id}:member`;
    await settings(ent, { policyId, reasonRequired: false });
    const denyAll = await t.admin('POST', '/request-policies', { name: 'Nobody', baseline: { kind: 'deny', message: 'ask the security team' } });
    const person = (await t.admin('GET', `/people?q=${encodeURIComponent(requester.email)}`)).body.items[0];
    const own = await requester.api('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent });
    expect(own.body).toMatchObject({ policy: { id: policyId, name: 'Manager approves' }, rule: null, outcome: { kind: 'steps' } });
    const tested = await t.admin('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent, policyId: denyAll.body.id, asPersonId: person.id });
    expect(tested.status, JSON.stringify(tested.body)).toBe(200);
    expect(tested.body).toMatchObject({ policy: { id: denyAll.body.id, name: 'Nobody' }, outcome: { kind: 'deny', message: 'ask the security team' } });
    expect((await t.admin('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent, asPersonId: person.id })).body.policy.name).toBe('Manager approves');
    expect((await requester.api('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent, policyId: denyAll.body.id })).status).toBe(403);
    expect((await requester.api('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent, asPersonId: person.id })).status).toBe(403);
    expect((await t.admin('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent, policyId: 'nope', asPersonId: person.id })).status).toBe(404);
    const found = await requester.api('GET', `/request-catalog/people?q=${encodeURIComponent(requester.email.split('@')[0]!)}`);
    expect(found.body.items).toEqual(expect.arrayContaining([{ id: person.id, displayName: person.displayName, email: person.email }]));
    expect((await requester.api('GET', '/request-catalog/people?q=')).status).toBe(400);
  });

  it('an undecided request expires after seven days, and a timed-out step denies', async () => {
    const g = freeGroup(requester.oktaId, 3);
    const ent = `group:${g.id}:member`;
    const slowPolicy = await t.admin('POST', '/request-policies', { name: 'Slow', baseline: { kind: 'steps', steps: [{ approvers: 'manager', timeoutHours: 200, onTimeout: 'deny' }] } });
    await settings(ent, { policyId: slowPolicy.body.id, reasonRequired: false });
    const r = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    expect(r.body.state).toBe('pending');
    const expired = await advance(r.body.id, 'pending', new Date(Date.now() + 8 * 86_400_000));
    expect(expired.state).toBe('expired');
    const quick = await t.admin('POST', '/request-policies', { name: 'Quick', baseline: { kind: 'steps', steps: [{ approvers: 'manager', timeoutHours: 1, onTimeout: 'deny' }] } });
    await settings(ent, { policyId: quick.body.id, reasonRequired: false });
    const r2 = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    const denied = await advance(r2.body.id, 'pending', new Date(Date.now() + 2 * 3_600_000));
    expect(denied.state).toBe('denied');
    expect(denied.history.at(-1).detail).toMatch(/timed out/);
  });

  it('a bundle asks for all its entitlements, each through its own policy, or for none', async () => {
    const [a, b, c] = [freeGroup(requester.oktaId, 4), freeGroup(requester.oktaId, 5), freeGroup(requester.oktaId, 6)];
    const ent = (g: { id: string }) => `group:${g.id}:member`;
    const auto = await t.admin('POST', '/request-policies', { name: 'Bundle auto', baseline: { kind: 'approve' } });
    await settings(ent(a), { policyId: auto.body.id, reasonRequired: false });
    await settings(ent(b), { policyId, reasonRequired: false });
    const bundle = await t.admin('POST', '/request-bundles', { name: 'On-call SRE', items: [{ appId: oktaApp, entitlementId: ent(a) }, { appId: oktaApp, entitlementId: ent(b) }] });
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(201);
    expect((await requester.api('POST', '/request-bundles', { name: 'x', items: [] })).status).toBe(403);
    const asked = await requester.api('POST', '/requests/bundle', { bundleId: bundle.body.id, durationMinutes: 60 });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const states = Object.fromEntries(asked.body.requests.map((r: Json) => [r.entitlement.id, r.state]));
    expect(states).toEqual({ [ent(a)]: 'provisioning', [ent(b)]: 'pending' });
    for (const r of asked.body.requests) expect(r.bundleRequestId).toBe(asked.body.bundleRequestId);
    // Listed with the names of its apps and entitlements, for everyone who may ask.
    const listed = (await requester.api('GET', '/request-bundles')).body.items.find((x: Json) => x.id === bundle.body.id);
    expect(listed.items).toEqual([
      { appId: oktaApp, appName: 'Okta', entitlementId: ent(a), entitlementName: `Member of ${a.profile.name}` },
      { appId: oktaApp, appName: 'Okta', entitlementId: ent(b), entitlementName: `Member of ${b.profile.name}` },
    ]);
    // Asked again while those requests go on: each is left out, saying why, and nothing is asked twice.
    const twice = await requester.api('POST', '/requests/bundle', { bundleId: bundle.body.id, durationMinutes: 60 });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/held or asked for already/);
    // One entitlement that cannot be requested: nothing is asked.
    const broken = await t.admin('POST', '/request-bundles', { name: 'Broken', items: [{ appId: oktaApp, entitlementId: ent(c) }, { appId: oktaApp, entitlementId: ent(a) }] });
    const before = (await requester.api('GET', '/requests')).body.items.length;
    const refused = await requester.api('POST', '/requests/bundle', { bundleId: broken.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/cannot be requested/);
    expect((await requester.api('GET', '/requests')).body.items.length).toBe(before);
    for (const r of asked.body.requests) if (r.state === 'pending') await requester.api('POST', `/requests/${r.id}/cancel`);
  });

  it('a platform group approves: anyone in it (pushed through SCIM) decides, nobody else; an empty group leaves the step to its timeout', async () => {
    const g = freeGroup(requester.oktaId, 7);
    const ent = `group:${g.id}:member`;
    const client = await t.admin('POST', '/scim-clients', { name: `Okta ${dialect}` });
    const scim = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${t.server.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${client.body.token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const [lead, other] = [await t.userWithRole('basic_user'), await t.userWithRole('basic_user')];
    // The requester is in the group too: they still never approve their own request.
    const sre = await scim('POST', '/Groups', { displayName: 'sre-leads', members: [{ value: lead.id }, { value: requester.id }] });
    expect(sre.status, JSON.stringify(sre.body)).toBe(201);
    const empty = await scim('POST', '/Groups', { displayName: 'change-board', members: [] });
    const policy = await t.admin('POST', '/request-policies', { name: 'SRE leads approve', baseline: { kind: 'steps', steps: [{ name: 'SRE lead', approvers: 'group', groupIds: [sre.body.id], timeoutHours: 4, onTimeout: 'deny' }] } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    await settings(ent, { policyId: policy.body.id, reasonRequired: false });
    // The form's preview names who would be asked, and the group.
    const preview = await requester.api('POST', '/requests/preview', { appId: oktaApp, entitlementId: ent });
    expect(preview.body.steps).toEqual([{ approvers: [expect.objectContaining({ id: lead.id })], groups: [{ id: sre.body.id, name: 'sre-leads' }] }]);
    const r = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: ent });
    expect(r.body).toMatchObject({ state: 'pending', approvers: [{ id: lead.id }] });
    expect((await other.api('POST', `/requests/${r.body.id}/approve`, {})).status).toBe(403);
    expect((await requester.api('POST', `/requests/${r.body.id}/approve`, {})).status).toBe(403);
    expect((await lead.api('GET', '/requests?kind=approvals')).body.items.map((x: Json) => x.id)).toEqual([r.body.id]);
    const approved = await lead.api('POST', `/requests/${r.body.id}/approve`, { comment: 'go' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('provisioning');
    await settle(t.admin, approved.body.task.id);
    expect((await advance(r.body.id, 'provisioning')).state).toBe('active');
    expect(okta.store.groups.get(g.id)!.members.has(requester.oktaId)).toBe(true);

    // A group with nobody in it: the request waits for nobody, and the step's timeout denies it.
    const h = freeGroup(requester.oktaId, 8);
    const board = await t.admin('PUT', `/request-policies/${policy.body.id}`, { name: 'SRE leads approve', baseline: { kind: 'steps', steps: [{ name: 'Change board', approvers: 'group', groupIds: [empty.body.id], timeoutHours: 4, onTimeout: 'deny' }] } });
    expect(board.status).toBe(200);
    await settings(`group:${h.id}:member`, { policyId: policy.body.id, reasonRequired: false });
    expect((await t.admin('POST', '/requests/preview', { appId: oktaApp, entitlementId: `group:${h.id}:member`, asPersonId: (await t.admin('GET', `/people?q=${encodeURIComponent(requester.email)}`)).body.items[0].id })).body.steps).toEqual([{ approvers: [], groups: [{ id: empty.body.id, name: 'change-board' }] }]);
    const waiting = await requester.api('POST', '/requests', { appId: oktaApp, entitlementId: `group:${h.id}:member` });
    expect(waiting.body).toMatchObject({ state: 'pending', approvers: [] });
    const denied = await advance(waiting.body.id, 'pending', new Date(Date.now() + 5 * 3_600_000));
    expect(denied.state).toBe('denied');
    expect(denied.history.at(-1).detail).toMatch(/timed out/);
  });
});

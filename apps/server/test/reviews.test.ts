/**
 * User access reviews end to end against the Okta simulator, on SQLite and PostgreSQL: a
 * Campaign Administrator creates a campaign over Okta's groups, previews and starts it; managers
 * (platform users with their directory manager's email) see only their reports' access, decide in
 * bulk and singly, submit; the revoke reaches the simulator through a task; a grant removed outside
 * the campaign closes its item; the due date's action, reminders on a fake clock, and the evidence
 * report that verifies (and fails on a changed byte). Every bad input is refused, changing nothing.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDueActions, runDueTemplates, runRemediationJob, runStartJob, sendReminders, verifyEvidence } from '../src/modules/reviews/index.js';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';
import { settle, until } from './task-helpers.js';

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();

describe.each(DIALECTS)('access reviews on %s', (dialect) => {
  let t: TestServer;
  let sim: OktaSimulator;
  let appId: string;
  let connectorId: string;
  let campaignAdmin: { id: string; api: Api };
  let fallback: { id: string; api: Api };
  /** Managers that have a platform account, by their Okta user id. */
  const managers = new Map<string, { id: string; api: Api; email: string }>();
  let policyId: string;

  const okta = () => sim.store;
  const started = (api: Api, id: string) => until('the campaign to run', async () => {
    const c = await api('GET', `/campaigns/${id}`);
    if (c.body.state === 'running' || c.body.state === 'draft') return c.body;
    return undefined;
  });

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 61, users: 90, groups: 8, apps: 2 }).start();
    t = await startTestServer(dialect);
    appId = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const c = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    connectorId = c.body.id;
    await t.waitForSync(connectorId);
    campaignAdmin = await t.userWithRole('campaign_admin');
    fallback = await t.userWithRole('campaign_admin', 'fallback.reviewer@example.com');
    // Managers sign in as Basic users with their directory email.
    // The three managers whose reports hold the most group memberships.
    const memberships = (userId: string) => [...okta().groups.values()].filter((g) => g.members.has(userId)).length;
    const weight = new Map<string, number>();
    for (const u of okta().users.values()) if (u.profile.managerId) weight.set(u.profile.managerId, (weight.get(u.profile.managerId) ?? 0) + memberships(u.id));
    for (const [id] of [...weight].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
      const email = okta().users.get(id)!.profile.email!;
      managers.set(id, { ...(await t.userWithRole('basic_user', email)), email });
    }
    const policy = await campaignAdmin.api('POST', '/review-policies', { name: 'Manager review', steps: [{ name: 'Manager', reviewers: { kind: 'manager' }, fallbackUserIds: [fallback.id] }] });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
  });
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
  });

  const groupsScope = () => ({ apps: [{ appId, resourceTypes: ['group'] }] });
  const newCampaign = (body: Json = {}) => campaignAdmin.api('POST', '/campaigns', { name: 'Okta groups Q4', scope: groupsScope(), policyId, dueAt: inDays(14), ...body });
  const startRunning = async (body: Json = {}) => {
    const c = await newCampaign(body);
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const s = await campaignAdmin.api('POST', `/campaigns/${c.body.id}/start`, {});
    expect(s.status, JSON.stringify(s.body)).toBe(202);
    const running = await started(campaignAdmin.api, c.body.id);
    expect(running.state).toBe('running');
    return running;
  };
  const directGroupGrants = async () => {
    const all: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.admin('GET', `/grants?appId=${appId}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    return all.filter((g) => g.resourceType === 'group' && !g.inherited);
  };

  it('refuses bad campaigns with a clear error and creates nothing', async () => {
    const before = (await campaignAdmin.api('GET', '/campaigns')).body.items.length;
    const past = await newCampaign({ dueAt: inDays(-1) });
    expect(past.status).toBe(400);
    expect(past.body.detail).toMatch(/in the past/);
    const revokeUnconfirmed = await newCampaign({ dueAction: 'revoke' });
    expect(revokeUnconfirmed.status).toBe(400);
    expect(revokeUnconfirmed.body.detail).toMatch(/confirmRevokeAtDue/);
    expect((await newCampaign({ policyId: 'nope' })).status).toBe(400);
    expect((await newCampaign({ scope: { apps: [] } })).status).toBe(400);
    expect((await campaignAdmin.api('GET', '/campaigns')).body.items.length).toBe(before);
    // The owner: a Campaign Administrator or Super Administrator, the creator unless chosen.
    const basicOwner = await t.userWithRole('basic_user');
    const notAdmin = await newCampaign({ ownerId: basicOwner.id });
    expect(notAdmin.status).toBe(400);
    expect(notAdmin.body.detail).toMatch(/cannot own a campaign: the owner must be a Campaign Administrator or a Super Administrator/);
    expect(notAdmin.body.errors).toEqual([expect.objectContaining({ field: 'body.ownerId' })]);
    expect((await newCampaign({ ownerId: 'nobody' })).status).toBe(400);
    expect((await campaignAdmin.api('GET', '/campaigns')).body.items.length).toBe(before);
    const chosen = await newCampaign({ name: 'Owned by the fallback reviewer', ownerId: fallback.id });
    expect(chosen.status).toBe(201);
    expect(chosen.body.owner.id).toBe(fallback.id);
    const own = await newCampaign({ name: 'Owned by its creator' });
    expect(own.body.owner.id).toBe(campaignAdmin.id);
    const superAdmin = await t.userWithRole('super_admin');
    const superOwned = await campaignAdmin.api('PUT', `/campaigns/${chosen.body.id}`, { name: 'Owned by a Super Administrator', scope: groupsScope(), policyId, dueAt: inDays(14), ownerId: superAdmin.id });
    expect(superOwned.status, JSON.stringify(superOwned.body)).toBe(200);
    expect(superOwned.body.owner.id).toBe(superAdmin.id);
    expect((await campaignAdmin.api('PUT', `/campaigns/${chosen.body.id}`, { name: 'x', scope: groupsScope(), policyId, dueAt: inDays(14), ownerId: basicOwner.id })).status).toBe(400);
    for (const id of [chosen.body.id, own.body.id]) await campaignAdmin.api('DELETE', `/campaigns/${id}`);
    // A scope that selects no grant is refused at the start, saying why.
    const empty = await newCampaign({ scope: { apps: [{ appId, entitlementIds: ['group:none:member'] }] } });
    const refused = await campaignAdmin.api('POST', `/campaigns/${empty.body.id}/start`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/selects no grant/);
    expect((await campaignAdmin.api('GET', `/campaigns/${empty.body.id}`)).body.state).toBe('draft');
    // Basic users and Read-only users cannot create one.
    const reader = await t.userWithRole('read_only');
    expect((await reader.api('POST', '/campaigns', { name: 'x', scope: groupsScope(), policyId, dueAt: inDays(3) })).status).toBe(403);
  });

  it('previews, then snapshots one item per direct group grant, each with its reviewer and context', async () => {
    const c = await newCampaign();
    const preview = await campaignAdmin.api('GET', `/campaigns/${c.body.id}/preview`);
    expect(preview.status).toBe(200);
    const grants = await directGroupGrants();
    expect(preview.body.items).toBe(grants.length);
    expect(preview.body.freshness).toEqual([expect.objectContaining({ appId, stale: false })]);
    expect(preview.body.byReviewer.reduce((n: number, r: Json) => n + r.items, 0) + preview.body.unresolved).toBe(grants.length);
    // Items of holders without a manager with an account go to the fallback reviewer.
    expect(preview.body.byReviewer.map((r: Json) => r.userId)).toContain(fallback.id);
    await campaignAdmin.api('POST', `/campaigns/${c.body.id}/start`, {});
    const running = await started(campaignAdmin.api, c.body.id);
    expect(running.counts.items).toBe(grants.length);
    expect(running.counts.pending).toBe(grants.length);

    const [oktaManagerId, manager] = [...managers][0]!;
    const reports = new Set([...okta().users.values()].filter((u) => u.profile.managerId === oktaManagerId).map((u) => u.id));
    const inbox = await manager.api('GET', `/reviews/items?campaignId=${c.body.id}&limit=1000`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.length).toBeGreaterThan(0);
    for (const item of inbox.body.items) {
      expect(reports.has(item.principal.id), `${item.principal.name} is not a report of the manager`).toBe(true);
      expect(item.reviewer.id).toBe(manager.id);
      expect(item.assignedBecause).toBe('manager');
      expect(item.person).toMatchObject({ email: expect.any(String), manager: expect.any(String) });
      expect(item.peers.total).toBeGreaterThanOrEqual(1);
    }
    // Another manager's items are not in this inbox, and cannot be decided by this manager.
    const other = [...managers][1]![1];
    const theirs = (await other.api('GET', `/reviews/items?campaignId=${c.body.id}&limit=1`)).body.items[0];
    if (theirs) {
      const denied = await manager.api('POST', '/reviews/decisions', { ids: [theirs.id], decision: 'approve' });
      expect(denied.status).toBe(403);
      expect((await manager.api('GET', `/reviews/items/${theirs.id}`)).status).toBe(404);
    }
    const summary = await manager.api('GET', '/reviews');
    expect(summary.body.items).toEqual([expect.objectContaining({ campaignId: c.body.id, pending: inbox.body.items.length })]);
    // Kick-off: every reviewer has an inbox notification with their count.
    const bell = await manager.api('GET', '/inbox?limit=100');
    expect(bell.body.items.some((n: Json) => n.event === 'review.kickoff' && n.subject.includes(`${inbox.body.items.length} item`))).toBe(true);
  });

  it('decides in bulk and singly, submits, and the revoke reaches Okta through a task the next sync confirms', async () => {
    const c = await startRunning({ name: 'Decide and revoke' });
    const [, manager] = [...managers][0]!;
    const items = (await manager.api('GET', `/reviews/items?campaignId=${c.id}&limit=1000`)).body.items as Json[];
    expect(items.length).toBeGreaterThan(1);
    // Okta's built-in Everyone group cannot lose members: revoke a membership of a group people manage.
    const toRevoke = items.find((i) => okta().groups.get(i.resource.id)?.type === 'OKTA_GROUP')!;
    const rest = items.filter((i) => i.id !== toRevoke.id);
    // A revoke needs a comment.
    const noComment = await manager.api('POST', '/reviews/decisions', { ids: [toRevoke.id], decision: 'revoke' });
    expect(noComment.status).toBe(400);
    expect((await manager.api('POST', '/reviews/decisions', { ids: [toRevoke.id], decision: 'revoke', comment: 'moved teams' })).body.updated).toBe(1);
    // Approve everything still undecided in bulk, over a filter.
    const bulk = await manager.api('POST', '/reviews/decisions', { filter: { campaignId: c.id, undecided: true }, decision: 'approve' });
    expect(bulk.body.updated).toBe(rest.length);
    // Decisions can change until submitted.
    expect((await manager.api('POST', '/reviews/decisions', { ids: [rest[0].id], decision: null })).body.updated).toBe(1);
    expect((await manager.api('POST', '/reviews/decisions', { ids: [rest[0].id], decision: 'approve', comment: 'needed for on-call' })).body.updated).toBe(1);
    const submitted = await manager.api('POST', '/reviews/submit', { campaignId: c.id });
    expect(submitted.body).toEqual({ submitted: items.length, approved: items.length - 1, revoked: 1, advanced: 0 });
    // Submitted decisions are final.
    const change = await manager.api('POST', '/reviews/decisions', { ids: [rest[0].id], decision: 'revoke', comment: 'second thoughts' });
    expect(change.status).toBe(409);
    // The revocation: a task with the review as its origin, carried out by the connector.
    const item = await until('the revoke task', async () => {
      const i = await manager.api('GET', `/reviews/items/${toRevoke.id}`);
      return i.body.tasks.length ? i.body : undefined;
    });
    expect(item.state).toBe('revoked');
    expect(item.history).toEqual([expect.objectContaining({ kind: 'decision', decision: 'revoke', comment: 'moved teams', actor: { id: manager.id, name: 'basic_user' } })]);
    const task = await settle(t.admin, item.tasks[0].id);
    expect(task).toMatchObject({ state: 'succeeded', origin: 'review', originId: toRevoke.id, kind: 'revoke' });
    expect(task.reason).toMatch(/moved teams/);
    const groupId = toRevoke.resource.id;
    expect(okta().groups.get(groupId)!.members.has(toRevoke.principal.id)).toBe(false);
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    await t.waitForSync(connectorId);
    const after = await campaignAdmin.api('GET', `/campaigns/${c.id}`);
    expect(after.body.remediation).toMatchObject({ total: 1, succeeded: 1, verified: 1, drift: 0, failed: 0 });
    // The audit log has the submit, with a digest of the decisions.
    const audit = await t.admin('GET', `/audit?targetId=${c.id}`);
    const submitEvent = audit.body.items.find((e: Json) => e.action === 'review.submit');
    expect(submitEvent.after).toMatchObject({ submitted: items.length, revoked: 1, decisionsSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // A campaign whose revocations are done can be deleted; while they run it cannot (checked below with a manual task).
  });

  it('a grant removed outside the campaign closes its item; later syncs do not change the snapshot otherwise', async () => {
    const c = await startRunning({ name: 'Snapshot isolation' });
    const items = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1000`)).body.items as Json[];
    const hasOutsider = (groupId: string) => [...okta().users.values()].some((u) => u.status === 'ACTIVE' && !okta().groups.get(groupId)!.members.has(u.id));
    const gone = items.find((i) => okta().groups.get(i.resource.id)?.type === 'OKTA_GROUP' && hasOutsider(i.resource.id))!;
    okta().removeMember(gone.resource.id, gone.principal.id);
    // A grant added after the start is not reviewed by this campaign.
    const user = [...okta().users.values()].find((u) => u.status === 'ACTIVE' && !okta().groups.get(gone.resource.id)!.members.has(u.id) && u.id !== gone.principal.id)!;
    okta().addMember(gone.resource.id, user.id);
    await t.admin('POST', `/connectors/${connectorId}/sync`);
    await t.waitForSync(connectorId);
    const after = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1000`)).body.items as Json[];
    expect(after.length).toBe(items.length);
    expect(after.find((i) => i.id === gone.id).state).toBe('removed');
    expect(after.filter((i) => i.state === 'removed')).toHaveLength(1);
    expect(after.some((i) => i.principal.id === user.id && i.resource.id === gone.resource.id)).toBe(false);
    const detail = await campaignAdmin.api('GET', `/reviews/items/${gone.id}`);
    expect(detail.body.history.at(-1)).toMatchObject({ kind: 'removed' });
  });

  it('reassigns with a reason (never to the holder), and delegations send new items to the delegate', async () => {
    const [oktaManagerId, manager] = [...managers][0]!;
    const delegateUser = await t.userWithRole('basic_user');
    const d = await manager.api('POST', '/reviews/delegations', { delegateId: delegateUser.id, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: inDays(2) });
    expect(d.status).toBe(201);
    expect(d.body.active).toBe(true);
    // Someone else's delegation cannot be set by a Basic user.
    expect((await manager.api('POST', '/reviews/delegations', { userId: fallback.id, delegateId: delegateUser.id, startsAt: new Date().toISOString(), endsAt: inDays(1) })).status).toBe(403);
    const c = await startRunning({ name: 'Delegated' });
    const toDelegate = (await delegateUser.api('GET', `/reviews/items?campaignId=${c.id}&limit=1000`)).body.items as Json[];
    const reports = [...okta().users.values()].filter((u) => u.profile.managerId === oktaManagerId).map((u) => u.id);
    expect(toDelegate.length).toBeGreaterThan(0);
    for (const i of toDelegate) {
      expect(reports).toContain(i.principal.id);
      expect(i.assignedBecause).toMatch(/delegated by/);
    }
    expect((await manager.api('GET', `/reviews/items?campaignId=${c.id}`)).body.items).toHaveLength(0);
    await manager.api('DELETE', `/reviews/delegations/${d.body.id}`);
    // The delegate reassigns one back, with a reason; without a reason it is refused.
    const one = toDelegate[0];
    expect((await delegateUser.api('POST', '/reviews/reassign', { ids: [one.id], toUserId: manager.id, reason: ' ' })).status).toBe(400);
    expect((await delegateUser.api('POST', '/reviews/reassign', { ids: [one.id], toUserId: manager.id, reason: 'back from leave' })).body.reassigned).toBe(1);
    const moved = (await manager.api('GET', `/reviews/items/${one.id}`)).body;
    expect(moved.reviewer.id).toBe(manager.id);
    expect(moved.history.at(-1)).toMatchObject({ kind: 'reassign', comment: 'back from leave' });
    // Reassigning someone's access to them is refused.
    const holderEmail = moved.person.email;
    const holder = await t.userWithRole('basic_user', holderEmail);
    const self = await manager.api('POST', '/reviews/reassign', { ids: [one.id], toUserId: holder.id, reason: 'they know best' });
    expect(self.status).toBe(400);
    expect(self.body.detail).toMatch(/own access/);
    const bell = await manager.api('GET', '/inbox?limit=100');
    expect(bell.body.items.some((n: Json) => n.event === 'review.assigned' && n.subject.includes('reassigned to you'))).toBe(true);
  });

  it('reminds reviewers with items left on the schedule, once per moment, and never someone with nothing left', async () => {
    const c = await startRunning({ name: 'Reminders', dueAt: inDays(20) });
    const ctx = t.server.ctx;
    const reviewers = (await campaignAdmin.api('GET', `/campaigns/${c.id}/progress`)).body.perReviewer.filter((r: Json) => r.pending > 0);
    const reminded = async (at: number) => {
      const before = (await ctx.db.db.selectFrom('notifications').select('id').where('event', '=', 'review.reminder').execute()).length;
      await sendReminders(ctx, new Date(Date.now() + at * DAY));
      return (await ctx.db.db.selectFrom('notifications').select('id').where('event', '=', 'review.reminder').execute()).length - before;
    };
    // Only reminders of this campaign count: the others started at other moments.
    const others = await ctx.db.db.selectFrom('campaigns').select('id').where('state', '=', 'running').where('id', '!=', c.id).execute();
    for (const o of others) await ctx.db.db.updateTable('campaigns').set({ state: 'cancelled' }).where('id', '=', o.id).execute();
    expect(await reminded(3)).toBe(0); // before the first weekly reminder
    // One reviewer finishes everything: they are not reminded.
    const [, manager] = [...managers][0]!;
    await manager.api('POST', '/reviews/decisions', { filter: { campaignId: c.id }, decision: 'approve' });
    await manager.api('POST', '/reviews/submit', { campaignId: c.id });
    const remaining = (await campaignAdmin.api('GET', `/campaigns/${c.id}/progress`)).body.perReviewer.filter((r: Json) => r.pending > 0).length;
    expect(remaining).toBe(reviewers.length - 1);
    expect(await reminded(7.1)).toBe(remaining); // weekly
    expect(await reminded(7.2)).toBe(0); // once per moment
    expect(await reminded(17.1)).toBe(remaining); // 3 days before the due date
    expect(await reminded(19.1)).toBe(remaining); // 1 day before
    expect(await reminded(21.1)).toBe(remaining); // overdue: daily
    expect(await reminded(21.5)).toBe(0);
    expect(await reminded(22.1)).toBe(remaining);
    for (const o of others) await ctx.db.db.updateTable('campaigns').set({ state: 'running' }).where('id', '=', o.id).execute();
  });

  it('a two-step policy: the manager approves, then the app owner; a deny at any step ends the chain', async () => {
    const owner = await t.userWithRole('basic_user');
    await t.admin('PATCH', `/apps/${appId}`, { owners: [owner.id] });
    const twoStep = await campaignAdmin.api('POST', '/review-policies', { name: 'Manager then owner', steps: [{ name: 'Manager', reviewers: { kind: 'manager' }, fallbackUserIds: [fallback.id] }, { name: 'App owner', reviewers: { kind: 'app_owners' }, fallbackUserIds: [fallback.id] }] });
    expect(twoStep.status).toBe(201);
    const c = await startRunning({ name: 'Two steps', policyId: twoStep.body.id });
    const [, manager] = [...managers][0]!;
    const mine = (await manager.api('GET', `/reviews/items?campaignId=${c.id}&limit=1000`)).body.items as Json[];
    expect(mine[0]).toMatchObject({ step: 0, steps: 2, stepName: 'Manager' });
    const [denied, ...approved] = mine;
    await manager.api('POST', '/reviews/decisions', { ids: [denied.id], decision: 'revoke', comment: 'not needed' });
    await manager.api('POST', '/reviews/decisions', { ids: approved.map((i) => i.id), decision: 'approve' });
    const sub = await manager.api('POST', '/reviews/submit', { campaignId: c.id });
    expect(sub.body).toMatchObject({ submitted: mine.length, advanced: approved.length, revoked: 1, approved: 0 });
    // The app owner now has the approved items, at step 2; the denied one went no further.
    const ownerItems = (await owner.api('GET', `/reviews/items?campaignId=${c.id}&limit=1000`)).body.items as Json[];
    const ids = new Set(ownerItems.map((i) => i.id));
    for (const i of approved) expect(ids.has(i.id)).toBe(true);
    expect(ids.has(denied.id)).toBe(false);
    const moved = (await owner.api('GET', `/reviews/items/${approved[0].id}`)).body;
    expect(moved).toMatchObject({ step: 1, stepName: 'App owner', assignedBecause: 'app owner', decision: null });
    expect(moved.history).toEqual([expect.objectContaining({ kind: 'decision', step: 0, decision: 'approve', actor: { id: manager.id, name: 'basic_user' } })]);
    // The manager can still read the item they decided, but not decide it again.
    expect((await manager.api('GET', `/reviews/items/${approved[0].id}`)).status).toBe(200);
    expect((await manager.api('POST', '/reviews/decisions', { ids: [approved[0].id], decision: 'revoke', comment: 'x' })).status).toBe(403);
    expect((await owner.api('GET', '/inbox?limit=100')).body.items.some((n: Json) => n.event === 'review.assigned' && n.subject.includes('passed to you'))).toBe(true);
    await owner.api('POST', '/reviews/decisions', { filter: { campaignId: c.id }, decision: 'approve' });
    expect((await owner.api('POST', '/reviews/submit', { campaignId: c.id })).body).toMatchObject({ approved: ownerItems.length, advanced: 0 });
    expect((await owner.api('GET', `/reviews/items/${approved[0].id}`)).body.state).toBe('approved');
    await t.admin('PATCH', `/apps/${appId}`, { owners: [] });
    await campaignAdmin.api('POST', `/campaigns/${c.id}/cancel`);
  });

  it('a platform group pushed by SCIM reviews: its members share the items; an empty or deleted group finds no reviewer, and the preview says why', async () => {
    const client = await t.admin('POST', '/scim-clients', { name: 'Identity provider (reviews)' });
    expect(client.status).toBe(201);
    const scim = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${t.server.url}/scim/v2${path}`, { method, headers: { authorization: `Bearer ${client.body.token}`, 'content-type': 'application/scim+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const ana = await t.userWithRole('basic_user', 'ana.security@example.com');
    const ben = await t.userWithRole('basic_user', 'ben.security@example.com');
    const security = await scim('POST', '/Groups', { displayName: 'security-reviewers', members: [{ value: ana.id }, { value: ben.id }] });
    expect(security.status).toBe(201);
    const nobody = await scim('POST', '/Groups', { displayName: 'nobody-yet', members: [] });
    expect(nobody.status).toBe(201);
    // A group that does not exist is refused when the policy is saved.
    const unknown = await campaignAdmin.api('POST', '/review-policies', { name: 'Unknown group', steps: [{ reviewers: { kind: 'group', groupIds: ['no-such-group'] } }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/platform group no-such-group, which does not exist/);
    const policy = await campaignAdmin.api('POST', '/review-policies', { name: 'Security group review', steps: [{ name: 'Security', reviewers: { kind: 'group', groupIds: [security.body.id] } }] });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const group = [...okta().groups.values()].filter((g) => g.type === 'OKTA_GROUP').sort((a, b) => b.members.size - a.members.size)[0]!;
    const scope = { apps: [{ appId, entitlementIds: [`group:${group.id}:member`] }] };

    const c = await startRunning({ name: 'Security group review', policyId: policy.body.id, scope });
    expect(c.counts.items).toBeGreaterThan(1);
    const mine = async (who: { api: Api }) => (await who.api('GET', `/reviews/items?campaignId=${c.id}&limit=1000`)).body.items as Json[];
    const [anas, bens] = [await mine(ana), await mine(ben)];
    // Spread between the members, whoever has fewest, none left to the campaign's owner.
    expect(anas.length + bens.length).toBe(c.counts.items);
    expect(Math.abs(anas.length - bens.length)).toBeLessThanOrEqual(1);
    expect(anas[0]).toMatchObject({ assignedBecause: 'member of security-reviewers', stepName: 'Security' });
    expect((await ana.api('POST', '/reviews/decisions', { filter: { campaignId: c.id }, decision: 'approve' })).body.updated).toBe(anas.length);
    expect((await ana.api('POST', '/reviews/submit', { campaignId: c.id })).body).toMatchObject({ submitted: anas.length, approved: anas.length });
    expect((await ana.api('GET', `/reviews/items/${anas[0].id}`)).body.state).toBe('approved');
    // A member cannot decide the other member's items.
    expect((await ana.api('POST', '/reviews/decisions', { ids: [bens[0].id], decision: 'approve' })).status).toBe(403);
    await campaignAdmin.api('POST', `/campaigns/${c.id}/cancel`);

    // An empty group, no fallback: every item is listed before the start as finding no reviewer.
    const emptyPolicy = await campaignAdmin.api('POST', '/review-policies', { name: 'Empty group review', steps: [{ reviewers: { kind: 'group', groupIds: [nobody.body.id] } }] });
    expect(emptyPolicy.status).toBe(201);
    const draft = await newCampaign({ name: 'Nobody reviews', policyId: emptyPolicy.body.id, scope });
    const preview = (await campaignAdmin.api('GET', `/campaigns/${draft.body.id}/preview`)).body;
    expect(preview.unresolved).toBe(preview.items);
    expect(preview.unresolvedSample[0].because).toBe('no reviewer: the platform group "nobody-yet" has no enabled member, and the step has no fallback reviewer who may review it');
    // Deleted by the identity provider: the preview says so.
    expect((await scim('DELETE', `/Groups/${nobody.body.id}`)).status).toBe(204);
    const gone = (await campaignAdmin.api('GET', `/campaigns/${draft.body.id}/preview`)).body;
    expect(gone.unresolved).toBe(gone.items);
    expect(gone.unresolvedSample[0].because).toBe(`no reviewer: the platform group with id ${nobody.body.id} was deleted, and the step has no fallback reviewer who may review it`);
    await campaignAdmin.api('DELETE', `/campaigns/${draft.body.id}`);
  });

  it('approves all suggested approvals in bulk, and an App owner sees only campaigns over their apps', async () => {
    const c = await startRunning({ name: 'Suggestions' });
    const reviewer = fallback;
    const suggested = (await reviewer.api('GET', `/reviews/items?campaignId=${c.id}&recommendation=approve&limit=1000`)).body.items as Json[];
    const bulk = await reviewer.api('POST', '/reviews/decisions', { filter: { campaignId: c.id, recommendation: 'approve' }, decision: 'approve' });
    expect(bulk.body.updated).toBe(suggested.length);
    const decided = (await reviewer.api('GET', `/reviews/items?campaignId=${c.id}&decided=true&limit=1000`)).body.items as Json[];
    expect(decided.map((i) => i.id).sort()).toEqual(suggested.map((i) => i.id).sort());
    for (const i of decided) expect(i.recommendation.decision).toBe('approve');
    // App owners: another app's owner sees no campaign over Okta and cannot open one.
    const otherApp = (await t.admin('POST', '/apps', { name: 'Elsewhere' })).body.id;
    const stranger = await t.userWithRole('app_owner');
    await t.admin('PATCH', `/apps/${otherApp}`, { owners: [stranger.id] });
    expect((await stranger.api('GET', '/campaigns')).body.items).toHaveLength(0);
    expect((await stranger.api('GET', `/campaigns/${c.id}`)).status).toBe(403);
    expect((await stranger.api('GET', `/campaigns/${c.id}/items`)).status).toBe(403);
    const oktaOwner = await t.userWithRole('app_owner');
    await t.admin('PATCH', `/apps/${appId}`, { owners: [oktaOwner.id] });
    expect((await oktaOwner.api('GET', '/campaigns')).body.items.map((x: Json) => x.id)).toContain(c.id);
    expect((await oktaOwner.api('GET', `/campaigns/${c.id}/items?limit=5`)).body.items.length).toBeGreaterThan(0);
    // Read-only users see campaigns and items, and decide nothing.
    const reader = await t.userWithRole('read_only');
    expect((await reader.api('GET', `/campaigns/${c.id}/items?limit=5`)).status).toBe(200);
    expect((await reader.api('POST', `/campaigns/${c.id}/cancel`)).status).toBe(403);
    await t.admin('PATCH', `/apps/${appId}`, { owners: [] });
    await campaignAdmin.api('POST', `/campaigns/${c.id}/cancel`);
  });

  it('revokes undecided items at the due date when the campaign says so, through tasks', async () => {
    const c = await startRunning({ name: 'Revoke at due', dueAt: inDays(3), dueAction: 'revoke', confirmRevokeAtDue: true, scope: { apps: [{ appId, entitlementIds: [`group:${[...okta().groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 0)!.id}:member`] }] } });
    await applyDueActions(t.server.ctx, new Date(Date.now() + 4 * DAY));
    const after = await until('the revocations', async () => {
      const x = await campaignAdmin.api('GET', `/campaigns/${c.id}`);
      return x.body.remediation.total === c.counts.items && x.body.remediation.inProgress === 0 ? x.body : undefined;
    });
    expect(after.state).toBe('completed');
    expect(after.counts).toMatchObject({ revoked: c.counts.items, pending: 0 });
    expect(after.remediation.succeeded).toBe(c.counts.items);
    const item = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1`)).body.items[0];
    expect(item.tasks[0].summary).toMatch(/^Revoke /);
    const all = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1000`)).body.items as Json[];
    for (const i of all) expect(okta().groups.get(i.resource.id)!.members.has(i.principal.id), i.principal.name).toBe(false);
  });

  it('a recurring template creates and starts its campaign when its moment comes, once', async () => {
    const tpl = await campaignAdmin.api('POST', '/campaign-templates', { name: 'Quarterly Okta groups', schedule: 'quarterly', campaign: { name: 'ignored', scope: groupsScope(), policyId, durationDays: 14 } });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    expect(tpl.body).toMatchObject({ enabled: true, lastRunAt: null, lastCampaign: null, campaign: { ownerId: campaignAdmin.id, policyId, durationDays: 14 } });
    expect(tpl.body.nextRunAt).toMatch(/-(01|04|07|10)-01T/);
    const when = new Date(Date.parse(tpl.body.nextRunAt) + 60_000);
    const first = await runDueTemplates(t.server.ctx, when);
    expect(first).toHaveLength(1);
    expect(await runDueTemplates(t.server.ctx, when)).toHaveLength(0);
    const c = await started(campaignAdmin.api, first[0]!);
    expect(c).toMatchObject({ state: 'running', templateId: tpl.body.id, name: `Quarterly Okta groups — ${when.toISOString().slice(0, 10)}` });
    const listed = (await campaignAdmin.api('GET', '/campaign-templates')).body.items.find((x: Json) => x.id === tpl.body.id);
    expect(listed).toMatchObject({ lastRunAt: when.toISOString(), lastCampaign: { id: c.id, name: c.name, state: 'running' } });
    await campaignAdmin.api('POST', `/campaigns/${c.id}/cancel`);
    await campaignAdmin.api('DELETE', `/campaign-templates/${tpl.body.id}`);
    expect((await campaignAdmin.api('GET', `/campaign-templates/${tpl.body.id}`)).status).toBe(404);
    // The campaign it made stays.
    expect((await campaignAdmin.api('GET', `/campaigns/${c.id}`)).status).toBe(200);
  });

  it('refuses a template that could not run, with a clear error; edits, pauses and resumes one', async () => {
    const body = (over: Json = {}, campaign: Json = {}) => ({ name: 'Monthly Okta groups', schedule: 'monthly', ...over, campaign: { name: 'ignored', scope: groupsScope(), policyId, durationDays: 10, ...campaign } });
    const before = (await campaignAdmin.api('GET', '/campaign-templates')).body.items.length;
    const badCron = await campaignAdmin.api('POST', '/campaign-templates', body({ schedule: '0 9 31 2 *x' }));
    expect(badCron.status).toBe(400);
    expect(badCron.body.detail).toMatch(/^"0 9 31 2 \*x" is not a schedule \(.+\): use "quarterly", "monthly" or a cron expression/);
    expect(badCron.body.errors).toEqual([{ field: 'body.schedule', message: 'not a valid schedule' }]);
    expect((await campaignAdmin.api('POST', '/campaign-templates', body({ schedule: 'every tuesday' }))).status).toBe(400);
    const basic = await t.userWithRole('basic_user');
    const badOwner = await campaignAdmin.api('POST', '/campaign-templates', body({}, { ownerId: basic.id }));
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.errors).toEqual([expect.objectContaining({ field: 'body.campaign.ownerId' })]);
    const badPolicy = await campaignAdmin.api('POST', '/campaign-templates', body({}, { policyId: 'nope' }));
    expect(badPolicy.body.errors).toEqual([expect.objectContaining({ field: 'body.campaign.policyId' })]);
    expect((await campaignAdmin.api('POST', '/campaign-templates', body({}, { dueAction: 'revoke' }))).body.errors).toEqual([expect.objectContaining({ field: 'body.campaign.confirmRevokeAtDue' })]);
    expect((await campaignAdmin.api('GET', '/campaign-templates')).body.items.length).toBe(before);
    const reader = await t.userWithRole('read_only');
    expect((await reader.api('POST', '/campaign-templates', body())).status).toBe(403);

    const tpl = await campaignAdmin.api('POST', '/campaign-templates', body({}, { ownerId: fallback.id }));
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    expect(tpl.body.nextRunAt).toMatch(/-01T\d\d:00:00/);
    expect(tpl.body.campaign.ownerId).toBe(fallback.id);
    // Edited: every Monday; the owner stays when the edit does not name one.
    const edited = await campaignAdmin.api('PUT', `/campaign-templates/${tpl.body.id}`, body({ name: 'Weekly Okta groups', schedule: '0 9 * * 1' }));
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Weekly Okta groups', schedule: '0 9 * * 1', campaign: { ownerId: fallback.id, durationDays: 10 } });
    expect(new Date(edited.body.nextRunAt).getDay()).toBe(1);
    expect((await campaignAdmin.api('PUT', `/campaign-templates/${tpl.body.id}`, body({ schedule: 'never' }))).status).toBe(400);
    expect((await reader.api('PATCH', `/campaign-templates/${tpl.body.id}`, { enabled: false })).status).toBe(403);
    // Paused: no run, however late; resumed: a Monday that passed while paused is not made up.
    const paused = await campaignAdmin.api('PATCH', `/campaign-templates/${tpl.body.id}`, { enabled: false });
    expect(paused.body.enabled).toBe(false);
    const later = new Date(Date.parse(edited.body.nextRunAt) + 8 * DAY);
    expect((await runDueTemplates(t.server.ctx, later)).length).toBe(0);
    const resumed = await campaignAdmin.api('PATCH', `/campaign-templates/${tpl.body.id}`, { enabled: true });
    expect(resumed.body.enabled).toBe(true);
    expect(Date.parse(resumed.body.nextRunAt)).toBeGreaterThan(Date.now());
    expect(await runDueTemplates(t.server.ctx, new Date())).toEqual([]);
    expect((await campaignAdmin.api('PATCH', '/campaign-templates/nope', { enabled: true })).status).toBe(404);
    await campaignAdmin.api('DELETE', `/campaign-templates/${tpl.body.id}`);
  });

  it('the start and remediation jobs can run again after a process was killed mid-job: nothing twice', async () => {
    const ctx = t.server.ctx;
    const a = await startRunning({ name: 'Crash baseline' });
    // A start cut off after writing some items: the retry starts the snapshot over.
    const b = await newCampaign({ name: 'Crash mid-start' });
    await ctx.db.db.updateTable('campaigns').set({ state: 'starting' }).where('id', '=', b.body.id).execute();
    const partial = await ctx.db.db.selectFrom('review_items').selectAll().where('campaign_id', '=', a.id).limit(3).execute();
    await ctx.db.db.insertInto('review_items').values(partial.map((i) => ({ ...i, id: `${i.id}-partial`, campaign_id: b.body.id }))).execute();
    await runStartJob(ctx, { id: 'retry', kind: 'review.start', payload: { campaignId: b.body.id }, attempts: 2, maxAttempts: 5 });
    const after = (await campaignAdmin.api('GET', `/campaigns/${b.body.id}`)).body;
    expect(after).toMatchObject({ state: 'running', counts: { items: a.counts.items } });
    // A remediation cut off after its task was made but before the item recorded it: the retry finds the task.
    const [, manager] = [...managers][0]!;
    const item = ((await manager.api('GET', `/reviews/items?campaignId=${a.id}&limit=1000`)).body.items as Json[]).find((i) => okta().groups.get(i.resource.id)?.type === 'OKTA_GROUP')!;
    await manager.api('POST', '/reviews/decisions', { ids: [item.id], decision: 'revoke', comment: 'crash test' });
    await manager.api('POST', '/reviews/submit', { campaignId: a.id });
    const taskId = await until('the task', async () => (await manager.api('GET', `/reviews/items/${item.id}`)).body.tasks[0]?.id as string | undefined);
    await ctx.db.db.updateTable('review_items').set({ task_ids: null }).where('id', '=', item.id).execute();
    await runRemediationJob(ctx, { id: 'retry', kind: 'review.remediate', payload: { campaignId: a.id }, attempts: 2, maxAttempts: 5 });
    const tasks = await ctx.db.db.selectFrom('tasks').select('id').where('origin', '=', 'review').where('origin_id', '=', item.id).execute();
    expect(tasks.map((x) => x.id)).toEqual([taskId]);
    expect((await manager.api('GET', `/reviews/items/${item.id}`)).body.tasks.map((x: Json) => x.id)).toEqual([taskId]);
    await settle(t.admin, taskId);
    for (const id of [a.id, b.body.id]) await campaignAdmin.api('POST', `/campaigns/${id}/cancel`);
  });

  it('at the due date closes undecided items as not reviewed, completes the campaign and tells its owner', async () => {
    const c = await startRunning({ name: 'Closes at due', dueAt: inDays(5), dueAction: 'close' });
    await applyDueActions(t.server.ctx, new Date(Date.now() + 6 * DAY));
    const after = await campaignAdmin.api('GET', `/campaigns/${c.id}`);
    expect(after.body.state).toBe('completed');
    expect(after.body.counts).toMatchObject({ pending: 0, notReviewed: c.counts.items });
    const bell = await campaignAdmin.api('GET', '/inbox?limit=100');
    expect(bell.body.items.some((n: Json) => n.event === 'review.completed' && n.subject.includes('Closes at due'))).toBe(true);
    // A completed campaign takes no decision.
    const item = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1`)).body.items[0];
    expect((await campaignAdmin.api('POST', '/reviews/submit', { campaignId: c.id })).status).toBe(409);
    expect(item.state).toBe('not_reviewed');
  });

  it('writes an evidence report whose manifest is signed with the audit key; a changed byte fails verification', async () => {
    const list = (await campaignAdmin.api('GET', '/campaigns?state=completed')).body.items as Json[];
    const c = list[0];
    const report = await campaignAdmin.api('POST', `/campaigns/${c.id}/reports`);
    expect(report.status).toBe(201);
    expect(report.body.files.map((f: Json) => f.name)).toEqual(expect.arrayContaining(['campaign.json', 'items.csv', 'decisions.csv', 'revocations.csv']));
    const items = await campaignAdmin.api('GET', `/campaigns/${c.id}/reports/${report.body.id}/items.csv`);
    expect(items.status).toBe(200);
    expect(items.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(items.body).split('\n').filter(Boolean)).toHaveLength(c.counts.items + 1);
    // Only files the manifest lists are served.
    expect((await campaignAdmin.api('GET', `/campaigns/${c.id}/reports/${report.body.id}/..%2F..%2Fgatehouse.db`)).status).toBe(404);
    const dir = join(t.dataDir, 'evidence', c.id, report.body.id);
    const key = (await t.admin('GET', '/audit/checkpoints')).body.publicKey;
    const good = await verifyEvidence(dir, key);
    expect(good.ok, JSON.stringify(good.lines)).toBe(true);
    const csv = join(dir, 'items.csv');
    const original = readFileSync(csv);
    const changed = Buffer.from(original);
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 1;
    writeFileSync(csv, changed);
    const bad = await verifyEvidence(csv, key);
    expect(bad.ok).toBe(false);
    expect(bad.lines.find((l) => !l.ok)!.text).toMatch(/items\.csv: changed/);
    writeFileSync(csv, original);
    // A forged manifest (a file's hash replaced) breaks the signature.
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.files[1].sha256 = '0'.repeat(64);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect((await verifyEvidence(dir)).lines[0]).toMatchObject({ ok: false });
    // Basic users cannot read reports.
    const [, manager] = [...managers][0]!;
    expect((await manager.api('GET', `/campaigns/${c.id}/reports`)).status).toBe(403);
  });

  it('refuses to delete a campaign while its revocations are carried out, and a decision by someone who is not the reviewer', async () => {
    const c = await startRunning({ name: 'Manual revocations' });
    // The connector's provisioning switch off: revocations become manual tasks that wait for the app owners.
    await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: false });
    const item = (await campaignAdmin.api('GET', `/campaigns/${c.id}/items?limit=1`)).body.items[0];
    const reviewer = item.reviewer.id === fallback.id ? fallback : [...managers.values()].find((m) => m.id === item.reviewer.id)!;
    expect((await campaignAdmin.api('POST', '/reviews/decisions', { ids: [item.id], decision: 'approve' })).status).toBe(item.reviewer.id === campaignAdmin.id ? 200 : 403);
    await reviewer.api('POST', '/reviews/decisions', { ids: [item.id], decision: 'revoke', comment: 'left the project' });
    await reviewer.api('POST', '/reviews/submit', { campaignId: c.id });
    const manual = await until('the manual task', async () => {
      const i = await campaignAdmin.api('GET', `/reviews/items/${item.id}`);
      return i.body.tasks[0]?.state === 'manual' ? i.body.tasks[0] : undefined;
    });
    await campaignAdmin.api('POST', `/campaigns/${c.id}/cancel`);
    const refused = await campaignAdmin.api('DELETE', `/campaigns/${c.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/still being carried out/);
    expect((await campaignAdmin.api('GET', `/campaigns/${c.id}`)).body.remediation).toMatchObject({ manual: 1 });
    await t.admin('POST', `/tasks/${manual.id}/complete`, { outcome: 'done', comment: 'removed by hand' });
    expect((await campaignAdmin.api('DELETE', `/campaigns/${c.id}`)).status).toBe(204);
    await t.admin('PATCH', `/connectors/${connectorId}`, { provisioning: true });
  });
});

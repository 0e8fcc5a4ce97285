/**
 * The demo's access reviews, so that a newcomer finds both ends of one: a completed review of
 * Okta's groups (most memberships approved, two revoked through the connector, its evidence report
 * written) and a review of Okta's admin roles in progress, with some decisions taken and the rest
 * waiting in the admin's "My reviews".
 */
import type { OktaSimulator } from '@gatehouse/connector-okta/simulator';

type Json = Record<string, unknown> & { id: string };
type Call = (method: string, path: string, body?: unknown) => Promise<Json>;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function running(call: Call, id: string): Promise<Json> {
  for (;;) {
    const c = await call('GET', `/campaigns/${id}`);
    if (c.state === 'running' || c.state === 'completed') return c;
    if (c.state === 'draft') throw new Error(`demo campaign did not start: ${String(c.error)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function items(call: Call, campaignId: string, query = ''): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const page = (await call('GET', `/reviews/items?campaignId=${campaignId}&limit=1000${query}${cursor ? `&cursor=${cursor}` : ''}`)) as unknown as { items: Json[]; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export async function demoReviews(call: Call, okta: OktaSimulator, oktaApp: string, adminId: string): Promise<void> {
  const policy = await call('POST', '/review-policies', {
    name: 'App owner review',
    description: 'The app\u2019s owners certify each access; the security team (the admin) reviews what has no owner.',
    steps: [{ name: 'App owner', reviewers: { kind: 'app_owners' }, fallbackUserIds: [adminId] }],
  });

  // A completed quarterly review of Okta's groups.
  const groups = await call('POST', '/campaigns', {
    name: 'Okta groups \u2014 Q3 review',
    description: 'Quarterly certification of every Okta group membership (SOC 2 CC6.2).',
    scope: { apps: [{ appId: oktaApp, resourceTypes: ['group'] }] },
    policyId: policy.id,
    dueAt: inDays(10),
    dueAction: 'close',
  });
  await call('POST', `/campaigns/${groups.id}/start`, {});
  await running(call, groups.id);
  // Two suggested revocations of groups people manage (Okta's built-in Everyone cannot lose members).
  const managed = new Set([...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP').map((g) => g.id));
  const all = await items(call, groups.id);
  const revoke = all.filter((i) => managed.has((i.resource as { id: string }).id) && (i.recommendation as { decision: string } | null)?.decision === 'revoke').slice(0, 2);
  const toRevoke = revoke.length ? revoke : all.filter((i) => managed.has((i.resource as { id: string }).id)).slice(0, 2);
  await call('POST', '/reviews/decisions', { filter: { campaignId: groups.id }, decision: 'approve' });
  await call('POST', '/reviews/decisions', { ids: toRevoke.map((i) => i.id), decision: 'revoke', comment: 'no longer needed: left the team' });
  await call('POST', '/reviews/submit', { campaignId: groups.id });
  await call('POST', `/campaigns/${groups.id}/reports`);

  // Okta admin roles, in progress: a third decided (not submitted yet), the rest waiting.
  const roles = await call('POST', '/campaigns', {
    name: 'Okta admin roles \u2014 Q4 review',
    description: 'Who holds administrator roles in Okta, and should they still.',
    scope: { apps: [{ appId: oktaApp, resourceTypes: ['role'] }], includeInherited: true },
    policyId: policy.id,
    dueAt: inDays(14),
    dueAction: 'leave_open',
  });
  await call('POST', `/campaigns/${roles.id}/start`, {});
  await running(call, roles.id);
  const roleItems = await items(call, roles.id);
  const some = roleItems.slice(0, Math.ceil(roleItems.length / 3));
  if (some.length) await call('POST', '/reviews/decisions', { ids: some.map((i) => i.id), decision: 'approve', comment: 'on the platform team' });

  // Set up once, run every quarter: the next instance of the admin roles review.
  await call('POST', '/campaign-templates', {
    name: 'Okta admin roles \u2014 every quarter',
    schedule: 'quarterly',
    campaign: {
      name: 'Okta admin roles review',
      description: 'Who holds administrator roles in Okta, and should they still.',
      scope: { apps: [{ appId: oktaApp, resourceTypes: ['role'] }], includeInherited: true },
      policyId: policy.id,
      durationDays: 14,
      dueAction: 'leave_open',
    },
  });
}

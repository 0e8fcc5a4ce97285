/**
 * The demo's access requests: a few Okta groups people may ask for (up to four hours), a policy
 * that approves the person on call in PagerDuty at once, one engineer's access granted that way,
 * and another engineer's request waiting for the admin (the Okta app's owner) to approve; and a
 * bundle, "On-call SRE", of a PagerDuty team's responder role and one of those Okta groups.
 */
import type { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { randomBytes } from 'node:crypto';

type Json = Record<string, unknown> & { id: string };
type Call = (method: string, path: string, body?: unknown) => Promise<Json>;

/** Signs in as a platform user the demo made for a person (their password is never shown). */
async function asUser(base: string, call: Call, person: { email: string; name: string }): Promise<Call> {
  const password = randomBytes(18).toString('base64url');
  await call('POST', '/users', { email: person.email, name: person.name, role: 'basic_user', password });
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: person.email, password }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { cookie, origin: base, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as Json;
    if (!res.ok) throw new Error(`demo request ${method} ${path}: ${String(json.detail ?? res.status)}`);
    return json;
  };
}

export async function demoRequests(base: string, call: Call, okta: OktaSimulator, oktaApp: string, pagerdutyApp: string): Promise<void> {
  const policy = await call('POST', '/request-policies', {
    name: 'On call gets production',
    description: 'Whoever is on call in PagerDuty now gets up to four hours at once; everyone else asks the app\u2019s owners.',
    rules: [{ name: 'on call now, four hours at most', condition: 'onCall && durationMinutes != null && durationMinutes <= 240', outcome: { kind: 'approve' } }],
    baseline: { kind: 'steps', steps: [{ name: 'App owner', approvers: 'app_owners', timeoutHours: 24, onTimeout: 'deny' }] },
  });
  const groups = [...okta.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP').sort((a, b) => a.profile.name.localeCompare(b.profile.name)).slice(0, 4);
  for (const g of groups) {
    await call('PUT', `/apps/${oktaApp}/request-settings`, { entitlementId: `group:${g.id}:member`, settings: { maxDurationMinutes: 240, defaultDurationMinutes: 120, policyId: policy.id, emergencyAllowed: true, emergencyDurationMinutes: 60 } });
  }
  await demoBundle(call, pagerdutyApp, oktaApp, `group:${groups[0]!.id}:member`, policy.id);
  // Who is on call now (PagerDuty's synced catalog), and an engineer who is not, both Okta people.
  const grants = (await call('GET', `/grants?appId=${pagerdutyApp}&limit=1000`)).items as { entitlementId: string; principalId: string }[];
  const onCall = new Set(grants.filter((g) => g.entitlementId.endsWith(':on-call')).map((g) => g.principalId));
  const accounts = (await call('GET', `/accounts?appId=${pagerdutyApp}&limit=1000`)).items as { accountId: string; email: string | null; displayName: string }[];
  const oktaByEmail = new Map([...okta.store.users.values()].filter((u) => u.status === 'ACTIVE').map((u) => [(u.profile.email ?? '').toLowerCase(), u.id]));
  const inDirectory = accounts.filter((a) => a.email && oktaByEmail.has(a.email.toLowerCase()));
  const responder = inDirectory.find((a) => onCall.has(a.accountId));
  const engineer = inDirectory.find((a) => !onCall.has(a.accountId));
  const freeGroup = (email: string) => groups.find((g) => !g.members.has(oktaByEmail.get(email.toLowerCase())!));
  if (responder) {
    const g = freeGroup(responder.email!);
    const me = await asUser(base, call, { email: responder.email!, name: responder.displayName });
    if (g) await me('POST', '/requests', { appId: oktaApp, entitlementId: `group:${g.id}:member`, durationMinutes: 120, reason: 'on call: investigating the checkout latency alert' });
  }
  if (engineer) {
    const g = freeGroup(engineer.email!);
    const me = await asUser(base, call, { email: engineer.email!, name: engineer.displayName });
    if (g) await me('POST', '/requests', { appId: oktaApp, entitlementId: `group:${g.id}:member`, durationMinutes: 240, reason: 'migrating the billing service this afternoon (CHG-2210)' });
  }
}

/** "On-call SRE": a PagerDuty team's responder role (requestable like the Okta groups, its app owned by the admin who approves the rest) with an Okta group. */
async function demoBundle(call: Call, pagerdutyApp: string, oktaApp: string, oktaEntitlement: string, policyId: string): Promise<void> {
  const teams = (await call('GET', `/entitlements?appId=${pagerdutyApp}&resourceType=team&limit=200`)).items as { id: string; slug: string; displayName: string }[];
  const responder = teams.filter((e) => e.slug === 'responder').sort((a, b) => a.displayName.localeCompare(b.displayName))[0];
  if (!responder) return;
  const me = await call('GET', '/auth/me');
  await call('PATCH', `/apps/${pagerdutyApp}`, { owners: [me.id] });
  await call('PUT', `/apps/${pagerdutyApp}/request-settings`, { entitlementId: responder.id, settings: { maxDurationMinutes: 240, defaultDurationMinutes: 120, policyId } });
  await call('POST', '/request-bundles', {
    name: 'On-call SRE',
    description: 'What the person on call needs for a shift: a PagerDuty team\u2019s responder role and an Okta group, each through its own policy.',
    items: [
      { appId: pagerdutyApp, entitlementId: responder.id },
      { appId: oktaApp, entitlementId: oktaEntitlement },
    ],
  });
}

/**
 * The demo's access conflict: administering the SIEM (Panther's Admin role) and belonging to an
 * Okta group whose members change what the SIEM watches is one job too many. The rule is made
 * from the simulated data so that it has exactly one violation to look at.
 */
import type { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import type { PantherSimulator } from '@gatehouse/connector-panther/simulator';

type Json = Record<string, unknown> & { id: string };
type Call = (method: string, path: string, body?: unknown) => Promise<Json>;

export async function demoConflicts(call: Call, okta: OktaSimulator, panther: PantherSimulator, oktaApp: string, pantherApp: string, ownerId: string): Promise<void> {
  const admin = panther.store.roleByName('Admin');
  if (!admin) return;
  const adminEmails = new Set([...panther.store.users.values()].filter((u) => u.roleId === admin.id && u.enabled).map((u) => u.email.toLowerCase()));
  const oktaUser = new Map([...okta.store.users.values()].filter((u) => u.status === 'ACTIVE').map((u) => [u.id, (u.profile.email ?? '').toLowerCase()]));
  // An Okta group with exactly one member who is a Panther admin.
  const group = [...okta.store.groups.values()]
    .filter((g) => g.type === 'OKTA_GROUP')
    .find((g) => [...g.members].filter((m) => adminEmails.has(oktaUser.get(m) ?? '')).length === 1);
  if (!group) return;
  await call('POST', '/conflict-rules', {
    name: `${group.profile.name} and SIEM administration`,
    description: `Members of ${group.profile.name} change what the SIEM watches; they must not also administer Panther (SOX ITGC segregation of duties).`,
    severity: 'high',
    ownerId,
    sideA: [{ appId: oktaApp, entitlementId: `group:${group.id}:member` }],
    sideB: [{ appId: pantherApp, entitlementId: `role:${admin.id}:assigned` }],
  });
}

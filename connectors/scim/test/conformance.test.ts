import { runConformanceSuite } from '@gatehouse/sdk/testkit';
import { scimConnector } from '../src/index.js';
import { expectedFor } from './oracle.js';
import { ScimmyServer } from './scimmy-server.js';

type Member = { value: string };
const rolesOf = (u: Record<string, unknown>) => ((u.roles as Member[] | undefined) ?? []).map((r) => r.value);

// Against a fully capable service provider (SCIMMY): users, groups, the multi-valued `roles`;
// pages of 20, so that the users are listed in parts side by side.
runConformanceSuite<ScimmyServer>({
  definition: scimConnector,
  label: 'a fully capable service provider',
  start: () => new ScimmyServer({ seed: 3 }).seed(140, 9).start(),
  stop: (server) => server.close(),
  config: (server) => ({ baseUrl: server.baseUrl, token: server.token, roleAttributes: 'roles=role', pageSize: 20 }),
  expected: (server) => expectedFor(server),
  setFaults: (server, faults) => server.setFaults({ latencyMs: 0, rateLimit: undefined, rateWindowSeconds: undefined, failRate: 0, truncateRate: 0, ...faults }),
  calls: (server) => server.calls(),
  announcesRateLimit: false,
  grantCases: (server) => {
    const users = [...server.store.users.values()];
    const group = [...server.store.groups.values()][1]!;
    const members = new Set(((group.members as Member[] | undefined) ?? []).map((m) => m.value));
    const outsider = users.find((u) => !members.has(u.id))!;
    const noAuditor = users.find((u) => !rolesOf(u).includes('auditor'))!;
    return [
      { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: outsider.id } },
      { entitlementId: 'role:auditor:assigned', principal: { type: 'user', id: noAuditor.id } },
    ];
  },
  revokeCases: (server) => {
    const users = [...server.store.users.values()];
    const group = [...server.store.groups.values()][2]!;
    const member = (group.members as Member[])[0]!.value;
    const admin = users.find((u) => rolesOf(u).includes('admin'))!;
    return [
      { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: member } },
      { entitlementId: 'role:admin:assigned', principal: { type: 'user', id: admin.id } },
    ];
  },
  account: { email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' },
});

import { runConformanceSuite } from '@gatehouse/sdk/testkit';
import { oktaConnector } from '../src/index.js';
import { OktaSimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

runConformanceSuite<OktaSimulator>({
  definition: oktaConnector,
  start: () => new OktaSimulator({ seed: 7, users: 150, groups: 15, apps: 8 }).start(),
  stop: (sim) => sim.close(),
  config: (sim) => ({ domain: sim.url, apiToken: sim.token('super-admin') }),
  expected: (sim) => expectedFor(sim.store),
  setFaults: (sim, faults) => sim.setFaults({ latencyMs: 0, rateLimit: undefined, rateWindowSeconds: undefined, failRate: 0, truncateRate: 0, ...faults }),
  calls: (sim) => sim.calls(),
  grantCases: (sim) => {
    const store = sim.store;
    const users = [...store.users.values()].filter((u) => u.status === 'ACTIVE');
    const group = [...store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 0)!;
    const outsider = users.find((u) => !group.members.has(u.id))!;
    const app = [...store.apps.values()].find((a) => a.status === 'ACTIVE' && a.groups.size === 0)!;
    const appUser = users.find((u) => !store.appUsers(app.id).some((x) => x.id === u.id))!;
    const appGroup = [...store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 0 && !app.groups.has(g.id))!;
    const noRole = users.find((u) => !store.userRoles.has(u.id))!;
    const roleGroup = [...store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && !store.groupRoles.has(g.id) && g.members.size > 0)!;
    const liveMember = [...appGroup.members].find((id) => store.users.get(id)!.status !== 'DEPROVISIONED')!;
    const roleMember = [...roleGroup.members].find((id) => store.users.get(id)!.status !== 'DEPROVISIONED')!;
    return [
      { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: outsider.id } },
      { entitlementId: `app:${app.id}:access`, principal: { type: 'user', id: appUser.id } },
      { entitlementId: `app:${app.id}:access`, principal: { type: 'group', id: appGroup.id }, alsoGrants: [`app:${app.id}:access:user:${liveMember}`] },
      { entitlementId: 'role:USER_ADMIN:assigned', principal: { type: 'user', id: noRole.id } },
      { entitlementId: 'role:REPORT_ADMIN:assigned', principal: { type: 'group', id: roleGroup.id }, alsoGrants: [`role:REPORT_ADMIN:assigned:user:${roleMember}`] },
    ];
  },
  revokeCases: (sim) => {
    const store = sim.store;
    const group = [...store.groups.values()].find((g) => g.type === 'OKTA_GROUP' && g.members.size > 1)!;
    const member = [...group.members][0]!;
    const app = [...store.apps.values()].find((a) => a.status === 'ACTIVE' && a.users.size > 0 && a.groups.size > 0)!;
    const appUser = [...app.users.keys()][0]!;
    const appGroup = [...app.groups.keys()][0]!;
    const [roleUser, roles] = [...store.userRoles.entries()][0]!;
    const role = roles[0]!;
    return [
      { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: member } },
      { entitlementId: `app:${app.id}:access`, principal: { type: 'user', id: appUser } },
      { entitlementId: `app:${app.id}:access`, principal: { type: 'group', id: appGroup } },
      { entitlementId: `role:${role.type === 'CUSTOM' ? role.role : role.type}:assigned`, principal: { type: 'user', id: roleUser } },
    ];
  },
  account: { email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire', options: { activate: true, sendEmail: false } },
});

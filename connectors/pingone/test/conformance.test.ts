import { runConformanceSuite } from '@gatehouse/sdk/testkit';
import { pingoneConnector } from '../src/index.js';
import { PingOneSimulator, type PingOneStore } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

const roleId = (store: PingOneStore, name: string) => store.roleByName(name)!.id;

runConformanceSuite<PingOneSimulator>({
  definition: pingoneConnector,
  start: () => new PingOneSimulator({ seed: 11, users: 160, groups: 14 }).start(),
  stop: (sim) => sim.close(),
  config: (sim) => sim.config(),
  expected: (sim) => expectedFor(sim.store),
  setFaults: (sim, faults) => sim.setFaults({ latencyMs: 0, rateLimit: undefined, rateWindowSeconds: undefined, failRate: 0, truncateRate: 0, ...faults }),
  calls: (sim) => sim.calls(),
  announcesRateLimit: false,
  grantCases: (sim) => {
    const { store } = sim;
    const users = [...store.users.values()];
    const group = [...store.groups.values()].find((g) => !g.populationId && store.membersOf(g.id).size > 0)!;
    const outsider = users.find((u) => !u.groups.has(group.id))!;
    const [popA, popB] = [...store.populations.values()];
    const mover = users.find((u) => u.populationId === popA!.id)!;
    const developer = roleId(store, 'Client Application Developer');
    const noRole = users.find((u) => !store.assignmentsOf({ type: 'user', id: u.id }).some((a) => a.roleId === developer))!;
    const readOnly = roleId(store, 'Configuration Read Only');
    const roleGroup = [...store.groups.values()].find((g) => store.membersOf(g.id).size > 0 && store.assignmentsOf({ type: 'group', id: g.id }).length === 0)!;
    const member = [...store.membersOf(roleGroup.id)][0]!;
    return [
      { entitlementId: `group:${group.id}:member`, principal: { type: 'user', id: outsider.id } },
      { entitlementId: `population:${popB!.id}:member`, principal: { type: 'user', id: mover.id } },
      { entitlementId: `role:${developer}:assigned`, principal: { type: 'user', id: noRole.id } },
      { entitlementId: `role:${readOnly}:assigned`, principal: { type: 'group', id: roleGroup.id }, alsoGrants: [`role:${readOnly}:assigned:user:${member}`] },
    ];
  },
  revokeCases: (sim) => {
    const { store } = sim;
    const member = [...store.users.values()].find((u) => u.groups.size > 0)!;
    const envOnly = [...store.roleAssignments.values()].find(
      (a) =>
        a.principal.type === 'user' &&
        a.scope.type === 'ENVIRONMENT' &&
        store.assignmentsOf(a.principal).filter((b) => b.roleId === a.roleId).length === 1,
    )!;
    const groupRole = [...store.roleAssignments.values()].find((a) => a.principal.type === 'group' && a.scope.type === 'ENVIRONMENT')!;
    return [
      { entitlementId: `group:${[...member.groups][0]}:member`, principal: { type: 'user', id: member.id } },
      { entitlementId: `role:${envOnly.roleId}:assigned`, principal: envOnly.principal },
      { entitlementId: `role:${groupRole.roleId}:assigned`, principal: groupRole.principal },
    ];
  },
  account: { email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' },
});

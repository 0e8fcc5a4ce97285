import { runConformanceSuite, type ConformanceHarness } from '@gatehouse/sdk/testkit';
import { pagerdutyConnector } from '../src/index.js';
import { PagerDutySimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

const readOnly = (role: string) => role.startsWith('read_only');

const harness = (label: string, size: { users: number; teams: number; schedules: number }): ConformanceHarness<PagerDutySimulator> => ({
  definition: pagerdutyConnector,
  label,
  start: () => new PagerDutySimulator({ seed: 13, ...size }).start(),
  stop: (sim) => sim.close(),
  config: (sim) => sim.config(),
  expected: (sim) => expectedFor(sim),
  setFaults: (sim, faults) => sim.setFaults({ latencyMs: 0, rateLimit: undefined, rateWindowSeconds: undefined, failRate: 0, truncateRate: 0, ...faults }),
  calls: (sim) => sim.calls(),
  grantCases: (sim) => {
    const { store } = sim;
    const users = [...store.users.values()];
    const team = [...store.teams.values()].find((t) => t.members.size > 2)!;
    const outsider = users.find((u) => !team.members.has(u.id) && !readOnly(u.role) && u.role !== 'owner')!;
    const [responder] = [...team.members].find(([, role]) => role === 'responder')!;
    const limited = users.find((u) => u.role === 'limited_user')!;
    return [
      { entitlementId: `team:${team.id}:responder`, principal: { type: 'user', id: outsider.id } },
      // Granting another team role replaces the current one.
      { entitlementId: `team:${team.id}:manager`, principal: { type: 'user', id: responder } },
      { entitlementId: 'role:observer:assigned', principal: { type: 'user', id: limited.id } },
    ];
  },
  revokeCases: (sim) => {
    const { store } = sim;
    const team = [...store.teams.values()].find((t) => t.members.size > 1)!;
    const [member, role] = [...team.members][0]!;
    const admin = [...store.users.values()].find((u) => u.role === 'admin')!;
    return [
      { entitlementId: `team:${team.id}:${role}`, principal: { type: 'user', id: member } },
      { entitlementId: 'role:admin:assigned', principal: { type: 'user', id: admin.id } },
    ];
  },
  account: { email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' },
});

runConformanceSuite(harness('180 users', { users: 180, teams: 14, schedules: 6 }));
// Past the 10,000 offset cap: the users are listed in parts (forks), and everything above still holds.
runConformanceSuite(harness('15,000 users, past the offset cap', { users: 15_000, teams: 40, schedules: 10 }));

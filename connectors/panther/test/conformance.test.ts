import { runConformanceSuite } from '@gatehouse/sdk/testkit';
import { pantherConnector } from '../src/index.js';
import { PantherSimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

const roleNamed = (sim: PantherSimulator, name: string) => sim.store.roleByName(name)!;

runConformanceSuite<PantherSimulator>({
  definition: pantherConnector,
  start: () => new PantherSimulator({ seed: 21, users: 150 }).start(),
  stop: (sim) => sim.close(),
  // Revoked roles fall back to AnalystReadOnly; deprovisioning deactivates through SCIM.
  config: (sim) => ({ ...sim.config(), revokeRoleTo: 'AnalystReadOnly' }),
  expected: (sim) => expectedFor(sim),
  setFaults: (sim, faults) => sim.setFaults({ latencyMs: 0, rateLimit: undefined, rateWindowSeconds: undefined, failRate: 0, truncateRate: 0, ...faults }),
  calls: (sim) => sim.calls(),
  announcesRateLimit: false,
  grantCases: (sim) => {
    const users = [...sim.store.users.values()];
    const analyst = users.find((u) => u.roleId === roleNamed(sim, 'Analyst').id)!;
    const readOnly = users.find((u) => u.roleId === roleNamed(sim, 'AnalystReadOnly').id)!;
    return [
      // A user holds one role: granting another replaces it.
      { entitlementId: `role:${roleNamed(sim, 'Detection Engineer').id}:assigned`, principal: { type: 'user', id: analyst.id } },
      { entitlementId: `role:${roleNamed(sim, 'Admin').id}:assigned`, principal: { type: 'user', id: readOnly.id } },
    ];
  },
  revokeCases: (sim) => {
    const users = [...sim.store.users.values()];
    const responder = users.find((u) => u.roleId === roleNamed(sim, 'Incident Responder').id)!;
    const admin = users.find((u, i) => i > 0 && u.roleId === roleNamed(sim, 'Admin').id)!;
    return [
      { entitlementId: `role:${responder.roleId}:assigned`, principal: { type: 'user', id: responder.id } },
      { entitlementId: `role:${admin.roleId}:assigned`, principal: { type: 'user', id: admin.id } },
    ];
  },
  account: { email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' },
});

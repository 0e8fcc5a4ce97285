/** What a sync of the simulated tenant must contain, computed from the simulator's store. */
import type { ExpectedData } from '@gatehouse/sdk/testkit';
import type { PantherSimulator } from '../src/simulator/index.js';

export function expectedFor(sim: PantherSimulator, types: { roles?: boolean; tokens?: boolean } = {}): ExpectedData {
  const { store } = sim;
  const roles = types.roles ?? true;
  return {
    resources: {
      user: [...store.users.keys()],
      ...(roles ? { role: [...store.roles.keys()] } : {}),
      ...((types.tokens ?? true) ? { 'api-token': [...store.tokens.keys()] } : {}),
    },
    grants: roles ? [...store.users.values()].map((u) => `role:${u.roleId}:assigned:user:${u.id}`) : [],
    inheritedGrants: [],
  };
}

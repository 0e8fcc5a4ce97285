/** What a sync of the simulated account must contain, computed from the simulator's store. */
import type { ExpectedData } from '@gatehouse/sdk/testkit';
import { BASE_ROLES, type PagerDutySimulator } from '../src/simulator/index.js';

export function expectedFor(sim: PagerDutySimulator): ExpectedData {
  const { store } = sim;
  const grants: string[] = [];
  for (const u of store.users.values()) grants.push(`role:${u.role}:assigned:user:${u.id}`);
  for (const t of store.teams.values()) for (const [uid, role] of t.members) if (store.users.has(uid)) grants.push(`team:${t.id}:${role}:user:${uid}`);
  for (const s of store.schedules.values()) {
    for (const uid of store.scheduleUsers(s)) grants.push(`schedule:${s.id}:member:user:${uid}`);
    const onCall = store.onCall(s, sim.now());
    if (onCall && store.users.has(onCall)) grants.push(`schedule:${s.id}:on-call:user:${onCall}`);
  }
  return {
    resources: { user: [...store.users.keys()], role: [...BASE_ROLES], team: [...store.teams.keys()], schedule: [...store.schedules.keys()] },
    grants,
    inheritedGrants: [],
  };
}

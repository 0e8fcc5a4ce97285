/** What a sync of the SCIMMY test server must contain (with roleAttributes "roles=role"), from its store. */
import type { ExpectedData } from '@gatehouse/sdk/testkit';
import type { ScimmyServer } from './scimmy-server.js';

export function expectedFor(server: ScimmyServer): ExpectedData {
  const users = [...server.store.users.values()];
  const groups = [...server.store.groups.values()];
  const roleGrants = users.flatMap((u) => ((u.roles as { value: string }[] | undefined) ?? []).map((r) => `role:${r.value}:assigned:user:${u.id}`));
  const roles = new Set(users.flatMap((u) => ((u.roles as { value: string }[] | undefined) ?? []).map((r) => r.value)));
  const memberGrants = groups.flatMap((g) => ((g.members as { value: string; type?: string }[] | undefined) ?? []).map((m) => `group:${g.id}:member:${m.type === 'Group' ? 'group' : 'user'}:${m.value}`));
  return {
    resources: { user: users.map((u) => u.id), group: groups.map((g) => g.id), role: [...roles] },
    grants: [...roleGrants, ...memberGrants],
    inheritedGrants: [],
  };
}

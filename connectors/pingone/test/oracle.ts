/**
 * What a sync of the simulated environment must contain, computed from the simulator's store
 * (not through the API): nested groups resolved as PingOne defines them (members of a nested group
 * are members of the groups it belongs to), role assignments to groups reaching their members.
 */
import type { ExpectedData } from '@gatehouse/sdk/testkit';
import type { PingOneStore } from '../src/simulator/index.js';

export function expectedFor(store: PingOneStore, options: { roles?: boolean; populations?: boolean; groups?: boolean } = {}): ExpectedData {
  const roles = options.roles !== false;
  const populations = options.populations !== false;
  const groups = options.groups !== false;
  const direct = new Set<string>();
  const inherited = new Set<string>();

  // Every ancestor of a group (the groups it is in, and theirs), itself excluded.
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (gid: string): Set<string> => {
    const known = ancestors.get(gid);
    if (known) return known;
    const out = new Set<string>();
    const stack = [...store.groups.get(gid)!.parents];
    while (stack.length) {
      const p = stack.pop()!;
      if (p === gid || out.has(p)) continue;
      out.add(p);
      stack.push(...store.groups.get(p)!.parents);
    }
    ancestors.set(gid, out);
    return out;
  };

  for (const u of store.users.values()) {
    if (populations) direct.add(`population:${u.populationId}:member:user:${u.id}`);
    if (!groups) continue;
    for (const g of u.groups) {
      direct.add(`group:${g}:member:user:${u.id}`);
      for (const a of ancestorsOf(g)) inherited.add(`group:${a}:member:user:${u.id}`);
    }
  }
  if (groups) {
    for (const g of store.groups.values()) {
      for (const p of g.parents) direct.add(`group:${p}:member:group:${g.id}`);
      for (const a of ancestorsOf(g.id)) inherited.add(`group:${a}:member:group:${g.id}`);
    }
  }
  if (roles) {
    for (const a of store.roleAssignments.values()) {
      // A group's role assignments are read with the group: no groups, none of them.
      if (a.principal.type === 'group' && !groups) continue;
      direct.add(`role:${a.roleId}:assigned:${a.principal.type}:${a.principal.id}`);
      if (a.principal.type !== 'group') continue;
      const holder = a.principal.id;
      for (const u of store.users.values()) {
        if ([...u.groups].some((g) => g === holder || ancestorsOf(g).has(holder))) inherited.add(`role:${a.roleId}:assigned:user:${u.id}`);
      }
      for (const g of store.groups.values()) {
        if (g.id !== holder && ancestorsOf(g.id).has(holder)) inherited.add(`role:${a.roleId}:assigned:group:${g.id}`);
      }
    }
  }
  const onlyInherited = [...inherited].filter((g) => !direct.has(g));
  const resources: Record<string, string[]> = { user: [...store.users.keys()] };
  if (populations) resources.population = [...store.populations.keys()];
  if (groups) resources.group = [...store.groups.keys()];
  if (roles) resources.role = [...store.roles.keys()];
  return { resources, grants: [...direct, ...onlyInherited], inheritedGrants: onlyInherited };
}

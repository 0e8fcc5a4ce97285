/**
 * What a sync of the simulated org must contain, computed from the simulator's store directly
 * (not through the API), for the connector's default options or the given ones.
 */
import type { ExpectedData } from '@gatehouse/sdk/testkit';
import type { OktaStore } from '../src/simulator/index.js';
import { STANDARD_ROLES } from '../src/connector/roles.js';

export function expectedFor(store: OktaStore, options: { syncDeprovisionedUsers?: boolean; syncInactiveApps?: boolean; roles?: boolean } = {}): ExpectedData {
  const keepUser = (id: string) => {
    const u = store.users.get(id);
    return Boolean(u) && (options.syncDeprovisionedUsers || u!.status !== 'DEPROVISIONED');
  };
  const roles = options.roles !== false;
  const apps = [...store.apps.values()].filter((a) => options.syncInactiveApps || a.status === 'ACTIVE');
  const direct = new Set<string>();
  const inherited = new Set<string>();
  const members = (gid: string) => [...(store.groups.get(gid)?.members ?? [])].filter(keepUser);

  for (const g of store.groups.values()) for (const uid of members(g.id)) direct.add(`group:${g.id}:member:user:${uid}`);
  for (const a of apps) {
    for (const uid of a.users.keys()) if (keepUser(uid)) direct.add(`app:${a.id}:access:user:${uid}`);
    for (const gid of a.groups.keys()) {
      direct.add(`app:${a.id}:access:group:${gid}`);
      for (const uid of members(gid)) inherited.add(`app:${a.id}:access:user:${uid}`);
    }
  }
  if (roles) {
    const roleId = (r: { type: string; role?: string }) => (r.type === 'CUSTOM' ? r.role! : r.type);
    for (const [uid, list] of store.userRoles) if (keepUser(uid)) for (const r of list) direct.add(`role:${roleId(r)}:assigned:user:${uid}`);
    for (const [gid, list] of store.groupRoles) {
      for (const r of list) {
        direct.add(`role:${roleId(r)}:assigned:group:${gid}`);
        for (const uid of members(gid)) inherited.add(`role:${roleId(r)}:assigned:user:${uid}`);
      }
    }
  }
  const onlyInherited = [...inherited].filter((g) => !direct.has(g));
  const resources: Record<string, string[]> = {
    user: [...store.users.keys()].filter(keepUser),
    group: [...store.groups.keys()],
    app: apps.map((a) => a.id),
  };
  if (roles) resources.role = [...Object.keys(STANDARD_ROLES), ...store.customRoles.keys()];
  return { resources, grants: [...direct, ...onlyInherited], inheritedGrants: onlyInherited };
}

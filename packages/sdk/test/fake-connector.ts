/** An in-memory connector for engine tests: groups that may nest, apps assigned to groups. */
import { z } from 'zod';
import { configField, defineConnector, entitlementId, grantId, PermissionDeniedError, type Connector, type Grant, type Resource } from '../src/index.js';

export interface FakeOrg {
  users: string[];
  /** group → members (users as "u1", groups as "group:g2") */
  groups: Record<string, string[]>;
  /** app → assigned groups */
  apps: Record<string, string[]>;
  pageSize?: number;
  denyApps?: boolean;
  /** The connector raises this warning while listing grants. */
  warnOnGrants?: string;
  /** Users are listed in this many parts side by side (forks), as PagerDuty's are past its cap. */
  forkUsers?: number;
}

export function fakeDefinition(org: FakeOrg) {
  let calls = 0;
  const page = <T>(items: T[], token?: string) => {
    calls++;
    const size = org.pageSize ?? 2;
    const start = token ? Number(token) : 0;
    const next = start + size < items.length ? String(start + size) : undefined;
    return { items: items.slice(start, start + size), nextPageToken: next };
  };
  return defineConnector({
    name: 'fake',
    displayName: 'Fake',
    description: 'in-memory',
    configSchema: z.object({ label: configField(z.string().default('x'), { description: 'label' }) }),
    resourceTypes: [
      { id: 'user', displayName: 'User', traits: ['user'], skipEntitlementsAndGrants: true },
      { id: 'group', displayName: 'Group', traits: ['group'] },
      { id: 'app', displayName: 'App', traits: ['app'] },
    ],
    capabilities: { user: ['sync'], group: ['sync'], app: ['sync'] },
    principalTypes: ['user', 'group'],
    destinations: () => [],
  create(_config, ctx): Connector {
      return {
        validate: async () => {},
        apiCalls: () => calls,
        close: async () => {},
        async listResources(type, token) {
          if (type.id === 'app' && org.denyApps) throw new PermissionDeniedError('apps are off limits', 'apps.read');
          if (type.id === 'user' && org.forkUsers) {
            calls++;
            if (!token) return { items: [], forks: Array.from({ length: org.forkUsers }, (_, k) => `${k}:0`) };
            const [part, start] = token.split(':').map(Number) as [number, number];
            const mine = org.users.filter((_, i) => i % org.forkUsers! === part);
            const size = org.pageSize ?? 2;
            const next = start + size < mine.length ? `${part}:${start + size}` : undefined;
            return { items: mine.slice(start, start + size).map((id): Resource => ({ id: { type: 'user', id }, displayName: id })), nextPageToken: next };
          }
          const ids = type.id === 'user' ? org.users : Object.keys(type.id === 'group' ? org.groups : org.apps);
          return page(ids.map((id): Resource => ({ id: { type: type.id, id }, displayName: id })), token);
        },
        async listEntitlements(resource) {
          const slug = resource.id.type === 'group' ? 'member' : 'access';
          return { items: [{ id: entitlementId(resource.id, slug), resource: resource.id, slug, displayName: slug, grantableTo: ['user', 'group'], purpose: 'assignment' as const }] };
        },
        async listGrants(resource, token) {
          if (org.warnOnGrants) ctx.warn('fake', org.warnOnGrants);
          const grants: Grant[] = [];
          if (resource.id.type === 'group') {
            for (const m of org.groups[resource.id.id] ?? []) {
              const principal = m.startsWith('group:') ? { type: 'group', id: m.slice(6) } : { type: 'user', id: m };
              const ent = entitlementId(resource.id, 'member');
              grants.push({ id: grantId(ent, principal), entitlementId: ent, principal, expandable: principal.type === 'group' ? { entitlementIds: [entitlementId(principal, 'member')] } : undefined });
            }
          } else {
            for (const g of org.apps[resource.id.id] ?? []) {
              const principal = { type: 'group', id: g };
              const ent = entitlementId(resource.id, 'access');
              grants.push({ id: grantId(ent, principal), entitlementId: ent, principal, expandable: { entitlementIds: [entitlementId(principal, 'member')] } });
            }
          }
          return page(grants, token);
        },
      };
    },
  });
}

/**
 * A provider whose /ServiceProviderConfig says it has neither PATCH nor filtering: the connector
 * then changes resources with PUT of the whole resource and never sends a filter. (SCIMMY keeps its
 * configuration in a singleton, so this runs in a file of its own.)
 */
import { openTestConnector } from '@gatehouse/sdk/testkit';
import SCIMMY from 'scimmy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimConnector } from '../src/index.js';
import { ScimmyServer } from './scimmy-server.js';

let server: ScimmyServer;
beforeAll(async () => {
  server = await new ScimmyServer().seed(30, 3).start();
  SCIMMY.Config.set({ patch: false, filter: { supported: false } });
});
afterAll(() => server.close());

describe('SCIM connector against a provider without PATCH and filters', () => {
  it('uses PUT for membership, roles and deactivation, and pages instead of filtering', async () => {
    const { connector } = openTestConnector(scimConnector, { baseUrl: server.baseUrl, token: server.token, roleAttributes: 'roles=role', pageSize: 10 });
    try {
      await connector.validate();
      const [user, other] = [...server.store.users.values()].filter((u) => !u.roles);
      const group = [...server.store.groups.values()][0]!;
      const freshGroup = () => server.store.groups.get(group.id)!;
      expect(await connector.grant!(`group:${group.id}:member`, { type: 'user', id: user!.id })).toEqual({ changed: true });
      expect((freshGroup().members as { value: string }[]).map((m) => m.value)).toContain(user!.id);
      expect(await connector.revoke!(`group:${group.id}:member`, { type: 'user', id: user!.id })).toEqual({ changed: true });
      expect((freshGroup().members as { value: string }[]).map((m) => m.value)).not.toContain(user!.id);
      expect(await connector.grant!('role:auditor:assigned', { type: 'user', id: other!.id })).toEqual({ changed: true });
      expect(server.store.users.get(other!.id)!.roles).toEqual([{ value: 'auditor' }]);
      expect(await connector.deleteAccount!({ type: 'user', id: other!.id }, 'deprovision')).toEqual({ changed: true, detail: 'deactivated' });
      expect(server.store.users.get(other!.id)!.active).toBe(false);
      const created = await connector.createAccount!({ email: 'user25@acme.example' });
      expect(created.user?.login).toBe('user25@acme.example');
      expect(server.log.filter((r) => r.method === 'PATCH')).toEqual([]);
      expect(server.log.filter((r) => r.query.filter)).toEqual([]);
      expect(server.log.filter((r) => r.method === 'PUT').length).toBe(4);
    } finally {
      await connector.close();
    }
  });
});

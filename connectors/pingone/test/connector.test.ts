import { AuthenticationError, ConfigError, PermissionDeniedError, UnsupportedOperationError, resolveConfig } from '@gatehouse/sdk';
import { openTestConnector, readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE, pingoneConfigSchema, pingoneConnector, pingoneEndpoints } from '../src/index.js';
import { ALL_SCOPES, minimumSyncCalls, PingOneSimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pingone-connector-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withSim<T>(options: ConstructorParameters<typeof PingOneSimulator>[0], fn: (sim: PingOneSimulator) => Promise<T>): Promise<T> {
  const sim = await new PingOneSimulator({ seed: 5, users: 450, groups: 12, ...options }).start();
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

const without = (...scopes: string[]) => ALL_SCOPES.filter((s) => !scopes.includes(s));

describe('PingOne connector: sync', () => {
  it('makes the minimum number of calls at the largest page sizes PingOne allows', async () => {
    await withSim({ users: 1100, groups: 30 }, async (sim) => {
      const result = await syncOnce(pingoneConnector, sim.config(), join(dir, 'min.sync'));
      // + 1: the credentials check
      expect(result.apiCalls).toBe(minimumSyncCalls(sim.store, MAX_PAGE) + 1);
      expect(sim.calls().byRoute['GET /v1/environments/{envId}/users']).toBeGreaterThan(Math.ceil(1100 / 200));
      expect(sim.calls().tokens).toBe(1);
    });
  });

  it('records users with their status words, population and last sign-on, and role scopes on grants', async () => {
    await withSim({}, async (sim) => {
      const file = join(dir, 'shape.sync');
      await syncOnce(pingoneConnector, sim.config(), file);
      const { SyncFile } = await import('@gatehouse/sdk');
      const f = SyncFile.openReadOnly(file);
      try {
        const locked = [...sim.store.users.values()].find((u) => u.accountStatus === 'LOCKED' && u.enabled)!;
        const disabled = [...sim.store.users.values()].find((u) => !u.enabled)!;
        expect(f.getResource('user', locked.id)!.user).toMatchObject({ status: 'enabled', vendorStatus: 'LOCKED', login: locked.username, emails: [locked.email] });
        expect(f.getResource('user', disabled.id)!.user).toMatchObject({ status: 'disabled', vendorStatus: 'DISABLED' });
        const two = [...sim.store.roleAssignments.values()].find((a) => sim.store.assignmentsOf(a.principal).filter((b) => b.roleId === a.roleId).length > 1)!;
        const grant = [...f.grants({ principal: two.principal, entitlementId: `role:${two.roleId}:assigned` })][0]!;
        const scopes = (grant.data as { assignments: { scopeType: string }[] }).assignments.map((a) => a.scopeType).sort();
        expect(scopes).toEqual(['ENVIRONMENT', 'POPULATION']);
      } finally {
        f.close();
      }
    });
  });

  it('survives tokens that expire mid-sync: renews before expiry and after a 401', async () => {
    // About 470 calls, two at a time, 8 ms each: the sync outlives a 1 s token whatever the machine's speed.
    await withSim({ tokenTtlSeconds: 1, latencyMs: 8 }, async (sim) => {
      const file = join(dir, 'ttl.sync');
      const result = await syncOnce(pingoneConnector, sim.config(), file, { concurrency: 2 });
      expect(result.status).toBe('succeeded');
      expect(sim.calls().tokens).toBeGreaterThan(1);
      expect(readSynced(file).grants.length).toBe(expectedFor(sim.store).grants.length);
    });
    await withSim({ latencyMs: 2 }, async (sim) => {
      // Tokens revoked under the connector's feet, four times: each request refused gets a fresh token once.
      sim.expireTokensAtCalls([50, 150, 250, 350]);
      const file = join(dir, 'revoked.sync');
      const result = await syncOnce(pingoneConnector, sim.config(), file, { concurrency: 4 });
      expect(result.status).toBe('succeeded');
      expect(sim.calls().unauthorized).toBeGreaterThanOrEqual(4);
      expect(sim.calls().tokens).toBe(5);
      const synced = readSynced(file);
      const expected = expectedFor(sim.store);
      expect(synced.grants.sort()).toEqual([...expected.grants].sort());
    });
  });

  for (const [scope, type, options] of [
    ['p1:read:role', 'role', { roles: false }],
    ['p1:read:population', 'population', { populations: false }],
    ['p1:read:userGroup', 'group', { groups: false }],
  ] as const) {
    it(`without ${scope}, skips the ${type}s with a warning naming the scope and syncs the rest`, async () => {
      await withSim({ scopes: without(scope) }, async (sim) => {
        const file = join(dir, `no-${type}.sync`);
        const result = await syncOnce(pingoneConnector, sim.config(), file);
        expect(result.status).toBe('succeeded');
        expect(result.warnings.map((w) => w.message).join('\n')).toContain(scope);
        const synced = readSynced(file);
        const expected = expectedFor(sim.store, options);
        expect(synced.resources[type]).toBeUndefined();
        expect(synced.grants.sort()).toEqual([...expected.grants].sort());
      });
    });
  }

  it('refuses wrong credentials and a wrong environment with clear errors', async () => {
    await withSim({}, async (sim) => {
      const bad = openTestConnector(pingoneConnector, { ...sim.config(), clientSecret: 'nope' });
      await expect(bad.connector.validate()).rejects.toThrow(AuthenticationError);
      await expect(bad.connector.validate()).rejects.toThrow(/refused the client credentials.*invalid_client/);
      await bad.connector.close();
      const elsewhere = openTestConnector(pingoneConnector, { ...sim.config(), environmentId: '00000000-0000-4000-8000-000000000000' });
      await expect(elsewhere.connector.validate()).rejects.toThrow(ConfigError);
      await elsewhere.connector.close();
    });
  });
});

describe('PingOne connector: provisioning', () => {
  it('a grant refused for a missing scope names the scope', async () => {
    await withSim({ scopes: without('p1:update:userGroup') }, async (sim) => {
      const { connector } = openTestConnector(pingoneConnector, sim.config());
      const group = [...sim.store.groups.values()].find((g) => !g.populationId)!;
      const user = [...sim.store.users.values()].find((u) => !u.groups.has(group.id))!;
      const err = await connector.grant!(`group:${group.id}:member`, { type: 'user', id: user.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect((err as PermissionDeniedError).permission).toBe('p1:update:userGroup');
      expect((err as Error).message).toContain('p1:update:userGroup');
      await connector.close();
    });
  });

  it('moves a user between populations, and refuses to revoke a population', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pingoneConnector, sim.config());
      const [a, b] = [...sim.store.populations.values()];
      const user = [...sim.store.users.values()].find((u) => u.populationId === a!.id)!;
      expect(await connector.grant!(`population:${b!.id}:member`, { type: 'user', id: user.id })).toMatchObject({ changed: true });
      expect(sim.store.users.get(user.id)!.populationId).toBe(b!.id);
      await expect(connector.revoke!(`population:${b!.id}:member`, { type: 'user', id: user.id })).rejects.toThrow(/must belong to a population/);
      await expect(connector.revoke!(`population:${b!.id}:member`, { type: 'user', id: user.id })).rejects.toBeInstanceOf(UnsupportedOperationError);
      await connector.close();
    });
  });

  it('assigns roles at environment scope only, and says so for roles that cannot be', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pingoneConnector, sim.config());
      const user = [...sim.store.users.values()].find((u) => sim.store.assignmentsOf({ type: 'user', id: u.id }).length === 0)!;
      const orgAdmin = sim.store.roleByName('Organization Admin')!;
      await expect(connector.grant!(`role:${orgAdmin.id}:assigned`, { type: 'user', id: user.id })).rejects.toThrow(/ORGANIZATION scope only/);
      // A role held at population scope only: a revoke leaves it and says why.
      const helpDesk = sim.store.roleByName('Help Desk Admin')!;
      const pop = [...sim.store.populations.keys()][0]!;
      sim.store.addAssignment({ roleId: helpDesk.id, scope: { type: 'POPULATION', id: pop }, principal: { type: 'user', id: user.id }, readOnly: false });
      const result = await connector.revoke!(`role:${helpDesk.id}:assigned`, { type: 'user', id: user.id });
      expect(result).toMatchObject({ changed: false });
      expect(result.detail).toContain('POPULATION');
      await connector.close();
    });
  });

  it('deprovisions by disabling when configured so, and creates accounts in a named population', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pingoneConnector, { ...sim.config(), deprovision: 'disable' });
      const created = await connector.createAccount!({ email: 'contractor@acme.example', firstName: 'Con', lastName: 'Tractor', options: { population: 'contractors' } });
      const stored = sim.store.users.get(created.id.id)!;
      expect(sim.store.populations.get(stored.populationId)!.name).toBe('Contractors');
      expect(await connector.deleteAccount!(created.id, 'deprovision')).toMatchObject({ changed: true, detail: 'disabled' });
      expect(sim.store.users.get(created.id.id)!.enabled).toBe(false);
      expect(await connector.deleteAccount!(created.id, 'deprovision')).toMatchObject({ changed: false });
      expect(await connector.deleteAccount!(created.id, 'delete')).toMatchObject({ changed: true, detail: 'deleted' });
      expect(sim.store.users.has(created.id.id)).toBe(false);
      await expect(connector.createAccount!({ email: 'x@acme.example', options: { population: 'Nowhere' } })).rejects.toThrow(/no population "Nowhere"/);
      await connector.close();
    });
  });
});

describe('PingOne connector: configuration', () => {
  it('maps regions to hosts and accepts the seed doc env var names', () => {
    const base = { clientId: 'c', clientSecret: 's', environmentId: 'e' };
    expect(pingoneEndpoints(pingoneConfigSchema.parse(base))).toEqual({ api: 'https://api.pingone.com/v1', token: 'https://auth.pingone.com/e/as/token' });
    expect(pingoneEndpoints(pingoneConfigSchema.parse({ ...base, region: 'AU' }))).toEqual({ api: 'https://api.pingone.com.au/v1', token: 'https://auth.pingone.com.au/e/as/token' });
    expect(pingoneEndpoints(pingoneConfigSchema.parse({ ...base, region: 'APAC' })).api).toBe('https://api.pingone.asia/v1');
    const config = resolveConfig(pingoneConnector, {}, { BATON_PINGONE_CLIENT_ID: 'id', BATON_PINGONE_CLIENT_SECRET: 'secret', GATEHOUSE_PINGONE_ENVIRONMENT_ID: 'env', GATEHOUSE_PINGONE_REGION: 'EU' });
    expect(config).toMatchObject({ clientId: 'id', clientSecret: 'secret', environmentId: 'env', region: 'EU' });
    expect(() => resolveConfig(pingoneConnector, { region: 'MARS' }, { BATON_PINGONE_CLIENT_ID: 'id', BATON_PINGONE_CLIENT_SECRET: 's', BATON_PINGONE_ENVIRONMENT_ID: 'e' })).toThrow(/region/);
  });
});

import { AuthenticationError, ConfigError, UnsupportedOperationError, type Connector } from '@gatehouse/sdk';
import { openTestConnector, readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PantherApiError, pantherConnector } from '../src/index.js';
import { PantherSimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

let dir: string;
let sim: PantherSimulator;
const open: Connector[] = [];
const connect = (config: Record<string, unknown>) => {
  const { connector } = openTestConnector(pantherConnector, config);
  open.push(connector);
  return connector;
};
const withoutScim = () => {
  const { scimUrl: _, ...config } = sim.config();
  return config;
};
const userWithRole = (name: string) => [...sim.store.users.values()].find((u, i) => i > 0 && u.enabled && u.roleId === sim.store.roleByName(name)!.id)!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-panther-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  sim = await new PantherSimulator({ seed: 5, users: 90 }).start();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await sim.close();
});

describe('Panther connector', () => {
  it('syncs users, roles and tokens in four calls: the users query carries every role grant', async () => {
    const file = join(dir, 'full.sync');
    const result = await syncOnce(pantherConnector, sim.config(), file);
    expect(result.status).toBe('succeeded');
    expect(result.warnings).toEqual([]);
    expect(result.apiCalls).toBe(4);
    const synced = readSynced(file);
    expect(synced.resources.user).toHaveLength(90);
    expect(synced.grants).toHaveLength(90);
    expect(sim.calls().byRoute).toEqual({ 'POST /public/graphql': 4 });
  });

  it('without a permission, skips that type with a warning naming the permission and syncs the rest', async () => {
    sim.setPermissions(['UserRead']);
    const file = join(dir, 'partial.sync');
    const result = await syncOnce(pantherConnector, sim.config(), file);
    expect(result.status).toBe('succeeded');
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['permission:GeneralSettingsRead', 'permission:OrganizationAPITokenRead']);
    expect(result.warnings.map((w) => w.message).join('\n')).toContain('needs GeneralSettingsRead');
    const synced = readSynced(file);
    const expected = expectedFor(sim, { roles: false, tokens: false });
    expect(synced.resources).toEqual({ user: expect.arrayContaining(expected.resources.user!) });
    expect(synced.grants).toEqual([]);
  });

  it('tells a refused token and a wrong URL apart', async () => {
    await expect(connect({ ...sim.config(), apiKey: 'wrong' }).validate()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(connect({ ...sim.config(), apiUrl: `${sim.url}/graphql` }).validate()).rejects.toThrow(ConfigError);
    expect(() => connect({ ...sim.config(), apiUrl: 'not a url' })).toThrow('is not a URL');
  });

  it('refuses to revoke a role without revokeRoleTo, and to revoke the fallback role itself', async () => {
    const analyst = userWithRole('Analyst');
    const entitlement = `role:${analyst.roleId}:assigned`;
    await expect(connect(sim.config()).revoke!(entitlement, { type: 'user', id: analyst.id })).rejects.toThrow(/always holds exactly one role/);
    const fallback = userWithRole('AnalystReadOnly');
    await expect(
      connect({ ...sim.config(), revokeRoleTo: 'AnalystReadOnly' }).revoke!(`role:${fallback.roleId}:assigned`, { type: 'user', id: fallback.id }),
    ).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(sim.store.users.get(analyst.id)!.roleId).toBe(analyst.roleId);
  });

  it('invites accounts with a role by name; an unknown role invites nobody', async () => {
    const c = connect(sim.config());
    const created = await c.createAccount!({ email: 'ada@acme.example', firstName: 'Ada', lastName: 'Lovelace', options: { role: 'Detection Engineer' } });
    expect(created.user).toMatchObject({ login: 'ada@acme.example', vendorStatus: 'FORCE_CHANGE_PASSWORD', profile: { role: 'Detection Engineer' } });
    await expect(c.createAccount!({ email: 'bob@acme.example', firstName: 'Bob', lastName: 'B', options: { role: 'Wizard' } })).rejects.toThrow(/Wizard/);
    expect(sim.store.userByEmail('bob@acme.example')).toBeUndefined();
    await expect(c.createAccount!({ email: 'solo@acme.example', firstName: 'Solo' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('deprovisions by deactivating through SCIM (the user stays, disabled) and reactivates', async () => {
    const user = userWithRole('Analyst');
    const c = connect(sim.config());
    expect(await c.deleteAccount!({ type: 'user', id: user.id }, 'deprovision')).toEqual({ changed: true, detail: 'deactivated' });
    expect(sim.store.users.get(user.id)!.enabled).toBe(false);
    expect(sim.calls().byRoute['PATCH /scim/v2/Users/{id}']).toBe(1);
    const file = join(dir, 'deactivated.sync');
    await syncOnce(pantherConnector, sim.config(), file);
    expect(readSynced(file).resources.user).toContain(user.id);
    expect(await c.updateAccount!({ type: 'user', id: user.id }, { active: true })).toEqual({ changed: true, detail: 'reactivated' });
    expect(await c.updateAccount!({ type: 'user', id: user.id }, { active: true })).toEqual({ changed: false });
  });

  it('without scimUrl, deprovisioning deletes only when allowDelete is set', async () => {
    const user = userWithRole('Analyst');
    await expect(connect(withoutScim()).deleteAccount!({ type: 'user', id: user.id }, 'deprovision')).rejects.toThrow(/set scimUrl, or set allowDelete/);
    await expect(connect(withoutScim()).updateAccount!({ type: 'user', id: user.id }, { active: false })).rejects.toThrow(/set scimUrl/);
    expect(sim.store.users.has(user.id)).toBe(true);
    const deleting = connect({ ...withoutScim(), allowDelete: true });
    expect(await deleting.deleteAccount!({ type: 'user', id: user.id }, 'deprovision')).toEqual({ changed: true, detail: 'deleted' });
    expect(await deleting.deleteAccount!({ type: 'user', id: user.id }, 'delete')).toEqual({ changed: false, detail: 'no such user' });
  });

  it('updates names and email through GraphQL; a taken email is refused', async () => {
    const [a, b] = [userWithRole('Analyst'), userWithRole('AnalystReadOnly')];
    const c = connect(sim.config());
    expect(await c.updateAccount!({ type: 'user', id: a.id }, { firstName: 'Grace', email: 'grace@acme.example' })).toMatchObject({ changed: true });
    expect(sim.store.users.get(a.id)).toMatchObject({ givenName: 'Grace', email: 'grace@acme.example' });
    await expect(c.updateAccount!({ type: 'user', id: b.id }, { email: 'grace@acme.example' })).rejects.toBeInstanceOf(PantherApiError);
  });
});

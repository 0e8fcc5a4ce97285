/**
 * The SCIM connector adapts to what a service provider supports. Against Panther's endpoint (no
 * discovery, no Groups, only `eq`, no creation, no deletion) and against SCIMMY (everything).
 */
import { AuthenticationError, ConfigError, UnsupportedOperationError, type Connector } from '@gatehouse/sdk';
import { openTestConnector, readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { PantherSimulator } from '@gatehouse/connector-panther/simulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScimApiError, scimConnector } from '../src/index.js';
import { expectedFor } from './oracle.js';
import { ScimmyServer } from './scimmy-server.js';

let dir: string;
const open: Connector[] = [];
const connect = (config: Record<string, unknown>) => {
  const { connector } = openTestConnector(scimConnector, config);
  open.push(connector);
  return connector;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-scim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe('SCIM connector against Panther\'s SCIM endpoint', () => {
  let sim: PantherSimulator;
  const config = () => ({ baseUrl: sim.scimUrl, token: sim.token.key, roleAttributes: 'pantherRole=role' });
  beforeAll(async () => {
    sim = await new PantherSimulator({ seed: 11, users: 120 }).start();
  });
  afterAll(() => sim.close());

  it('learns there are no Groups (no discovery endpoints) and syncs users with pantherRole as roles', async () => {
    sim.resetCalls();
    const file = join(dir, 'panther.sync');
    const result = await syncOnce(scimConnector, config(), file);
    expect(result.status).toBe('succeeded');
    const synced = readSynced(file);
    expect(Object.keys(synced.resources).sort()).toEqual(['role', 'user']);
    expect(synced.resources.user).toHaveLength(120);
    const rolesHeld = new Set([...sim.store.users.values()].map((u) => sim.store.role(u.roleId).name));
    expect(synced.resources.role!.sort()).toEqual([...rolesHeld].sort());
    const expected = [...sim.store.users.values()].map((u) => `role:${sim.store.role(u.roleId).name}:assigned:user:${u.id}`).sort();
    expect(synced.grants).toEqual(expected);
    const routes = sim.calls().byRoute;
    expect(routes['GET /scim/v2/ServiceProviderConfig']).toBe(1);
    expect(routes['GET /scim/v2/Groups']).toBe(1);
    // 120 users at 100 a page, plus the credentials check.
    expect(routes['GET /scim/v2/Users']).toBe(3);
  });

  it('lists a large account in parts read side by side, each page once', async () => {
    const big = await new PantherSimulator({ seed: 12, users: 1000 }).start();
    try {
      const file = join(dir, 'panther-big.sync');
      const result = await syncOnce(scimConnector, { baseUrl: big.scimUrl, token: big.token.key, pageSize: 50 }, file);
      expect(result.status).toBe('succeeded');
      expect(new Set(readSynced(file).resources.user).size).toBe(1000);
      // The credentials check, then 20 pages of 50: none asked twice, none skipped.
      expect(big.calls().byRoute['GET /scim/v2/Users']).toBe(21);
    } finally {
      await big.close();
    }
  });

  it('reports creating users unsupported with Panther\'s reason, and asks only once', async () => {
    sim.resetCalls();
    const c = connect(config());
    const input = { email: 'someone@acme.example', firstName: 'Some', lastName: 'One' };
    await expect(c.createAccount!(input)).rejects.toThrow(/does not create users: .*first SSO login/);
    await expect(c.createAccount!(input)).rejects.toBeInstanceOf(UnsupportedOperationError);
    expect(sim.calls().byRoute['POST /scim/v2/Users']).toBe(1);
    // The existence check used the one operator Panther has.
    expect(sim.calls().byRoute['GET /scim/v2/Users']).toBeGreaterThan(0);
  });

  it('changes pantherRole with PATCH replace; an unknown role is refused and changes nothing', async () => {
    const c = connect(config());
    const user = [...sim.store.users.values()].find((u) => sim.store.role(u.roleId).name === 'Analyst')!;
    expect(await c.grant!('role:Admin:assigned', { type: 'user', id: user.id })).toMatchObject({ changed: true, detail: 'pantherRole Analyst replaced by Admin' });
    expect(sim.store.role(sim.store.users.get(user.id)!.roleId).name).toBe('Admin');
    expect(await c.grant!('role:Admin:assigned', { type: 'user', id: user.id })).toEqual({ changed: false });
    const refused = c.grant!('role:Wizard:assigned', { type: 'user', id: user.id });
    await expect(refused).rejects.toBeInstanceOf(ScimApiError);
    await expect(refused).rejects.toMatchObject({ scimType: 'invalidValue' });
    expect(sim.store.role(sim.store.users.get(user.id)!.roleId).name).toBe('Admin');
    // Panther keeps a role on every user: removing it is refused.
    await expect(c.revoke!('role:Admin:assigned', { type: 'user', id: user.id })).rejects.toThrow(/every Panther user has a role/);
  });

  it('deactivates and reactivates, and reports deleting unsupported with the reason', async () => {
    const user = [...sim.store.users.values()].find((u) => u.enabled)!;
    const c = connect({ ...config(), allowDelete: true });
    expect(await c.deleteAccount!({ type: 'user', id: user.id }, 'deprovision')).toEqual({ changed: true, detail: 'deactivated' });
    expect(sim.store.users.get(user.id)!.enabled).toBe(false);
    expect(await c.deleteAccount!({ type: 'user', id: user.id }, 'deprovision')).toEqual({ changed: false, detail: 'already deactivated' });
    expect(await c.updateAccount!({ type: 'user', id: user.id }, { active: true, lastName: 'Renamed' })).toEqual({ changed: true, detail: 'last name, reactivated' });
    expect(sim.store.users.get(user.id)).toMatchObject({ enabled: true, familyName: 'Renamed' });
    await expect(c.deleteAccount!({ type: 'user', id: user.id }, 'delete')).rejects.toThrow(/does not delete users: .*active/);
    expect(sim.store.users.has(user.id)).toBe(true);
  });
});

describe('SCIM connector against a fully capable provider', () => {
  let server: ScimmyServer;
  beforeAll(async () => {
    server = await new ScimmyServer({ authHeader: 'X-Api-Token', token: 'custom' }).seed(60, 5).start();
  });
  afterAll(() => server.close());
  const config = () => ({ baseUrl: server.baseUrl, token: 'custom', authHeader: 'X-Api-Token', roleAttributes: 'roles=role' });

  it('reads discovery, has a group type, and sends no filter but eq', async () => {
    const c = connect(config());
    await c.validate();
    expect((await c.resourceTypes!()).map((t) => t.id)).toEqual(['user', 'group', 'role']);
    await c.createAccount!({ email: 'user3@acme.example', firstName: 'Given3', lastName: 'Family3' });
    await c.createAccount!({ email: 'fresh@acme.example', firstName: 'Fresh', lastName: 'Person' });
    const filters = server.log.map((r) => r.query.filter).filter(Boolean);
    expect(filters.length).toBeGreaterThan(0);
    for (const f of filters) expect(f).toMatch(/^userName eq "/);
    expect(server.store.users.size).toBe(61);
  });

  it('sends the token in a custom header, and tells a refused token and a wrong URL apart', async () => {
    await expect(connect({ ...config(), token: 'wrong' }).validate()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(connect({ ...config(), baseUrl: `${server.url}/nope` }).validate()).rejects.toBeInstanceOf(ConfigError);
    expect(() => connect({ ...config(), roleAttributes: 'roles=user' })).toThrow(/taken/);
  });

  it('reads a group\'s members with the group when the list leaves them out', async () => {
    const lean = await new ScimmyServer({ membersOutOfLists: true }).seed(40, 4).start();
    try {
      const file = join(dir, 'lean.sync');
      await syncOnce(scimConnector, { baseUrl: lean.baseUrl, token: lean.token, roleAttributes: 'roles=role' }, file);
      expect(readSynced(file).grants).toEqual([...expectedFor(lean).grants].sort());
      expect(lean.calls().byRoute['GET /Groups/{id}']).toBe(4);
    } finally {
      await lean.close();
    }
  });

  it('deletes only when allowDelete is set', async () => {
    const id = [...server.store.users.keys()][10]!;
    await expect(connect(config()).deleteAccount!({ type: 'user', id }, 'delete')).rejects.toThrow(/allowDelete/);
    expect(await connect({ ...config(), allowDelete: true }).deleteAccount!({ type: 'user', id }, 'delete')).toEqual({ changed: true, detail: 'deleted' });
    expect(server.store.users.has(id)).toBe(false);
  });
});

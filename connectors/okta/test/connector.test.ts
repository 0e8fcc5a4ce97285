import { AuthenticationError, PermissionDeniedError, UpstreamError } from '@gatehouse/sdk';
import { openTestConnector, readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE, oktaBaseUrl, oktaConnector } from '../src/index.js';
import { OktaSimulator, type TokenKind } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

let sim: OktaSimulator;
let dir: string;
const config = (kind: TokenKind = 'super-admin', extra: Record<string, unknown> = {}) => ({ domain: sim.url, apiToken: sim.token(kind), ...extra });

beforeAll(async () => {
  sim = await new OktaSimulator({ seed: 21, users: 1300, groups: 40, apps: 14 }).start();
  dir = mkdtempSync(join(tmpdir(), 'okta-connector-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Okta connector', () => {
  it('makes the minimum number of calls at the largest page sizes Okta allows', async () => {
    sim.resetCalls();
    await syncOnce(oktaConnector, config(), join(dir, 'min.sync'));
    const { store } = sim;
    const pages = (n: number, max: number) => Math.max(1, Math.ceil(n / max));
    const liveUsers = [...store.users.values()].filter((u) => u.status !== 'DEPROVISIONED').length;
    const activeApps = [...store.apps.values()].filter((a) => a.status === 'ACTIVE');
    const byRoute = sim.calls().byRoute;
    expect(byRoute['GET /api/v1/users']).toBe(1 + pages(liveUsers, MAX_PAGE.users)); // + the credentials check
    expect(byRoute['GET /api/v1/groups']).toBe(1);
    expect(byRoute['GET /api/v1/apps']).toBe(1);
    expect(byRoute['GET /api/v1/groups/{groupId}/users']).toBe([...store.groups.values()].reduce((s, g) => s + pages(g.members.size, MAX_PAGE.groupUsers), 0));
    expect(byRoute['GET /api/v1/apps/{appId}/users']).toBe(activeApps.reduce((s, a) => s + pages(store.appUsers(a.id).length, MAX_PAGE.appUsers), 0));
    expect(byRoute['GET /api/v1/apps/{appId}/groups']).toBe(activeApps.length);
    expect(byRoute['GET /api/v1/groups/{groupId}/roles']).toBe(store.groups.size);
    expect(byRoute['GET /api/v1/users/{id}/roles']).toBe(store.roleAssignees().length);
  });

  it('a read-only token syncs everything but admin roles, and warns naming the permission', async () => {
    const file = join(dir, 'readonly.sync');
    const result = await syncOnce(oktaConnector, config('read-only'), file);
    expect(result.status).toBe('succeeded');
    expect(result.resources.role).toBeUndefined();
    expect(result.warnings.map((w) => w.message).join('\n')).toContain('okta.roles.read');
    const synced = readSynced(file);
    const expected = expectedFor(sim.store, { roles: false });
    expect(synced.grants.length).toBe(expected.grants.length);
    expect(synced.resources.user!.length).toBe(expected.resources.user!.length);
  });

  it('a read-only token cannot provision, and the error names the permission', async () => {
    const { connector } = openTestConnector(oktaConnector, config('read-only'));
    const g = [...sim.store.groups.values()].filter((x) => x.type === 'OKTA_GROUP').sort((a, b) => a.members.size - b.members.size)[0]!;
    const u = [...sim.store.users.values()].find((x) => x.status === 'ACTIVE' && !g.members.has(x.id))!;
    const err = await connector.grant!(`group:${g.id}:member`, { type: 'user', id: u.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermissionDeniedError);
    expect((err as PermissionDeniedError).permission).toContain('okta.groups.manage');
    await connector.close();
  });

  it('a read-only + app admin + group admin token provisions memberships and apps, not roles or accounts', async () => {
    const { connector } = openTestConnector(oktaConnector, config('read-only-app-group-admin'));
    const { store } = sim;
    const g = [...store.groups.values()].filter((x) => x.type === 'OKTA_GROUP').sort((a, b) => a.members.size - b.members.size)[0]!;
    const u = [...store.users.values()].find((x) => x.status === 'ACTIVE' && !g.members.has(x.id))!;
    const app = [...store.apps.values()].find((a) => a.status === 'ACTIVE' && !a.users.has(u.id))!;
    expect(await connector.grant!(`group:${g.id}:member`, { type: 'user', id: u.id })).toMatchObject({ changed: 'unknown' });
    expect(g.members.has(u.id)).toBe(true);
    expect(await connector.grant!(`app:${app.id}:access`, { type: 'user', id: u.id })).toMatchObject({ changed: true });
    const roleErr = await connector.grant!('role:SUPER_ADMIN:assigned', { type: 'user', id: u.id }).catch((e: unknown) => e);
    expect((roleErr as PermissionDeniedError).permission).toContain('okta.roles');
    const accountErr = await connector.createAccount!({ email: 'x.y@acme.example', firstName: 'X', lastName: 'Y' }).catch((e: unknown) => e);
    expect(accountErr).toBeInstanceOf(PermissionDeniedError);
    expect((accountErr as PermissionDeniedError).permission).toContain('okta.users.manage');
    await connector.close();
  });

  it('syncs DEPROVISIONED users and INACTIVE apps only when asked', async () => {
    const file = join(dir, 'all.sync');
    await syncOnce(oktaConnector, config('super-admin', { syncDeprovisionedUsers: true, syncInactiveApps: true }), file);
    const synced = readSynced(file);
    const expected = expectedFor(sim.store, { syncDeprovisionedUsers: true, syncInactiveApps: true });
    expect(synced.resources.user!.length).toBe(sim.store.users.size);
    expect(synced.resources.app!.length).toBe(sim.store.apps.size);
    expect([...synced.grants].sort()).toEqual([...expected.grants].sort());
  });

  it('refuses a bad token with a clear error', async () => {
    const { connector } = openTestConnector(oktaConnector, { domain: sim.url, apiToken: 'not-a-token' });
    const err = await connector.validate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(String((err as Error).message)).toContain('E0000011');
    await connector.close();
  });

  it('fails fast on a domain that does not answer', async () => {
    const { connector } = openTestConnector(oktaConnector, { domain: 'http://127.0.0.1:1', apiToken: 'x' });
    const err = await connector.validate().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(String((err as Error).message)).toMatch(/refused/);
    await connector.close();
  });

  it('grants and revokes a group membership with one call each, the PUT or DELETE alone (Okta answers 204 either way)', async () => {
    const { store } = sim;
    const g = [...store.groups.values()].filter((x) => x.type === 'OKTA_GROUP').sort((a, b) => a.members.size - b.members.size)[0]!;
    const u = [...store.users.values()].find((x) => x.status === 'ACTIVE' && !g.members.has(x.id))!;
    const others = [...g.members];
    const { connector } = openTestConnector(oktaConnector, config());
    try {
      const entitlement = `group:${g.id}:member`;
      for (const [op, member] of [['grant', true], ['grant', true], ['revoke', false], ['revoke', false]] as const) {
        sim.resetCalls();
        expect(await connector[op]!(entitlement, { type: 'user', id: u.id })).toEqual({ changed: 'unknown' });
        expect(sim.calls().total, `${op}: one call`).toBe(1);
        expect(g.members.has(u.id), `${op}: the user ${member ? 'is' : 'is not'} a member`).toBe(member);
      }
      // The other members are untouched.
      expect([...g.members].sort()).toEqual(others.sort());
    } finally {
      await connector.close();
    }
  });

  it('revokes an inherited app grant only through the group, with a clear answer', async () => {
    const { store } = sim;
    const app = [...store.apps.values()].find((a) => a.status === 'ACTIVE' && a.groups.size > 0)!;
    const viaGroup = store.appUsers(app.id).find((x) => x.scope === 'GROUP')!;
    const { connector } = openTestConnector(oktaConnector, config());
    const result = await connector.revoke!(`app:${app.id}:access`, { type: 'user', id: viaGroup.id });
    expect(result.changed).toBe(false);
    expect(result.detail).toContain('through a group');
    await expect(connector.grant!('group:x:owner', { type: 'user', id: viaGroup.id })).rejects.toThrow(/"member"/);
    await expect(connector.grant!('role:CUSTOM1:assigned', { type: 'app', id: 'a' })).rejects.toThrow(/only to: user, group/);
    await connector.close();
  });

  it('reads domains as Okta admins write them', () => {
    expect(oktaBaseUrl('acme.okta.com')).toBe('https://acme.okta.com');
    expect(oktaBaseUrl('https://acme.okta.com/')).toBe('https://acme.okta.com');
    expect(oktaBaseUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(() => oktaBaseUrl('https://acme.okta.com/admin')).toThrow(/without a path/);
    expect(() => oktaBaseUrl('ftp://acme')).toThrow(/http and https/);
  });
});

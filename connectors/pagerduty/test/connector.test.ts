import { AuthenticationError, PermissionDeniedError, UnsupportedOperationError, UpstreamError } from '@gatehouse/sdk';
import { openTestConnector, readSynced, syncOnce } from '@gatehouse/sdk/testkit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIMIT, pagerdutyConnector } from '../src/index.js';
import { PagerDutySimulator } from '../src/simulator/index.js';
import { expectedFor } from './oracle.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pagerduty-connector-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withSim<T>(options: ConstructorParameters<typeof PagerDutySimulator>[0], fn: (sim: PagerDutySimulator) => Promise<T>): Promise<T> {
  const sim = await new PagerDutySimulator({ seed: 8, users: 120, teams: 10, schedules: 5, ...options }).start();
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

const pages = (n: number) => Math.max(1, Math.ceil(n / MAX_LIMIT));

describe('PagerDuty connector: sync', () => {
  it('syncs an account of 15,000 users completely, past the 10,000 offset cap', async () => {
    await withSim({ users: 15_000, teams: 60, schedules: 20 }, async (sim) => {
      const file = join(dir, 'large.sync');
      const result = await syncOnce(pagerdutyConnector, sim.config(), file);
      expect(result.status).toBe('succeeded');
      expect(result.warnings).toEqual([]);
      const synced = readSynced(file);
      const expected = expectedFor(sim);
      expect(synced.resources.user!.length).toBe(15_000);
      expect(new Set(synced.resources.user).size).toBe(15_000);
      expect(synced.grants.length).toBe(expected.grants.length);
      expect(sim.calls().offsetCapped).toBe(0); // never asked past the cap
      // The user listing costs a probe and one first page per part over the plain paging of 15,000.
      const userCalls = sim.calls().byRoute['GET /users']! - 1; // the credentials check
      expect(userCalls).toBeLessThanOrEqual(1 + pages(15_000) + 41);

      // A user no part can reach (the local part ends with "!") is reported, not silently missed.
      const template = [...sim.store.users.values()].find((u) => u.role === 'user')!;
      sim.store.users.set('PODD001', { ...template, id: 'PODD001', name: 'Odd Address', email: 'odd!@acme.example' });
      const again = await syncOnce(pagerdutyConnector, sim.config(), join(dir, 'large-odd.sync'));
      expect(again.warnings.map((w) => w.message)).toEqual([expect.stringContaining('1 of 15001 users could not be reached')]);
    });
  }, 90_000);

  it('pages small accounts plainly and makes the minimum number of calls', async () => {
    await withSim({ users: 450, teams: 30, schedules: 12 }, async (sim) => {
      const result = await syncOnce(pagerdutyConnector, sim.config(), join(dir, 'small.sync'));
      const { store } = sim;
      const members = [...store.teams.values()].reduce((s, t) => s + pages(t.members.size), 0);
      const onCall = [...store.schedules.values()].filter((s) => store.onCall(s, sim.now())).length;
      const minimum = 1 + pages(450) + pages(store.teams.size) + members + pages(store.schedules.size) + pages(onCall);
      expect(result.apiCalls).toBe(minimum);
    });
  });

  it('records who is on call at the pinned time, and who is in each rotation', async () => {
    await withSim({ now: '2026-12-24T03:00:00Z' }, async (sim) => {
      const file = join(dir, 'oncall.sync');
      await syncOnce(pagerdutyConnector, sim.config(), file);
      const grants = new Set(readSynced(file).grants);
      for (const s of sim.store.schedules.values()) {
        const onCall = sim.store.onCall(s, new Date('2026-12-24T03:00:00Z'))!;
        expect(grants.has(`schedule:${s.id}:on-call:user:${onCall}`)).toBe(true);
        for (const u of sim.store.scheduleUsers(s)) expect(grants.has(`schedule:${s.id}:member:user:${u}`)).toBe(true);
      }
      // Moving the clock moves the rotation.
      await withSim({ now: '2027-01-07T15:00:00Z' }, async (later) => {
        const changed = [...later.store.schedules.values()].some((s) => later.store.onCall(s, later.now()) !== sim.store.onCall(sim.store.schedules.get(s.id)!, sim.now()));
        expect(changed).toBe(true);
      });
    });
  });

  it('refuses a bad key clearly; a read-only key syncs but cannot change anything', async () => {
    await withSim({}, async (sim) => {
      const bad = openTestConnector(pagerdutyConnector, { ...sim.config(), apiKey: 'nope' });
      await expect(bad.connector.validate()).rejects.toThrow(AuthenticationError);
      await bad.connector.close();
      const file = join(dir, 'ro.sync');
      const result = await syncOnce(pagerdutyConnector, sim.config('read-only'), file);
      expect(result.status).toBe('succeeded');
      expect(readSynced(file).grants.length).toBe(expectedFor(sim).grants.length);
      const ro = openTestConnector(pagerdutyConnector, sim.config('read-only'));
      const admin = [...sim.store.users.values()].find((u) => u.role === 'admin')!;
      const err = await ro.connector.grant!('role:observer:assigned', { type: 'user', id: admin.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect((err as Error).message).toContain('full-access API key');
      await ro.connector.close();
    });
  });
});

describe('PagerDuty connector: provisioning rules', () => {
  it('the owner role can be neither granted nor revoked, nor the owner demoted', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pagerdutyConnector, sim.config());
      const owner = [...sim.store.users.values()].find((u) => u.role === 'owner')!;
      const someone = [...sim.store.users.values()].find((u) => u.role === 'user')!;
      await expect(connector.grant!('role:owner:assigned', { type: 'user', id: someone.id })).rejects.toThrow(/owner role cannot be granted or revoked/);
      await expect(connector.revoke!('role:owner:assigned', { type: 'user', id: owner.id })).rejects.toBeInstanceOf(UnsupportedOperationError);
      await expect(connector.grant!('role:admin:assigned', { type: 'user', id: owner.id })).rejects.toThrow(/transfer ownership/);
      await connector.close();
    });
  });

  it('revoking a base role falls back to revokeRoleTo; revoking that role itself is refused', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pagerdutyConnector, { ...sim.config(), revokeRoleTo: 'observer' });
      const admin = [...sim.store.users.values()].find((u) => u.role === 'admin')!;
      expect(await connector.revoke!('role:admin:assigned', { type: 'user', id: admin.id })).toMatchObject({ changed: true, detail: 'base role set to observer' });
      expect(sim.store.users.get(admin.id)!.role).toBe('observer');
      await expect(connector.revoke!('role:observer:assigned', { type: 'user', id: admin.id })).rejects.toThrow(/grant the user another role instead/);
      await connector.close();
    });
  });

  it('team roles: granting another replaces the current one; read-only users are refused with PagerDuty\'s reason', async () => {
    await withSim({}, async (sim) => {
      const { connector } = openTestConnector(pagerdutyConnector, sim.config());
      const team = [...sim.store.teams.values()].find((t) => [...t.members.values()].includes('responder'))!;
      const [member] = [...team.members].find(([, role]) => role === 'responder')!;
      expect(await connector.grant!(`team:${team.id}:observer`, { type: 'user', id: member })).toMatchObject({ changed: true, detail: 'team role responder replaced by observer' });
      expect(sim.store.teams.get(team.id)!.members.get(member)).toBe('observer');
      expect(await connector.revoke!(`team:${team.id}:responder`, { type: 'user', id: member })).toMatchObject({ changed: false });
      const readOnly = [...sim.store.users.values()].find((u) => u.role === 'read_only_user')!;
      const err = await connector.grant!(`team:${team.id}:responder`, { type: 'user', id: readOnly.id }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpstreamError);
      expect((err as Error).message).toContain('Read-only users cannot be added to a team');
      await expect(connector.grant!(`schedule:${[...sim.store.schedules.keys()][0]}:on-call`, { type: 'user', id: member })).rejects.toThrow(/synced only/);
      await connector.close();
    });
  });

  it('creating an account needs fromEmail, and sends it as the From header', async () => {
    await withSim({}, async (sim) => {
      const { fromEmail: _omit, ...withoutFrom } = sim.config();
      const a = openTestConnector(pagerdutyConnector, withoutFrom);
      await expect(a.connector.createAccount!({ email: 'x.y@acme.example', firstName: 'X', lastName: 'Y' })).rejects.toThrow(/needs fromEmail/);
      await a.connector.close();
      const b = openTestConnector(pagerdutyConnector, sim.config());
      const created = await b.connector.createAccount!({ email: 'x.y@acme.example', firstName: 'X', lastName: 'Y', options: { role: 'limited_user', timeZone: 'Europe/Paris' } });
      expect(sim.store.users.get(created.id.id)).toMatchObject({ name: 'X Y', role: 'limited_user', timeZone: 'Europe/Paris' });
      await b.connector.close();
    });
  });
});

/** The CLI drives the PingOne connector exactly as it drives Okta's: sim, sync, grant, revoke, accounts. */
import { SyncFile } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startSim } from './run-cli.js';

let dir: string;
let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-pingone-'));
  sim = await startSim('pingone', ['--users', '300', '--groups', '12', '--seed', '4', '--token-ttl', '2']);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse CLI with PingOne', () => {
  it('syncs, grants, revokes, moves populations and manages accounts', async () => {
    const before = join(dir, 'before.sync');
    const sync = await runCli(['sync', 'pingone', ...sim.flags, '--out', before, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as { resources: Record<string, number>; status: string };
    expect(summary.status).toBe('succeeded');
    expect(summary.resources).toMatchObject({ user: 300, population: 4, group: 12 });

    const file = SyncFile.openReadOnly(before);
    const group = [...file.resources('group')].find((g) => g.profile?.populationId === undefined || g.profile?.populationId === null)!.id.id;
    const members = new Set([...file.grants({ entitlementId: `group:${group}:member` })].map((g) => g.principalId));
    const user = file.resourceKeys('user').find((u) => !members.has(u.id))!.id;
    const contractors = [...file.resources('population')].find((p) => p.displayName === 'Contractors')!.id.id;
    const employee = [...file.grants()]
      .filter((g) => g.entitlementId.startsWith('population:') && g.entitlementId !== `population:${contractors}:member`)
      .map((g) => g.principalId)
      .sort()[0]!;
    file.close();

    const grant = await runCli(['grant', 'pingone', ...sim.flags, '--entitlement', `group:${group}:member`, '--principal', `user:${user}`, '--json']);
    expect(JSON.parse(grant.stdout)).toMatchObject({ changed: true });
    const again = await runCli(['grant', 'pingone', ...sim.flags, '--entitlement', `group:${group}:member`, '--principal', `user:${user}`]);
    expect(again.stdout).toContain('nothing changed');
    const revoke = await runCli(['revoke', 'pingone', ...sim.flags, '--grant', `group:${group}:member:user:${user}`, '--json']);
    expect(JSON.parse(revoke.stdout)).toMatchObject({ changed: true });

    const move = await runCli(['grant', 'pingone', ...sim.flags, '--entitlement', `population:${contractors}:member`, '--principal', `user:${employee}`, '--json']);
    expect(JSON.parse(move.stdout)).toMatchObject({ changed: true, detail: expect.stringContaining('moved from population') });
    const refused = await runCli(['revoke', 'pingone', ...sim.flags, '--grant', `population:${contractors}:member:user:${employee}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('must belong to a population');

    const created = await runCli(['account', 'create', 'pingone', ...sim.flags, '--email', 'cli.user@acme.example', '--first-name', 'Cli', '--last-name', 'User', '--population', 'Contractors', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const newUser = (JSON.parse(created.stdout) as { resource: { id: { id: string }; user: { profile: { populationId: string } } } }).resource;
    expect(newUser.user.profile.populationId).toBe(contractors);
    const removed = await runCli(['account', 'delete', 'pingone', ...sim.flags, '--user', newUser.id.id, '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ changed: true });
  });

  it('a worker without a read scope syncs the rest and prints the warning naming the scope', async () => {
    const limited = await startSim('pingone', ['--users', '40', '--seed', '4', '--scopes', 'p1:read:user,p1:read:userGroup,p1:read:role']);
    try {
      const res = await runCli(['sync', 'pingone', ...limited.flags, '--out', join(dir, 'limited.sync'), '--json']);
      expect(res.code, res.stderr).toBe(0);
      const summary = JSON.parse(res.stdout) as { resources: Record<string, number>; warnings: { message: string }[] };
      expect(summary.resources.population).toBeUndefined();
      expect(summary.warnings.map((w) => w.message).join('\n')).toContain('p1:read:population');
      const human = await runCli(['sync', 'pingone', ...limited.flags, '--out', join(dir, 'limited-human.sync')]);
      expect(human.stderr).toContain('warning: Population not synced');
      expect(human.stderr).toContain('p1:read:population');
    } finally {
      await limited.stop();
    }
  });

  it('wrong client credentials: exit 1 and a clear message, the secret never echoed', async () => {
    const flags = [...sim.flags];
    flags[flags.indexOf('--client-secret') + 1] = 'not-the-secret-123';
    const res = await runCli(['sync', 'pingone', ...flags, '--out', join(dir, 'bad.sync')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('PingOne refused the client credentials');
    expect(res.stderr + res.stdout).not.toContain('not-the-secret-123');
  });
});

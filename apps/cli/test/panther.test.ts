/** The CLI drives Panther and generic SCIM as it drives the others: sim, sync, grant, revoke, accounts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startSim } from './run-cli.js';

let dir: string;
let sim: Awaited<ReturnType<typeof startSim>>;
const flag = (flags: string[], name: string) => flags[flags.indexOf(name) + 1]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-panther-'));
  sim = await startSim('panther', ['--users', '80', '--seed', '9']);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

const grantIds = async (file: string) => (await runCli(['file', 'grants', file, '--json'])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);

describe('gatehouse CLI with Panther', () => {
  it('syncs, changes roles, and invites, deactivates and reactivates accounts', async () => {
    const out = join(dir, 'panther.sync');
    const sync = await runCli(['sync', 'panther', ...sim.flags, '--out', out, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ status: 'succeeded', resources: { user: 80, role: 5, 'api-token': 5 } });
    const roles = (await runCli(['file', 'resources', out, '--type', 'role', '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: { id: string }; displayName: string });
    const roleId = (name: string) => roles.find((r) => r.displayName === name)!.id.id;
    const grant = (await grantIds(out)).find((id) => id.startsWith(`role:${roleId('Analyst')}:`))!;
    const userId = grant.split(':')[4]!;
    const otherRole = roleId('Detection Engineer');

    const changed = await runCli(['grant', 'panther', ...sim.flags, '--entitlement', `role:${otherRole}:assigned`, '--principal', `user:${userId}`, '--json']);
    expect(JSON.parse(changed.stdout)).toMatchObject({ changed: true });
    const refused = await runCli(['revoke', 'panther', ...sim.flags, '--grant', `role:${otherRole}:assigned:user:${userId}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('revokeRoleTo');
    const revoked = await runCli(['revoke', 'panther', ...sim.flags, '--revoke-role-to', 'AnalystReadOnly', '--grant', `role:${otherRole}:assigned:user:${userId}`, '--json']);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ changed: true, detail: 'role set to AnalystReadOnly' });

    const created = await runCli(['account', 'create', 'panther', ...sim.flags, '--email', 'cli.user@acme.example', '--first-name', 'Cli', '--last-name', 'User', '--role', 'Analyst', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const id = (JSON.parse(created.stdout) as { resource: { id: { id: string } } }).resource.id.id;
    const off = await runCli(['account', 'delete', 'panther', ...sim.flags, '--user', id, '--json']);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ changed: true, detail: 'deactivated' });
    const on = await runCli(['account', 'update', 'panther', ...sim.flags, '--user', id, '--reactivate', '--last-name', 'Person', '--json']);
    expect(on.code, on.stderr).toBe(0);
    expect(JSON.parse(on.stdout)).toMatchObject({ changed: true, detail: 'updated familyName; reactivated' });
    const hard = await runCli(['account', 'delete', 'panther', ...sim.flags, '--user', id, '--hard']);
    expect(hard.code).toBe(1);
    expect(hard.stderr).toContain('allowDelete');
  });

  it('syncs Panther\'s SCIM endpoint with the generic SCIM connector, which reports what it cannot do', async () => {
    const scimFlags = ['--base-url', flag(sim.flags, '--scim-url'), '--token', flag(sim.flags, '--api-key'), '--role-attributes', 'pantherRole=role'];
    const out = join(dir, 'scim.sync');
    const sync = await runCli(['sync', 'scim', ...scimFlags, '--out', out, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as { resources: Record<string, number> };
    expect(summary.resources.user).toBe(81);
    expect(summary.resources.group).toBeUndefined();
    const create = await runCli(['account', 'create', 'scim', ...scimFlags, '--email', 'jit@acme.example', '--first-name', 'J', '--last-name', 'It']);
    expect(create.code).toBe(1);
    expect(create.stderr).toContain('first SSO login');
    expect((await runCli(['sim', 'scim'])).code).not.toBe(0);
  });
});

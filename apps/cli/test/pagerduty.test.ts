/** The CLI drives the PagerDuty connector as it drives the others: sim, sync, grant, revoke, accounts. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startSim } from './run-cli.js';

let dir: string;
let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-pagerduty-'));
  sim = await startSim('pagerduty', ['--users', '200', '--teams', '12', '--schedules', '4', '--seed', '6', '--now', '2026-12-01T09:00:00Z']);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse CLI with PagerDuty', () => {
  it('syncs, changes team and base roles, and manages accounts', async () => {
    const out = join(dir, 'pd.sync');
    const sync = await runCli(['sync', 'pagerduty', ...sim.flags, '--out', out, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as { resources: Record<string, number>; status: string };
    expect(summary).toMatchObject({ status: 'succeeded', resources: { user: 200, role: 8, team: 12, schedule: 4 } });

    const lines = (await runCli(['file', 'grants', out, '--json'])).stdout.trim().split('\n');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    const onCall = ids.filter((id) => id.includes(':on-call:user:'));
    expect(onCall.length).toBeGreaterThan(0);
    const limited = ids.find((id) => id.startsWith('role:limited_user:assigned:user:'))!;
    const user = limited.slice('role:limited_user:assigned:user:'.length);

    const grant = await runCli(['grant', 'pagerduty', ...sim.flags, '--entitlement', 'role:user:assigned', '--principal', `user:${user}`, '--json']);
    expect(JSON.parse(grant.stdout)).toMatchObject({ changed: true });
    const revoke = await runCli(['revoke', 'pagerduty', ...sim.flags, '--grant', `role:user:assigned:user:${user}`, '--json']);
    expect(JSON.parse(revoke.stdout)).toMatchObject({ changed: true, detail: 'base role set to limited_user' });
    const owner = await runCli(['grant', 'pagerduty', ...sim.flags, '--entitlement', 'role:owner:assigned', '--principal', `user:${user}`]);
    expect(owner.code).toBe(1);
    expect(owner.stderr).toContain('owner role cannot be granted or revoked');

    const created = await runCli(['account', 'create', 'pagerduty', ...sim.flags, '--email', 'cli.user@acme.example', '--first-name', 'Cli', '--last-name', 'User', '--role', 'observer', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const newUser = (JSON.parse(created.stdout) as { resource: { id: { id: string }; user: { profile: { role: string } } } }).resource;
    expect(newUser.user.profile.role).toBe('observer');
    const removed = await runCli(['account', 'delete', 'pagerduty', ...sim.flags, '--user', newUser.id.id, '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ changed: true });
  });
});

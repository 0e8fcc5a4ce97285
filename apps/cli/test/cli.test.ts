import { SyncFile } from '@gatehouse/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli, startSim } from './run-cli.js';

let dir: string;
let sim: Awaited<ReturnType<typeof startSim>>;
const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  sim = await startSim('okta', ['--users', '400', '--groups', '20', '--apps', '8', '--seed', '9']);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('gatehouse CLI', () => {
  it('sim prints one JSON line whose flags reach it', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.flags).toEqual(['--domain', sim.url, '--api-token', expect.any(String)]);
  });

  it('syncs into a file and reads it back: stats, resources, entitlements, grants', async () => {
    const out = join(dir, 'a.sync');
    const sync = await runCli(['sync', 'okta', ...sim.flags, '--out', out, '--json']);
    expect(sync.code).toBe(0);
    expect(sync.stderr).not.toMatch(/error|warning/i);
    expect(sync.stderr).toContain('sync okta: done'); // progress goes to stderr, the summary to stdout
    const summary = JSON.parse(sync.stdout) as { resources: Record<string, number>; grants: number; apiCalls: number; warnings: unknown[] };
    expect(summary.resources.user).toBeGreaterThan(350);
    expect(summary.resources.role).toBeGreaterThanOrEqual(13);
    expect(summary.apiCalls).toBeGreaterThan(0);

    const stats = JSON.parse((await runCli(['file', 'stats', out, '--json'])).stdout) as { resources: Record<string, number>; grants: number; entitlements: number };
    expect(stats.resources).toEqual(summary.resources);
    expect(stats.grants).toBe(summary.grants);

    const grants = jsonLines((await runCli(['file', 'grants', out, '--json'])).stdout);
    expect(grants.length).toBe(summary.grants);
    for (const key of ['entitlementId', 'resourceType', 'resourceId', 'slug', 'principalType', 'principalId', 'inherited']) expect(grants[0]).toHaveProperty(key);
    expect(grants.some((g) => g.inherited === true)).toBe(true);
    const entitlements = jsonLines((await runCli(['file', 'entitlements', out, '--json'])).stdout);
    expect(entitlements.length).toBe(stats.entitlements);
    const users = jsonLines((await runCli(['file', 'resources', out, '--type', 'user', '--json'])).stdout);
    expect(users.length).toBe(summary.resources.user);
    expect(users[0]).toMatchObject({ id: { type: 'user' }, user: { login: expect.any(String), status: expect.any(String) } });
  });

  it('reads connector settings from env vars and from the BATON_* aliases', async () => {
    const [, domain, , token] = sim.flags;
    const a = await runCli(['sync', 'okta', '--out', join(dir, 'env.sync'), '--json'], { GATEHOUSE_OKTA_DOMAIN: domain, GATEHOUSE_OKTA_API_TOKEN: token });
    expect(a.code).toBe(0);
    const b = await runCli(['sync', 'okta', '--out', join(dir, 'baton.sync'), '--json'], { BATON_DOMAIN: domain, BATON_API_TOKEN: token });
    expect(b.code).toBe(0);
  });

  it('a bad token fails with exit 1 and a clear message, without a stack trace', async () => {
    const res = await runCli(['sync', 'okta', '--domain', sim.url, '--api-token', 'wrong', '--out', join(dir, 'bad.sync')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Okta refused the API token: E0000011 Invalid token provided');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stderr).not.toContain('wrong');
  });

  it('missing settings fail with exit 2, naming flags and env vars', async () => {
    const res = await runCli(['sync', 'okta', '--out', join(dir, 'none.sync')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('missing --domain (env GATEHOUSE_OKTA_DOMAIN)');
    expect(res.stderr).toContain('missing --api-token (env GATEHOUSE_OKTA_API_TOKEN)');
    const noOut = await runCli(['sync', 'okta', ...sim.flags]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '--out <file>' not specified");
  });

  it('an unreachable domain fails with a clear message', async () => {
    const res = await runCli(['sync', 'okta', '--domain', 'http://127.0.0.1:9', '--api-token', 'x', '--out', join(dir, 'down.sync')]);
    expect(res.code).toBe(1);
    // The host, not the port: which ports answer on a host is not for a caller to learn from errors.
    expect(res.stderr).toContain('connection refused by 127.0.0.1');
    expect(res.stderr).not.toContain('127.0.0.1:9:');
    const dns = await runCli(['sync', 'okta', '--domain', 'no-such-org.invalid', '--api-token', 'x', '--out', join(dir, 'dns.sync')]);
    expect(dns.code).toBe(1);
    expect(dns.stderr).toMatch(/cannot resolve host no-such-org\.invalid|connection refused/);
  });

  it('grants, revokes and manages accounts; the changes show in a diff of two syncs', async () => {
    const before = join(dir, 'before.sync');
    const after = join(dir, 'after.sync');
    await runCli(['sync', 'okta', ...sim.flags, '--out', before, '--json']);
    const file = SyncFile.openReadOnly(before);
    const group = [...file.resources('group')].find((g) => g.profile?.groupType === 'OKTA_GROUP')!.id.id;
    const members = new Set([...file.grants({ entitlementId: `group:${group}:member` })].map((g) => g.principalId));
    const user = file.resourceKeys('user').find((u) => !members.has(u.id))!.id;
    file.close();

    // Okta answers a membership PUT with 204 whether or not the user was a member: the CLI says so.
    const grant = await runCli(['grant', 'okta', ...sim.flags, '--entitlement', `group:${group}:member`, '--principal', `user:${user}`, '--json']);
    expect(JSON.parse(grant.stdout)).toMatchObject({ changed: 'unknown' });
    const again = await runCli(['grant', 'okta', ...sim.flags, '--entitlement', `group:${group}:member`, '--principal', `user:${user}`]);
    expect(again.stdout).toContain('the app does not say whether anything changed');
    // An app assignment Okta does report: the second grant changes nothing, and the CLI says that.
    const reader = SyncFile.openReadOnly(before);
    const app = [...reader.resources('app')].find((a) => a.profile?.status === 'ACTIVE' && ![...reader.grants({ entitlementId: `app:${a.id.id}:access` })].some((g) => g.principalId === user))!.id.id;
    reader.close();
    const appGrant = await runCli(['grant', 'okta', ...sim.flags, '--entitlement', `app:${app}:access`, '--principal', `user:${user}`, '--json']);
    expect(JSON.parse(appGrant.stdout)).toMatchObject({ changed: true });
    const appAgain = await runCli(['grant', 'okta', ...sim.flags, '--entitlement', `app:${app}:access`, '--principal', `user:${user}`]);
    expect(appAgain.stdout).toContain('nothing changed');
    const created = await runCli(['account', 'create', 'okta', ...sim.flags, '--email', 'cli.user@acme.example', '--first-name', 'Cli', '--last-name', 'User', '--json']);
    const newUser = (JSON.parse(created.stdout) as { resource: { id: { id: string }; user: { vendorStatus: string } } }).resource;
    expect(newUser.user.vendorStatus).toBe('PROVISIONED');

    await runCli(['sync', 'okta', ...sim.flags, '--out', after, '--json']);
    const diff = JSON.parse((await runCli(['file', 'diff', before, after, '--json'])).stdout) as { resources: { added: { id: string }[] }; grants: { added: { id: string }[] } };
    expect(diff.resources.added.map((r) => r.id)).toContain(newUser.id.id);
    expect(diff.grants.added.map((g) => g.id)).toContain(`group:${group}:member:user:${user}`);

    const revoke = await runCli(['revoke', 'okta', ...sim.flags, '--grant', `app:${app}:access:user:${user}`, '--json']);
    expect(JSON.parse(revoke.stdout)).toMatchObject({ changed: true });
    const revokeAgain = await runCli(['revoke', 'okta', ...sim.flags, '--grant', `app:${app}:access:user:${user}`]);
    expect(revokeAgain.stdout).toContain('was not held; nothing changed');
    const member = await runCli(['revoke', 'okta', ...sim.flags, '--grant', `group:${group}:member:user:${user}`, '--json']);
    expect(JSON.parse(member.stdout)).toMatchObject({ changed: 'unknown' });
    const removed = await runCli(['account', 'delete', 'okta', ...sim.flags, '--user', newUser.id.id, '--json']);
    expect(JSON.parse(removed.stdout)).toMatchObject({ changed: true, mode: 'deprovision' });
    const bad = await runCli(['revoke', 'okta', ...sim.flags, '--grant', 'nonsense']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid grant id "nonsense"');
  });

  it('a sync killed with SIGKILL resumes with the same --out, fetching only what it had not', async () => {
    const slow = await startSim('okta', ['--users', '3000', '--groups', '150', '--apps', '20', '--seed', '4', '--latency-ms', '15']);
    try {
      const callsNow = async () => ((await (await fetch(`${slow.url}/__sim/calls`)).json()) as { total: number }).total;
      const reference = join(dir, 'reference.sync');
      const c0 = await callsNow();
      await runCli(['sync', 'okta', ...slow.flags, '--out', reference, '--json']);
      const uninterrupted = (await callsNow()) - c0;

      const out = join(dir, 'killed.sync');
      const c1 = await callsNow();
      const child = spawnCli(['sync', 'okta', ...slow.flags, '--out', out, '--json']);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // Kill it once a good part of the work is committed (but not all).
      for (;;) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          const f = SyncFile.openReadOnly(out);
          const { pages } = f.taskCounts();
          f.close();
          // Well past the pages that may be in flight at the kill (16 lists at most), so the resume provably skips work.
          if (pages >= 100) break;
        } catch {
          // not created yet
        }
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const firstRun = (await callsNow()) - c1;
      const partial = SyncFile.openReadOnly(out);
      expect(partial.run()!.status).toBe('running');
      partial.close();

      const c2 = await callsNow();
      const resumed = await runCli(['sync', 'okta', ...slow.flags, '--out', out, '--json']);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ resumed: true, status: 'succeeded' });
      const secondRun = (await callsNow()) - c2;
      // Only pages in flight at the kill are fetched twice (16 lists at most, one of them may be
      // a page of role holders with their role lists), plus one credentials check.
      expect(secondRun).toBeLessThan(uninterrupted - 50);
      expect(firstRun + secondRun).toBeLessThanOrEqual(uninterrupted + 1 + 16 + 100);

      const diff = JSON.parse((await runCli(['file', 'diff', reference, out, '--json'])).stdout) as { resources: { added: unknown[]; removed: unknown[] }; grants: { added: unknown[]; removed: unknown[] } };
      expect(diff).toEqual({ resources: { added: [], removed: [] }, grants: { added: [], removed: [] } });
      const [a, b] = [reference, out].map((p) => {
        const f = SyncFile.openReadOnly(p);
        const s = f.stats();
        f.close();
        return s;
      });
      expect(b!.grants).toBe(a!.grants);
      expect(b!.inheritedGrants).toBe(a!.inheritedGrants);
    } finally {
      await slow.stop();
    }
  }, 120_000);
});

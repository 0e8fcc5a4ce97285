/**
 * The server side of the CLI: `gatehouse serve` (env config, first admin printed once),
 * `gatehouse audit verify` (intact and tampered chains) and `gatehouse demo --json`.
 */
import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './run-cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-server-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts a long-running command and resolves with its stdout once `ready` matches it. */
async function startUntil(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; out: string; err: () => string; stop: () => Promise<number | null> }> {
  const child = spawnCli(args, env);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve();
    });
    child.on('close', (code) => reject(new Error(`${args[0]} exited (${code}): ${out}${err}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('close', resolve);
      child.kill('SIGTERM');
    });
  return { child, out, err: () => err, stop };
}

describe('gatehouse serve and audit verify', () => {
  it('serve creates the first admin once, prints its generated password once on stdout, and keeps the data dir private', async () => {
    const data = tempDir();
    const first = await startUntil(['serve', '--port', '0', '--data', data], {}, /First start: .*\n/);
    const url = /listening on (http:\/\/\S+)/.exec(first.out)![1]!;
    const [, email, password] = /sign in as (\S+) with password (\S+) \(shown once; change it\)/.exec(first.out)!;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(login.status).toBe(200);
    await login.body?.cancel();
    expect(await first.stop()).toBe(0);
    expect(first.out.split(password!)).toHaveLength(2);
    expect(first.err()).not.toContain(password!);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    for (const file of ['master.key', 'gatehouse.db']) expect(statSync(join(data, file)).mode & 0o777, file).toBe(0o600);

    const second = await startUntil(['serve', '--port', '0'], { GATEHOUSE_DATA_DIR: data }, /listening on .*\n/);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.out).not.toMatch(/First start/);
    expect(second.out).not.toContain(password!);
    await second.stop();
  }, 60_000);

  it('serve never echoes a GATEHOUSE_ADMIN_PASSWORD, and refuses to start with a weak one', async () => {
    const password = 'a long enough password';
    const server = await startUntil(['serve', '--port', '0', '--data', tempDir()], { GATEHOUSE_ADMIN_EMAIL: 'ops@example.com', GATEHOUSE_ADMIN_PASSWORD: password }, /First start: .*\n/);
    expect(server.out).toContain('First start: sign in as ops@example.com with the password from GATEHOUSE_ADMIN_PASSWORD');
    expect(await server.stop()).toBe(0);
    expect(server.out + server.err()).not.toContain(password);

    const weak = await runCli(['serve', '--port', '0'], { GATEHOUSE_DATA_DIR: tempDir(), GATEHOUSE_ADMIN_PASSWORD: 'password1234' });
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toMatch(/GATEHOUSE_ADMIN_PASSWORD is too easy to guess/);
    expect(weak.stderr).not.toMatch(/^\s+at /m);
    expect(weak.stdout).not.toMatch(/listening on/);
  }, 60_000);

  it('serve refuses a bad port with a clear message', async () => {
    const result = await runCli(['serve'], { GATEHOUSE_PORT: 'eighty', GATEHOUSE_DATA_DIR: tempDir() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/GATEHOUSE_PORT must be a port number, got "eighty"/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('audit verify reports an intact chain, a truncated one, then the first broken link after an edit; audit export prints OCSF lines', async () => {
    const data = tempDir();
    const env = { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: 'a long enough password' };
    const server = await startUntil(['serve', '--port', '0', '--data', data], env, /listening on .*\n/);
    const url = /listening on (http:\/\/\S+)/.exec(server.out)![1]!;
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.GATEHOUSE_ADMIN_EMAIL, password: env.GATEHOUSE_ADMIN_PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    await login.body?.cancel();
    for (const name of ['Slack', 'GitHub', 'Jira']) {
      const res = await fetch(`${url}/api/v1/apps`, { method: 'POST', headers: { cookie, origin: url, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(res.status).toBe(201);
      await res.body?.cancel();
    }
    await server.stop();

    const intact = await runCli(['audit', 'verify', '--data', data, '--json']);
    expect(intact.code).toBe(0);
    const report = JSON.parse(intact.stdout) as { ok: boolean; events: number; checkpoints: { verifiedThrough?: { seq: number } } };
    expect(report.ok).toBe(true);
    expect(report.events).toBeGreaterThanOrEqual(4);
    // The server signed the head when it stopped: the whole chain is covered.
    expect(report.checkpoints.verifiedThrough?.seq).toBe(report.events);
    expect((await runCli(['audit', 'verify', '--data', data])).stdout).toContain('signed checkpoints hold through event');

    // The export, as a SIEM reads it.
    const exported = await runCli(['audit', 'export', '--data', data, '--format', 'ocsf']);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { class_uid: number; metadata: { sequence: number } });
    expect(lines).toHaveLength(report.events);
    expect(lines.every((l) => l.class_uid === 6003)).toBe(true);

    // The last two events deleted: the chain alone still holds, the signed checkpoint does not.
    const cut = new Database(join(data, 'gatehouse.db'));
    const saved = cut.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 2').all() as Record<string, unknown>[];
    cut.prepare('DELETE FROM audit_events WHERE seq > ?').run(report.events - 2);
    const truncated = await runCli(['audit', 'verify', '--data', data]);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toMatch(/audit log truncated: .*truncated/);
    const insert = cut.prepare(`INSERT INTO audit_events (${Object.keys(saved[0]!).join(', ')}) VALUES (${Object.keys(saved[0]!).map(() => '?').join(', ')})`);
    for (const row of saved.reverse()) insert.run(...Object.values(row));
    cut.close();
    expect((await runCli(['audit', 'verify', '--data', data])).code).toBe(0);

    const db = new Database(join(data, 'gatehouse.db'));
    const victim = db.prepare("SELECT id, seq FROM audit_events WHERE action = 'app.create' ORDER BY seq LIMIT 1 OFFSET 1").get() as { id: string; seq: number };
    db.prepare("UPDATE audit_events SET after = replace(after, 'GitHub', 'GitLab') WHERE id = ?").run(victim.id);
    db.close();
    const broken = await runCli(['audit', 'verify', '--data', data]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`audit chain broken at event #${victim.seq} (${victim.id})`);
  }, 60_000);
});

describe('gatehouse demo', () => {
  it('--json prints one line with the URL, the admin and an API token that works', async () => {
    const demo = await startUntil(['demo', '--port', '0', '--data', join(tempDir(), 'demo'), '--users', '60', '--json'], {}, /\n/);
    try {
      const line = demo.out.trim().split('\n');
      expect(line).toHaveLength(1);
      const ready = JSON.parse(line[0]!) as { url: string; admin: { email: string; password: string }; apiToken: string };
      const auth = { authorization: `Bearer ${ready.apiToken}` };
      const apps = (await (await fetch(`${ready.url}/api/v1/apps`, { headers: auth })).json()) as { items: { id: string; name: string; isDirectory: boolean }[] };
      expect(apps.items.find((a) => a.name === 'Okta')?.isDirectory).toBe(true);
      const pingone = apps.items.find((a) => a.name === 'PingOne')!;
      expect(pingone.isDirectory).toBe(false);
      // PingOne's accounts belong to the directory's people, except a few that match nobody.
      const accounts = (await (await fetch(`${ready.url}/api/v1/resources?appId=${pingone.id}&type=user&limit=500`, { headers: auth })).json()) as { items: unknown[] };
      expect(accounts.items.length).toBeGreaterThan(30);
      const unmatched = (await (await fetch(`${ready.url}/api/v1/accounts?appId=${pingone.id}&unmatched=true&limit=500`, { headers: auth })).json()) as { items: unknown[] };
      const pingoneUnmatched = unmatched.items.length;
      expect(pingoneUnmatched).toBeGreaterThan(0);
      expect(pingoneUnmatched).toBeLessThan(accounts.items.length / 2);
      const pagerduty = apps.items.find((a) => a.name === 'PagerDuty')!;
      const schedules = (await (await fetch(`${ready.url}/api/v1/grants?appId=${pagerduty.id}&resourceType=schedule&limit=500`, { headers: auth })).json()) as { items: { entitlementId: string }[] };
      expect(schedules.items.some((g) => g.entitlementId.endsWith(':on-call'))).toBe(true);
      const panther = apps.items.find((a) => a.name === 'Panther')!;
      const roles = (await (await fetch(`${ready.url}/api/v1/grants?appId=${panther.id}&resourceType=role&limit=500`, { headers: auth })).json()) as { items: unknown[] };
      expect(roles.items.length).toBeGreaterThan(5);
      // Provisioning in the demo: two Okta tasks done through the connector, a Panther one waiting for its owner.
      // (Reviews and requests in the demo make tasks of their own: origin review, request.)
      const all = (await (await fetch(`${ready.url}/api/v1/tasks?limit=500`, { headers: auth })).json()) as { items: { appName: string; state: string; kind: string; verification: string; origin: string }[] };
      const tasks = { items: all.items.filter((t) => t.origin === 'manual') };
      expect(tasks.items.filter((t) => t.appName === 'Okta').map((t) => `${t.kind} ${t.state}`).sort()).toEqual(['grant succeeded', 'revoke succeeded']);
      // The revoked membership was put back in Okta: the next sync reported drift.
      expect(tasks.items.find((t) => t.kind === 'revoke')?.verification).toBe('drift');
      expect(all.items.some((t) => t.origin === 'review' && t.kind === 'revoke')).toBe(true);
      expect(tasks.items.find((t) => t.appName === 'Panther')?.state).toBe('manual');
      const inbox = (await (await fetch(`${ready.url}/api/v1/inbox`, { headers: auth })).json()) as { items: { event: string }[] };
      expect(inbox.items.some((n) => n.event === 'task.manual')).toBe(true);
      expect(inbox.items.some((n) => n.event === 'task.drift')).toBe(true);
      const people = (await (await fetch(`${ready.url}/api/v1/people?limit=200`, { headers: auth })).json()) as { items: unknown[] };
      expect(people.items.length).toBeGreaterThanOrEqual(50);
      // Governance in the demo: a review running, one done, one recurring; a bundle to ask for.
      const campaigns = (await (await fetch(`${ready.url}/api/v1/campaigns`, { headers: auth })).json()) as { items: { state: string }[] };
      expect(campaigns.items.map((c) => c.state).sort()).toEqual(['completed', 'running']);
      const templates = (await (await fetch(`${ready.url}/api/v1/campaign-templates`, { headers: auth })).json()) as { items: { schedule: string; enabled: boolean; nextRunAt: string | null }[] };
      expect(templates.items).toEqual([expect.objectContaining({ schedule: 'quarterly', enabled: true, nextRunAt: expect.any(String) })]);
      const bundles = (await (await fetch(`${ready.url}/api/v1/request-bundles`, { headers: auth })).json()) as { items: { name: string }[] };
      expect(bundles.items.map((b) => b.name)).toEqual(['On-call SRE']);
      const login = await fetch(`${ready.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ready.admin) });
      expect(login.status).toBe(200);
    } finally {
      await demo.stop();
    }
  }, 90_000);
});

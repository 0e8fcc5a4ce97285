/**
 * `gatehouse request create|list|show|approve|deny|cancel|release` against a running server with
 * the Okta simulator behind it: a person asks for a requestable Okta group from the CLI, their
 * manager sees it in their approvals and approves it from the CLI, the request becomes active and
 * the person is in the group in Okta; they give it back and it leaves Okta. Denials, withdrawals,
 * the server's refusals (said as it says them, exit 1) and commands called wrong (exit 2).
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { silentLogger } from '@gatehouse/sdk';
import { startServer, type RunningServer } from '@gatehouse/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PASSWORD = 'a long enough password';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gatehouse request', () => {
  let server: RunningServer;
  let sim: OktaSimulator;
  let dataDir: string;
  let adminCookie: string;
  let appId: string;
  let asker: Record<string, string>;
  let boss: Record<string, string>;
  let askerOktaId: string;
  let groups: { id: string; ent: string }[];

  const call = async (cookie: string, method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Json) : {};
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return json;
  };
  const signIn = async (email: string) => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  /**
   * A platform user with the person's email, and the environment for their CLI (an API token of
   * theirs: Basic users have none, so these are an App owner of no app and a Read-only user).
   */
  const cliUser = async (email: string, role: string): Promise<Record<string, string>> => {
    await call(adminCookie, 'POST', '/users', { email, name: email.split('@')[0], role, password: PASSWORD });
    const token = (await call(await signIn(email), 'POST', '/tokens', { name: 'cli' })).token as string;
    return { GATEHOUSE_SERVER: server.url, GATEHOUSE_TOKEN: token };
  };
  const until = async (what: string, fn: () => Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await fn()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  /** Polled through the API (a CLI process per poll would take seconds). */
  const stateOf = async (id: string) => (await call(adminCookie, 'GET', `/requests/${id}`)).state as string;

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 81, users: 40, groups: 12, apps: 1 }).start();
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-request-'));
    // The request clock every 200 ms (5 s in production), so that a request moves on as its task ends.
    server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 50, schedules: false },
      { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: PASSWORD, GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32', GATEHOUSE_REQUEST_CLOCK_MS: '200' } },
    );
    adminCookie = await signIn('admin@example.com');
    appId = (await call(adminCookie, 'POST', '/apps', { name: 'Okta', isDirectory: true })).id;
    const c = await call(adminCookie, 'POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await until('the first sync', async () => (await call(adminCookie, 'GET', `/connectors/${c.id}`)).status === 'connected');
    // Someone whose manager is in the directory too; both are platform users with the directory's emails.
    const active = [...sim.store.users.values()].filter((u) => u.status === 'ACTIVE');
    const who = active.find((u) => u.profile.managerId && sim.store.users.get(u.profile.managerId)?.status === 'ACTIVE')!;
    askerOktaId = who.id;
    asker = await cliUser(who.profile.email!, 'app_owner');
    boss = await cliUser(sim.store.users.get(who.profile.managerId!)!.profile.email!, 'read_only');
    groups = [...sim.store.groups.values()].filter((g) => g.type === 'OKTA_GROUP' && !g.members.has(who.id)).map((g) => ({ id: g.id, ent: `group:${g.id}:member` }));
    if (groups.length < 3) throw new Error('the seed gives the requester too few groups to ask for');
    // The manager approves; at most four hours, an hour by default.
    const policy = await call(adminCookie, 'POST', '/request-policies', { name: 'Manager approves', baseline: { kind: 'steps', steps: [{ name: 'Manager', approvers: 'manager' }] } });
    for (const g of groups.slice(0, 3)) await call(adminCookie, 'PUT', `/apps/${appId}/request-settings`, { entitlementId: g.ent, settings: { maxDurationMinutes: 240, defaultDurationMinutes: 60, policyId: policy.id } });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks for an Okta group; the manager approves from the CLI; the access is live in Okta, then given back', async () => {
    const created = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[0]!.ent, '--minutes', '90', '--reason', 'deploy the Q4 release (CHG-12)', '--json'], asker);
    expect(created.code, created.stderr).toBe(0);
    const r = JSON.parse(created.stdout) as Json;
    expect(r).toMatchObject({ state: 'pending', durationMinutes: 90, reason: 'deploy the Q4 release (CHG-12)', policy: { rule: null, outcome: 'steps', steps: 1 } });
    expect(r.approvers).toHaveLength(1);

    // The manager's approvals, as a table.
    const approvals = await runCli(['request', 'list', '--kind', 'approvals'], boss);
    expect(approvals.code, approvals.stderr).toBe(0);
    const [header, row, ...rest] = approvals.stdout.trim().split('\n');
    expect(header).toMatch(/^id +state +app +entitlement +for +duration +standing +asked$/);
    expect(row).toMatch(new RegExp(`^${r.id} +pending +Okta +.+ +${escape(r.person.email)} +1 h 30 min +step 1/1: `));
    expect(rest).toEqual([]);

    const approved = await runCli(['request', 'approve', r.id, '--comment', 'ok for the release'], boss);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/state: +provisioning/);
    expect(approved.stdout).toMatch(/grant task: +[0-9a-f-]{36}/);

    await until('the request to be active', async () => (await stateOf(r.id)) === 'active');
    expect(sim.store.groups.get(groups[0]!.id)!.members.has(askerOktaId)).toBe(true);
    const shown = await runCli(['request', 'show', r.id], asker);
    expect(shown.stdout).toMatch(/state: +active \(until \d{4}-/);
    expect(shown.stdout).toMatch(/duration: +1 h 30 min/);
    expect(shown.stdout).toMatch(/history:\n +\S+ +created +.*: asked for/);
    expect(shown.stdout).toMatch(/approved +.*: approved step 1 \(Manager\): ok for the release/);

    // Mine, filtered by state, as JSON: the API's items.
    const mine = JSON.parse((await runCli(['request', 'list', '--state', 'active', '--json'], asker)).stdout) as Json[];
    expect(mine.map((x) => x.id)).toEqual([r.id]);

    const released = await runCli(['request', 'release', r.id, '--json'], asker);
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout).state).toBe('revoking');
    await until('the request to end', async () => (await stateOf(r.id)) === 'ended');
    expect(sim.store.groups.get(groups[0]!.id)!.members.has(askerOktaId)).toBe(false);
  });

  it('denies with a reason, withdraws a pending request, and says what the server refuses', async () => {
    const one = JSON.parse((await runCli(['request', 'create', '--app', appId, '--entitlement', groups[1]!.ent, '--reason', 'audit', '--json'], asker)).stdout) as Json;
    expect(one).toMatchObject({ state: 'pending', durationMinutes: 60 });
    // Nobody approves their own request: the server's reason, exit 1.
    const own = await runCli(['request', 'approve', one.id], asker);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/gatehouse: error: .*nobody approves their own request/);
    const denied = await runCli(['request', 'deny', one.id, '--reason', 'not this quarter'], boss);
    expect(denied.code, denied.stderr).toBe(0);
    expect(denied.stdout).toMatch(/state: +denied/);
    expect(denied.stdout).toMatch(/denied +.*: denied: not this quarter/);
    const again = await runCli(['request', 'approve', one.id], boss);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the request is denied: only a pending request is approved');

    const two = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[2]!.ent, '--reason', 'on-call week'], asker);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toMatch(/state: +pending \(step 1\/1: /);
    const id = /id: +(\S+)/.exec(two.stdout)![1]!;
    const cancelled = await runCli(['request', 'cancel', id, '--json'], asker);
    expect(JSON.parse(cancelled.stdout).state).toBe('cancelled');

    // The server's refusals: too long, permanent where it is not allowed, not requestable.
    const long = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[2]!.ent, '--minutes', '600', '--reason', 'x'], asker);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('600 minutes is longer than the maximum of 240 minutes for this entitlement');
    const forever = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[2]!.ent, '--permanent', '--reason', 'x'], asker);
    expect(forever.stderr).toContain('permanent access cannot be requested');
    const notRequestable = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[3]?.ent ?? 'group:nope:member', '--reason', 'x'], asker);
    expect(notRequestable.code).toBe(1);
    expect(notRequestable.stderr).toMatch(/cannot be requested/);
    // Every request: an App owner sees their apps' (none here); a Read-only user sees them all.
    const none = await runCli(['request', 'list', '--kind', 'all'], asker);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toBe('no requests (all)\n');
    const all = JSON.parse((await runCli(['request', 'list', '--kind', 'all', '--json'], boss)).stdout) as Json[];
    expect(all.map((x) => x.state).sort()).toEqual(['cancelled', 'denied', 'ended']);
  });

  it('refuses commands called wrong (exit 2) before asking the server', async () => {
    const both = await runCli(['request', 'create', '--app', appId, '--entitlement', groups[1]!.ent, '--minutes', '30', '--permanent'], asker);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --minutes or --permanent, not both');
    const noReason = await runCli(['request', 'deny', 'some-id'], boss);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/required option '--reason <text>'/);
    const kind = await runCli(['request', 'list', '--kind', 'everything'], asker);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind is one of mine, approvals, all');
  });
});

/**
 * `gatehouse campaign list|start|status|report` and `gatehouse evidence verify` against a running
 * server (the Okta simulator behind it): a campaign started from the CLI, decided through the API,
 * its report downloaded and verified against the server's audit key; a changed byte, another key,
 * a PDF without its manifest, and usage errors.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { silentLogger } from '@gatehouse/sdk';
import { startServer, type RunningServer } from '@gatehouse/server';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('gatehouse campaign and evidence', () => {
  let server: RunningServer;
  let sim: OktaSimulator;
  let dataDir: string;
  let work: string;
  let env: Record<string, string>;
  let cookie: string;
  let campaignId: string;
  let reportDir: string;

  const call = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { cookie, origin: server.url, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return text ? (JSON.parse(text) as Json) : {};
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const v = await fn();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 21, users: 30, groups: 5, apps: 1 }).start();
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-campaign-'));
    work = mkdtempSync(join(tmpdir(), 'gatehouse-cli-evidence-'));
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 50, schedules: false }, { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: 'admin@example.com', GATEHOUSE_ADMIN_PASSWORD: 'a long enough password', GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' } });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'a long enough password' }) });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await call('GET', '/auth/me');
    const app = await call('POST', '/apps', { name: 'Okta', isDirectory: true });
    const c = await call('POST', `/apps/${app.id}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await until('the first sync', async () => ((await call('GET', `/connectors/${c.id}`)).status === 'connected' ? true : undefined));
    const policy = await call('POST', '/review-policies', { name: 'Admin review', steps: [{ reviewers: { kind: 'users', userIds: [me.user?.id ?? me.id] } }] });
    const campaign = await call('POST', '/campaigns', { name: 'Okta groups (CLI)', scope: { apps: [{ appId: app.id, resourceTypes: ['group'] }] }, policyId: policy.id, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    if (!campaign.id) throw new Error(`campaign not created: ${JSON.stringify(campaign)}`);
    campaignId = campaign.id;
    env = { GATEHOUSE_SERVER: server.url, GATEHOUSE_TOKEN: (await call('POST', '/tokens', { name: 'cli' })).token };
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await sim?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('starts a draft, lists campaigns with their progress, and shows one with counts, remediation and apps', async () => {
    const started = await runCli(['campaign', 'start', campaignId, '--json'], env);
    expect(started.code, started.stderr).toBe(0);
    expect(['starting', 'running']).toContain(JSON.parse(started.stdout).state);
    await until('the campaign to run', async () => ((await call('GET', `/campaigns/${campaignId}`)).state === 'running' ? true : undefined));
    // Decide: everything approved but one, submitted.
    const items = (await call('GET', `/campaigns/${campaignId}/items?limit=1000`)).items as Json[];
    await call('POST', '/reviews/decisions', { ids: items.slice(1).map((i) => i.id), decision: 'approve' });
    await call('POST', '/reviews/submit', { campaignId });
    const list = await runCli(['campaign', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${campaignId}\\s+Okta groups \\(CLI\\)\\s+running\\s+\\d{4}-\\d\\d-\\d\\d\\s+${items.length - 1}/${items.length} \\(\\d+%\\)`));
    const json = JSON.parse((await runCli(['campaign', 'list', '--state', 'running', '--json'], env)).stdout) as Json[];
    expect(json.map((c) => c.id)).toEqual([campaignId]);
    const status = await runCli(['campaign', 'status', campaignId], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/state: +running/);
    expect(status.stdout).toContain(`items:        ${items.length}: ${items.length - 1} approved, 0 revoked, 0 not reviewed, 0 removed, 1 pending`);
    expect(status.stdout).toMatch(/remediation: +0 revocations/);
    expect(status.stdout).toMatch(/per app:\n +Okta +\d+ items/);
    // A running campaign cannot start again: the server's reason, exit 1.
    const again = await runCli(['campaign', 'start', campaignId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/gatehouse: error: .*(draft|running)/i);
  });

  it('writes a report, downloads every file and its manifest, and verifies them against the server\u2019s key', async () => {
    reportDir = join(work, 'report');
    const result = await runCli(['campaign', 'report', campaignId, '--out', reportDir], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const files = ['campaign.json', 'items.csv', 'decisions.csv', 'revocations.csv', 'items.xlsx', 'summary.pdf', 'manifest.json'];
    expect(readdirSync(reportDir).sort()).toEqual([...files].sort());
    for (const f of files) expect(result.stdout).toContain(`downloaded ${f} (`);
    expect(result.stdout).toContain('ok    the key is the server\'s audit key');
    expect(result.stdout).toMatch(/ok {4}summary\.pdf: sha256 [0-9a-f]{64} matches/);
    expect(result.stdout).toContain('evidence verified');
    // The downloads are the server's bytes.
    const report = JSON.parse(readFileSync(join(reportDir, 'manifest.json'), 'utf8')) as Json;
    const onServer = join(dataDir, 'evidence', campaignId, readdirSync(join(dataDir, 'evidence', campaignId))[0]!);
    for (const f of report.files as Json[]) expect(readFileSync(join(reportDir, f.name)).equals(readFileSync(join(onServer, f.name))), f.name).toBe(true);
  });

  it('evidence verify: a folder, a manifest, one file; with the server\u2019s key, a key file, or none', async () => {
    const withServer = await runCli(['evidence', 'verify', reportDir, '--server', server.url, '--token', env.GATEHOUSE_TOKEN!], {});
    expect(withServer.code, withServer.stdout + withServer.stderr).toBe(0);
    expect(withServer.stdout.trim().split('\n')).toHaveLength(1 + 1 + 6 + 1 + 1); // signature, key, 6 files, the PDF's embedded manifest, the verdict
    const keyFile = join(work, 'audit.pem');
    writeFileSync(keyFile, (await call('GET', '/audit/checkpoints')).publicKey);
    const oneFile = await runCli(['evidence', 'verify', join(reportDir, 'items.csv'), '--public-key', keyFile], {});
    expect(oneFile.code).toBe(0);
    expect(oneFile.stdout).toMatch(/^ok {4}items\.csv: sha256 /m);
    const json = JSON.parse((await runCli(['evidence', 'verify', join(reportDir, 'manifest.json'), '--json'], env)).stdout) as Json;
    expect(json.ok).toBe(true);
    // No key given: the files are checked, and the note says the key was not.
    const noKey = await runCli(['evidence', 'verify', reportDir], {});
    expect(noKey.code).toBe(0);
    expect(noKey.stderr).toMatch(/not compared with the server's audit key/);
  });

  it('fails, one line per check, on a changed byte, another key, and a PDF with nothing beside it', async () => {
    const csv = join(reportDir, 'decisions.csv');
    const original = readFileSync(csv);
    const changed = Buffer.from(original);
    changed[changed.length - 3] = changed[changed.length - 3]! ^ 1;
    writeFileSync(csv, changed);
    const bad = await runCli(['evidence', 'verify', reportDir], env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}decisions\.csv: changed \(sha256 [0-9a-f]{64}, signed [0-9a-f]{64}\)$/m);
    expect(bad.stdout).toContain('evidence NOT verified: 1 check(s) failed');
    writeFileSync(csv, original);
    const otherKey = join(work, 'other.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const wrong = await runCli(['evidence', 'verify', reportDir, '--public-key', otherKey], {});
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^FAIL {2}the manifest is signed by another key/m);
    // The PDF without manifest.json: its embedded manifest vouches for the data files beside it.
    const copy = join(work, 'copy');
    rmSync(copy, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(copy);
    for (const f of ['summary.pdf', 'items.csv']) copyFileSync(join(reportDir, f), join(copy, f));
    const pdf = await runCli(['evidence', 'verify', join(copy, 'summary.pdf')], env);
    expect(pdf.code, pdf.stdout).toBe(0);
    expect(pdf.stdout).toMatch(/^ok {4}items\.csv: sha256 .* matches$/m);
    rmSync(join(copy, 'items.csv'));
    const lonely = await runCli(['evidence', 'verify', join(copy, 'summary.pdf')], env);
    expect(lonely.code).toBe(1);
    expect(lonely.stdout).toMatch(/nothing but the signature was verified/);
  });

  it('says clearly what is wrong: no such path, two keys, an unknown campaign', async () => {
    const missing = await runCli(['evidence', 'verify', join(work, 'nope')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
    const both = await runCli(['evidence', 'verify', reportDir, '--public-key', 'x.pem', '--server', server.url], {});
    expect(both.code).toBe(2);
    const unknown = await runCli(['campaign', 'report', 'no-such-campaign', '--out', join(work, 'none')], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/gatehouse: error: .*not found/i);
  });
});

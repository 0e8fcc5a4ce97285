/**
 * The audit log's head is tamper-evident beyond the database: signed checkpoints catch what the
 * hash chain alone cannot (the last events deleted, or an event edited and every hash after it
 * recomputed), a forged checkpoint is caught by its signature, and the log exports as JSON lines
 * (Gatehouse's shape or OCSF) from any sequence number on.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, SYSTEM, verifyChain } from '../src/modules/audit/audit.js';
import { readCheckpoints } from '../src/modules/audit/checkpoints.js';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

/** What an attacker with the database would do: recompute every hash from the edited row on. */
function rechain(db: Database.Database): void {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as Record<string, string | number | null>[];
  let prev = '0'.repeat(64);
  const update = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
  db.exec('DROP INDEX IF EXISTS audit_events_prev');
  for (const r of rows) {
    const hash = createHash('sha256').update(JSON.stringify([r.id, r.at, r.actor_type, r.actor_id, r.action, r.target_type, r.target_id, r.before, r.after, prev])).digest('hex');
    update.run(prev, hash, r.seq);
    prev = hash;
  }
}

describe('the audit log beyond its hash chain', () => {
  let t: TestServer;
  let db: Database.Database;
  const verify = async () => (await t.admin('GET', '/audit/verify')).body as Json;

  beforeAll(async () => {
    t = await startTestServer('sqlite');
    for (const name of ['Slack', 'GitHub', 'Jira', 'Notion', 'Figma', 'Zoom', 'Miro']) await t.admin('POST', '/apps', { name });
    await t.server.ctx.auditSigner.checkpoint(t.server.ctx.db.db);
    db = new Database(join(t.dataDir, 'gatehouse.db'));
  });
  afterAll(async () => {
    db?.close();
    await t?.stop();
  });

  it('signs checkpoints of the head with a key kept outside the database', async () => {
    const report = await verify();
    expect(report).toMatchObject({ ok: true, checkpoints: { checkpoints: 1 } });
    expect(report.checkpoints.verifiedThrough.seq).toBe(report.events);
    expect(statSync(join(t.dataDir, 'audit.key')).mode & 0o777).toBe(0o600);
    const published = (await t.admin('GET', '/audit/checkpoints')).body;
    expect(published.publicKey).toContain('BEGIN PUBLIC KEY');
    expect(published.items).toHaveLength(1);
    // Nothing new, no new checkpoint; something new, one more.
    expect(await t.server.ctx.auditSigner.checkpoint(t.server.ctx.db.db)).toBeUndefined();
    await t.admin('POST', '/apps', { name: 'Asana' });
    expect((await t.server.ctx.auditSigner.checkpoint(t.server.ctx.db.db))?.seq).toBe(report.events + 1);
    const reader = await t.userWithRole('basic_user');
    expect((await reader.api('GET', '/audit/checkpoints')).status).toBe(403);
  });

  it('exports JSON lines, natively or as OCSF, resuming after a sequence number', async () => {
    const cookie = await cookieOf(t);
    const native = await fetch(`${t.server.url}/api/v1/audit/export`, { headers: { cookie } });
    expect(native.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await native.text()).trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines.length).toBeGreaterThan(8);
    expect(lines[0]).toMatchObject({ seq: 1, action: 'user.bootstrap' });
    const ocsf = await fetch(`${t.server.url}/api/v1/audit/export?format=ocsf&after=${lines[2].seq}`, { headers: { cookie } });
    const events = (await ocsf.text()).trim().split('\n').map((l) => JSON.parse(l) as Json);
    expect(events).toHaveLength(lines.length - 3);
    expect(events[0]).toMatchObject({ class_uid: 6003, class_name: 'API Activity', metadata: { sequence: lines[3].seq, product: { name: 'Gatehouse' } } });
    const created = events.find((e) => e.message === 'app.create');
    expect(created).toMatchObject({ activity_id: 1, resources: [{ type: 'app' }], actor: { user: { type: 'user' } } });
    expect(typeof created.time).toBe('number');
  });

  it('notices a forged checkpoint', async () => {
    const file = t.server.ctx.auditSigner.file;
    const original = readFileSync(file, 'utf8');
    const last = readCheckpoints(file).at(-1)!;
    appendFileSync(file, JSON.stringify({ ...last, seq: last.seq + 100, at: new Date().toISOString() }) + '\n');
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.checkpoints.problem).toMatchObject({ kind: 'forged', seq: last.seq + 100 });
    writeFileSync(file, original);
    expect((await verify()).ok).toBe(true);
  });

  it('notices the last events deleted (the chain alone still holds)', async () => {
    const saved = db.prepare('SELECT * FROM audit_events ORDER BY seq DESC LIMIT 5').all() as Record<string, unknown>[];
    db.prepare('DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events ORDER BY seq DESC LIMIT 5)').run();
    const report = await verify();
    expect(report.brokenAt).toBeUndefined(); // what the chain alone says
    expect(report.ok).toBe(false);
    expect(report.checkpoints.problem.kind).toBe('truncated');
    expect(report.checkpoints.problem.reason).toContain('truncated');
    const insert = db.prepare(`INSERT INTO audit_events (${Object.keys(saved[0]!).join(', ')}) VALUES (${Object.keys(saved[0]!).map(() => '?').join(', ')})`);
    for (const row of saved.reverse()) insert.run(...Object.values(row));
    expect((await verify()).ok).toBe(true);
  });

  it('notices an edited event whose chain was recomputed', async () => {
    const victim = db.prepare("SELECT seq FROM audit_events WHERE action = 'app.create' ORDER BY seq LIMIT 1").get() as { seq: number };
    db.prepare("UPDATE audit_events SET after = replace(after, 'Slack', 'Slick') WHERE seq = ?").run(victim.seq);
    rechain(db);
    const report = await verify();
    expect(report.brokenAt).toBeUndefined(); // the chain was recomputed: it holds
    expect(report.ok).toBe(false);
    expect(report.checkpoints.problem).toMatchObject({ kind: 'rechained' });
    expect(report.checkpoints.problem.reason).toContain('recomputed');
  });
});

async function cookieOf(t: TestServer): Promise<string> {
  const res = await fetch(`${t.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery staple' }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe.each(DIALECTS)('audit appends at the same moment, on %s', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(() => t?.stop());

  it('chain one after the other, in or out of a transaction (parallel failed sign-ins append this way)', async () => {
    const { db } = t.server.ctx.db;
    await Promise.all(Array.from({ length: 25 }, (_, i) => audit(db, SYSTEM, { action: 'test.parallel', targetType: 'test', targetId: String(i) })));
    const verified = await verifyChain(db);
    expect(verified.ok).toBe(true);
    expect((await t.admin('GET', '/audit?action=test.parallel&limit=100')).body.items).toHaveLength(25);
  });
});

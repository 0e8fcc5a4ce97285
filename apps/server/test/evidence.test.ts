/**
 * A campaign's evidence report in every format, on SQLite and PostgreSQL: a campaign over Okta's
 * groups (the simulator) with approvals, one revocation carried out and synced, and items left
 * unreviewed; then its report: the workbook opens with exceljs (one row per item, styled frozen
 * header, autofilter), the PDF starts with %PDF, shows the campaign and the data files' hashes and
 * embeds their signed manifest, the same report renders the same PDF bytes, the manifest verifies,
 * and one changed byte in any file fails.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import ExcelJS from 'exceljs';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCampaign, verifyEvidence } from '../src/modules/reviews/index.js';
import { embeddedSignedText, readEmbeddedManifest, verifyEmbeddedSignature } from '../src/modules/reviews/evidence/manifest.js';
import { pdfWriter, winAnsi } from '../src/modules/reviews/evidence/pdf.js';
import { ITEM_COLUMNS, reportContext } from '../src/modules/reviews/evidence/report.js';
import { DIALECTS, startTestServer, type Api, type Json, type TestServer } from './harness.js';
import { settle, until } from './task-helpers.js';

const DAY = 86_400_000;
const DATA_FILES = ['campaign.json', 'items.csv', 'decisions.csv', 'revocations.csv', 'items.xlsx'];

/** Windows-1252's 0x80-0x9F (Node's TextDecoder reads them as Latin-1's control characters). */
const CP1252 = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';
const winAnsiText = (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80] : String.fromCharCode(b))).join('');

/** The text pdfkit drew: each stream inflated if compressed, the hex strings of its TJ operators decoded (standard fonts: WinAnsi bytes). */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const end = pdf.indexOf('\nendstream', start);
    const raw = pdf.subarray(start + 7, end);
    let body: string;
    try {
      body = inflateSync(raw).toString('latin1');
    } catch {
      body = raw.toString('latin1');
    }
    for (const tj of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) out.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => winAnsiText(Buffer.from(h[1]!, 'hex'))).join(''));
    at = end + 10;
  }
  return out.join('\n');
}

function flipByte(path: string, at = 0.5): Buffer {
  const original = readFileSync(path);
  const changed = Buffer.from(original);
  const i = Math.floor(changed.length * at);
  changed[i] = changed[i]! ^ 1;
  writeFileSync(path, changed);
  return original;
}

describe.each(DIALECTS)('evidence reports on %s', (dialect) => {
  let t: TestServer;
  let sim: OktaSimulator;
  let reviewer: { id: string; api: Api };
  let campaign: Json;
  let report: Json;
  let dir: string;
  let key: string;
  const temps: string[] = [];

  beforeAll(async () => {
    sim = await new OktaSimulator({ seed: 7, users: 40, groups: 6, apps: 1 }).start();
    t = await startTestServer(dialect);
    const appId = (await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true })).body.id;
    const connector = await t.admin('POST', `/apps/${appId}/connectors`, { type: 'okta', config: { domain: sim.url, apiToken: sim.token() }, provisioning: true });
    await t.waitForSync(connector.body.id);
    reviewer = await t.userWithRole('campaign_admin', 'reviewer@example.com');
    const policy = await reviewer.api('POST', '/review-policies', { name: 'Security team', steps: [{ name: 'Security', reviewers: { kind: 'users', userIds: [reviewer.id] } }] });
    const created = await reviewer.api('POST', '/campaigns', { name: 'Okta groups — Q3 ‘audit’', description: 'Quarterly review of group memberships.', scope: { apps: [{ appId, resourceTypes: ['group'] }] }, policyId: policy.body.id, dueAt: new Date(Date.now() + 14 * DAY).toISOString() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await reviewer.api('POST', `/campaigns/${created.body.id}/start`, {});
    await until('the campaign to run', async () => ((await reviewer.api('GET', `/campaigns/${created.body.id}`)).body.state === 'running' ? true : undefined));
    const items = (await reviewer.api('GET', `/campaigns/${created.body.id}/items?limit=1000`)).body.items as Json[];
    expect(items.length).toBeGreaterThan(5);
    // One revocation of a group people manage (Everyone cannot lose members), two left undecided, the rest approved.
    const toRevoke = items.find((i) => sim.store.groups.get(i.resource.id)?.type === 'OKTA_GROUP')!;
    const undecided = items.filter((i) => i.id !== toRevoke.id).slice(0, 2).map((i) => i.id);
    await reviewer.api('POST', '/reviews/decisions', { ids: [toRevoke.id], decision: 'revoke', comment: 'left the team' });
    await reviewer.api('POST', '/reviews/decisions', { ids: items.filter((i) => i.id !== toRevoke.id && !undecided.includes(i.id)).map((i) => i.id), decision: 'approve' });
    await reviewer.api('POST', '/reviews/submit', { campaignId: created.body.id });
    const item = await until('the revoke task', async () => {
      const i = await reviewer.api('GET', `/reviews/items/${toRevoke.id}`);
      return i.body.tasks.length ? i.body : undefined;
    });
    await settle(t.admin, item.tasks[0].id);
    await t.admin('POST', `/connectors/${connector.body.id}/sync`);
    await t.waitForSync(connector.body.id);
    await reviewer.api('POST', `/campaigns/${created.body.id}/cancel`);
    campaign = (await reviewer.api('GET', `/campaigns/${created.body.id}`)).body;
    expect(campaign.counts).toMatchObject({ revoked: 1, notReviewed: 2, approved: items.length - 3 });
    const started = Date.now();
    report = await reviewer.api('POST', `/campaigns/${campaign.id}/reports`);
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    console.log(`${dialect}: report of ${items.length} items in ${Date.now() - started} ms: ${report.body.files.map((f: Json) => `${f.name} ${f.bytes} B`).join(', ')}`);
    dir = join(t.dataDir, 'evidence', campaign.id, report.body.id);
    key = (await t.admin('GET', '/audit/checkpoints')).body.publicKey;
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    await sim?.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gatehouse-evidence-'));
    temps.push(d);
    return d;
  };

  it('writes the data files, then the PDF, then the manifest over all of them', async () => {
    expect(report.body.files.map((f: Json) => f.name)).toEqual([...DATA_FILES, 'summary.pdf']);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.files).toEqual(report.body.files);
    const check = await verifyEvidence(dir, key);
    expect(check.ok, JSON.stringify(check.lines)).toBe(true);
    expect(check.lines.map((l) => l.text)).toContain('summary.pdf: its embedded manifest is signed by the same key and agrees with manifest.json on 5 files');
    const xlsx = await reviewer.api('GET', `/campaigns/${campaign.id}/reports/${report.body.id}/items.xlsx`);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await reviewer.api('GET', `/campaigns/${campaign.id}/reports/${report.body.id}/summary.pdf`)).headers.get('content-type')).toBe('application/pdf');
  });

  it('the workbook opens with exceljs: a summary, one row per item, every decision and revocation, headers styled, frozen and filtered', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'items.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Items', 'Decisions', 'Revocations']);
    const items = wb.getWorksheet('Items')!;
    expect(items.rowCount).toBe(campaign.counts.items + 1);
    expect((items.getRow(1).values as unknown[]).slice(1)).toEqual(ITEM_COLUMNS);
    expect(items.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.autoFilter).toBeTruthy();
    // The same rows as the CSV.
    const csv = readFileSync(join(dir, 'items.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    const ids = items.getColumn(1).values.slice(2);
    expect(ids).toEqual(csv);
    const state = ITEM_COLUMNS.indexOf('state') + 1;
    const states = items.getColumn(state).values.slice(2) as string[];
    expect(states.filter((s) => s === 'revoked')).toHaveLength(1);
    expect(states.filter((s) => s === 'not_reviewed')).toHaveLength(2);
    expect(wb.getWorksheet('Revocations')!.rowCount).toBe(2);
    expect(wb.getWorksheet('Decisions')!.rowCount).toBe(readFileSync(join(dir, 'decisions.csv'), 'utf8').trim().split('\n').length);
    const summary = wb.getWorksheet('Summary')!;
    const facts = new Map<string, unknown>();
    summary.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(facts.get('Campaign')).toBe(campaign.name);
    expect(facts.get('Revoked')).toBe(1);
    expect(String(facts.get('Review policy'))).toMatch(/Security team/);
  });

  it('the PDF shows the campaign and the data files\u2019 hashes, and embeds their manifest signed with the audit key', async () => {
    const pdf = readFileSync(join(dir, 'summary.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(campaign.name);
    expect(text).toContain('Security team');
    expect(text).toMatch(/Step 1 \(Security\): named users \(reviewer@example\.com\)/);
    expect(text).toContain('Burndown');
    const files = report.body.files.filter((f: Json) => f.name !== 'summary.pdf');
    for (const f of files) expect(text, f.name).toContain(f.sha256);
    const embedded = readEmbeddedManifest(pdf)!;
    expect(embedded.files).toEqual(files.map((f: Json) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })));
    expect(embedded.publicKey.trim()).toBe(key.trim());
    expect(verifyEmbeddedSignature(embedded)).toBe(true);
    expect(text).toContain(embedded.signature);
    expect(embeddedSignedText(embedded)).toMatch(/^gatehouse-evidence-pdf:v1:\{"format":"gatehouse-evidence-pdf\/v1"/);
    // Its dates are the report's.
    expect(pdf.toString('latin1')).toContain(`/CreationDate (D:${report.body.generatedAt.replace(/[-:T]/g, '').slice(0, 14)}Z)`);
  });

  it('draws what the standard fonts can: accents folded where that helps, ? otherwise', () => {
    expect(winAnsi('Łódź — ‘Zoë’ 東京 € ok')).toBe('?ódz — ‘Zoë’ ?? € ok');
  });

  it('the same report renders the same PDF bytes', async () => {
    const at = new Date(report.body.generatedAt);
    const r = await reportContext(t.server.ctx, await loadCampaign(t.server.ctx, campaign.id), at);
    r.files.push(...report.body.files.filter((f: Json) => f.name !== 'summary.pdf'));
    const out = tempDir();
    const writer = pdfWriter({ compress: false });
    await writer.write(r, join(out, 'a.pdf'));
    await writer.write(r, join(out, 'b.pdf'));
    const a = readFileSync(join(out, 'a.pdf'));
    expect(a.equals(readFileSync(join(out, 'b.pdf')))).toBe(true);
    // Uncompressed, the campaign's hashes are in the page text as they are.
    expect(pdfText(a)).toContain(r.files[1]!.sha256);
  });

  it('one changed byte in any file fails verification, naming the file', async () => {
    for (const f of report.body.files as Json[]) {
      const path = join(dir, f.name);
      const original = flipByte(path);
      const check = await verifyEvidence(dir, key);
      expect(check.ok, f.name).toBe(false);
      expect(check.lines.filter((l) => !l.ok).map((l) => l.text)).toEqual([expect.stringMatching(new RegExp(`^${f.name.replace('.', '\\.')}: changed`))]);
      writeFileSync(path, original);
    }
    expect((await verifyEvidence(dir, key)).ok).toBe(true);
    // Another key than the server's is refused.
    const other = (await import('node:crypto')).generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const wrongKey = await verifyEvidence(dir, other);
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.lines[1]!.text).toMatch(/another key/);
  });

  it('a PDF without its manifest.json vouches for the data files beside it through its embedded manifest', async () => {
    const copy = tempDir();
    for (const name of ['summary.pdf', 'items.csv', 'decisions.csv']) copyFileSync(join(dir, name), join(copy, name));
    const good = await verifyEvidence(join(copy, 'summary.pdf'), key);
    expect(good.ok, JSON.stringify(good.lines)).toBe(true);
    expect(good.lines.map((l) => l.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^items\.csv: sha256 .* matches/), 'items.xlsx: not beside summary.pdf, not checked']));
    // One file given: the PDF beside it vouches for it.
    expect((await verifyEvidence(join(copy, 'items.csv'), key)).ok).toBe(true);
    flipByte(join(copy, 'items.csv'), 0.9);
    const bad = await verifyEvidence(join(copy, 'items.csv'), key);
    expect(bad.ok).toBe(false);
    expect(bad.lines.find((l) => !l.ok)!.text).toMatch(/^items\.csv: changed/);
    // Alone, it has nothing to vouch for: that is not a pass.
    const alone = tempDir();
    copyFileSync(join(dir, 'summary.pdf'), join(alone, 'summary.pdf'));
    const lonely = await verifyEvidence(join(alone, 'summary.pdf'), key);
    expect(lonely.ok).toBe(false);
    expect(lonely.lines.at(-1)!.text).toMatch(/nothing but the signature was verified/);
  });
});

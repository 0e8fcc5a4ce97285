/**
 * A campaign report an auditor accepts, as files in the data dir (`evidence/<campaign>/<report>/`):
 * the campaign as run (scope, policies, dates, counts, remediation) in `campaign.json`, every item
 * with its outcome in `items.csv`, every decision, reassignment and deadline action in
 * `decisions.csv`, every revocation with its task's outcome and verification in `revocations.csv`,
 * the same tables as a workbook in `items.xlsx` (xlsx.ts), a PDF summary with charts that embeds the
 * signed list of the files before it in `summary.pdf` (pdf.ts), then the signed manifest. Items are
 * read and written a page at a time, and the garbage each page leaves is collected as the report
 * goes (heap.ts), so a million items stream through in bounded memory. More
 * formats are writers added to `WRITERS`; the tables (`ITEMS`, `DECISIONS`, `REVOCATIONS`) are
 * defined once here and each writer reads them.
 */
import { stringify } from 'csv-stringify';
import { createWriteStream, mkdirSync, readdirSync, existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Context } from '../../../context.js';
import type { CampaignTable, ReviewItemTable } from '../../../db/schema.js';
import { InvalidError, NotFoundError } from '../../../errors.js';
import { audit, type Actor } from '../../audit/audit.js';
import { campaignCounts, loadCampaign } from '../campaigns.js';
import type { CampaignScope, ItemPerson } from '../model.js';
import type { PolicyPlan } from '../snapshot.js';
import { remediationOf } from '../remediation.js';
import { campaignProgress } from '../items.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, sha256File, signedText, type Manifest, type ManifestFile } from './manifest.js';
import { summaryPdf } from './pdf.js';
import { boundHeap } from './heap.js';
import { xlsxWriter } from './xlsx.js';

// Rows of a page outlive the young generation while the page is written: pages of 1,000 leave less to
// the old generation than pages of 5,000 (heap.ts collects it).
const PAGE = 1000;

export interface ReportContext {
  ctx: Context;
  campaignId: string;
  /** Every platform user's name and email (decisions name their reviewer). */
  users: Map<string, { name: string; email: string }>;
  summary: ReportSummary;
  /** The report's moment: the manifest's `generatedAt`, and the PDF's and workbook's dates. */
  generatedAt: Date;
  /** The files written so far, in order (a writer sees those before it: the PDF lists and signs them). */
  files: ManifestFile[];
}

export type ReportSummary = Awaited<ReturnType<typeof campaignSummary>>;

/** A table of the report: its columns and its rows, a page at a time. CSV and XLSX writers read the same tables. */
export interface ReportTable {
  columns: string[];
  rows: (r: ReportContext) => AsyncGenerator<unknown[][]>;
}

/** One file of the report. */
export interface ReportWriter {
  name: string;
  description: string;
  write(r: ReportContext, path: string): Promise<void>;
}

/** Every item of a campaign in id order, a page at a time. */
export async function* itemPages(ctx: Context, campaignId: string): AsyncGenerator<ReviewItemTable[]> {
  let after = '';
  for (;;) {
    const rows = await ctx.db.db.selectFrom('review_items').selectAll().where('campaign_id', '=', campaignId).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return;
  }
}

/**
 * Values come from apps and reviewers: one that starts like a formula (`=`, `+`, `-`, `@`, a tab
 * or a carriage return) would run as one when an auditor opens the CSV in a spreadsheet, so it is
 * written with a leading apostrophe (OWASP's advice for CSV injection). Numbers stay numbers.
 */
export function inertCell(v: unknown): unknown {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** Writes rows through csv-stringify into a file, waiting for the disk when it lags (memory stays bounded). */
async function writeCsv(path: string, header: string[], rows: () => AsyncGenerator<unknown[][]>): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  const csv = stringify({ header: true, columns: header });
  csv.pipe(out);
  for await (const batch of rows()) {
    for (const row of batch) if (!csv.write(row.map(inertCell))) await once(csv, 'drain');
    boundHeap();
  }
  csv.end();
  await once(out, 'close');
}

const personOf = (i: ReviewItemTable) => (i.person ? (JSON.parse(i.person) as ItemPerson) : undefined);

export const ITEM_COLUMNS = ['item_id', 'app', 'entitlement', 'entitlement_id', 'principal_type', 'principal_id', 'account', 'person', 'email', 'title', 'department', 'person_status', 'manager', 'held', 'since', 'last_use', 'recommendation', 'previous_decision', 'state', 'decision', 'decided_by', 'decided_at', 'comment', 'step', 'reviewer', 'revoke_tasks'];

export function itemRow(i: ReviewItemTable, users: ReportContext['users'], tasks: Map<string, { state: string; verification: string | null }>): unknown[] {
  const p = personOf(i);
  const sources = i.sources ? (JSON.parse(i.sources) as string[]) : [];
  const taskIds = i.task_ids ? (JSON.parse(i.task_ids) as string[]) : [];
  return [
    i.id, i.app_name, i.entitlement_name, i.entitlement_id, i.principal_type, i.principal_id, i.principal_name,
    p?.name ?? '', p?.email ?? '', p?.title ?? '', p?.department ?? '', p?.status ?? '', p?.manager ?? '',
    i.direct ? 'direct' : `through ${sources.join(', ')}`, i.first_seen ?? '', i.last_login ?? '',
    i.recommendation ? `${i.recommendation}: ${i.recommendation_reason ?? ''}` : '', i.previous_decision ?? '',
    i.state, i.state === 'pending' ? '' : (i.decision ?? ''), i.decided_by ? (users.get(i.decided_by)?.email ?? i.decided_by) : '', i.decided_at ?? '', i.comment ?? '', i.step + 1,
    i.reviewer_id ? (users.get(i.reviewer_id)?.email ?? i.reviewer_id) : '',
    taskIds.map((t) => `${t} ${tasks.get(t)?.state ?? 'unknown'}${tasks.get(t)?.verification ? `/${tasks.get(t)!.verification}` : ''}`).join('; '),
  ];
}

/** Item rows with their revoke tasks' states, a page at a time. */
export async function* itemRows(r: ReportContext): AsyncGenerator<unknown[][]> {
  for await (const page of itemPages(r.ctx, r.campaignId)) {
    const ids = page.flatMap((i) => (i.task_ids ? (JSON.parse(i.task_ids) as string[]) : []));
    const tasks = new Map(ids.length ? (await r.ctx.db.db.selectFrom('tasks').select(['id', 'state', 'verification']).where('id', 'in', ids).execute()).map((t) => [t.id, t]) : []);
    yield page.map((i) => itemRow(i, r.users, tasks));
  }
}

export const ITEMS: ReportTable = { columns: ITEM_COLUMNS, rows: itemRows };

export const DECISIONS: ReportTable = {
  columns: ['seq', 'item_id', 'at', 'kind', 'step', 'decision', 'comment', 'by', 'reviewer'],
  rows: async function* (r) {
    let after = 0;
    for (;;) {
      const rows = await r.ctx.db.db.selectFrom('review_decisions').selectAll().where('campaign_id', '=', r.campaignId).where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
      if (!rows.length) return;
      after = Number(rows[rows.length - 1]!.seq);
      yield rows.map((d) => [d.seq, d.item_id, d.at, d.kind, d.step + 1, d.decision ?? '', d.comment ?? '', d.actor_id ? (r.users.get(d.actor_id)?.email ?? d.actor_id) : 'Gatehouse', d.reviewer_id ? (r.users.get(d.reviewer_id)?.email ?? d.reviewer_id) : '']);
      if (rows.length < PAGE) return;
    }
  },
};

export const REVOCATIONS: ReportTable = {
  columns: ['item_id', 'task_id', 'summary', 'state', 'verification', 'completion', 'error', 'created_at', 'ended_at', 'verified_by'],
  rows: async function* (r) {
    let after = '';
    for (;;) {
      const rows = await r.ctx.db.db
        .selectFrom('tasks')
        .innerJoin('review_items as i', 'i.id', 'tasks.origin_id')
        .select(['tasks.id', 'tasks.origin_id', 'tasks.summary', 'tasks.state', 'tasks.verification', 'tasks.completion', 'tasks.error', 'tasks.created_at', 'tasks.ended_at'])
        .where('tasks.origin', '=', 'review')
        .where('i.campaign_id', '=', r.campaignId)
        .where('tasks.id', '>', after)
        .orderBy('tasks.id')
        .limit(PAGE)
        .execute();
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      const logs = await r.ctx.db.db.selectFrom('task_log').select(['task_id', 'message']).where('task_id', 'in', rows.map((t) => t.id)).where('message', 'like', '%confirm%').orderBy('seq').execute();
      const verifiedBy = new Map(logs.map((l) => [l.task_id, l.message]));
      yield rows.map((t) => [t.origin_id, t.id, t.summary, t.state, t.verification ?? '', t.completion ?? '', t.error ?? '', t.created_at, t.ended_at ?? '', verifiedBy.get(t.id) ?? '']);
      if (rows.length < PAGE) return;
    }
  },
};

const csvWriter = (name: string, table: ReportTable, description: string): ReportWriter => ({ name, description, write: (r, path) => writeCsv(path, table.columns, () => table.rows(r)) });
const itemsCsv = csvWriter('items.csv', ITEMS, 'every review item of the snapshot with its outcome: who held what, through what, since when, the decision, who made it and why, the revoke tasks');
const decisionsCsv = csvWriter('decisions.csv', DECISIONS, 'every submitted decision, reassignment, deadline action and removal, in order');
const revocationsCsv = csvWriter('revocations.csv', REVOCATIONS, 'every revocation: its provisioning task, how it ended, and whether a read or the next sync verified the access is gone');

const itemsXlsx = xlsxWriter([
  { name: 'Items', table: ITEMS },
  { name: 'Decisions', table: DECISIONS },
  { name: 'Revocations', table: REVOCATIONS },
]);

const campaignJson: ReportWriter = {
  name: 'campaign.json',
  description: 'the campaign as run: scope, review policies, owner, dates, due action, counts, remediation and progress',
  write: async (r, path) => writeFileSync(path, JSON.stringify(r.summary, null, 2) + '\n', { mode: 0o600 }),
};

/** The report's files, in the order they are written (the PDF after the data files it lists, the manifest last, over all of them). */
export const WRITERS: ReportWriter[] = [campaignJson, itemsCsv, decisionsCsv, revocationsCsv, itemsXlsx, summaryPdf];

const reportsDir = (ctx: Context, campaignId: string) => join(ctx.config.dataDir, 'evidence', campaignId);
const SAFE_ID = /^[0-9a-f-]{36}$/;

export interface ReportView {
  id: string;
  generatedAt: string;
  files: ManifestFile[];
  signature: string;
  publicKey: string;
}

/** The campaign as run, for campaign.json and the PDF. */
async function campaignSummary(ctx: Context, c: CampaignTable, users: ReportContext['users']) {
  const owner = users.get(c.owner_id);
  return {
    campaign: { id: c.id, name: c.name, description: c.description, state: c.state, owner: owner ? { id: c.owner_id, ...owner } : c.owner_id, createdAt: c.created_at, startedAt: c.started_at, dueAt: c.due_at, dueAction: c.due_action, completedAt: c.completed_at, approveCommentRequired: c.approve_comment_required === 1 },
    scope: JSON.parse(c.scope) as CampaignScope,
    policies: JSON.parse(c.policy) as PolicyPlan,
    snapshot: c.progress ? (JSON.parse(c.progress) as unknown) : null,
    counts: (await campaignCounts(ctx, [c.id])).get(c.id),
    remediation: await remediationOf(ctx, c.id),
    progress: await campaignProgress(ctx, c.id),
  };
}

/** What the writers of a report read: the campaign as run at `generatedAt`, no file written yet. */
export async function reportContext(ctx: Context, c: CampaignTable, generatedAt = new Date()): Promise<ReportContext> {
  const users = new Map((await ctx.db.db.selectFrom('platform_users').select(['id', 'name', 'email']).execute()).map((u) => [u.id, { name: u.name, email: u.email }]));
  return { ctx, campaignId: c.id, users, summary: await campaignSummary(ctx, c, users), generatedAt, files: [] };
}

/** Writes a new report of the campaign and signs its manifest. */
export async function createReport(ctx: Context, actor: Actor, userId: string | null, campaignId: string): Promise<ReportView> {
  const c = await loadCampaign(ctx, campaignId);
  if (c.state === 'draft' || c.state === 'starting') throw new InvalidError(`the campaign is ${c.state === 'draft' ? 'a draft' : 'starting'}: there is nothing to report yet`);
  const id = randomUUID();
  const dir = join(reportsDir(ctx, campaignId), id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const r = await reportContext(ctx, c);
  const { users, files } = r;
  for (const w of WRITERS) {
    const path = join(dir, w.name);
    await w.write(r, path);
    files.push({ name: w.name, bytes: statSync(path).size, sha256: await sha256File(path), description: w.description });
  }
  const head = await ctx.db.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const unsigned: Omit<Manifest, 'signature'> = {
    format: MANIFEST_FORMAT,
    campaign: { id: c.id, name: c.name, state: c.state },
    generatedAt: r.generatedAt.toISOString(),
    generatedBy: userId ? (users.get(userId)?.email ?? userId) : null,
    auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
    files,
    publicKey: ctx.auditSigner.publicKeyPem(),
  };
  const manifest: Manifest = { ...unsigned, signature: ctx.auditSigner.signText(signedText(unsigned)) };
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  await ctx.db.db.transaction().execute((tx) => audit(tx, actor, { action: 'campaign.report', targetType: 'campaign', targetId: campaignId, after: { reportId: id, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) } }));
  return { id, generatedAt: manifest.generatedAt, files, signature: manifest.signature, publicKey: manifest.publicKey };
}

export function listReports(ctx: Context, campaignId: string): ReportView[] {
  if (!SAFE_ID.test(campaignId)) return [];
  const dir = reportsDir(ctx, campaignId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((id) => SAFE_ID.test(id) && existsSync(join(dir, id, MANIFEST_FILE)))
    .map((id) => {
      const m = JSON.parse(readFileSync(join(dir, id, MANIFEST_FILE), 'utf8')) as Manifest;
      return { id, generatedAt: m.generatedAt, files: m.files, signature: m.signature, publicKey: m.publicKey };
    })
    .sort((a, b) => (a.generatedAt < b.generatedAt ? 1 : -1));
}

/** The path of one file of a report: only names its manifest lists (or the manifest), never a path from the caller. */
export function reportFile(ctx: Context, campaignId: string, reportId: string, name: string): string {
  // Ids are UUIDs: nothing from the URL can walk out of the evidence folder.
  if (!SAFE_ID.test(campaignId)) throw new NotFoundError('campaign', campaignId);
  if (!SAFE_ID.test(reportId)) throw new NotFoundError('report', reportId);
  const dir = join(reportsDir(ctx, campaignId), reportId);
  if (!existsSync(join(dir, MANIFEST_FILE))) throw new NotFoundError('report', reportId);
  const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  const listed = name === MANIFEST_FILE || m.files.some((f) => f.name === name);
  if (!listed) throw new NotFoundError('report file', name);
  return join(dir, name);
}

/**
 * `gatehouse campaign list|start|status|report`: access review campaigns on a running server. A
 * report is written by the server (POST /campaigns/{id}/reports), downloaded file by file with its
 * manifest, and verified against the server's audit key.
 */
import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatNumber, printJson, printTable } from '../output.js';
import { addServerOptions, serverClient, serverDownload, type ServerOptions } from '../server-client.js';
import { printChecks, serverAuditKey, evidencePackage } from './evidence.js';

interface Counts {
  items: number;
  pending: number;
  approved: number;
  revoked: number;
  notReviewed: number;
  removed: number;
  drafted: number;
  unassigned: number;
}

interface Campaign {
  id: string;
  name: string;
  state: string;
  owner: { email: string };
  dueAt: string;
  dueAction: string;
  overdue: boolean;
  counts: Counts;
  progress: { items: number } | null;
  error: string | null;
  startedAt: string | null;
  completedAt: string | null;
  remediation?: { total: number; inProgress: number; manual: number; succeeded: number; verified: number; failed: number; drift: number };
}

interface Progress {
  perApp: { id: string; name: string; pending: number; done: number }[];
  perReviewer: { id: string; name: string; pending: number; done: number }[];
}

interface Report {
  id: string;
  generatedAt: string;
  files: { name: string; bytes: number; sha256: string }[];
}

type Opts = ServerOptions & { json?: boolean };

const decided = (c: Counts) => c.items - c.pending;
const percent = (n: number, of: number) => (of ? `${Math.floor((n / of) * 100)}%` : '-');

function progressOf(c: Campaign): string {
  if (c.state === 'draft') return c.error ? `draft: ${c.error}` : 'draft';
  if (c.state === 'starting') return `taking the snapshot (${formatNumber(c.progress?.items ?? 0)} items so far)`;
  return `${formatNumber(decided(c.counts))}/${formatNumber(c.counts.items)} (${percent(decided(c.counts), c.counts.items)})`;
}

function printStatus(c: Campaign, p: Progress): void {
  const out = process.stdout;
  const k = c.counts;
  out.write(`${c.name}\n`);
  out.write(`  id:           ${c.id}\n  state:        ${c.state}${c.overdue ? ' (overdue)' : ''}\n  owner:        ${c.owner.email}\n  due:          ${c.dueAt} (then: ${c.dueAction.replace('_', ' ')})\n`);
  if (c.error) out.write(`  error:        ${c.error}\n`);
  out.write(`  progress:     ${progressOf(c)}\n`);
  out.write(`  items:        ${formatNumber(k.items)}: ${formatNumber(k.approved)} approved, ${formatNumber(k.revoked)} revoked, ${formatNumber(k.notReviewed)} not reviewed, ${formatNumber(k.removed)} removed, ${formatNumber(k.pending)} pending (${formatNumber(k.drafted)} drafted, ${formatNumber(k.unassigned)} unassigned)\n`);
  const m = c.remediation;
  if (m) out.write(`  remediation:  ${formatNumber(m.total)} revocations: ${m.inProgress} in progress, ${m.manual} manual, ${m.succeeded} succeeded (${m.verified} verified by a sync, ${m.drift} drifted), ${m.failed} failed\n`);
  if (p.perApp.length) {
    out.write('  per app:\n');
    for (const a of p.perApp) out.write(`    ${a.name.padEnd(24)} ${formatNumber(a.done + a.pending).padStart(9)} items  ${percent(a.done, a.done + a.pending).padStart(4)} decided  ${formatNumber(a.pending)} pending\n`);
  }
}

export function campaignCommand(): Command {
  const campaign = new Command('campaign').description('access review campaigns on a Gatehouse server');
  addServerOptions(
    campaign
      .command('list')
      .description('campaigns, newest first: state, due date, progress')
      .option('--state <state>', 'draft, starting, running, completed or cancelled')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print JSON'),
  ).action(async (opts: Opts & { state?: string; limit: string }) => {
    const q = new URLSearchParams({ limit: opts.limit });
    if (opts.state) q.set('state', opts.state);
    const page = await serverClient(opts)<{ items: Campaign[] }>('GET', `/campaigns?${q}`);
    if (opts.json) return printJson(page.items);
    printTable(
      page.items.map((c) => ({ id: c.id, name: c.name, state: c.state + (c.overdue ? ' (overdue)' : ''), due: c.dueAt.slice(0, 10), progress: progressOf(c) })),
      ['id', 'name', 'state', 'due', 'progress'],
    );
  });
  addServerOptions(
    campaign
      .command('start <id>')
      .description('start a draft: the snapshot is taken and reviewers are told (refused while apps\u2019 data is stale, unless --anyway)')
      .option('--anyway', 'start even though some apps\u2019 data is stale')
      .option('--json', 'print JSON'),
  ).action(async (id: string, opts: Opts & { anyway?: boolean }) => {
    const c = await serverClient(opts)<Campaign>('POST', `/campaigns/${encodeURIComponent(id)}/start`, { startAnyway: Boolean(opts.anyway) });
    if (opts.json) return printJson(c);
    process.stdout.write(`${c.name}: ${c.state}${c.state === 'starting' ? ' (taking the snapshot; see gatehouse campaign status)' : ''}\n`);
  });
  addServerOptions(campaign.command('status <id>').description('a campaign: counts, remediation, progress per app').option('--json', 'print JSON')).action(async (id: string, opts: Opts) => {
    const call = serverClient(opts);
    const c = await call<Campaign>('GET', `/campaigns/${encodeURIComponent(id)}`);
    const p = await call<Progress>('GET', `/campaigns/${encodeURIComponent(id)}/progress`);
    if (opts.json) return printJson({ ...c, perApp: p.perApp, perReviewer: p.perReviewer });
    printStatus(c, p);
  });
  addServerOptions(
    campaign
      .command('report <id>')
      .description('write an evidence report on the server, download its files and manifest, and verify them against the server\u2019s audit key')
      .option('--out <dir>', 'where to put the files (default ./evidence-<report id>)')
      .option('--json', 'print JSON'),
  ).action(async (id: string, opts: Opts & { out?: string }) => {
    const call = serverClient(opts);
    const started = Date.now();
    const report = await call<Report>('POST', `/campaigns/${encodeURIComponent(id)}/reports`);
    const dir = resolve(opts.out ?? `evidence-${report.id}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const base = `/campaigns/${encodeURIComponent(id)}/reports/${report.id}`;
    const downloaded: { name: string; bytes: number }[] = [];
    for (const name of [...report.files.map((f) => f.name), 'manifest.json']) {
      downloaded.push({ name, bytes: await serverDownload(opts, `${base}/${encodeURIComponent(name)}`, join(dir, name)) });
      if (!opts.json) process.stdout.write(`downloaded ${name} (${formatNumber(downloaded.at(-1)!.bytes)} bytes)\n`);
    }
    const key = await serverAuditKey(opts);
    const { verifyEvidence } = await evidencePackage();
    const check = await verifyEvidence(dir, key);
    if (opts.json) printJson({ report: report.id, dir, generatedAt: report.generatedAt, files: downloaded, ok: check.ok, lines: check.lines });
    else {
      printChecks(check);
      process.stdout.write(`report ${report.id} in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    }
    if (!check.ok) process.exitCode = 1;
  });
  return campaign;
}

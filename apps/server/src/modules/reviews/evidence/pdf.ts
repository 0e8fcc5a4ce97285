/**
 * `summary.pdf` (pdfkit): the campaign for a reader: its facts, scope and review policies in words,
 * the outcome counts as a bar chart, the burndown as a line chart (vector drawing, no images),
 * the reviewers and apps with the most items, remediation, and at the end the embedded manifest:
 * every data file written before it (name, bytes, SHA-256), signed with the server's audit key
 * (Ed25519 over `embeddedSignedText`, manifest.ts) and attached to the PDF as
 * `embedded-manifest.json`, so the PDF alone vouches for the files it lists. It is written after
 * the data files; manifest.json, written last, lists it too. Its dates come from the report's
 * moment, so the same report gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { EMBEDDED_FORMAT, EMBEDDED_MANIFEST_FILE, embeddedSignedText, type EmbeddedManifest } from './manifest.js';
import type { ReportContext, ReportWriter } from './report.js';
import { campaignFacts, namesOf, outcomes, policiesInWords, remediationFacts, scopeInWords } from './words.js';

/** Reviewers and apps shown (most items first); the rest are counted. */
export const TOP = 15;

const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#6b7280';
const RULE = '#d1d5db';
const ACCENT = '#1f3a5f';
const OUTCOME_COLORS: Record<string, string> = { Approved: '#2f9e44', Revoked: '#e03131', 'Not reviewed': '#f08c00', Removed: '#868e96', Pending: '#1971c2' };

type Doc = PDFKit.PDFDocument;

const DAY = 86_400_000;
const dayOf = (at: string) => Date.parse(`${at.slice(0, 10)}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fmt = (n: number) => n.toLocaleString('en-US');

export interface PdfOptions {
  /** Compress the PDF's streams (default true; tests read the text uncompressed). */
  compress?: boolean;
}

/** The characters beyond Latin-1 that Windows-1252, the standard PDF fonts' encoding, has. */
const WIN_ANSI_EXTRA = new Set('\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178');
const drawable = (ch: string) => ch.charCodeAt(0) < 256 || WIN_ANSI_EXTRA.has(ch);

/**
 * Text the standard fonts can draw: characters beyond Windows-1252 lose their accents when that
 * makes them drawable (ź → z) and are shown as ? otherwise (the CSV and XLSX keep every name as it is).
 */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    if (drawable(ch)) out += ch;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every(drawable) ? base : '?';
    }
  }
  return out;
}

/** Every string the document draws or measures, made drawable first. */
function drawableText(doc: Doc): void {
  const patch = (name: 'text' | 'heightOfString' | 'widthOfString') => {
    const original = (doc[name] as (...args: unknown[]) => unknown).bind(doc);
    (doc as unknown as Record<string, unknown>)[name] = (s: unknown, ...rest: unknown[]) => original(typeof s === 'string' ? winAnsi(s) : s, ...rest);
  };
  patch('text');
  patch('heightOfString');
  patch('widthOfString');
}

class Layout {
  constructor(readonly doc: Doc) {}
  get width() {
    return this.doc.page.width - 2 * MARGIN;
  }
  get bottom() {
    return this.doc.page.height - MARGIN;
  }
  /** A new page unless `height` points still fit on this one. */
  need(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }
  /** A section's heading, on the page where the first `keep` points of the section fit too. */
  heading(text: string, keep = 60): void {
    this.need(keep);
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(ACCENT).text(text, MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    this.doc.y = y + 6;
    this.doc.font('Helvetica').fontSize(10).fillColor(INK);
  }
  paragraph(text: string, options: { size?: number; color?: string; font?: string; indent?: number } = {}): void {
    this.doc.font(options.font ?? 'Helvetica').fontSize(options.size ?? 10).fillColor(options.color ?? INK);
    const x = MARGIN + (options.indent ?? 0);
    this.need(this.doc.heightOfString(text, { width: this.width - (options.indent ?? 0) }));
    this.doc.text(text, x, this.doc.y, { width: this.width - (options.indent ?? 0) });
  }
  /** Rows of cells at fixed column widths (fractions of the width); the first row is the header. */
  table(rows: string[][], widths: number[], options: { font?: string; size?: number; align?: ('left' | 'right')[]; header?: boolean } = {}): void {
    const size = options.size ?? 9;
    const header = options.header ?? true;
    rows.forEach((row, i) => {
      const head = header && i === 0;
      const font = head ? 'Helvetica-Bold' : (options.font ?? 'Helvetica');
      this.doc.font(font).fontSize(size);
      const height = Math.max(...row.map((cell, c) => this.doc.heightOfString(cell, { width: widths[c]! * this.width - 6 }))) + 4;
      this.need(height);
      const y = this.doc.y;
      let x = MARGIN;
      row.forEach((cell, c) => {
        const w = widths[c]! * this.width;
        this.doc.fillColor(head ? ACCENT : INK).text(cell, x, y + 2, { width: w - 6, align: options.align?.[c] ?? 'left', lineBreak: true });
        x += w;
      });
      this.doc.y = y + height;
      this.doc.moveTo(MARGIN, this.doc.y).lineTo(MARGIN + this.width, this.doc.y).lineWidth(head ? 0.8 : 0.3).strokeColor(RULE).stroke();
    });
    this.doc.fillColor(INK).font('Helvetica').fontSize(10);
  }
}

/** Horizontal bars, one per outcome, scaled to the largest. */
function barChart(l: Layout, bars: { label: string; n: number }[]): void {
  const { doc } = l;
  const rowHeight = 20;
  l.need(bars.length * rowHeight + 10);
  const labelWidth = 90;
  const countWidth = 70;
  const span = l.width - labelWidth - countWidth;
  const max = Math.max(1, ...bars.map((b) => b.n));
  const total = bars.reduce((n, b) => n + b.n, 0);
  let y = doc.y + 4;
  for (const b of bars) {
    const w = (b.n / max) * span;
    doc.font('Helvetica').fontSize(9).fillColor(INK).text(b.label, MARGIN, y + 3, { width: labelWidth - 6, lineBreak: false });
    doc.rect(MARGIN + labelWidth, y, span, rowHeight - 6).fillColor('#f3f4f6').fill();
    if (w > 0) doc.rect(MARGIN + labelWidth, y, Math.max(1, w), rowHeight - 6).fillColor(OUTCOME_COLORS[b.label] ?? ACCENT).fill();
    doc.fillColor(INK).text(`${fmt(b.n)}${total ? ` (${Math.round((b.n / total) * 100)}%)` : ''}`, MARGIN + labelWidth + span + 6, y + 3, { width: countWidth - 6, lineBreak: false });
    y += rowHeight;
  }
  doc.y = y + 4;
}

/**
 * The burndown: items still open after each day, from the start to the due date (or the last day
 * something closed, if later), with the straight line to zero at the due date for comparison.
 */
function burndown(l: Layout, r: ReportContext): void {
  const { doc } = l;
  const p = r.summary.progress;
  if (!p.items) {
    l.paragraph('No items: nothing to burn down.', { color: MUTED });
    return;
  }
  const start = dayOf(p.startedAt ?? p.perDay[0]?.day ?? r.generatedAt.toISOString());
  const due = dayOf(p.dueAt);
  const last = p.perDay.length ? dayOf(p.perDay[p.perDay.length - 1]!.day) : start;
  const from = Math.min(start, p.perDay.length ? dayOf(p.perDay[0]!.day) : start);
  const to = Math.max(due, last, from + DAY);
  const height = 170;
  l.need(height + 40);
  const left = MARGIN + 50;
  const top = doc.y + 8;
  const w = l.width - 60;
  const h = height - 30;
  const x = (ms: number) => left + ((ms - from) / (to - from)) * w;
  const y = (n: number) => top + h - (n / p.items) * h;
  // Axes and the grid: 0, half, all.
  doc.lineWidth(0.3).strokeColor(RULE);
  for (const n of [0, Math.round(p.items / 2), p.items]) {
    doc.moveTo(left, y(n)).lineTo(left + w, y(n)).stroke();
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(fmt(n), MARGIN, y(n) - 3, { width: 44, align: 'right', lineBreak: false });
  }
  doc.lineWidth(0.8).strokeColor(INK).moveTo(left, top).lineTo(left, top + h).lineTo(left + w, top + h).stroke();
  // The ideal: a straight line to zero at the due date.
  doc.save().lineWidth(0.8).strokeColor(MUTED).dash(3, { space: 3 }).moveTo(x(start), y(p.items)).lineTo(x(due), y(0)).stroke().restore();
  // The due date.
  doc.save().lineWidth(0.8).strokeColor('#e03131').dash(2, { space: 2 }).moveTo(x(due), top).lineTo(x(due), top + h).stroke().restore();
  doc.font('Helvetica').fontSize(8).fillColor('#e03131').text(`due ${isoDay(due)}`, Math.min(x(due) + 3, left + w - 60), top, { width: 60, lineBreak: false });
  // Remaining items at the end of each day: a step down on the day items closed.
  const points: [number, number][] = [[x(from), y(p.items)]];
  let remaining = p.items;
  for (const d of p.perDay) {
    const at = dayOf(d.day);
    points.push([x(at), y(remaining)]);
    remaining = d.remaining;
    points.push([x(at + DAY > to ? at : at + DAY), y(remaining)]);
  }
  const end = Math.min(to, Math.max(last + DAY, dayOf(r.generatedAt.toISOString())));
  points.push([x(end), y(remaining)]);
  doc.lineWidth(1.6).strokeColor(ACCENT).lineJoin('round');
  doc.moveTo(points[0]![0], points[0]![1]);
  for (const [px, py] of points.slice(1)) doc.lineTo(px, py);
  doc.stroke();
  // Dates under the x axis: the start, the due date's neighbourhood is labelled above.
  doc.font('Helvetica').fontSize(8).fillColor(MUTED);
  doc.text(isoDay(from), left - 20, top + h + 4, { width: 60, lineBreak: false });
  if (to !== due) doc.text(isoDay(to), left + w - 40, top + h + 4, { width: 60, align: 'right', lineBreak: false });
  doc.y = top + h + 18;
  l.paragraph(`Remaining items per day (solid), the straight line to zero at the due date (dashed). ${fmt(remaining)} of ${fmt(p.items)} open at the report.`, { size: 8, color: MUTED });
}

/** The manifest of the files before the PDF, signed with the audit key. */
export function embeddedManifest(r: ReportContext, auditHead: EmbeddedManifest['auditHead']): EmbeddedManifest {
  const unsigned: Omit<EmbeddedManifest, 'signature'> = {
    format: EMBEDDED_FORMAT,
    campaign: { id: r.summary.campaign.id, name: r.summary.campaign.name, state: r.summary.campaign.state },
    generatedAt: r.generatedAt.toISOString(),
    auditHead,
    files: r.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })),
    publicKey: r.ctx.auditSigner.publicKeyPem(),
  };
  return { ...unsigned, signature: r.ctx.auditSigner.signText(embeddedSignedText(unsigned)) };
}

async function render(doc: Doc, r: ReportContext): Promise<void> {
  const l = new Layout(doc);
  const s = r.summary;
  const names = await namesOf(r.ctx, r);
  const head = await r.ctx.db.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const manifest = embeddedManifest(r, head ? { seq: Number(head.seq), hash: head.hash } : null);

  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('GATEHOUSE \u00b7 ACCESS REVIEW EVIDENCE', MARGIN, MARGIN, { width: l.width, characterSpacing: 1 });
  doc.moveDown(0.3).font('Helvetica-Bold').fontSize(20).fillColor(INK).text(s.campaign.name, { width: l.width });
  doc.moveDown(0.2).font('Helvetica').fontSize(10).fillColor(MUTED).text(`${s.campaign.state} \u00b7 ${fmt(s.counts?.items ?? 0)} items \u00b7 report of ${manifest.generatedAt}`, { width: l.width });
  if (s.campaign.description) l.paragraph(s.campaign.description, { color: INK });

  l.heading('The campaign');
  l.table(campaignFacts(s, r.generatedAt).filter(([k]) => k !== 'Campaign' && k !== 'Description'), [0.3, 0.7], { header: false });
  l.heading('Scope');
  for (const line of scopeInWords(s, names)) l.paragraph(`\u2022 ${line}`);
  l.heading('Review policies as run');
  for (const p of policiesInWords(s, names)) {
    l.paragraph(`${p.name}${p.appliesTo ? ` \u2014 ${p.appliesTo}` : ''}`, { font: 'Helvetica-Bold' });
    for (const step of p.steps) l.paragraph(step, { indent: 12 });
  }

  l.heading('Outcomes');
  const counts = s.counts;
  l.paragraph(`${fmt(counts?.items ?? 0)} items reviewed from the snapshot taken at the start${counts?.pending ? `; ${fmt(counts.pending)} still pending` : ''}.`);
  barChart(l, outcomes(s));
  l.heading('Burndown', 260);
  burndown(l, r);

  const top = <T extends { name: string; pending: number; done: number }>(rows: T[]) => [...rows].sort((a, b) => b.pending + b.done - (a.pending + a.done) || (a.name < b.name ? -1 : 1));
  const reviewers = top(s.progress.perReviewer);
  l.heading(`Reviewers${reviewers.length > TOP ? ` (the ${TOP} with the most items of ${reviewers.length})` : ''}`);
  l.table(
    [['Reviewer', 'Items', 'Decided', 'Pending'], ...reviewers.slice(0, TOP).map((v) => [`${v.name}${r.users.get(v.id) ? ` <${r.users.get(v.id)!.email}>` : ''}`, fmt(v.done + v.pending), fmt(v.done), fmt(v.pending)])],
    [0.58, 0.14, 0.14, 0.14],
    { align: ['left', 'right', 'right', 'right'] },
  );
  if (reviewers.length > TOP) doc.moveDown(0.3);
  if (reviewers.length > TOP) l.paragraph(`and ${reviewers.length - TOP} more reviewers with ${fmt(reviewers.slice(TOP).reduce((n, v) => n + v.done + v.pending, 0))} items (items.csv has them all).`, { size: 8, color: MUTED });
  const apps = top(s.progress.perApp);
  l.heading('Apps');
  l.table([['App', 'Items', 'Decided', 'Pending'], ...apps.slice(0, TOP).map((a) => [a.name, fmt(a.done + a.pending), fmt(a.done), fmt(a.pending)])], [0.58, 0.14, 0.14, 0.14], { align: ['left', 'right', 'right', 'right'] });
  if (apps.length > TOP) l.paragraph(`and ${apps.length - TOP} more apps.`, { size: 8, color: MUTED });

  l.heading('Remediation');
  l.paragraph('Each revoke decision became a provisioning task; a sync after it confirms the access is gone.');
  l.table(remediationFacts(s).map(([k, n]) => [k, fmt(n)]), [0.4, 0.15], { align: ['left', 'right'], header: false });

  doc.addPage();
  l.heading('Embedded manifest');
  l.paragraph(`The data files of this report, written before this PDF. Signed by the server\u2019s audit key (Ed25519); the signed manifest is attached to this PDF as ${EMBEDDED_MANIFEST_FILE}.`);
  doc.moveDown(0.4);
  l.table([['File', 'Bytes', 'SHA-256'], ...manifest.files.map((f) => [f.name, fmt(f.bytes), f.sha256])], [0.18, 0.14, 0.68], { font: 'Courier', size: 7.5, align: ['left', 'right', 'left'] });
  doc.moveDown(0.8);
  if (manifest.auditHead) {
    l.paragraph('The audit log at the report (its hash chain vouches for the decisions up to it):', { size: 9, font: 'Helvetica-Bold' });
    l.paragraph(`event #${manifest.auditHead.seq}, hash ${manifest.auditHead.hash}`, { size: 7.5, font: 'Courier' });
    doc.moveDown(0.5);
  }
  l.paragraph('Signature (Ed25519, base64):', { size: 9, font: 'Helvetica-Bold' });
  l.paragraph(manifest.signature, { size: 7.5, font: 'Courier' });
  doc.moveDown(0.5);
  l.paragraph('The audit public key:', { size: 9, font: 'Helvetica-Bold' });
  l.paragraph(manifest.publicKey.trim(), { size: 7.5, font: 'Courier' });
  doc.moveDown(0.8);
  l.paragraph('How to verify', { font: 'Helvetica-Bold' });
  l.paragraph(
    [
      '1. The whole report: keep its files together with manifest.json (which lists this PDF too) and run `gatehouse evidence verify <folder> --server <url> --token <token>`: the manifest must be signed by the server\u2019s audit key (GET /api/v1/audit/checkpoints, publicKey) and every file must have its SHA-256.',
      `2. This PDF alone: \`gatehouse evidence verify summary.pdf --public-key <audit key PEM>\` reads the attached ${EMBEDDED_MANIFEST_FILE}, checks its signature and the hashes of the listed files found beside the PDF.`,
      `3. By hand: the signature is over the text "gatehouse-evidence-pdf:v1:" followed by the compact JSON of the attached manifest\u2019s fields format, campaign, generatedAt, auditHead, files (name, bytes, sha256) and publicKey, in that order. With poppler, jq and OpenSSL 3:`,
    ].join('\n'),
    { size: 8.5 },
  );
  doc.moveDown(0.3);
  l.paragraph(
    [
      `pdfdetach -save 1 -o m.json summary.pdf`,
      `jq -r .publicKey m.json > key.pem; jq -r .signature m.json | base64 -d > sig.bin`,
      `{ printf 'gatehouse-evidence-pdf:v1:'; jq -cj '{format,campaign,generatedAt,auditHead,files:[.files[]|{name,bytes,sha256}],publicKey}' m.json; } > signed.txt`,
      `openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in signed.txt -sigfile sig.bin`,
    ].join('\n'),
    { size: 7, font: 'Courier', indent: 12 },
  );
  doc.moveDown(0.3);
  l.paragraph('Then compare key.pem with the server\u2019s audit key, and sha256sum the files with the table above. The PDF\u2019s own pages are covered by manifest.json, not by this signature.', { size: 8.5 });
  doc.file(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), { name: EMBEDDED_MANIFEST_FILE, type: 'application/json', description: 'the data files of this report with their SHA-256, signed with the audit key', creationDate: r.generatedAt, modifiedDate: r.generatedAt });

  // Footers, once the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED).text(`${s.campaign.name} \u00b7 access review evidence \u00b7 page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - 32, { width: l.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

export function pdfWriter(options: PdfOptions = {}): ReportWriter {
  return {
    name: 'summary.pdf',
    description: 'a summary for reading: the campaign, scope and policies in words, outcome and burndown charts, reviewers, remediation, and the data files\u2019 SHA-256 signed with the audit key (attached as embedded-manifest.json)',
    async write(r, path) {
      const title = `Access review evidence: ${r.summary.campaign.name}`;
      const doc = new PDFDocument({
        size: 'A4',
        margin: MARGIN,
        bufferPages: true,
        compress: options.compress ?? true,
        info: { Title: title, Author: 'Gatehouse', Subject: `Campaign ${r.summary.campaign.id}, report of ${r.generatedAt.toISOString()}`, Creator: 'Gatehouse', Producer: 'Gatehouse', CreationDate: r.generatedAt, ModDate: r.generatedAt },
      });
      drawableText(doc);
      const out = createWriteStream(path, { mode: 0o600 });
      doc.pipe(out);
      try {
        await render(doc, r);
      } finally {
        doc.end();
      }
      await once(out, 'close');
    },
  };
}

export const summaryPdf = pdfWriter();

/**
 * `items.xlsx`: the report's tables as one workbook (exceljs's streaming writer): a Summary sheet,
 * then Items, Decisions and Revocations, each with a styled, frozen header row and an autofilter.
 * The rows are the CSVs' (report.ts's tables), read a page at a time and committed as they are
 * written; a sheet is finished before the next starts, so the zip takes each in turn. A table longer
 * than a sheet holds (1,048,575 rows) goes on in "Items (2)".
 *
 * exceljs hands a sheet's XML to the zip through a pass-through that buffers whatever it is given,
 * and the zip reads a little per turn of the event loop: without waiting, a million items sit in
 * memory as XML (1.7 KB a row: 800 MB at 400,000). After each page the writer waits until the zip
 * has taken it (`drained`), which keeps memory flat: 1,000,000 item rows, 118 s, a 161 MB file,
 * peak RSS 359 MB from source (355 MB at 200,000 rows).
 */
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { boundHeap } from './heap.js';
import type { ReportContext, ReportTable, ReportWriter } from './report.js';
import { campaignFacts, namesOf, outcomes, policiesInWords, remediationFacts, scopeInWords } from './words.js';

/** Excel's limits: rows per sheet (the header included), characters per cell. */
export const MAX_SHEET_ROWS = 1_048_576;
const MAX_CELL = 32_767;
/** How much sheet XML may wait for the zip before the writer waits for it. */
const BACKLOG = 1 << 20;

const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
/**
 * One style object for every data cell: exceljs remembers the style of each style object it has
 * seen, and otherwise renders a new one for every cell (half the time of a large sheet).
 */
const PLAIN: Partial<ExcelJS.Style> = {};

export interface SheetSpec {
  name: string;
  table: ReportTable;
}

type Cell = string | number | boolean;

function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  const s = String(v);
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}\u2026` : s;
}

const widthOf = (column: string) => (/(^|_)id$|^item_id|^task_id|entitlement_id/.test(column) ? 38 : /comment|summary|error|verified_by|revoke_tasks|recommendation|held/.test(column) ? 40 : 18);

/** A sheet with its header row styled, frozen below it, and committed. */
function addSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: { header: string; width: number }[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.eachCell((cell) => {
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
  });
  header.commit();
  return ws;
}

function finishSheet(ws: ExcelJS.Worksheet, rows: number, columns: number): void {
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows), column: columns } };
  ws.commit();
}

function addRow(ws: ExcelJS.Worksheet, values: Cell[]): void {
  const row = ws.addRow(values);
  row.eachCell((cell) => {
    cell.style = PLAIN;
  });
  row.commit();
}

/** The XML a sheet has written that the zip has not taken yet (exceljs internals: its StreamBuf and the pass-through the zip reads). */
function backlog(ws: ExcelJS.Worksheet): number {
  type Held = { length?: number };
  const stream = (ws as unknown as { _stream?: { buffers?: Held[]; pipes?: { _readableState?: Held; _writableState?: Held }[] } })._stream;
  if (!stream) return 0;
  const held = (stream.buffers ?? []).reduce((n, b) => n + (b.length ?? 0), 0);
  return held + (stream.pipes ?? []).reduce((n, p) => n + (p._readableState?.length ?? 0) + (p._writableState?.length ?? 0), 0);
}

async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  while (backlog(ws) > BACKLOG) await new Promise((r) => setTimeout(r, 1));
}

async function writeTable(wb: ExcelJS.stream.xlsx.WorkbookWriter, r: ReportContext, spec: SheetSpec): Promise<void> {
  const columns = spec.table.columns.map((c) => ({ header: c, width: widthOf(c) }));
  let part = 1;
  let ws = addSheet(wb, spec.name, columns);
  let rows = 1;
  for await (const page of spec.table.rows(r)) {
    for (const values of page) {
      if (rows === MAX_SHEET_ROWS) {
        finishSheet(ws, rows, columns.length);
        ws = addSheet(wb, `${spec.name} (${++part})`, columns);
        rows = 1;
      }
      addRow(ws, values.map(cellOf));
      rows++;
    }
    await drained(ws);
    boundHeap();
  }
  finishSheet(ws, rows, columns.length);
}

/** The Summary sheet: the campaign's facts, scope and policies in words, counts, remediation, per app. */
async function writeSummary(wb: ExcelJS.stream.xlsx.WorkbookWriter, r: ReportContext): Promise<void> {
  const names = await namesOf(r.ctx, r);
  const ws = addSheet(wb, 'Summary', [
    { header: 'field', width: 32 },
    { header: 'value', width: 90 },
  ]);
  const rows: Cell[][] = [];
  for (const [label, value] of campaignFacts(r.summary, r.generatedAt)) rows.push([label, value]);
  for (const line of scopeInWords(r.summary, names)) rows.push(['Scope', line]);
  for (const p of policiesInWords(r.summary, names)) {
    rows.push(['Review policy', `${p.name}${p.appliesTo ? ` (${p.appliesTo})` : ''}`]);
    for (const step of p.steps) rows.push(['', step]);
  }
  rows.push(['Items', r.summary.counts?.items ?? 0]);
  for (const o of outcomes(r.summary)) rows.push([o.label, o.n]);
  for (const [label, n] of remediationFacts(r.summary)) rows.push([label, n]);
  for (const a of r.summary.progress.perApp) rows.push([`App ${a.name}`, `${a.done} decided, ${a.pending} pending`]);
  rows.push(['Verification', 'manifest.json lists this file with its SHA-256, signed with the server\u2019s audit key: gatehouse evidence verify <report folder>']);
  for (const row of rows) addRow(ws, row.map(cellOf));
  finishSheet(ws, rows.length + 1, 2);
}

/** A workbook writer over the report's tables, one sheet each after the Summary. */
export function xlsxWriter(sheets: SheetSpec[], name = 'items.xlsx'): ReportWriter {
  return {
    name,
    description: `the report as a workbook: a Summary sheet, then ${sheets.map((s) => s.name).join(', ')} (the CSVs' rows; a sheet that is full goes on in the next, "${sheets[0]?.name ?? 'Items'} (2)")`,
    async write(r, path) {
      const out = createWriteStream(path, { mode: 0o600 });
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = 'Gatehouse';
      wb.lastModifiedBy = 'Gatehouse';
      wb.created = r.generatedAt;
      wb.modified = r.generatedAt;
      wb.title = `Access review: ${r.summary.campaign.name}`;
      await writeSummary(wb, r);
      for (const s of sheets) await writeTable(wb, r, s);
      await wb.commit();
    },
  };
}

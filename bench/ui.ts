/**
 * The access explorer at size, in Chromium. A catalog of a few hundred thousand grants (the Okta
 * connector syncing its simulator) is served by a real server; the explorer's grants table is
 * opened and scrolled through `--rows` rows (10,000 by default; the default catalog has room for
 * 100,000: `--rows 100000`). It prints:
 *  - time to the first rows on screen / time of the same API page fetched alone (the UI's overhead);
 *  - rows in the DOM after all are loaded (virtualised: it should stay near one screenful);
 *  - time per further page while scrolling, up to 10,000 rows and from there to `--rows`;
 *  - the page's JS heap at the first page, after 10,000 rows and after `--rows` (as the page reports
 *    it, garbage included, and after a forced collection: what the page really keeps), and its
 *    median and peak while scrolling;
 *  - scrolling back: time until the rows in the middle and at the top are on screen again, and
 *    whether they are the rows first seen there (same order, none blank).
 *
 * npm run bench -- ui [--users N --groups N --apps N --rows N]
 */
import { oktaConnector } from '@gatehouse/connector-okta';
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { silentLogger } from '@gatehouse/sdk';
import { syncOnce } from '@gatehouse/sdk/testkit';
import { ingestSyncFile, matchAllApps, startServer, syncPeopleFromDirectory } from '@gatehouse/server';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureWebBuilt } from '../apps/web/scripts/ensure-built.mjs';
import { parseBenchArgs } from './args.js';

const ADMIN = { email: 'bench@example.com', password: 'a long enough password' };

function parseArgs(args: string[]) {
  return parseBenchArgs({ users: 30_000, groups: 1500, apps: 150, rows: 10_000 }, args);
}

export async function run(args: string[]): Promise<void> {
  const o = parseArgs(args);
  await ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-ui-'));
  const sim = await new OktaSimulator({ seed: 5, users: o.users, groups: o.groups, apps: o.apps }).start();
  const file = join(dir, 'okta.sync');
  const synced = await syncOnce(oktaConnector, { domain: sim.url, apiToken: sim.token() }, file);
  await sim.close();
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: join(dir, 'gatehouse.db'), pollMs: 60_000, schedules: false }, { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password, GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' } });
  const profile = mkdtempSync(join(tmpdir(), 'gatehouse-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    // With the browser's session, sending Origin as the page itself does (the server refuses a session cookie without it).
    const app = await page.request.post(`${server.url}/api/v1/apps`, { headers: { origin: server.url }, data: { name: 'Okta', isDirectory: true } });
    if (!app.ok()) throw new Error(`creating the app: ${app.status()} ${await app.text()}`);
    const appId = ((await app.json()) as { id: string }).id;
    await ingestSyncFile(server.ctx.db, appId, randomUUID(), file);
    await syncPeopleFromDirectory(server.ctx.db, appId);
    await matchAllApps(server.ctx.db);
    console.log(`catalog: ${synced.grants.toLocaleString()} grants of ${o.users.toLocaleString()} users, ${o.groups} groups, ${o.apps} apps`);

    for (const path of ['/stats', '/apps?managed=true', '/auth/me']) {
      const started = performance.now();
      await page.request.get(`${server.url}/api/v1${path}`);
      console.log(`  GET ${path}: ${(performance.now() - started).toFixed(0)} ms`);
    }
    // The baseline: the first page alone, as the browser fetches it (median of 5).
    const apiTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await page.request.get(`${server.url}/api/v1/grants?appId=${appId}&limit=200`);
      apiTimes.push(performance.now() - started);
    }
    const apiMs = apiTimes.sort((a, b) => a - b)[2]!;

    const heap = () => page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
    // What the page keeps: the heap after a full collection (twice: the first may leave weak
    // references and finalisers for the second).
    const heapKept = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as { gc?: () => void };
        w.gc?.();
        w.gc?.();
        return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      });
    const uiTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}/`);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const started = performance.now();
      await page.getByRole('link', { name: 'Access explorer' }).click();
      await page.getByRole('table', { name: 'Grants' }).locator('tbody tr[data-index]').first().waitFor();
      uiTimes.push(performance.now() - started);
    }
    const uiMs = uiTimes.sort((a, b) => a - b)[1]!;
    const heapBefore = await heap();
    const keptBefore = await heapKept();

    // The rows on screen, by index: their text, or null for a row whose page is not there yet.
    const table = page.getByRole('table', { name: 'Grants' });
    const onScreen = () =>
      table.evaluate((t) =>
        [...t.querySelectorAll('tbody tr[data-index]')].map((tr) => ({ index: Number(tr.getAttribute('data-index')), text: tr.hasAttribute('aria-busy') ? null : (tr as unknown as { innerText: string }).innerText.trim() })),
      );
    const seen = new Map<number, string>();
    const remember = async () => {
      for (const r of await onScreen()) if (r.text) seen.set(r.index, r.text);
    };

    // Scroll to the end of what is loaded until `rows` rows are there.
    const scroller = page.getByLabel('Grants (scrollable)');
    const status = page.getByText(/ loaded, more as you scroll| rows$/);
    const loaded = async () => Number((/^([\d,.\s\u202f]+)/.exec(await status.first().innerText())?.[1] ?? '0').replace(/\D/g, ''));
    const CHECKPOINT = 10_000;
    // The heap as the page reports it, garbage included, sampled in the page while it scrolls.
    await page.evaluate(() => {
      const w = globalThis as unknown as { heapSamples: number[]; performance: { memory?: { usedJSHeapSize: number } } };
      w.heapSamples = [];
      setInterval(() => w.heapSamples.push(w.performance.memory?.usedJSHeapSize ?? 0), 250);
    });
    const takeSamples = async () => {
      const samples = (await page.evaluate(() => (globalThis as unknown as { heapSamples: number[] }).heapSamples.splice(0))).sort((a, b) => a - b);
      return { median: samples[Math.floor(samples.length / 2)] ?? 0, max: samples[samples.length - 1] ?? 0 };
    };
    let checkpoint: { rows: number; msPerPage: number; heap: number; kept: number; sampled: { median: number; max: number } } | undefined;
    let segmentStarted = performance.now();
    let pages = 0;
    let n = await loaded();
    await remember();
    let middle: number | undefined;
    while (n < o.rows) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const before = n;
      const deadline = Date.now() + 20_000;
      while ((n = await loaded()) === before && Date.now() < deadline) await page.waitForTimeout(10);
      if (n === before) throw new Error(`no more rows after ${n}`);
      pages++;
      // The rows around the middle as they were first seen, to compare when scrolled back to.
      if (middle === undefined && before >= o.rows / 2) {
        await remember();
        middle = Math.max(...seen.keys()) - 20;
      }
      if (!checkpoint && n >= CHECKPOINT && o.rows > CHECKPOINT) {
        const msPerPage = (performance.now() - segmentStarted) / pages;
        checkpoint = { rows: n, msPerPage, heap: await heap(), sampled: await takeSamples(), kept: await heapKept() };
        segmentStarted = performance.now();
        pages = 0;
      }
    }
    const perPage = (performance.now() - segmentStarted) / Math.max(1, pages);
    const domRows = await page.locator('tbody tr[data-index]').count();
    const heapAfter = await heap();
    const sampledAfter = await takeSamples();
    const keptAfter = await heapKept();
    const total = await loaded();

    // Scrolling back: to the middle, then to the top. The rows there must be the ones first seen.
    const back = async (index: number) => {
      const started = performance.now();
      await scroller.evaluate((el, top) => el.scrollTo(0, top), index * 41);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const rows = await onScreen();
        const near = rows.filter((r) => r.index >= index && r.index < index + 10);
        if (near.length === 10 && near.every((r) => r.text !== null)) {
          const ms = performance.now() - started;
          const compared = rows.filter((r) => r.text !== null && seen.has(r.index));
          const wrong = compared.filter((r) => seen.get(r.index) !== r.text).length;
          const ordered = rows.every((r, i) => i === 0 || r.index === rows[i - 1]!.index + 1);
          return { ms, compared: compared.length, wrong, ordered };
        }
        if (Date.now() > deadline) throw new Error(`rows from ${index} not on screen after scrolling back`);
        await page.waitForTimeout(5);
      }
    };
    const backToMiddle = await back(middle ?? 0);
    const backToTop = await back(0);

    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(`first rows on screen: ${uiMs.toFixed(0)} ms; the API page alone: ${apiMs.toFixed(0)} ms -> ratio ${(uiMs / apiMs).toFixed(2)}`);
    if (checkpoint) console.log(`scrolled to ${checkpoint.rows.toLocaleString()} rows: ${checkpoint.msPerPage.toFixed(0)} ms per page of 200; from there to ${total.toLocaleString()}: ${perPage.toFixed(0)} ms per page`);
    else console.log(`scrolled to ${total.toLocaleString()} rows: ${perPage.toFixed(0)} ms per page of 200`);
    console.log(`rows in the DOM with ${total.toLocaleString()} loaded: ${domRows} (virtualised)`);
    console.log(`page JS heap (reported / after a collection): ${mb(heapBefore)} / ${mb(keptBefore)} MB at the first page` + (checkpoint ? `, ${mb(checkpoint.heap)} / ${mb(checkpoint.kept)} MB with ${checkpoint.rows.toLocaleString()} rows` : '') + `, ${mb(heapAfter)} / ${mb(keptAfter)} MB with ${total.toLocaleString()} rows`);
    console.log(`page JS heap while scrolling (reported, median / max): ` + (checkpoint ? `${mb(checkpoint.sampled.median)} / ${mb(checkpoint.sampled.max)} MB up to ${checkpoint.rows.toLocaleString()} rows, then ` : '') + `${mb(sampledAfter.median)} / ${mb(sampledAfter.max)} MB up to ${total.toLocaleString()}`);
    console.log(`kept per row scrolled: ${((keptAfter - keptBefore) / total).toFixed(0)} bytes`);
    for (const [name, r] of [['middle', backToMiddle], ['top', backToTop]] as const) console.log(`back to the ${name}: rows on screen in ${r.ms.toFixed(0)} ms; ${r.compared} compared with when first seen, ${r.wrong} different, ${r.ordered ? 'in order' : 'OUT OF ORDER'}`);
    console.log(
      JSON.stringify({
        bench: 'ui',
        grants: synced.grants,
        firstRowsMs: Math.round(uiMs),
        apiPageMs: Math.round(apiMs),
        ratio: Number((uiMs / apiMs).toFixed(2)),
        rowsLoaded: total,
        domRows,
        msPerPage: Math.round(checkpoint?.msPerPage ?? perPage),
        msPerPageAfter10k: checkpoint ? Math.round(perPage) : undefined,
        heapBeforeMB: Math.round(heapBefore / 1e6),
        heapAt10kMB: checkpoint ? Math.round(checkpoint.heap / 1e6) : undefined,
        heapAfterMB: Math.round(heapAfter / 1e6),
        heapMaxTo10kMB: checkpoint ? Math.round(checkpoint.sampled.max / 1e6) : undefined,
        heapMaxMB: Math.round(sampledAfter.max / 1e6),
        keptBeforeMB: Math.round(keptBefore / 1e6),
        keptAt10kMB: checkpoint ? Math.round(checkpoint.kept / 1e6) : undefined,
        keptAfterMB: Math.round(keptAfter / 1e6),
        backToMiddleMs: Math.round(backToMiddle.ms),
        backToTopMs: Math.round(backToTop.ms),
        rowsBackWrong: backToMiddle.wrong + backToTop.wrong,
      }),
    );
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    if (process.env.GATEHOUSE_BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

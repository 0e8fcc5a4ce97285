/**
 * The access explorer at size, in Chromium. A catalog of a few hundred thousand grants (the Okta
 * connector syncing its simulator) is served by a real server; the explorer's grants table is
 * opened and scrolled through 10,000 rows. It prints:
 *  - time to the first rows on screen / time of the same API page fetched alone (the UI's overhead);
 *  - rows in the DOM after 10,000 are loaded (virtualised: it should stay near one screenful);
 *  - time per further page while scrolling, and the page's JS heap before and after.
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
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const app = await page.request.post(`${server.url}/api/v1/apps`, { data: { name: 'Okta', isDirectory: true } });
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

    // Scroll to the end of what is loaded until `rows` rows are there.
    const scroller = page.getByLabel('Grants (scrollable)');
    const status = page.getByText(/ loaded, more as you scroll| rows$/);
    const loaded = async () => Number((/^([\d,.\s\u202f]+)/.exec(await status.first().innerText())?.[1] ?? '0').replace(/\D/g, ''));
    const scrollStarted = performance.now();
    let pages = 0;
    for (let n = await loaded(); n < o.rows; ) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      const before = n;
      const deadline = Date.now() + 20_000;
      while ((n = await loaded()) === before && Date.now() < deadline) await page.waitForTimeout(10);
      if (n === before) throw new Error(`no more rows after ${n}`);
      pages++;
    }
    const perPage = (performance.now() - scrollStarted) / pages;
    const domRows = await page.locator('tbody tr[data-index]').count();
    const heapAfter = await heap();
    const total = await loaded();

    console.log(`first rows on screen: ${uiMs.toFixed(0)} ms; the API page alone: ${apiMs.toFixed(0)} ms -> ratio ${(uiMs / apiMs).toFixed(2)}`);
    console.log(`scrolled to ${total.toLocaleString()} rows in ${pages} pages: ${perPage.toFixed(0)} ms per page of 200`);
    console.log(`rows in the DOM with ${total.toLocaleString()} loaded: ${domRows} (virtualised)`);
    console.log(`page JS heap: ${(heapBefore / 1e6).toFixed(1)} MB at the first page, ${(heapAfter / 1e6).toFixed(1)} MB with ${total.toLocaleString()} rows`);
    console.log(JSON.stringify({ bench: 'ui', grants: synced.grants, firstRowsMs: Math.round(uiMs), apiPageMs: Math.round(apiMs), ratio: Number((uiMs / apiMs).toFixed(2)), rowsLoaded: total, domRows, msPerPage: Math.round(perPage), heapBeforeMB: Math.round(heapBefore / 1e6), heapAfterMB: Math.round(heapAfter / 1e6) }));
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    if (process.env.GATEHOUSE_BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

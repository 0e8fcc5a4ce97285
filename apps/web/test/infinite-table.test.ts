/**
 * The infinite table far from its start, in Chromium: the explorer's grants (a few thousand, some
 * thirty pages) scrolled to the end and back. Only the pages near the view are kept, so scrolling
 * back fetches pages again by the cursors first seen; the rows must come back the same, in order,
 * none blank, at the same place, and the scrollbar must keep spanning every row.
 */
import { oktaConnector } from '@gatehouse/connector-okta';
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { syncOnce } from '@gatehouse/sdk/testkit';
import { ingestSyncFile } from '@gatehouse/server';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';
import { runnable, startUi, type Ui } from './browser.js';

const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };
const ROW_HEIGHT = 41;

describe.skipIf(!runnable)('the infinite table far down and back', () => {
  let ui: Ui;
  let page: Page;
  let url: string;
  let appId: string;
  let grants: number;
  let dir: string;
  /** The cursor of every grants page the browser asked for, in order (none for the first page). */
  const asked: (string | null)[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-ui-scroll-'));
    const sim = await new OktaSimulator({ seed: 9, users: 300, groups: 30, apps: 8 }).start();
    const file = join(dir, 'okta.sync');
    grants = (await syncOnce(oktaConnector, { domain: sim.url, apiToken: sim.token() }, file)).grants;
    await sim.close();
    ui = await startUi('scroll', ADMIN);
    ({ url, page } = ui);
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const app = await page.request.post(`${url}/api/v1/apps`, { headers: { origin: url }, data: { name: 'Okta', isDirectory: true } });
    appId = ((await app.json()) as { id: string }).id;
    await ingestSyncFile(ui.server.ctx.db, appId, randomUUID(), file);
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/grants') asked.push(u.searchParams.get('cursor'));
    });
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The rows the table has rendered: index, text (null while its page is being fetched) and offset from the first row's place. */
  const rendered = (table: Locator) =>
    table.evaluate((t) => {
      // Where the first row would be: below the header (sticky, so measured by its height).
      const origin = t.getBoundingClientRect().top + t.querySelector('thead')!.getBoundingClientRect().height;
      return [...t.querySelectorAll('tbody tr[data-index]')].map((tr) => ({
        index: Number(tr.getAttribute('data-index')),
        text: tr.hasAttribute('aria-busy') ? null : (tr as unknown as { innerText: string }).innerText.trim(),
        top: Math.round(tr.getBoundingClientRect().top - origin),
      }));
    });
  const count = (text: string) => Number(/^[\d,.\s\u202f]+/.exec(text)?.[0].replace(/\D/g, '') ?? NaN);

  it('keeps every row in its place and order when scrolled to the end and back', async () => {
    expect(grants).toBeGreaterThan(3000);
    await page.goto(`${url}/explorer?app=${appId}`);
    const table = page.getByRole('table', { name: 'Grants' });
    const scroller = page.getByLabel('Grants (scrollable)');
    await table.locator('tbody tr[data-index]').first().waitFor();

    // Down to the end, remembering each row as first seen.
    const seen = new Map<number, string>();
    const remember = async () => {
      for (const r of await rendered(table)) if (r.text !== null) seen.set(r.index, r.text);
    };
    const status = page.getByText(/ loaded, more as you scroll| rows$/);
    for (let i = 0; i < 200; i++) {
      await remember();
      const text = await status.innerText();
      if (/ rows$/.test(text)) break;
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(async () => count(await status.innerText()), { timeout: 15_000 }).toBeGreaterThan(count(text));
    }
    expect(await status.innerText()).toMatch(/ rows$/);
    expect(count(await status.innerText())).toBe(grants);
    const height = await scroller.evaluate((el) => el.scrollHeight);
    const firstPages = asked.length;
    expect(new Set(asked).size).toBe(firstPages); // each page fetched once on the way down

    // Back to places seen on the way (about the middle, a quarter, the top). Each time the rows
    // there come back (fetched again): the same rows in the same order, none blank, in their place.
    const seenAt = (target: number) => [...seen.keys()].reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
    for (const index of [seenAt(grants / 2) - 5, seenAt(grants / 4) - 5, 0].map((i) => Math.max(0, i))) {
      await scroller.evaluate((el, top) => el.scrollTo(0, top), index * ROW_HEIGHT);
      await expect.poll(async () => (await rendered(table)).some((r) => r.text === null || r.index > index + 40), { timeout: 15_000 }).toBe(false);
      const rows = await rendered(table);
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.map((r) => r.index)).toEqual(rows.map((_, k) => rows[0]!.index + k));
      for (const r of rows) {
        expect(r.text, `row ${r.index}`).toBeTruthy();
        if (seen.has(r.index)) expect(r.text, `row ${r.index}`).toBe(seen.get(r.index));
        expect(r.top, `row ${r.index}`).toBe(r.index * ROW_HEIGHT);
      }
      expect(rows.filter((r) => seen.has(r.index)).length, `rows seen before around ${index}`).toBeGreaterThanOrEqual(10);
      expect(await scroller.evaluate((el) => el.scrollHeight)).toBe(height);
    }
    // The pages scrolled back to were fetched again, by the cursors given out on the way down.
    const again = asked.slice(firstPages);
    expect(again.length).toBeGreaterThan(0);
    expect(again.length, 'pages fetched for three stops (a jump fetches none on the way)').toBeLessThanOrEqual(3 * 4);
    expect(again).toContain(null);
    for (const cursor of again) expect(asked.slice(0, firstPages)).toContain(cursor);
    expect(count(await status.innerText())).toBe(grants);
  });
});

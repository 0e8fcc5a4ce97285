/**
 * Notifications in the browser: the header's inbox bell counts what is unread, the inbox opens a
 * notification where it points (and marks it read), and Settings → Notifications adds a webhook
 * (refusing a URL the outbound policy forbids, next to the field), shows its generated secret once
 * and sends a signed test to a real receiver. Screenshots land in test-results/ui/.
 */
import { OutboundPolicy, silentLogger } from '@gatehouse/sdk';
import { startServer, type RunningServer } from '@gatehouse/server';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../scripts/ensure-built.mjs';

const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../..', 'test-results', 'ui');
const ADMIN = { email: 'admin@acme.example', password: 'a long enough password' };

const runnable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!runnable) console.warn(`Browser tests not run: no Chromium at ${CHROMIUM} (apt-get install chromium, or set GATEHOUSE_CHROMIUM)`);

describe.skipIf(!runnable)('notifications in Chromium', () => {
  let server: RunningServer;
  let receiver: Server;
  let receiverUrl: string;
  const hits: { headers: IncomingHttpHeaders; body: string }[] = [];
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  let profileDir: string;
  let url: string;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  // With the browser's session, sending Origin as the page itself does (the server refuses a session cookie without it).
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await page.request.fetch(`${url}/api/v1${path}`, { method, headers: { origin: url }, data: body === undefined ? undefined : (body as object), failOnStatusCode: false });
    return { status: res.status(), body: await res.json() };
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests in CI: ${CHROMIUM} is missing (apt-get install chromium)`);
    await ensureWebBuilt();
    mkdirSync(SHOTS, { recursive: true });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-ui-notify-'));
    server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 100, schedules: false, outbound: OutboundPolicy.parse('127.0.0.1/32') },
      { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: ADMIN.email, GATEHOUSE_ADMIN_PASSWORD: ADMIN.password, GATEHOUSE_OUTBOUND_ALLOW: '127.0.0.1/32' } },
    );
    url = server.url;
    profileDir = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      viewport: { width: 1280, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('counts unread notifications in the header, and the inbox opens one where it points', async () => {
    await page.goto(`${url}/login`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: nothing unread');

    // Naming the admin an owner of a new connector notifies them.
    const me = (await api('GET', '/auth/me')).body;
    const app = (await api('POST', '/apps', { name: 'Billing' })).body;
    // Never synced, so it need not exist; but a domain is checked against the outbound policy when
    // saved (a name must resolve): a loopback address the test allows.
    const connector = await api('POST', `/apps/${app.id}/connectors`, { type: 'okta', config: { domain: 'http://127.0.0.1:9', apiToken: 'x' }, syncNow: false, owners: [me.id] });
    expect(connector.status).toBe(201);
    await page.reload();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: 1 unread');
    await page.getByTestId('inbox-bell').click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    const item = page.locator('[data-unread="true"]');
    await item.getByText('You are now an owner of the Billing connector').waitFor();
    await shot('inbox');
    await item.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(new RegExp(`/apps/${app.id}\\?connector=${connector.body.id}`));
    await page.getByRole('heading', { name: 'Billing', level: 2 }).waitFor();
    await expect.poll(() => page.getByTestId('inbox-bell').getAttribute('aria-label')).toBe('Inbox: nothing unread');
  });

  it('adds a webhook in Settings → Notifications, refuses a forbidden URL at the field, and sends a signed test', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 2 }).waitFor();
    await page.getByText('not configured').waitFor();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Name').fill('Security channel');
    await form.getByRole('textbox', { name: 'URL' }).fill('https://169.254.169.254/latest/meta-data/');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await expect.poll(() => form.textContent()).toContain('the cloud metadata endpoint');
    await shot('webhook-refused');
    await form.getByRole('textbox', { name: 'URL' }).fill(receiverUrl);
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await form.waitFor({ state: 'detached' });
    const secret = (await page.getByTestId('signing-secret').textContent())!;
    expect(secret).toMatch(/^whsec_/);

    const card = page.locator('[data-webhook="Security channel"]');
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText('Test delivered').waitFor();
    expect(hits).toHaveLength(1);
    const { headers, body } = hits[0]!;
    expect(headers['x-gatehouse-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${String(headers['x-gatehouse-timestamp'])}.${body}`).digest('hex')}`);
    // The recent notifications show the one the inbox had, delivered in-app only (no email configured).
    await expect.poll(() => page.getByRole('table', { name: 'Recent notifications' }).textContent()).toContain('You are now an owner of the Billing connector');
    await shot('notification-settings');
    // The secret was shown once: after a reload it is only "set".
    await page.reload();
    await card.getByText('Signing secret set').waitFor();
    expect(await page.content()).not.toContain(secret);
  });
});

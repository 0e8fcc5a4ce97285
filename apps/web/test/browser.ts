/**
 * What every browser test starts: a Gatehouse server on a fresh embedded database (the loopback
 * simulators allowed by its outbound policy) and Debian's Chromium, headless, driven by
 * playwright-core; and the guard that skips them, saying why, where Chromium is missing (CI has it
 * and must run them).
 */
import { silentLogger } from '@gatehouse/sdk';
import { startServer, type RunningServer } from '@gatehouse/server';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../..', 'test-results', 'ui');
/** The simulators and receivers the tests start listen here. */
export const LOOPBACK = '127.0.0.1/32';

export const runnable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!runnable) console.warn(`Browser tests not run: no Chromium at ${CHROMIUM} (apt-get install chromium, or set GATEHOUSE_CHROMIUM)`);

export interface Ui {
  server: RunningServer;
  url: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** A server whose first admin is `admin` (and `env`'s settings), and a browser with one page; `close` ends both and removes their folders. */
export async function startUi(name: string, admin: { email: string; password: string }, env: Record<string, string> = {}): Promise<Ui> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required for the browser tests in CI: ${CHROMIUM} is missing (apt-get install chromium)`);
  const dataDir = mkdtempSync(join(tmpdir(), `gatehouse-ui-${name}-`));
  const server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 100, schedules: false },
    { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: admin.email, GATEHOUSE_ADMIN_PASSWORD: admin.password, GATEHOUSE_OUTBOUND_ALLOW: LOOPBACK, ...env } },
  );
  const profileDir = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
  // As root in a closed network: no sandbox, and none of Chromium's own background connections.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    server,
    url: server.url,
    context,
    page,
    async close() {
      await context.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

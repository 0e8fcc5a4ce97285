/**
 * Builds the web UI when apps/web/dist is missing or older than its sources, so that `npm start`
 * and the browser tests work on a fresh clone without a separate build step. Quiet when fresh.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

export async function ensureWebBuilt() {
  const built = join(root, 'dist', 'index.html');
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => newest(join(root, f))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return false;
  const { build } = await import('vite');
  // The production build, whoever asks: under vitest NODE_ENV is `test`, and Vite would bundle
  // React's development build (slower, warnings on) for the browser tests and the benchmarks.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, mode: 'production', logLevel: 'warn', configFile: join(root, 'vite.config.ts') });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  if (await ensureWebBuilt()) process.stderr.write(`web UI built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

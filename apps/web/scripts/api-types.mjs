/**
 * Generates apps/web/src/api-types.ts from the server's OpenAPI document, so that the UI's API
 * types are the server's response schemas (zod → /openapi.json → TypeScript), never written by hand.
 *
 * The server builds its document when it starts (every route registers its schema), so this starts
 * one on a throwaway data directory with no job worker and no schedules, on port 0 of the loopback,
 * reads /openapi.json through Fastify's inject (no request leaves the process) and closes it.
 *
 *   npm run api-types -w @gatehouse/web            writes the file
 *   npm run api-types -w @gatehouse/web -- --check fails if the checked-in file is stale
 */
import { silentLogger } from '@gatehouse/sdk';
import { startServer } from '@gatehouse/server';
import openapiTS, { astToString } from 'openapi-typescript';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const API_TYPES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api-types.ts');

const HEADER = `/**
 * Generated from the server's OpenAPI document by apps/web/scripts/api-types.mjs: do not edit.
 * After changing a route's schema, run \`npm run api-types -w @gatehouse/web\`.
 */
`;

/** The server's OpenAPI document, from a server started only for this. */
export async function serverOpenApi() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-openapi-'));
  try {
    const server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: join(dataDir, 'gatehouse.db'), pollMs: 60_000, schedules: false },
      // A fixed admin password: otherwise one is generated (slowly hashed) for nothing.
      { logger: silentLogger(), env: { GATEHOUSE_ADMIN_EMAIL: 'openapi@gatehouse.local', GATEHOUSE_ADMIN_PASSWORD: 'not used, the server lives a second' }, worker: false },
    );
    try {
      const res = await server.app.inject({ method: 'GET', url: '/openapi.json' });
      if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}: ${res.body.slice(0, 200)}`);
      return JSON.parse(res.body);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of api-types.ts for the server as it is now. */
export async function generateApiTypes() {
  const doc = await serverOpenApi();
  const ast = await openapiTS(doc, { silent: true, alphabetize: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(API_TYPES_FILE, 'utf8');
    if (current !== text) {
      process.stderr.write(`${API_TYPES_FILE} is stale: run npm run api-types -w @gatehouse/web\n`);
      process.exit(1);
    }
  } else {
    writeFileSync(API_TYPES_FILE, text);
    process.stderr.write(`wrote ${API_TYPES_FILE}\n`);
  }
}

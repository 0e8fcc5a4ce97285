/**
 * One process doing a sync job's catalog work (ingest, then account matching) on a shared
 * database, as another server replica would: bench/ingest.ts starts two of these beside the server
 * it measures. Prints one JSON line with its timings.
 *
 * node --import tsx bench/ingest-process.ts <database url> <app id> <sync file>
 */
import { ingestAndMatch, openDatabase } from '@gatehouse/server';
import { randomUUID } from 'node:crypto';

const [databaseUrl, appId, file] = process.argv.slice(2);
if (!databaseUrl || !appId || !file) {
  console.error('usage: ingest-process.ts <database url> <app id> <sync file>');
  process.exit(2);
}
const store = openDatabase(databaseUrl);
try {
  const done = await ingestAndMatch(store, { databaseUrl, appId, runId: randomUUID(), file, directory: false });
  console.log(JSON.stringify({ grants: done.ingest.grants, ingestMs: done.ingestMs, matchMs: done.matchMs }));
} finally {
  await store.close();
}

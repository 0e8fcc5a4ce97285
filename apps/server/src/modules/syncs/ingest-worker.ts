/** The worker thread entry of ingest-thread.ts: its own database connection, one piece of work. */
import { openDatabase } from '../../db/database.js';
import { serveWorker } from '../../threads/worker-thread.js';
import { ingestAndMatch, type IngestWork } from './ingest-thread.js';

await serveWorker(async (work: IngestWork) => {
  const store = openDatabase(work.databaseUrl);
  try {
    return await ingestAndMatch(store, work);
  } finally {
    await store.close();
  }
});

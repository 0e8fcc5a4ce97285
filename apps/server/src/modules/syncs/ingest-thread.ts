/**
 * The database work after a sync: ingest the sync file, keep it as the next ingest's base, update
 * people (a directory) and match accounts. It runs on a worker thread with its own database
 * connection, so the server keeps answering while a million grants are written and matched.
 */
import type { Context } from '../../context.js';
import { refreshStatistics, type Db } from '../../db/database.js';
import { keepAsBase } from '../../files.js';
import { runOnWorker } from '../../threads/worker-thread.js';
import { ingestSyncFile, type IngestResult } from '../catalog/ingest.js';
import { matchAccounts, matchAllApps, syncPeopleFromDirectory } from '../people/matching.js';

export interface IngestWork {
  databaseUrl: string;
  appId: string;
  runId: string;
  file: string;
  /** The sync file the catalog was built from (see ingestSyncFile). */
  previous?: string;
  /** Where the file goes once ingested, to be the next ingest's `previous`. */
  keepAs?: string;
  /** A directory's accounts become people, and every app is matched again. */
  directory: boolean;
}

export interface IngestDone {
  ingest: IngestResult;
  people?: { created: number; updated: number };
  ingestMs: number;
  matchMs: number;
}

export async function ingestAndMatch(store: Db, work: IngestWork): Promise<IngestDone> {
  const started = Date.now();
  const ingest = await ingestSyncFile(store, work.appId, work.runId, work.file, { previous: work.previous });
  // After the commit: killed before this rename, the kept base is older than the catalog says, and the next ingest rewrites.
  if (work.keepAs) keepAsBase(work.file, work.keepAs);
  const ingestMs = Date.now() - started;
  let people;
  if (work.directory) {
    people = await syncPeopleFromDirectory(store, work.appId);
    await matchAllApps(store);
  } else {
    await matchAccounts(store, work.appId);
  }
  await refreshStatistics(store, ['people', 'account_links']);
  return { ingest, people, ingestMs, matchMs: Date.now() - started - ingestMs };
}

/** An in-memory SQLite database lives in this thread only: its work stays here. */
const inMemory = (url: string) => url === '' || url === ':memory:' || url === 'sqlite::memory:';

export function ingestOffThread(ctx: Context, work: Omit<IngestWork, 'databaseUrl'>): Promise<IngestDone> {
  const full: IngestWork = { ...work, databaseUrl: ctx.config.databaseUrl };
  if (inMemory(full.databaseUrl)) return ingestAndMatch(ctx.db, full);
  return runOnWorker<IngestWork, IngestDone>(new URL('./ingest-worker.js', import.meta.url), full);
}

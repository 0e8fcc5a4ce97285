/**
 * One code path, two databases: SQLite (better-sqlite3, a file in the data dir, zero set-up) by
 * default, PostgreSQL (pg) when GATEHOUSE_DATABASE_URL is a postgres:// URL.
 */
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { restrictFiles, sqliteFiles, withPrivateUmask } from '../files.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** SQLite only: the raw handle, for bulk inserts through prepared statements. */
  sqlite?: SQLite.Database;
  /** PostgreSQL only. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens the database; `warn` hears of a SQLite file that was readable by others (and is no longer). */
export function openDatabase(url: string, warn?: (message: string) => void): Db {
  if (isPostgresUrl(url)) {
    // Counts come back as strings by default (bigint); ours fit in a JS number.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server ends (a restart, a failover, pg_terminate_backend, a dropped
    // database) is an 'error' on the pool: without a listener Node throws it and the process
    // dies. The pool has already discarded that connection and opens a new one when needed.
    pool.on('error', (err) => warn?.(`a PostgreSQL connection was closed by the server (${err.message}); the next query opens a new one`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', pool, close: () => db.destroy() };
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  // The database holds password hashes and the catalog: 0600, and so are its -wal and -shm
  // files, which SQLite creates with the database file's mode.
  const inMemory = path === '' || path === ':memory:';
  if (!inMemory) restrictFiles(sqliteFiles(path), warn);
  const sqlite = withPrivateUmask(() => {
    const handle = new SQLite(path);
    handle.pragma('journal_mode = WAL');
    return handle;
  });
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // The catalog's indexes take hundreds of megabytes at a million grants; SQLite's default page
  // cache (2 MB) makes every ingest and diff wait on the disk. 64 MB keeps the hot part in memory.
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}

/**
 * After a bulk change, refresh the planner's statistics: autovacuum notices large loads only
 * later, and until then PostgreSQL may plan a million-row scan for a page of ten.
 */
export async function refreshStatistics(store: Db, tables: string[]): Promise<void> {
  if (store.sqlite) {
    // Statistics from a sample of each index (SQLite's advice for optimize): a full ANALYZE of a
    // million-row table would hold the database for seconds.
    store.sqlite.pragma('analysis_limit = 1000');
    store.sqlite.pragma('optimize');
    return;
  }
  await sql.raw(`ANALYZE ${tables.join(', ')}`).execute(store.db);
}

/**
 * Private files. The data directory holds password hashes, the catalog, sync files and the master
 * key: only the account the server runs as may read it. Directories are 0700 and files 0600,
 * whatever the process umask; one left wider by an older version or by hand is narrowed, with a
 * warning, because someone may have read it meanwhile.
 */
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

type Warn = (message: string) => void;

const mode = (path: string) => statSync(path).mode & 0o777;
const octal = (m: number) => `0${m.toString(8)}`;

/** Creates `dir` (and its missing parents) 0700, or narrows an existing one to 0700. */
export function ensurePrivateDir(dir: string, warn?: Warn): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const current = mode(dir);
  if (current & 0o077) {
    chmodSync(dir, 0o700);
    warn?.(`${dir} was readable by other users (mode ${octal(current)}); it is now 0700`);
  }
}

/** Narrows each existing file to 0600 (missing ones are skipped). */
export function restrictFiles(paths: string[], warn?: Warn): void {
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const current = mode(path);
    if (current & 0o077) {
      chmodSync(path, 0o600);
      warn?.(`${path} was readable by other users (mode ${octal(current)}); it is now 0600`);
    }
  }
}

/** A SQLite database and the side files it writes in WAL mode. */
export const sqliteFiles = (path: string) => [path, `${path}-wal`, `${path}-shm`];

/**
 * Runs `fn` with the umask 077, so that what it creates synchronously is private from its first
 * byte (SQLite gives a database's -wal and -shm files the database file's mode). The umask is
 * process-wide, so it is only ever held for synchronous code; worker threads cannot change it, and
 * there callers rely on `restrictFiles` afterwards.
 */
export function withPrivateUmask<T>(fn: () => T): T {
  if (!isMainThread) return fn();
  const previous = process.umask(0o077);
  try {
    return fn();
  } finally {
    process.umask(previous);
  }
}

/**
 * A connector's sync files under the data dir's `syncs/` (0700; a sync file holds the app's whole
 * catalog): `current` is the sync being made (resumed if an attempt was killed); `base` is the
 * last one ingested, kept so that the next ingest applies only the difference.
 */
export function syncFiles(dataDir: string, connectorId: string, warn?: Warn): { current: string; base: string } {
  const dir = join(dataDir, 'syncs');
  ensurePrivateDir(dir, warn);
  return { current: join(dir, `${connectorId}.sync`), base: join(dir, `${connectorId}.ingested.sync`) };
}

/** Removes a connector's sync files (the connector is deleted: its catalog copy goes with it). */
export function removeSyncFiles(dataDir: string, connectorId: string): void {
  const { current, base } = syncFiles(dataDir, connectorId);
  for (const p of [...sqliteFiles(current), ...sqliteFiles(base)]) rmSync(p, { force: true });
}

/** Keeps a just-ingested sync file as the next ingest's base (a rename: no copy of a large file). */
export function keepAsBase(current: string, base: string): void {
  for (const p of sqliteFiles(base)) rmSync(p, { force: true });
  renameSync(current, base);
  // Checkpointed and closed: its WAL side files are empty, and must not meet the next sync's file.
  for (const p of sqliteFiles(current).slice(1)) rmSync(p, { force: true });
}

/** Compares two sync files: resources and grants added and removed (by id). */
import { SyncFile, type DiffGrant, type SyncDiff } from './sync-file.js';

export type { DiffGrant, SyncDiff };

export function diffSyncFiles(oldPath: string, newPath: string): SyncDiff {
  const file = SyncFile.openReadOnly(newPath);
  try {
    return file.diffFrom(oldPath);
  } finally {
    file.close();
  }
}

/** Compares two sync files: resources and grants added and removed (by id). */
import Database from 'better-sqlite3';
import { SyncFile } from './sync-file.js';

export interface SyncDiff {
  resources: { added: { type: string; id: string; displayName: string }[]; removed: { type: string; id: string; displayName: string }[] };
  grants: { added: DiffGrant[]; removed: DiffGrant[] };
}

export interface DiffGrant {
  id: string;
  entitlementId: string;
  principalType: string;
  principalId: string;
  inherited: boolean;
}

export function diffSyncFiles(oldPath: string, newPath: string): SyncDiff {
  // Opened read-only first so that a bad path gets the sync file's own clear error.
  SyncFile.openReadOnly(oldPath).db.close();
  SyncFile.openReadOnly(newPath).db.close();
  const db = new Database(newPath, { readonly: true, fileMustExist: true });
  try {
    db.prepare('ATTACH DATABASE ? AS old').run(oldPath);
    const resources = (from: string, minus: string) =>
      db
        .prepare(
          `SELECT type, id, display_name AS displayName FROM ${from}.resources a
           WHERE NOT EXISTS (SELECT 1 FROM ${minus}.resources b WHERE b.type = a.type AND b.id = a.id) ORDER BY type, id`,
        )
        .all() as SyncDiff['resources']['added'];
    const grants = (from: string, minus: string) =>
      (
        db
          .prepare(
            `SELECT id, entitlement_id AS entitlementId, principal_type AS principalType, principal_id AS principalId, direct FROM ${from}.grants a
             WHERE NOT EXISTS (SELECT 1 FROM ${minus}.grants b WHERE b.id = a.id) ORDER BY id`,
          )
          .all() as (Omit<DiffGrant, 'inherited'> & { direct: number })[]
      ).map(({ direct, ...g }) => ({ ...g, inherited: direct === 0 }));
    return {
      resources: { added: resources('main', 'old'), removed: resources('old', 'main') },
      grants: { added: grants('main', 'old'), removed: grants('old', 'main') },
    };
  } finally {
    db.close();
  }
}

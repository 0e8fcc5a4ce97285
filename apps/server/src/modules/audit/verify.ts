/** The audit log's whole verification: the hash chain, then the signed checkpoints of its head. */
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { verifyChain, type ChainVerification } from './audit.js';
import { readCheckpoints, verifyCheckpoints, type CheckpointVerification } from './checkpoints.js';

export interface LogVerification extends ChainVerification {
  checkpoints: CheckpointVerification;
}

export async function verifyLog(db: Kysely<Database>, checkpointFile: string, publicKey: KeyObject): Promise<LogVerification> {
  const chain = await verifyChain(db);
  const checkpoints = await verifyCheckpoints(db, readCheckpoints(checkpointFile), publicKey);
  return { ...chain, ok: chain.ok && !checkpoints.problem, checkpoints };
}

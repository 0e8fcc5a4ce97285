/**
 * Checkpoints make the audit chain's head tamper-evident beyond the database. The hash chain
 * catches an edited or removed event in the middle, but not someone with write access to the
 * database who deletes the last events, or edits one and recomputes every hash after it. So the
 * server regularly signs (sequence, hash) of the newest event with an Ed25519 key that is not in
 * the database (a key file in the data dir, mode 0600, or GATEHOUSE_AUDIT_KEY) and appends the
 * signed checkpoint to a file (`audit-checkpoints.jsonl`, append only). Verification then checks
 * that every checkpointed event is still there with the same hash: a truncated chain misses
 * them, a re-chained one has other hashes. The file (or `GET /audit/checkpoints`) can be shipped
 * to an external store; the public key verifies it anywhere.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface Checkpoint {
  seq: number;
  hash: string;
  /** Events in the chain up to and including `seq`. */
  events: number;
  at: string;
  /** Ed25519 over `signedText(checkpoint)`, base64. */
  signature: string;
}

const signedText = (c: Omit<Checkpoint, 'signature'>) => `gatehouse-audit-checkpoint:v1:${c.seq}:${c.hash}:${c.events}:${c.at}`;

/** The signing key: GATEHOUSE_AUDIT_KEY (PKCS#8 PEM) or a key file created in the data dir on first start. */
export class AuditSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
    /** Where checkpoints are appended. */
    readonly file: string,
  ) {}

  /** The signer of a data dir if it has one (verification must not create a key). */
  static existing(dataDir: string, envKey?: string): AuditSigner | undefined {
    return envKey || existsSync(join(dataDir, 'audit.key')) ? AuditSigner.load(dataDir, envKey) : undefined;
  }

  static load(dataDir: string, envKey?: string): AuditSigner {
    const file = join(dataDir, 'audit-checkpoints.jsonl');
    if (envKey) {
      const key = createPrivateKey(envKey.includes('BEGIN') ? envKey : Buffer.from(envKey, 'base64').toString('utf8'));
      return new AuditSigner(key, createPublicKey(key), file);
    }
    const keyFile = join(dataDir, 'audit.key');
    if (!existsSync(keyFile)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
    }
    const key = createPrivateKey(readFileSync(keyFile, 'utf8'));
    return new AuditSigner(key, createPublicKey(key), file);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Signs other evidence with the same key (campaign reports' manifests); each caller prefixes its own domain text. */
  signText(text: string): string {
    return sign(null, Buffer.from(text), this.privateKey).toString('base64');
  }

  sign(c: Omit<Checkpoint, 'signature'>): Checkpoint {
    return { ...c, signature: sign(null, Buffer.from(signedText(c)), this.privateKey).toString('base64') };
  }

  /** Signs the chain's head and appends it, unless the last checkpoint already covers it. */
  async checkpoint(db: Kysely<Database>): Promise<Checkpoint | undefined> {
    const head = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!head) return undefined;
    const last = readCheckpoints(this.file).at(-1);
    if (last && last.seq >= head.seq) return undefined;
    const events = await db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('seq', '<=', head.seq)
      .executeTakeFirstOrThrow();
    const c = this.sign({ seq: head.seq, hash: head.hash, events: Number(events.n), at: new Date().toISOString() });
    appendFileSync(this.file, JSON.stringify(c) + '\n', { mode: 0o600 });
    return c;
  }
}

export function readCheckpoints(file: string): Checkpoint[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Checkpoint);
}

export function signatureHolds(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(signedText(c)), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

export interface CheckpointVerification {
  checkpoints: number;
  /** The newest checkpoint whose signature holds and whose event is in the chain unchanged. */
  verifiedThrough?: { seq: number; at: string };
  /** What is wrong, if anything: a forged checkpoint, a truncated or a re-chained log. */
  problem?: { kind: 'forged' | 'truncated' | 'rechained'; seq: number; reason: string };
}

/** Checks the chain's events against the signed checkpoints (oldest to newest). */
export async function verifyCheckpoints(db: Kysely<Database>, checkpoints: Checkpoint[], publicKey: KeyObject): Promise<CheckpointVerification> {
  let verifiedThrough: CheckpointVerification['verifiedThrough'];
  for (const c of checkpoints) {
    if (!signatureHolds(c, publicKey)) return { checkpoints: checkpoints.length, verifiedThrough, problem: { kind: 'forged', seq: c.seq, reason: `the checkpoint at event #${c.seq} is not signed by this server's audit key` } };
    const row = await db.selectFrom('audit_events').select(['hash']).where('seq', '=', c.seq).executeTakeFirst();
    if (!row) {
      const head = await db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const reason = !head || head.seq < c.seq ? `events after #${head?.seq ?? 0} are gone: the checkpoint of ${c.at} covered events up to #${c.seq} (the log was truncated)` : `event #${c.seq}, covered by the checkpoint of ${c.at}, is gone`;
      return { checkpoints: checkpoints.length, verifiedThrough, problem: { kind: 'truncated', seq: c.seq, reason } };
    }
    if (row.hash !== c.hash) {
      return { checkpoints: checkpoints.length, verifiedThrough, problem: { kind: 'rechained', seq: c.seq, reason: `event #${c.seq} no longer has the hash signed at ${c.at}: events up to it were changed and the chain recomputed` } };
    }
    verifiedThrough = { seq: c.seq, at: c.at };
  }
  return { checkpoints: checkpoints.length, verifiedThrough };
}

/**
 * The audit log: every change, append-only, each event hash-chained to the one before, so that an
 * edit or deletion in the table shows up as a broken link. Secrets never enter it (callers pass
 * redacted before/after values; `mask` below catches what they miss).
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface Actor {
  /** 'scim_client': an identity provider pushing users and groups to /scim/v2 (id: the client's). */
  type: 'user' | 'token' | 'system' | 'scim_client';
  id: string | null;
}

export const SYSTEM: Actor = { type: 'system', id: null };

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);
const SECRET_KEYS = /(secret|token|password|apikey|api_key|credential)/i;

/** Replaces values under secret-looking keys, wherever they are. */
export function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    // "set" / "not set" are how secrets are already shown; anything else under a secret key is hidden.
    const hide = (k: string, v: unknown) => SECRET_KEYS.test(k) && (typeof v === 'string' || typeof v === 'number') && v !== 'set' && v !== 'not set';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(k, v) ? '[redacted]' : mask(v)]));
  }
  return value;
}

function hashOf(e: { id: string; at: string; actor_type: string; actor_id: string | null; action: string; target_type: string; target_id: string | null; before: string | null; after: string | null; prev_hash: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([e.id, e.at, e.actor_type, e.actor_id, e.action, e.target_type, e.target_id, e.before, e.after, e.prev_hash]))
    .digest('hex');
}

type Db = Kysely<Database> | Transaction<Database>;

let usePostgresLock = false;
/** Set once at start from the database dialect. */
export function configureAudit(dialect: 'sqlite' | 'postgres'): void {
  usePostgresLock = dialect === 'postgres';
}

/**
 * Appends an event. Call inside the transaction that makes the change, so the change and its
 * record commit together; concurrent appends are serialised by the chain's unique ordering.
 */
export async function audit(db: Db, actor: Actor, input: AuditInput): Promise<void> {
  // Outside a transaction the chain's lock below would end with its own statement, and two
  // appends at once (parallel failed sign-ins) would read the same last hash: one transaction.
  if (!db.isTransaction) return db.transaction().execute((tx) => audit(tx, actor, input));
  // On PostgreSQL several server processes append at once: take the chain's lock for this
  // transaction (a unique index on prev_hash backs it up). SQLite has one writer anyway.
  if (usePostgresLock) await sql`SELECT pg_advisory_xact_lock(72019)`.execute(db);
  const last = await db.selectFrom('audit_events').select(['hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const row = {
    id: randomUUID(),
    at: new Date().toISOString(),
    actor_type: actor.type,
    actor_id: actor.id,
    action: input.action,
    target_type: input.targetType,
    target_id: input.targetId ?? null,
    before: input.before === undefined ? null : JSON.stringify(mask(input.before)),
    after: input.after === undefined ? null : JSON.stringify(mask(input.after)),
    prev_hash: last?.hash ?? GENESIS,
  };
  await db.insertInto('audit_events').values({ ...row, hash: hashOf(row) }).execute();
}

export interface ChainVerification {
  ok: boolean;
  events: number;
  /** The first event whose hash or link does not hold. */
  brokenAt?: { seq: number; id: string; reason: string };
}

export async function verifyChain(db: Kysely<Database>): Promise<ChainVerification> {
  let prev = GENESIS;
  let count = 0;
  let after = -1;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      count++;
      if (r.prev_hash !== prev) return { ok: false, events: count, brokenAt: { seq: r.seq, id: r.id, reason: 'does not link to the event before it (an event was removed or reordered)' } };
      if (hashOf(r) !== r.hash) return { ok: false, events: count, brokenAt: { seq: r.seq, id: r.id, reason: 'its content does not match its hash (it was edited)' } };
      prev = r.hash;
      after = r.seq;
    }
  }
  return { ok: true, events: count };
}

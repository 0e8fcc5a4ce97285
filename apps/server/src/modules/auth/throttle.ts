/**
 * Sign-in throttling. Each password check takes a slot from two keys: the account (the email
 * typed, whether or not a user has it, so that a lock tells nothing about who exists) and the
 * client address. A key allows `attempts` checks per window; the next attempt locks it, and
 * while it is locked every attempt is refused with 429 and a Retry-After, without looking at the
 * password (the right one included). Each lock of a key lasts twice the one before, up to
 * `maxLockMs`; a day without attempts forgets the key.
 *
 * A slot is taken before the password is checked, in a transaction that locks the keys' rows, so
 * that guesses sent in parallel, or to several server processes sharing PostgreSQL, cannot run
 * past the limit. A successful sign-in clears its account and gives its address slot back, so an
 * address counts failures only (an office behind one NAT is not locked out by its own sign-ins).
 */
import { isIPv6 } from 'node:net';
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database, LoginThrottleTable } from '../../db/schema.js';
import { TooManyRequestsError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { ANONYMOUS } from './principal.js';

export interface ThrottleLimit {
  /** Password checks allowed per window. */
  attempts: number;
  windowMs: number;
  /** The first lock; each further lock of the same key doubles it. */
  lockMs: number;
  maxLockMs: number;
}

export interface ThrottlePolicy {
  account: ThrottleLimit;
  address: ThrottleLimit;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  account: { attempts: 5, windowMs: 15 * 60_000, lockMs: 60_000, maxLockMs: 60 * 60_000 },
  address: { attempts: 30, windowMs: 15 * 60_000, lockMs: 60_000, maxLockMs: 60 * 60_000 },
};

const FORGET_MS = 24 * 60 * 60_000;

export interface ThrottleKeys {
  account: string;
  address: string;
}

/**
 * The keys of a sign-in by `email` from `address`. IPv6 clients are counted by /64, the block
 * one subscriber gets: otherwise each of their 2^64 addresses would get its own slots.
 */
export function throttleKeys(email: string, address: string): ThrottleKeys {
  const ip = address.replace(/^::ffff:(?=\d+\.)/, '');
  return { account: `account:${email.trim().toLowerCase()}`, address: `address:${isIPv6(ip) ? ipv6Prefix64(ip) : ip}` };
}

function ipv6Prefix64(ip: string): string {
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export type Attempt = { allowed: true } | { allowed: false; retryAfterSeconds: number; newlyLocked: (keyof ThrottleKeys)[]; lockedUntil: string };

/**
 * Takes a slot for one password check, or says how long the caller must wait. `onLock` runs in
 * the same transaction when this attempt locks a key (the caller audits it).
 */
export async function takeAttempt(ctx: Context, keys: ThrottleKeys, onLock?: (tx: Transaction<Database>, attempt: Attempt & { allowed: false }) => Promise<void>): Promise<Attempt> {
  const policy = ctx.config.loginThrottle ?? DEFAULT_THROTTLE;
  const now = Date.now();
  const iso = new Date(now).toISOString();
  const kinds = (Object.keys(keys) as (keyof ThrottleKeys)[]).sort((a, b) => keys[a].localeCompare(keys[b]));
  const attempt = await ctx.db.db.transaction().execute(async (tx): Promise<Attempt> => {
    for (const kind of kinds) {
      await tx
        .insertInto('login_throttle')
        .values({ key: keys[kind], attempts: 0, window_start: iso, lockouts: 0, locked_until: null, updated_at: iso })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }
    // In key order, so that two processes locking the same two rows cannot deadlock.
    let query = tx.selectFrom('login_throttle').selectAll().where('key', 'in', kinds.map((k) => keys[k])).orderBy('key');
    if (ctx.db.dialect === 'postgres') query = query.forUpdate();
    const rows = new Map((await query.execute()).map((r) => [r.key, r]));
    const row = (kind: keyof ThrottleKeys) => rows.get(keys[kind])!;

    const locks = kinds.map((k) => row(k).locked_until).filter((until): until is string => until !== null && until > iso);
    if (locks.length) {
      const until = locks.sort().at(-1)!;
      return { allowed: false, retryAfterSeconds: secondsUntil(until, now), newlyLocked: [], lockedUntil: until };
    }
    const next = new Map(kinds.map((k) => [k, counted(row(k), policy[k], now)]));
    const over = kinds.filter((k) => next.get(k)!.attempts > policy[k].attempts);
    if (over.length) {
      // Only the keys past their limit are locked; the others do not pay for a check not made.
      let until = iso;
      for (const k of over) {
        const r = next.get(k)!;
        const lockedUntil = new Date(now + Math.min(policy[k].maxLockMs, policy[k].lockMs * 2 ** r.lockouts)).toISOString();
        if (lockedUntil > until) until = lockedUntil;
        await tx.updateTable('login_throttle').set({ ...r, lockouts: r.lockouts + 1, locked_until: lockedUntil, updated_at: iso }).where('key', '=', keys[k]).execute();
      }
      const refused = { allowed: false as const, retryAfterSeconds: secondsUntil(until, now), newlyLocked: over, lockedUntil: until };
      await onLock?.(tx, refused);
      return refused;
    }
    for (const k of kinds) await tx.updateTable('login_throttle').set({ ...next.get(k)!, updated_at: iso }).where('key', '=', keys[k]).execute();
    return { allowed: true };
  });
  // Keys nobody tried for a day: their lockouts no longer count. Outside the transaction above,
  // so that it never holds locks on other keys' rows.
  await ctx.db.db.deleteFrom('login_throttle').where('updated_at', '<', new Date(now - FORGET_MS).toISOString()).execute();
  return attempt;
}

/** A key's counters with this attempt counted: a new window once the old one or a lock has ended. */
function counted(r: LoginThrottleTable, limit: ThrottleLimit, now: number): Pick<LoginThrottleTable, 'attempts' | 'window_start' | 'lockouts' | 'locked_until'> {
  const fresh = r.locked_until !== null || Date.parse(r.window_start) <= now - limit.windowMs;
  return fresh ? { attempts: 1, window_start: new Date(now).toISOString(), lockouts: r.lockouts, locked_until: null } : { attempts: r.attempts + 1, window_start: r.window_start, lockouts: r.lockouts, locked_until: null };
}

const secondsUntil = (iso: string, now: number) => Math.max(1, Math.ceil((Date.parse(iso) - now) / 1000));

/**
 * Takes a slot for a password check by `who`, or throws TooManyRequestsError (429 with
 * Retry-After). The attempt that locks a key is audited (`auth.login_locked`): one event per
 * lock, not one per refused attempt, which costs an attacker nothing and would flood the log.
 */
export async function throttleAttempt(ctx: Context, keys: ThrottleKeys, who: { email: string; address: string }): Promise<void> {
  const attempt = await takeAttempt(ctx, keys, (tx, refused) =>
    audit(tx, ANONYMOUS, { action: 'auth.login_locked', targetType: 'platform_user', targetId: null, after: { email: who.email, address: who.address, locked: refused.newlyLocked, until: refused.lockedUntil } }),
  );
  if (!attempt.allowed) throw new TooManyRequestsError(`too many sign-in attempts; try again in ${attempt.retryAfterSeconds} seconds`, attempt.retryAfterSeconds);
}

/** After a successful check: the account starts afresh, and the address gets its slot back. */
export async function attemptSucceeded(tx: Transaction<Database>, keys: ThrottleKeys): Promise<void> {
  await tx.deleteFrom('login_throttle').where('key', '=', keys.account).execute();
  await tx
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', '=', keys.address)
    .where('attempts', '>', 0)
    .where('locked_until', 'is', null)
    .execute();
}

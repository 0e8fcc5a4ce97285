/** Passwords (argon2id), session ids and API tokens (random, stored as SHA-256 hashes). */
import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

let dummyHash: Promise<string> | undefined;
/** A hash of a random password, made once with the same parameters as real ones. */
const dummy = () => (dummyHash ??= hashPassword(randomBytes(32).toString('base64url')));

/** Starts making the dummy hash (at server start), so no sign-in waits for it. */
export function primeDummyHash(): void {
  void dummy().catch(() => (dummyHash = undefined));
}

/**
 * Whether `password` matches `hash`. Without a hash (an unknown email, a user with no password)
 * the password is checked against the dummy hash and refused: a wrong guess costs the same
 * argon2 work whether or not the account exists, so the time taken does not tell.
 */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  try {
    const matches = await argon2.verify(hash ?? (await dummy()), password);
    return hash !== null && matches;
  } catch {
    return false;
  }
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new secret value with a recognisable prefix (`ghs_` sessions, `ght_` API tokens). */
export function newSecret(prefix: 'ghs' | 'ght'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** A readable random password for the first admin. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

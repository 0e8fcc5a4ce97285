/** Passwords (argon2id), session ids and API tokens (random, stored as SHA-256 hashes). */
import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';

export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
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

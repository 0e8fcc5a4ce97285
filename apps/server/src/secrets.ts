/**
 * Secrets at rest: AES-256-GCM under a master key (GATEHOUSE_MASTER_KEY, 32 bytes base64 or hex,
 * or a key file generated in the data dir with mode 0600). Each value gets its own random IV; the
 * stored form is `v1:<iv>:<tag>:<ciphertext>`, base64.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(encoded: string): SecretBox {
    const trimmed = encoded.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (key.length !== 32) throw new Error('GATEHOUSE_MASTER_KEY must be 32 bytes, as 64 hex characters or base64');
    return new SecretBox(key);
  }

  /** The env key if set, else the data dir's key file, created on first start. */
  static load(dataDir: string, envKey?: string): SecretBox {
    if (envKey) return SecretBox.fromKey(envKey);
    const file = join(dataDir, 'master.key');
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    return SecretBox.fromKey(readFileSync(file, 'utf8'));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable secret (not sealed by this Gatehouse)');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('cannot decrypt a stored secret: the master key is not the one it was sealed with');
    }
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }
}

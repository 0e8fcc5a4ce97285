/**
 * The evidence manifest: every file of a campaign report with its size and SHA-256, the audit
 * chain's head when the report was made, and an Ed25519 signature by the server's audit key over
 * all of it. A copy of the report verifies anywhere: the signature holds for the public key (the
 * one in the manifest, which `--public-key` or `GET /audit/checkpoints` confirms is the server's),
 * and every file still has its hash; a changed byte fails. Pure: the CLI verifies with it too.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'gatehouse-evidence/v1';

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
  /** What the file holds, for the reader. */
  description: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  campaign: { id: string; name: string; state: string };
  generatedAt: string;
  generatedBy: string | null;
  /** The audit log's newest event when the report was made: the log vouches for the decisions up to it. */
  auditHead: { seq: number; hash: string } | null;
  files: ManifestFile[];
  publicKey: string;
  /** Ed25519 over `signedText(manifest without signature)`, base64. */
  signature: string;
}

/** The text signed: the manifest's fields in a fixed order (JSON of a sorted copy), with a domain prefix. */
export function signedText(m: Omit<Manifest, 'signature'>): string {
  const ordered = { format: m.format, campaign: m.campaign, generatedAt: m.generatedAt, generatedBy: m.generatedBy, auditHead: m.auditHead, files: m.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256, description: f.description })), publicKey: m.publicKey };
  return `gatehouse-evidence:v1:${JSON.stringify(ordered)}`;
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export interface EvidenceCheck {
  ok: boolean;
  manifest?: Manifest;
  /** One line per check, in order. */
  lines: { ok: boolean; text: string }[];
}

/**
 * Verifies a report: `path` is its manifest, its folder, or one of its files (then the manifest
 * beside it, and that file at least). With `publicKeyPem`, the manifest must be signed by that key.
 */
export async function verifyEvidence(path: string, publicKeyPem?: string): Promise<EvidenceCheck> {
  const lines: EvidenceCheck['lines'] = [];
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const manifestPath = isDir ? join(path, MANIFEST_FILE) : basename(path) === MANIFEST_FILE ? path : join(dirname(path), MANIFEST_FILE);
  const only = !isDir && basename(path) !== MANIFEST_FILE ? basename(path) : undefined;
  if (!existsSync(manifestPath)) return { ok: false, lines: [{ ok: false, text: `no ${MANIFEST_FILE} at ${manifestPath}: keep the report's files together with their manifest` }] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) throw new Error(`not a ${MANIFEST_FORMAT} manifest`);
  } catch (err) {
    return { ok: false, lines: [{ ok: false, text: `${manifestPath} is not a Gatehouse evidence manifest: ${(err as Error).message}` }] };
  }
  let signed = false;
  try {
    const key = createPublicKey(manifest.publicKey);
    signed = verify(null, Buffer.from(signedText(manifest)), key, Buffer.from(manifest.signature, 'base64'));
  } catch {
    signed = false;
  }
  lines.push({ ok: signed, text: signed ? 'the manifest is signed by the key it names' : 'the manifest\'s signature does not hold: it was changed after it was signed' });
  if (publicKeyPem) {
    const same = normalizePem(publicKeyPem) === normalizePem(manifest.publicKey);
    lines.push({ ok: same, text: same ? 'the key is the server\'s audit key' : 'the manifest is signed by another key than the server\'s audit key given' });
  }
  const dir = dirname(manifestPath);
  if (only && !manifest.files.some((f) => f.name === only)) lines.push({ ok: false, text: `${only} is not listed in the manifest` });
  for (const f of manifest.files) {
    if (only && f.name !== only) continue;
    const file = join(dir, f.name);
    if (!existsSync(file)) {
      lines.push({ ok: false, text: `${f.name}: missing` });
      continue;
    }
    const hash = await sha256File(file);
    lines.push(hash === f.sha256 ? { ok: true, text: `${f.name}: sha256 ${hash} matches` } : { ok: false, text: `${f.name}: changed (sha256 ${hash}, signed ${f.sha256})` });
  }
  return { ok: lines.every((l) => l.ok), manifest, lines };
}

function normalizePem(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return pem.trim();
  }
}

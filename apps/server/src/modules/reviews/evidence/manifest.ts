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
import { inflateSync } from 'node:zlib';

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

/**
 * The manifest summary.pdf embeds (attached as embedded-manifest.json, and printed): the data files
 * written before it, signed with the same key under its own domain, so the PDF alone vouches for them.
 */
export const EMBEDDED_FORMAT = 'gatehouse-evidence-pdf/v1';
export const EMBEDDED_MANIFEST_FILE = 'embedded-manifest.json';

export interface EmbeddedManifest {
  format: typeof EMBEDDED_FORMAT;
  campaign: Manifest['campaign'];
  generatedAt: string;
  auditHead: Manifest['auditHead'];
  files: Omit<ManifestFile, 'description'>[];
  publicKey: string;
  signature: string;
}

export function embeddedSignedText(m: Omit<EmbeddedManifest, 'signature'>): string {
  const ordered = { format: m.format, campaign: m.campaign, generatedAt: m.generatedAt, auditHead: m.auditHead, files: m.files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })), publicKey: m.publicKey };
  return `gatehouse-evidence-pdf:v1:${JSON.stringify(ordered)}`;
}

/**
 * The manifest attached to a PDF as Gatehouse wrote it (pdfkit: one embedded file stream, its
 * length direct, Flate-compressed or not); undefined when there is none.
 */
export function readEmbeddedManifest(pdf: Buffer): EmbeddedManifest | undefined {
  const at = pdf.indexOf('/Type /EmbeddedFile');
  if (at < 0) return undefined;
  const start = pdf.lastIndexOf('<<', at);
  const streamAt = pdf.indexOf('stream', at);
  if (start < 0 || streamAt < 0) return undefined;
  const dict = pdf.subarray(start, streamAt).toString('latin1');
  const length = /\/Length (\d+)/.exec(dict);
  if (!length) return undefined;
  const dataAt = streamAt + 'stream'.length + (pdf[streamAt + 6] === 0x0d ? 2 : 1);
  const raw = pdf.subarray(dataAt, dataAt + Number(length[1]));
  try {
    const json = (/\/Filter \/FlateDecode/.test(dict) ? inflateSync(raw) : raw).toString('utf8');
    const m = JSON.parse(json) as EmbeddedManifest;
    return m.format === EMBEDDED_FORMAT && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an embedded manifest's signature holds for the key it names (whether that key is the server's is the caller's question). */
export const verifyEmbeddedSignature = (e: EmbeddedManifest): boolean => signatureHolds(embeddedSignedText(e), e.publicKey, e.signature);

function signatureHolds(text: string, publicKeyPem: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
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

const PDF_FILE = 'summary.pdf';

/**
 * Verifies a report: `path` is its manifest, its folder, or one of its files (then the manifest
 * beside it, and that file at least). With `publicKeyPem`, the manifest must be signed by that key.
 * The PDF's embedded manifest is checked too when the PDF is: signed by the same key, agreeing with
 * manifest.json. Without a manifest.json, a PDF (given, or summary.pdf beside the file given) is
 * verified by its embedded manifest: the files it lists that are beside it.
 */
export async function verifyEvidence(path: string, publicKeyPem?: string): Promise<EvidenceCheck> {
  const lines: EvidenceCheck['lines'] = [];
  const isDir = existsSync(path) && statSync(path).isDirectory();
  const manifestPath = isDir ? join(path, MANIFEST_FILE) : basename(path) === MANIFEST_FILE ? path : join(dirname(path), MANIFEST_FILE);
  const only = !isDir && basename(path) !== MANIFEST_FILE ? basename(path) : undefined;
  if (!existsSync(manifestPath)) {
    const pdf = only?.endsWith('.pdf') ? path : join(dirname(manifestPath), PDF_FILE);
    if (existsSync(pdf) && readEmbeddedManifest(readFileSync(pdf))) return verifyByPdf(pdf, only, publicKeyPem);
    return { ok: false, lines: [{ ok: false, text: `no ${MANIFEST_FILE} at ${manifestPath}: keep the report's files together with their manifest` }] };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files)) throw new Error(`not a ${MANIFEST_FORMAT} manifest`);
  } catch (err) {
    return { ok: false, lines: [{ ok: false, text: `${manifestPath} is not a Gatehouse evidence manifest: ${(err as Error).message}` }] };
  }
  const signed = signatureHolds(signedText(manifest), manifest.publicKey, manifest.signature);
  lines.push({ ok: signed, text: signed ? 'the manifest is signed by the key it names' : 'the manifest\'s signature does not hold: it was changed after it was signed' });
  if (publicKeyPem) lines.push(sameKey(manifest.publicKey, publicKeyPem, 'the manifest'));
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
    if (f.name.endsWith('.pdf') && hash === f.sha256) {
      const embedded = readEmbeddedManifest(readFileSync(file));
      if (embedded) lines.push(embeddedAgrees(f.name, embedded, manifest));
    }
  }
  return { ok: lines.every((l) => l.ok), manifest, lines };
}

function sameKey(signedBy: string, expected: string, what: string): { ok: boolean; text: string } {
  const same = normalizePem(expected) === normalizePem(signedBy);
  return { ok: same, text: same ? 'the key is the server\'s audit key' : `${what} is signed by another key than the server's audit key given` };
}

/** A PDF's embedded manifest, beside a manifest.json: signed by the same key, the same entries as manifest.json's for its files. */
function embeddedAgrees(name: string, e: EmbeddedManifest, m: Manifest): { ok: boolean; text: string } {
  if (!verifyEmbeddedSignature(e)) return { ok: false, text: `${name}: its embedded manifest's signature does not hold` };
  if (normalizePem(e.publicKey) !== normalizePem(m.publicKey)) return { ok: false, text: `${name}: its embedded manifest is signed by another key than manifest.json` };
  const differs = e.files.filter((f) => !m.files.some((g) => g.name === f.name && g.sha256 === f.sha256 && g.bytes === f.bytes));
  if (differs.length) return { ok: false, text: `${name}: its embedded manifest lists other hashes than manifest.json for ${differs.map((f) => f.name).join(', ')}` };
  return { ok: true, text: `${name}: its embedded manifest is signed by the same key and agrees with ${MANIFEST_FILE} on ${e.files.length} files` };
}

/** No manifest.json: the PDF's embedded manifest vouches for the data files beside it (not for the PDF's own pages). */
async function verifyByPdf(pdf: string, only: string | undefined, publicKeyPem?: string): Promise<EvidenceCheck> {
  const name = basename(pdf);
  const e = readEmbeddedManifest(readFileSync(pdf))!;
  const signed = verifyEmbeddedSignature(e);
  const lines: EvidenceCheck['lines'] = [{ ok: true, text: `no ${MANIFEST_FILE} beside ${name}: checking the manifest embedded in it (it covers the data files, not the PDF's own pages)` }];
  lines.push({ ok: signed, text: signed ? `${name}: its embedded manifest is signed by the key it names` : `${name}: its embedded manifest's signature does not hold: it was changed after it was signed` });
  if (publicKeyPem) lines.push(sameKey(e.publicKey, publicKeyPem, `${name}'s embedded manifest`));
  const dir = dirname(pdf);
  const wanted = only && only !== name ? [only] : e.files.map((f) => f.name);
  let checked = 0;
  for (const fileName of wanted) {
    const f = e.files.find((x) => x.name === fileName);
    if (!f) {
      lines.push({ ok: false, text: `${fileName} is not listed in ${name}'s embedded manifest` });
      continue;
    }
    const file = join(dir, f.name);
    if (!existsSync(file)) {
      lines.push({ ok: true, text: `${f.name}: not beside ${name}, not checked` });
      continue;
    }
    checked++;
    const hash = await sha256File(file);
    lines.push(hash === f.sha256 ? { ok: true, text: `${f.name}: sha256 ${hash} matches` } : { ok: false, text: `${f.name}: changed (sha256 ${hash}, signed ${f.sha256})` });
  }
  if (!checked) lines.push({ ok: false, text: `none of the files ${name} lists is beside it: nothing but the signature was verified` });
  return { ok: lines.every((l) => l.ok), lines };
}

function normalizePem(pem: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    return pem.trim();
  }
}

/**
 * `@gatehouse/server/evidence`: verifying campaign reports (manifest.json, a report folder, one file,
 * a PDF's embedded manifest). Node's crypto and zlib only, so the CLI's `evidence verify` loads it in
 * milliseconds instead of the whole server (several seconds from source).
 */
export { verifyEvidence, readEmbeddedManifest, verifyEmbeddedSignature, MANIFEST_FILE, EMBEDDED_MANIFEST_FILE, type EvidenceCheck, type Manifest, type EmbeddedManifest } from './modules/reviews/evidence/manifest.js';

/**
 * Where the vendors' API specs are (the simulator-vs-spec tests read them). They are not part of the
 * repository: CI has them beside it (`../shared/specs`) and points `GATEHOUSE_SPECS_DIR` there; a
 * user's clone usually has none, and those tests then skip with one line saying how to get them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, from packages/sdk/src/testkit or packages/sdk/dist/testkit. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const SOURCES: Record<string, string> = {
  okta: 'https://github.com/okta/okta-management-openapi-spec (dist/current/management-minimal.yaml as okta/management-openapi.yaml)',
  pingone:
    'https://github.com/patrickcping/pingone-go-sdk-v2 (management/api/openapi.yaml as pingone/management-openapi.yaml) and https://github.com/pingidentity/pingone-openapi-specifications (specification/3.1/api/combined/openapi.yaml as pingone/platform-openapi.yaml)',
};

export function specsDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GATEHOUSE_SPECS_DIR || join(ROOT, '..', 'shared', 'specs'));
}

export interface SpecFiles {
  /** The files' paths, in the order asked for. */
  paths: string[];
  /** False when one is missing; `reason` then says which and where to get it. */
  available: boolean;
  reason: string;
}

/**
 * Finds a vendor's spec files under the specs dir. Where they are missing the caller skips its
 * tests, except when `GATEHOUSE_SPECS_REQUIRED=1` (CI): then a missing spec is an error.
 */
export function vendorSpecs(vendor: string, files: string[], env: NodeJS.ProcessEnv = process.env): SpecFiles {
  const dir = specsDir(env);
  const paths = files.map((f) => join(dir, vendor, f));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return { paths, available: true, reason: '' };
  const reason = `the ${vendor} spec is missing at ${missing.join(', ')}; set GATEHOUSE_SPECS_DIR to a folder holding ${vendor}/${files.join(`, ${vendor}/`)} (from ${SOURCES[vendor] ?? "the vendor's public spec repository"})`;
  if (env.GATEHOUSE_SPECS_REQUIRED === '1') throw new Error(`${reason}. CI requires the specs (GATEHOUSE_SPECS_REQUIRED=1).`);
  console.warn(`${vendor} simulator-vs-spec tests skipped: ${reason}`);
  return { paths, available: false, reason };
}

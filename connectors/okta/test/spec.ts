/**
 * The official Okta Management API spec (../shared/specs/okta), prepared as the specs README says:
 * `example(s)` stripped (their $refs are broken) and `discriminator` dropped (its oneOf read as anyOf), then compiled with a
 * tolerant validator so simulator responses can be checked against the declared schemas.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const SPEC = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/specs/okta/management-openapi.yaml');

interface Spec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    const tagged = 'discriminator' in node;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' || k === 'examples' || k === 'discriminator') continue;
      // Without the discriminator, a oneOf of schemas that allow extra properties matches several
      // branches (StandardRole and CustomRole): anyOf keeps the check without that false failure.
      out[tagged && k === 'oneOf' ? 'anyOf' : k] = strip(v);
    }
    return out;
  }
  return node;
}

let cached: { spec: Spec; ajv: Ajv } | undefined;

export function loadSpec(): { spec: Spec; ajv: Ajv } {
  if (cached) return cached;
  if (!existsSync(SPEC)) throw new Error(`the Okta spec is missing at ${SPEC} (shared/ must sit beside the repository)`);
  const spec = strip(parse(readFileSync(SPEC, 'utf8'), { maxAliasCount: -1 })) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'url']) ajv.addFormat(f, true);
  ajv.addSchema(spec as object, 'okta');
  cached = { spec, ajv };
  return cached;
}

const pointer = (parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** The spec's path template matching a simulator template (parameter names may differ). */
export function specPath(template: string): string | undefined {
  const shape = (t: string) => t.replace(/\{[^}]+\}/g, '{}');
  return Object.keys(loadSpec().spec.paths).find((p) => shape(p) === shape(template));
}

export function responseValidator(template: string, method: string, status: string): ValidateFunction {
  const { spec, ajv } = loadSpec();
  const path = specPath(template);
  if (!path) throw new Error(`${template} is not in the Okta spec`);
  const op = spec.paths[path]![method.toLowerCase()];
  if (!op?.responses?.[status]?.content?.['application/json']?.schema) throw new Error(`${method} ${path} declares no JSON ${status} response`);
  const ref = `okta#/${pointer(['paths', path, method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema'])}`;
  return ajv.compile({ $ref: ref });
}

export function errorValidator(): ValidateFunction {
  return loadSpec().ajv.compile({ $ref: 'okta#/components/schemas/Error' });
}

export function specMethods(template: string): string[] {
  const path = specPath(template);
  return path ? Object.keys(loadSpec().spec.paths[path]!).map((m) => m.toUpperCase()) : [];
}

/**
 * Vendor OpenAPI specs for simulator tests: loaded once, prepared (vendor specs carry broken
 * `example` $refs and discriminators that a strict validator misreads), and compiled with a
 * tolerant validator so a simulator's routes and bodies can be checked against what the vendor
 * declares.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
}

function prepare(node: unknown, everyOneOf: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => prepare(n, everyOneOf));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    const tagged = everyOneOf || 'discriminator' in node;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'example' || k === 'examples' || k === 'discriminator') continue;
      // Without the discriminator, a oneOf of schemas that allow extra properties matches several
      // branches: anyOf keeps the check without that false failure.
      out[tagged && k === 'oneOf' ? 'anyOf' : k] = prepare(v, everyOneOf);
    }
    return out;
  }
  return node;
}

export interface OpenApiSpecOptions {
  /** Prefixed to the spec's paths when the simulator serves them under one (`/v1`). */
  basePath?: string;
  /**
   * Read every oneOf as anyOf, for specs whose oneOf lists permissive schemas without a
   * discriminator (PingOne's role lists: Role or UserApplicationRoleAssignment both match).
   */
  oneOfAsAnyOf?: boolean;
}

const pointer = (parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
const shape = (t: string) => t.replace(/\{[^}]+\}/g, '{}');

export class OpenApiSpec {
  readonly spec: Spec;
  private readonly ajv: Ajv;

  private readonly basePath: string;

  constructor(
    file: string,
    private readonly name: string,
    options: OpenApiSpecOptions = {},
  ) {
    if (!existsSync(file)) throw new Error(`the ${name} spec is missing at ${file} (see GATEHOUSE_SPECS_DIR in the README)`);
    this.basePath = options.basePath ?? '';
    this.spec = prepare(parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }), options.oneOfAsAnyOf ?? false) as Spec;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    for (const f of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password', 'url']) this.ajv.addFormat(f, true);
    this.ajv.addSchema(this.spec as object, name);
  }

  /** The spec's path template matching a simulator template (parameter names may differ). */
  specPath(template: string): string | undefined {
    if (!template.startsWith(this.basePath)) return undefined;
    const wanted = shape(template.slice(this.basePath.length));
    return Object.keys(this.spec.paths).find((p) => shape(p) === wanted);
  }

  methods(template: string): string[] {
    const path = this.specPath(template);
    return path ? Object.keys(this.spec.paths[path]!).map((m) => m.toUpperCase()) : [];
  }

  responseValidator(template: string, method: string, status: string, contentType = 'application/json'): ValidateFunction {
    const path = this.specPath(template);
    if (!path) throw new Error(`${template} is not in the ${this.name} spec`);
    const op = this.spec.paths[path]![method.toLowerCase()];
    if (!op?.responses?.[status]?.content?.[contentType]?.schema) throw new Error(`${method} ${path} declares no ${contentType} ${status} response`);
    return this.ajv.compile({ $ref: `${this.name}#/${pointer(['paths', path, method.toLowerCase(), 'responses', status, 'content', contentType, 'schema'])}` });
  }

  schemaValidator(schema: string): ValidateFunction {
    return this.ajv.compile({ $ref: `${this.name}#/components/schemas/${schema}` });
  }
}

/** Validates and returns the first few errors (an empty list when valid), for readable test failures. */
export function validationErrors(validate: ValidateFunction, body: unknown): unknown[] {
  return validate(body) ? [] : (validate.errors ?? []).slice(0, 3);
}

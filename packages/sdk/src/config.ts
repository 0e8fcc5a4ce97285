/**
 * A connector's config schema (zod) is the single source of its CLI flags, env vars and, later,
 * the UI form. Fields carry metadata through `configField`; this module turns the schema into a
 * list of field descriptions and resolves a config from flags and environment.
 */
import { z } from 'zod';
import { ConfigError } from './errors.js';
import type { ConnectorDefinition } from './connector.js';

export interface ConfigFieldMeta {
  description: string;
  /** Write-only: never printed, logged or returned. */
  secret?: boolean;
  /** Other env var names accepted for this field (the `BATON_*` names of the seed docs). */
  envAliases?: string[];
  /** Placeholder shown in help (`acme.okta.com`). */
  example?: string;
}

export const configRegistry = z.registry<ConfigFieldMeta>();

/** Attaches metadata to a config field: `configField(z.string(), {description: '…', secret: true})`. */
export function configField<T extends z.ZodType>(schema: T, meta: ConfigFieldMeta): T {
  configRegistry.add(schema as z.ZodType, meta);
  return schema;
}

export type ConfigFieldKind = 'string' | 'boolean' | 'number' | 'enum';

export interface ConfigFieldInfo {
  key: string;
  flag: string;
  env: string[];
  kind: ConfigFieldKind;
  required: boolean;
  defaultValue?: unknown;
  choices?: string[];
  meta: ConfigFieldMeta;
}

interface ZodDefLike {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

export function kebabCase(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function snakeUpper(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export function describeConfig(def: Pick<ConnectorDefinition, 'name' | 'configSchema'>): ConfigFieldInfo[] {
  const shape = def.configSchema.shape as Record<string, z.ZodType>;
  return Object.entries(shape).map(([key, field]) => {
    let schema = field;
    let required = true;
    let defaultValue: unknown;
    let meta = configRegistry.get(schema);
    for (;;) {
      const d = defOf(schema);
      meta ??= configRegistry.get(schema);
      if (d.type === 'optional' && d.innerType) {
        required = false;
        schema = d.innerType;
      } else if (d.type === 'default' && d.innerType) {
        required = false;
        defaultValue = typeof d.defaultValue === 'function' ? (d.defaultValue as () => unknown)() : d.defaultValue;
        schema = d.innerType;
      } else if (d.type === 'pipe' && d.in) {
        schema = d.in;
      } else break;
    }
    meta ??= configRegistry.get(schema);
    if (!meta) throw new Error(`config field ${def.name}.${key} has no description: wrap it in configField()`);
    const d = defOf(schema);
    const kind: ConfigFieldKind = d.type === 'boolean' ? 'boolean' : d.type === 'number' ? 'number' : d.type === 'enum' ? 'enum' : 'string';
    const env = [`GATEHOUSE_${snakeUpper(def.name)}_${snakeUpper(key)}`, ...(meta.envAliases ?? [])];
    return {
      key,
      flag: `--${kebabCase(key)}`,
      env,
      kind,
      required,
      defaultValue,
      choices: d.entries ? Object.values(d.entries) : undefined,
      meta,
    };
  });
}

function coerce(field: ConfigFieldInfo, raw: string | boolean | undefined): unknown {
  if (raw === undefined) return undefined;
  if (field.kind === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
    throw new ConfigError(`${field.flag}: expected true or false, got "${raw}"`);
  }
  if (field.kind === 'number') {
    const n = Number(raw);
    if (typeof raw === 'boolean' || !Number.isFinite(n)) throw new ConfigError(`${field.flag}: expected a number, got "${String(raw)}"`);
    return n;
  }
  return raw;
}

/**
 * Builds a config from explicit values (flags, keyed by field name) first, then env vars. Every
 * problem is reported at once, naming both the flag and the env var, with secrets never echoed.
 */
export function resolveConfig<S extends z.ZodObject>(
  def: Pick<ConnectorDefinition<S>, 'name' | 'configSchema'>,
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const fields = describeConfig(def);
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    let raw = values[field.key];
    if (raw === undefined) {
      for (const name of field.env) {
        if (env[name] !== undefined && env[name] !== '') {
          raw = env[name];
          break;
        }
      }
    }
    input[field.key] = coerce(field, raw);
  }
  const parsed = def.configSchema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  const lines = parsed.error.issues.map((issue) => {
    const field = fields.find((f) => f.key === issue.path[0]);
    if (!field) return `- ${issue.message}`;
    const where = `${field.flag} (env ${field.env[0]})`;
    const missing = input[field.key] === undefined;
    return missing ? `- missing ${where}: ${field.meta.description}` : `- invalid ${where}: ${issue.message}`;
  });
  throw new ConfigError(`invalid ${def.name} configuration:\n${lines.join('\n')}`);
}

/** A copy of the config safe to print or store unencrypted: secret fields become "[set]"/"[not set]". */
export function redactConfig(def: Pick<ConnectorDefinition, 'name' | 'configSchema'>, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const field of describeConfig(def)) {
    if (field.meta.secret) out[field.key] = config[field.key] ? '[set]' : '[not set]';
  }
  return out;
}

/**
 * A configured base URL, checked: an http(s) URL, without trailing slashes. `field` names the
 * setting in the error (`apiUrl "x" is not a URL`).
 */
export function checkedBaseUrl(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${field} "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${field} "${raw}": only http and https URLs are supported`);
  return url.toString().replace(/\/+$/, '');
}

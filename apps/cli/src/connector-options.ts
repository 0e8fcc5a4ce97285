/**
 * Turns a connector's config schema into commander options, and the parsed options back into a
 * validated config (flags first, then GATEHOUSE_<CONNECTOR>_* env vars and their aliases).
 */
import { createLogger, describeConfig, resolveConfig, WarningSink, type Connector, type ConnectorDefinition } from '@gatehouse/sdk';
import { Option, type Command } from 'commander';

export function addConnectorOptions(cmd: Command, def: ConnectorDefinition): Command {
  for (const field of describeConfig(def)) {
    const env = `env ${field.env.join(', ')}`;
    const secret = field.meta.secret ? '; secret' : '';
    const flag = field.kind === 'boolean' ? `${field.flag} [bool]` : `${field.flag} <${field.kind === 'number' ? 'n' : 'value'}>`;
    const option = new Option(flag, `${field.meta.description} (${env}${secret})`);
    if (field.choices) option.choices(field.choices);
    if (field.defaultValue !== undefined) option.default(undefined, String(field.defaultValue));
    cmd.addOption(option);
  }
  cmd.option('--log-level <level>', 'log HTTP requests and more to stderr (debug, info, warn); secrets are redacted', 'warn');
  return cmd;
}

export interface OpenedConnector {
  connector: Connector;
  config: Record<string, unknown>;
  /** Where the connector's warnings go; hand it to runSync so they land in the sync file. */
  warnings: WarningSink;
}

export function openConnector(def: ConnectorDefinition, opts: Record<string, unknown>, onWarning?: (code: string, message: string) => void): OpenedConnector {
  const values: Record<string, string | boolean | undefined> = {};
  for (const field of describeConfig(def)) {
    const v = opts[field.key];
    values[field.key] = v === undefined ? undefined : typeof v === 'boolean' ? v : String(v);
  }
  const config = resolveConfig(def, values) as Record<string, unknown>;
  const warnings = new WarningSink(onWarning);
  const logger = createLogger({ level: String(opts.logLevel ?? 'warn') });
  const connector = def.create(config, { logger, warn: warnings.warn });
  return { connector, config, warnings };
}

/** What identifies the synced system for resume checks: the non-secret config. */
export function targetOf(def: ConnectorDefinition, config: Record<string, unknown>): string {
  const parts = describeConfig(def)
    .filter((f) => !f.meta.secret)
    .map((f) => `${f.key}=${JSON.stringify(config[f.key])}`);
  return parts.join('&');
}

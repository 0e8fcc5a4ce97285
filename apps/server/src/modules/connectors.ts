/**
 * Connector records: config validated by the connector type's schema, secret fields sealed
 * (write-only: the API reports them as set or not set, never their value).
 */
import { describeConfig, type Connector, type ConnectorDefinition } from '@gatehouse/sdk';
import { z } from 'zod';
import { CONNECTOR_TYPES } from '../connector-types.js';
import type { ConnectorTable } from '../db/schema.js';
import { badRequest } from '../problems.js';
import type { SecretBox } from '../secrets.js';

export function connectorType(type: string): ConnectorDefinition {
  const def = CONNECTOR_TYPES[type];
  if (!def) throw badRequest(`unknown connector type "${type}"; known: ${Object.keys(CONNECTOR_TYPES).join(', ')}`);
  return def;
}

export function secretKeys(def: ConnectorDefinition): Set<string> {
  return new Set(describeConfig(def).filter((f) => f.meta.secret).map((f) => f.key));
}

/**
 * Validates a full config (new values merged over the stored ones) and splits it into the public
 * part and the sealed secrets. Errors name each failing field.
 */
export function prepareConfig(def: ConnectorDefinition, input: Record<string, unknown>, secrets: SecretBox, stored?: ConnectorTable): { config: string; secrets: string } {
  const previous = stored ? { ...(JSON.parse(stored.config) as object), ...secrets.openJson<object>(stored.secrets) } : {};
  const merged: Record<string, unknown> = { ...previous };
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) merged[k] = v;
  const parsed = def.configSchema.safeParse(merged);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: `config.${i.path.join('.')}`, message: i.message }));
    throw badRequest(`invalid ${def.displayName} connector config`, errors);
  }
  const keys = secretKeys(def);
  const pub: Record<string, unknown> = {};
  const sec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) (keys.has(k) ? sec : pub)[k] = v;
  return { config: JSON.stringify(pub), secrets: secrets.sealJson(sec) };
}

/** The connector as the API shows it: secrets as set / not set. */
export function presentConnector(row: ConnectorTable, secrets: SecretBox) {
  const def = CONNECTOR_TYPES[row.type];
  const sealed = secrets.openJson<Record<string, unknown>>(row.secrets);
  const secretState: Record<string, 'set' | 'not set'> = {};
  for (const key of def ? secretKeys(def) : []) secretState[key] = sealed[key] ? 'set' : 'not set';
  return {
    id: row.id,
    appId: row.app_id,
    type: row.type,
    config: JSON.parse(row.config) as Record<string, unknown>,
    secrets: secretState,
    provisioning: row.provisioning === 1,
    schedule: row.schedule,
    status: row.status,
    statusMessage: row.status_message,
    lastSyncAt: row.last_sync_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function instantiate(row: ConnectorTable, secrets: SecretBox, ctx: Parameters<ConnectorDefinition['create']>[1]): { def: ConnectorDefinition; connector: Connector; config: Record<string, unknown> } {
  const def = connectorType(row.type);
  const config = def.configSchema.parse({ ...(JSON.parse(row.config) as object), ...secrets.openJson<object>(row.secrets) }) as Record<string, unknown>;
  return { def, connector: def.create(config, ctx), config };
}

/** The config form of a connector type, for the UI and the API (JSON Schema from zod). */
export function describeType(def: ConnectorDefinition) {
  return {
    type: def.name,
    displayName: def.displayName,
    description: def.description,
    capabilities: def.capabilities,
    resourceTypes: def.resourceTypes,
    fields: describeConfig(def).map((f) => ({ key: f.key, kind: f.kind, required: f.required, default: f.defaultValue, choices: f.choices, secret: Boolean(f.meta.secret), description: f.meta.description, example: f.meta.example })),
    jsonSchema: z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

/**
 * Connector records: config validated by the connector type's schema, secret fields sealed
 * (write-only: the API reports them as set or not set, never their value). This module owns the
 * `connectors` table but for the status columns, which the syncs module keeps.
 */
import { CONNECTORS, findConnector } from '@gatehouse/connectors';
import { describeConfig, OutboundRefusedError, type Connector, type ConnectorDefinition } from '@gatehouse/sdk';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Context } from '../../context.js';
import type { ConnectorTable } from '../../db/schema.js';
import { InvalidError, NotFoundError } from '../../errors.js';
import { removeSyncFiles } from '../../files.js';
import { audit, type Actor } from '../audit/audit.js';
import { connectorOwnersAdded } from '../notifications/connector-events.js';
import type { SecretBox } from '../../secrets.js';
import { checkOwners, loadApp } from './apps.js';

export function connectorType(type: string): ConnectorDefinition {
  const def = findConnector(type)?.definition;
  if (!def) throw new InvalidError(`unknown connector type "${type}"; known: ${Object.keys(CONNECTORS).join(', ')}`, [{ field: 'body.type', message: 'unknown connector type' }]);
  return def;
}

export function secretKeys(def: ConnectorDefinition): Set<string> {
  return new Set(describeConfig(def).filter((f) => f.meta.secret).map((f) => f.key));
}

/** Where a config sends its secrets, normalised (the connector's own `destinations`). */
function destinationsOf(def: ConnectorDefinition, config: unknown): string[] {
  try {
    return [...new Set(def.destinations(config as never).map((u) => new URL(u).toString()))].sort();
  } catch (err) {
    throw new InvalidError(`invalid ${def.displayName} connector config: ${(err as Error).message}`, [{ field: 'config', message: (err as Error).message }]);
  }
}

/**
 * Validates a full config (new values merged over the stored ones) and splits it into the public
 * part and the sealed secrets. Errors name each failing field. Two rules guard the secrets:
 * - every URL the config sends them to must pass the outbound address policy (no cloud metadata,
 *   loopback or private addresses unless GATEHOUSE_OUTBOUND_ALLOW opens them);
 * - an edit that changes where they go (a domain, a base URL, a region) must enter them again:
 *   otherwise anyone who may edit the connector could send the stored token to a host of theirs.
 */
export async function prepareConfig(ctx: Context, def: ConnectorDefinition, input: Record<string, unknown>, stored?: ConnectorTable): Promise<{ config: string; secrets: string }> {
  const previous = stored ? { ...(JSON.parse(stored.config) as object), ...ctx.secrets.openJson<object>(stored.secrets) } : {};
  const merged: Record<string, unknown> = { ...previous };
  for (const [k, v] of Object.entries(input)) if (v !== undefined && v !== null) merged[k] = v;
  const parsed = def.configSchema.safeParse(merged);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: `config.${i.path.join('.')}`, message: i.message }));
    throw new InvalidError(`invalid ${def.displayName} connector config`, errors);
  }
  const keys = secretKeys(def);
  const destinations = destinationsOf(def, parsed.data);
  if (stored) {
    const before = destinationsOf(def, def.configSchema.parse(previous));
    const moved = before.join(' ') !== destinations.join(' ');
    const missing = [...keys].filter((k) => typeof input[k] !== 'string' || input[k] === '');
    if (moved && missing.length) {
      throw new InvalidError(
        `this change sends the connector's secrets somewhere else (${before.join(', ')} → ${destinations.join(', ')}): enter ${missing.join(' and ')} again`,
        missing.map((k) => ({ field: `config.${k}`, message: 'required again when the destination changes' })),
      );
    }
  }
  for (const url of destinations) {
    try {
      await ctx.outbound.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) throw err;
      throw new InvalidError(`the ${def.displayName} connector may not reach ${url}: ${err.message}`, [{ field: 'config', message: err.message }]);
    }
  }
  const pub: Record<string, unknown> = {};
  const sec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) (keys.has(k) ? sec : pub)[k] = v;
  return { config: JSON.stringify(pub), secrets: ctx.secrets.sealJson(sec) };
}

export const connectorView = z.object({
  id: z.string(),
  appId: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.enum(['set', 'not set'])),
  provisioning: z.boolean(),
  schedule: z.string(),
  status: z.string(),
  statusMessage: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  /** Platform users who look after this connector: told when it is set up for them and when it fails. */
  owners: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectorView = z.infer<typeof connectorView>;

/** The connector as the API shows it: secrets as set / not set. */
export function presentConnector(row: ConnectorTable, secrets: SecretBox, owners: string[] = []): ConnectorView {
  const def = findConnector(row.type)?.definition;
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
    owners,
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
    capabilities: def.capabilities as Record<string, string[]>,
    resourceTypes: def.resourceTypes.map((t) => ({ id: t.id, displayName: t.displayName, traits: t.traits as string[], description: t.description })),
    fields: describeConfig(def).map((f) => ({ key: f.key, kind: f.kind, required: f.required, default: f.defaultValue, choices: f.choices, secret: Boolean(f.meta.secret), description: f.meta.description, example: f.meta.example })),
    jsonSchema: z.toJSONSchema(def.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  };
}

export function connectorTypes() {
  return Object.values(CONNECTORS).map((c) => describeType(c.definition));
}

/** The owners of each connector, by connector id. */
export async function connectorOwners(ctx: Context, ids: string[]): Promise<Map<string, string[]>> {
  const rows = ids.length ? await ctx.db.db.selectFrom('connector_owners').selectAll().where('connector_id', 'in', ids).orderBy('user_id').execute() : [];
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.connector_id, [...(map.get(r.connector_id) ?? []), r.user_id]);
  return map;
}

/** Connectors as the API shows them, with their owners. */
export async function viewConnectors(ctx: Context, rows: ConnectorTable[]): Promise<ConnectorView[]> {
  const owners = await connectorOwners(ctx, rows.map((r) => r.id));
  return rows.map((r) => presentConnector(r, ctx.secrets, owners.get(r.id)));
}

export async function viewConnector(ctx: Context, row: ConnectorTable): Promise<ConnectorView> {
  return (await viewConnectors(ctx, [row]))[0]!;
}

export async function loadConnector(ctx: Context, id: string): Promise<ConnectorTable> {
  const c = await ctx.db.db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw new NotFoundError('connector', id);
  return c;
}

/** The connectors of an app (an app usually has one). */
export async function connectorsOfApp(ctx: Context, appId: string): Promise<ConnectorTable[]> {
  return ctx.db.db.selectFrom('connectors').selectAll().where('app_id', '=', appId).orderBy('created_at').execute();
}

export interface ConnectorInput {
  type: string;
  config: Record<string, unknown>;
  provisioning: boolean;
  schedule: string;
  /** Platform user ids; each one newly named is notified (by email too) that the connector needs them. */
  owners?: string[];
}

export async function createConnector(ctx: Context, actor: Actor, appId: string, input: ConnectorInput): Promise<ConnectorTable> {
  const a = await loadApp(ctx, appId);
  const def = connectorType(input.type);
  const sealed = await prepareConfig(ctx, def, input.config);
  const now = new Date().toISOString();
  const owners = [...new Set(input.owners ?? [])];
  await checkOwners(ctx, owners);
  const row: ConnectorTable = { id: randomUUID(), app_id: a.id, type: def.name, ...sealed, provisioning: input.provisioning ? 1 : 0, schedule: input.schedule, status: 'not_connected', status_message: null, last_sync_at: null, created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('connectors').values(row).execute();
    for (const owner of owners) await tx.insertInto('connector_owners').values({ connector_id: row.id, user_id: owner }).execute();
    if (!a.managed) await tx.updateTable('apps').set({ managed: 1, updated_at: now }).where('id', '=', a.id).execute();
    // The first directory-type connector (Okta, PingOne) makes its app the directory, unless one exists.
    if (findConnector(def.name)?.directory && !a.is_directory) {
      const directory = await tx.selectFrom('apps').select('id').where('is_directory', '=', 1).executeTakeFirst();
      if (!directory) await tx.updateTable('apps').set({ is_directory: 1 }).where('id', '=', a.id).execute();
    }
    await audit(tx, actor, { action: 'connector.create', targetType: 'connector', targetId: row.id, after: presentConnector(row, ctx.secrets, owners) });
    await connectorOwnersAdded(ctx, tx, row.id, owners);
  });
  ctx.jobs.poke();
  return row;
}

export async function updateConnector(ctx: Context, actor: Actor, id: string, input: Partial<Omit<ConnectorInput, 'type'>>): Promise<ConnectorTable> {
  const before = await loadConnector(ctx, id);
  const def = connectorType(before.type);
  const sealed = input.config ? await prepareConfig(ctx, def, input.config, before) : {};
  const owners = input.owners ? [...new Set(input.owners)] : undefined;
  if (owners) await checkOwners(ctx, owners);
  await ctx.db.db.transaction().execute(async (tx) => {
    const ownersBefore = (await tx.selectFrom('connector_owners').select('user_id').where('connector_id', '=', before.id).orderBy('user_id').execute()).map((o) => o.user_id);
    await tx
      .updateTable('connectors')
      .set({ ...sealed, provisioning: input.provisioning === undefined ? undefined : input.provisioning ? 1 : 0, schedule: input.schedule, updated_at: new Date().toISOString() })
      .where('id', '=', before.id)
      .execute();
    if (owners) {
      await tx.deleteFrom('connector_owners').where('connector_id', '=', before.id).execute();
      for (const owner of owners) await tx.insertInto('connector_owners').values({ connector_id: before.id, user_id: owner }).execute();
    }
    const after = await tx.selectFrom('connectors').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    await audit(tx, actor, {
      action: 'connector.update',
      targetType: 'connector',
      targetId: before.id,
      before: presentConnector(before, ctx.secrets, ownersBefore),
      after: presentConnector(after, ctx.secrets, owners ?? ownersBefore),
    });
    // Only the newly named hear about it: saving the form again does not repeat the email.
    if (owners) await connectorOwnersAdded(ctx, tx, before.id, owners.filter((o) => !ownersBefore.includes(o)));
  });
  ctx.jobs.poke();
  return loadConnector(ctx, before.id);
}

export async function deleteConnector(ctx: Context, actor: Actor, id: string): Promise<void> {
  const before = await loadConnector(ctx, id);
  const view = await viewConnector(ctx, before);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('connectors').where('id', '=', before.id).execute();
    await audit(tx, actor, { action: 'connector.delete', targetType: 'connector', targetId: before.id, before: view });
  });
  // Its sync files are a copy of the app's catalog: they go with it.
  removeSyncFiles(ctx.config.dataDir, before.id);
}

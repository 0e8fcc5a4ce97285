/**
 * SCIM clients: the identity providers (Okta, Entra ID) allowed to push users and groups to
 * /scim/v2, each with a bearer token shown once and stored as SHA-256 (like API tokens, but a
 * separate table: a SCIM token authenticates nothing under /api/v1, and an API token nothing
 * under /scim/v2). Owns `scim_clients`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { ScimClientTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { sha256 } from '../auth/credentials.js';

export interface ScimClientView {
  id: string;
  name: string;
  createdAt: string;
  rotatedAt: string | null;
  lastUsedAt: string | null;
}

/** The identity of a SCIM caller, as audit events name it. */
export interface ScimCaller {
  clientId: string;
  name: string;
}

export const scimActor = (c: ScimCaller): Actor => ({ type: 'scim_client', id: c.clientId });

const present = (r: ScimClientTable): ScimClientView => ({ id: r.id, name: r.name, createdAt: r.created_at, rotatedAt: r.rotated_at, lastUsedAt: r.last_used_at });
const newToken = () => `ghscim_${randomBytes(32).toString('base64url')}`;

export async function listScimClients(ctx: Context): Promise<ScimClientView[]> {
  return (await ctx.db.db.selectFrom('scim_clients').selectAll().orderBy('created_at').execute()).map(present);
}

export async function createScimClient(ctx: Context, actor: Actor, input: { name: string }): Promise<ScimClientView & { token: string }> {
  const token = newToken();
  const row: ScimClientTable = { id: randomUUID(), name: input.name, token_hash: sha256(token), created_by: actor.id, created_at: new Date().toISOString(), rotated_at: null, last_used_at: null };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('scim_clients').values(row).execute();
    await audit(tx, actor, { action: 'scim_client.create', targetType: 'scim_client', targetId: row.id, after: { name: row.name } });
  });
  return { ...present(row), token };
}

/** A new token for the client; the old one stops at once. */
export async function rotateScimClient(ctx: Context, actor: Actor, id: string): Promise<ScimClientView & { token: string }> {
  const token = newToken();
  const now = new Date().toISOString();
  return ctx.db.db.transaction().execute(async (tx) => {
    const found = await tx.updateTable('scim_clients').set({ token_hash: sha256(token), rotated_at: now }).where('id', '=', id).executeTakeFirst();
    if (Number(found.numUpdatedRows) === 0) throw new NotFoundError('SCIM client', id);
    await audit(tx, actor, { action: 'scim_client.rotate', targetType: 'scim_client', targetId: id });
    return { ...present((await tx.selectFrom('scim_clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow())), token };
  });
}

export async function deleteScimClient(ctx: Context, actor: Actor, id: string): Promise<void> {
  await ctx.db.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('scim_clients').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('SCIM client', id);
    await tx.deleteFrom('scim_clients').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'scim_client.delete', targetType: 'scim_client', targetId: id, before: { name: row.name } });
  });
}

const LAST_USE_PRECISION_MS = 60_000;

/** The client a bearer token belongs to, or undefined. Records the last use (to the minute). */
export async function scimCallerFromToken(ctx: Context, token: string): Promise<ScimCaller | undefined> {
  const row = await ctx.db.db.selectFrom('scim_clients').select(['id', 'name', 'last_used_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) return undefined;
  const now = Date.now();
  if (!row.last_used_at || Date.parse(row.last_used_at) < now - LAST_USE_PRECISION_MS) {
    await ctx.db.db.updateTable('scim_clients').set({ last_used_at: new Date(now).toISOString() }).where('id', '=', row.id).execute();
  }
  return { clientId: row.id, name: row.name };
}

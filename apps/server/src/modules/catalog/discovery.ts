/**
 * Unmanaged apps: the apps a directory connector discovers (Okta apps) are listed so that an admin
 * can manage them: turn one into a managed app, link it to an existing managed app, or create a
 * new one. A directory's assignments of an app stay visible on the managed app it becomes.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';

export async function discoverApps(ctx: Context, connectorId: string, directoryAppId: string): Promise<number> {
  const { db } = ctx.db;
  const found = await db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .select(['r.id', 'r.display_name'])
    .where('r.app_id', '=', directoryAppId)
    .where('r.type', '=', 'app')
    .execute();
  const known = new Set((await db.selectFrom('apps').select('external_id').where('discovered_by', '=', connectorId).execute()).map((a) => a.external_id));
  const now = new Date().toISOString();
  const fresh = found.filter((f) => !known.has(f.id));
  for (const f of fresh) {
    await db
      .insertInto('apps')
      .values({ id: randomUUID(), name: f.display_name, description: 'Discovered in the directory', is_directory: 0, managed: 0, discovered_by: connectorId, external_id: f.id, catalog_generation: 0, created_at: now, updated_at: now })
      .execute();
  }
  return fresh.length;
}

/** Who the directory says holds an app: its assignments in the directory's catalog. */
export async function directoryAssignments(ctx: Context, appId: string) {
  const { db } = ctx.db;
  const app = await db.selectFrom('apps').select(['discovered_by', 'external_id']).where('id', '=', appId).executeTakeFirst();
  if (!app?.discovered_by || !app.external_id) return [];
  const connector = await db.selectFrom('connectors').select('app_id').where('id', '=', app.discovered_by).executeTakeFirst();
  if (!connector) return [];
  return db
    .selectFrom('grants as g')
    .innerJoin('apps as d', (j) => j.onRef('d.id', '=', 'g.app_id').onRef('d.catalog_generation', '=', 'g.generation'))
    .select(['g.id', 'g.principal_type as principalType', 'g.principal_id as principalId', 'g.direct'])
    .where('g.app_id', '=', connector.app_id)
    .where('g.resource_type', '=', 'app')
    .where('g.resource_id', '=', app.external_id)
    .orderBy('g.id')
    .limit(10_000)
    .execute();
}

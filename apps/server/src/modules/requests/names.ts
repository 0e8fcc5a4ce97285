/** Names for entitlements referred to by app and id (bundles' items, who may ask), from each app's current catalog. */
import type { Context } from '../../context.js';

export interface NamedEntitlement {
  appId: string;
  appName: string;
  entitlementId: string;
  /** null: no longer in the app's catalog. */
  entitlementName: string | null;
}

export async function nameEntitlements(ctx: Context, refs: { appId: string; entitlementId: string }[]): Promise<NamedEntitlement[]> {
  if (!refs.length) return [];
  const { db } = ctx.db;
  const appIds = [...new Set(refs.map((r) => r.appId))];
  const apps = new Map((await db.selectFrom('apps').select(['id', 'name', 'catalog_generation']).where('id', 'in', appIds).execute()).map((a) => [a.id, a]));
  const names = new Map<string, string>();
  for (const appId of appIds) {
    const app = apps.get(appId);
    if (!app) continue;
    const ids = [...new Set(refs.filter((r) => r.appId === appId).map((r) => r.entitlementId))];
    for (const e of await db.selectFrom('entitlements').select(['id', 'display_name']).where('app_id', '=', appId).where('generation', '=', app.catalog_generation).where('id', 'in', ids).execute()) names.set(`${appId}\u0000${e.id}`, e.display_name);
  }
  return refs.map((r) => ({ appId: r.appId, appName: apps.get(r.appId)?.name ?? r.appId, entitlementId: r.entitlementId, entitlementName: names.get(`${r.appId}\u0000${r.entitlementId}`) ?? null }));
}

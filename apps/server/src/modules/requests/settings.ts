/**
 * What may be requested: settings per entitlement, falling back to the app's defaults (entitlement
 * id ''), else not requestable. The catalog people browse is the requestable entitlements with
 * what the person already holds and has pending.
 */
import type { Context } from '../../context.js';
import { InvalidError } from '../../errors.js';
import { loadApp } from '../apps/apps.js';
import { audit, type Actor } from '../audit/audit.js';
import { requestSettings, type RequestSettings } from './model.js';

export async function effectiveSettings(ctx: Context, appId: string, entitlementId: string): Promise<RequestSettings | undefined> {
  const rows = await ctx.db.db.selectFrom('request_settings').select(['entitlement_id', 'settings']).where('app_id', '=', appId).where('entitlement_id', 'in', [entitlementId, '']).execute();
  const own = rows.find((r) => r.entitlement_id === entitlementId) ?? rows.find((r) => r.entitlement_id === '');
  return own ? requestSettings.parse(JSON.parse(own.settings)) : undefined;
}

export async function setSettings(ctx: Context, actor: Actor, appId: string, entitlementId: string, settings: RequestSettings | null): Promise<void> {
  await loadApp(ctx, appId);
  if (settings?.policyId && !(await ctx.db.db.selectFrom('request_policies').select('id').where('id', '=', settings.policyId).executeTakeFirst())) {
    throw new InvalidError(`no request policy with id ${settings.policyId}`, [{ field: 'body.settings.policyId', message: 'unknown policy' }]);
  }
  if (settings && settings.maxDurationMinutes !== null && settings.defaultDurationMinutes > settings.maxDurationMinutes) {
    throw new InvalidError('the default duration is longer than the maximum', [{ field: 'body.settings.defaultDurationMinutes', message: 'must not exceed maxDurationMinutes' }]);
  }
  const now = new Date().toISOString();
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('request_settings').where('app_id', '=', appId).where('entitlement_id', '=', entitlementId).execute();
    if (settings) await tx.insertInto('request_settings').values({ app_id: appId, entitlement_id: entitlementId, settings: JSON.stringify(settings), updated_at: now }).execute();
    await audit(tx, actor, { action: 'request_settings.set', targetType: 'app', targetId: appId, after: { entitlementId: entitlementId || null, settings } });
  });
}

export async function listSettings(ctx: Context, appId: string): Promise<{ entitlementId: string | null; settings: RequestSettings }[]> {
  const rows = await ctx.db.db.selectFrom('request_settings').select(['entitlement_id', 'settings']).where('app_id', '=', appId).orderBy('entitlement_id').execute();
  return rows.map((r) => ({ entitlementId: r.entitlement_id || null, settings: requestSettings.parse(JSON.parse(r.settings)) }));
}

export interface CatalogEntry {
  appId: string;
  appName: string;
  entitlementId: string;
  name: string;
  resourceType: string;
  maxDurationMinutes: number | null;
  defaultDurationMinutes: number;
  reasonRequired: boolean;
  emergencyAllowed: boolean;
  onBehalfAllowed: boolean;
}

/** The requestable entitlements (of apps with settings), searchable by name. */
export async function requestCatalog(ctx: Context, q: { q?: string; appId?: string; limit: number }): Promise<CatalogEntry[]> {
  const { db } = ctx.db;
  const rows = await db.selectFrom('request_settings').select(['app_id', 'entitlement_id', 'settings']).execute();
  const byApp = new Map<string, { defaults?: RequestSettings; own: Map<string, RequestSettings> }>();
  for (const r of rows) {
    const e: { defaults?: RequestSettings; own: Map<string, RequestSettings> } = byApp.get(r.app_id) ?? { own: new Map() };
    const s = requestSettings.parse(JSON.parse(r.settings));
    if (r.entitlement_id) e.own.set(r.entitlement_id, s);
    else e.defaults = s;
    byApp.set(r.app_id, e);
  }
  const out: CatalogEntry[] = [];
  for (const [appId, s] of byApp) {
    if (q.appId && q.appId !== appId) continue;
    const app = await db.selectFrom('apps').select(['name', 'catalog_generation']).where('id', '=', appId).executeTakeFirst();
    if (!app) continue;
    let ents = db.selectFrom('entitlements').select(['id', 'display_name', 'resource_type']).where('app_id', '=', appId).where('generation', '=', app.catalog_generation).orderBy('display_name').limit(q.limit);
    if (!s.defaults?.requestable) ents = ents.where('id', 'in', [...s.own.keys(), '']);
    if (q.q) ents = ents.where('display_name', 'like', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    for (const e of await ents.execute()) {
      const eff = s.own.get(e.id) ?? s.defaults;
      if (!eff?.requestable) continue;
      out.push({ appId, appName: app.name, entitlementId: e.id, name: e.display_name, resourceType: e.resource_type, maxDurationMinutes: eff.maxDurationMinutes, defaultDurationMinutes: eff.defaultDurationMinutes, reasonRequired: eff.reasonRequired, emergencyAllowed: eff.emergencyAllowed, onBehalfAllowed: eff.onBehalfAllowed });
    }
  }
  return out.slice(0, q.limit);
}

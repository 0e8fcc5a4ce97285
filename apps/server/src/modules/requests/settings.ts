/**
 * What may be requested: settings per entitlement, falling back to the app's defaults (entitlement
 * id ''), else not requestable. The catalog people browse is the requestable entitlements with
 * what the person already holds and has pending.
 */
import type { Context } from '../../context.js';
import { contains } from '../../db/text-search.js';
import { InvalidError } from '../../errors.js';
import { loadApp } from '../apps/apps.js';
import { audit, type Actor } from '../audit/audit.js';
import { requestSettings, type RequestSettings } from './model.js';
import { nameEntitlements, type NamedEntitlement } from './names.js';

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

/** An app's settings; beside each, the entitlements whose holders may ask, named. */
export async function listSettings(ctx: Context, appId: string): Promise<{ entitlementId: string | null; settings: RequestSettings; holdersOf: NamedEntitlement[] }[]> {
  const rows = await ctx.db.db.selectFrom('request_settings').select(['entitlement_id', 'settings']).where('app_id', '=', appId).orderBy('entitlement_id').execute();
  const parsed = rows.map((r) => ({ entitlementId: r.entitlement_id || null, settings: requestSettings.parse(JSON.parse(r.settings)) }));
  const named = await nameEntitlements(ctx, parsed.flatMap((r) => r.settings.whoMay.holdersOf));
  let at = 0;
  return parsed.map((r) => ({ ...r, holdersOf: named.slice(at, (at += r.settings.whoMay.holdersOf.length)) }));
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
  /** For the person asking: whether they hold it already, have a request open for it, and how many of their peers (same title and department) hold it. */
  held: boolean;
  open: { requestId: string; state: string } | null;
  peersHolding: number;
  peers: number;
}

/** What a person holds and has open, and what their peers hold: the context beside each catalog entry. */
async function personContext(ctx: Context, email: string | undefined) {
  const { db } = ctx.db;
  const me = email ? await db.selectFrom('people').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase())).executeTakeFirst() : undefined;
  const held = new Set<string>();
  const open = new Map<string, { requestId: string; state: string }>();
  const peerHolds = new Map<string, number>();
  let peers = 0;
  if (!me) return { held, open, peerHolds, peers };
  const grantsOf = (personIds: string[]) =>
    db
      .selectFrom('account_links as l')
      .innerJoin('apps as a', 'a.id', 'l.app_id')
      .innerJoin('grants as g', (j) => j.onRef('g.app_id', '=', 'l.app_id').onRef('g.principal_id', '=', 'l.account_id').onRef('g.generation', '=', 'a.catalog_generation'))
      .select(['l.person_id', 'g.app_id', 'g.entitlement_id'])
      .where('l.person_id', 'in', personIds)
      .where('g.principal_type', '=', 'user')
      .execute();
  for (const g of await grantsOf([me.id])) held.add(`${g.app_id}\u0000${g.entitlement_id}`);
  for (const r of await db.selectFrom('access_requests').select(['id', 'app_id', 'entitlement_id', 'state']).where('person_id', '=', me.id).where('state', 'in', ['pending', 'provisioning', 'active', 'revoking']).execute()) open.set(`${r.app_id}\u0000${r.entitlement_id}`, { requestId: r.id, state: r.state });
  if (me.title && me.department) {
    const peerIds = (await db.selectFrom('people').select('id').where('title', '=', me.title).where('department', '=', me.department).where('id', '!=', me.id).limit(500).execute()).map((p) => p.id);
    peers = peerIds.length;
    if (peerIds.length) {
      const seen = new Set<string>();
      for (const g of await grantsOf(peerIds)) {
        const key = `${g.app_id}\u0000${g.entitlement_id}`;
        if (seen.has(`${g.person_id}\u0000${key}`)) continue;
        seen.add(`${g.person_id}\u0000${key}`);
        peerHolds.set(key, (peerHolds.get(key) ?? 0) + 1);
      }
    }
  }
  return { held, open, peerHolds, peers };
}

/** The requestable entitlements (of apps with settings), searchable by name. */
export async function requestCatalog(ctx: Context, q: { q?: string; appId?: string; limit: number }, email?: string): Promise<CatalogEntry[]> {
  const { db } = ctx.db;
  const mine = await personContext(ctx, email);
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
    if (q.q) ents = ents.where(contains(ctx.db.dialect, 'display_name', q.q));
    for (const e of await ents.execute()) {
      const eff = s.own.get(e.id) ?? s.defaults;
      if (!eff?.requestable) continue;
      out.push({ appId, appName: app.name, entitlementId: e.id, name: e.display_name, resourceType: e.resource_type, maxDurationMinutes: eff.maxDurationMinutes, defaultDurationMinutes: eff.defaultDurationMinutes, reasonRequired: eff.reasonRequired, emergencyAllowed: eff.emergencyAllowed, onBehalfAllowed: eff.onBehalfAllowed, held: mine.held.has(`${appId}\u0000${e.id}`), open: mine.open.get(`${appId}\u0000${e.id}`) ?? null, peersHolding: mine.peerHolds.get(`${appId}\u0000${e.id}`) ?? 0, peers: mine.peers });
    }
  }
  return out.slice(0, q.limit);
}

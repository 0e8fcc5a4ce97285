/**
 * Bundles (access profiles): a named set of entitlements across apps that people request together
 * ("On-call SRE": the PagerDuty team, the Okta production group, the PingOne role). Asking for a
 * bundle checks every entitlement first, each against its own settings and policy; nothing is asked
 * unless all can be (access already held, or already asked for, is left out and said so). Then each becomes a request of
 * its own, decided by its own approvers, the requests sharing one bundle request id.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Context } from '../../context.js';
import type { AccessRequestTable, RequestBundleTable } from '../../db/schema.js';
import { ConflictError, DomainError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { nameEntitlements } from './names.js';
import { createRequest, planRequest, type Requester } from './requests.js';

export const bundleInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  items: z.array(z.object({ appId: z.string().min(1).max(200), entitlementId: z.string().min(1).max(1000) })).min(1).max(50),
});
export type BundleInput = z.infer<typeof bundleInput>;

export const bundleRequestInput = z.object({
  bundleId: z.string().min(1).max(200),
  forPersonId: z.string().min(1).max(200).optional(),
  durationMinutes: z.number().int().min(5).max(525_600).nullable().optional(),
  reason: z.string().trim().max(2000).default(''),
});

/** Bundles as shown: each item with its app's and entitlement's names. */
export async function presentBundles(ctx: Context, rows: RequestBundleTable[]) {
  const items = rows.map((b) => JSON.parse(b.items) as BundleInput['items']);
  const named = await nameEntitlements(ctx, items.flat());
  let at = 0;
  return rows.map((b, i) => ({ id: b.id, name: b.name, description: b.description, items: named.slice(at, (at += items[i]!.length)), createdAt: b.created_at, updatedAt: b.updated_at }));
}

export async function listBundles(ctx: Context) {
  return presentBundles(ctx, await ctx.db.db.selectFrom('request_bundles').selectAll().orderBy('name').execute());
}

async function loadBundle(ctx: Context, id: string): Promise<RequestBundleTable> {
  const b = await ctx.db.db.selectFrom('request_bundles').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw new NotFoundError('bundle', id);
  return b;
}

async function checkItems(ctx: Context, items: BundleInput['items']): Promise<void> {
  const apps = new Map((await ctx.db.db.selectFrom('apps').select(['id', 'catalog_generation']).where('id', 'in', [...new Set(items.map((i) => i.appId))]).execute()).map((a) => [a.id, a.catalog_generation]));
  for (const [n, i] of items.entries()) {
    if (!apps.has(i.appId)) throw new InvalidError(`no app with id ${i.appId}`, [{ field: `body.items.${n}.appId`, message: 'unknown app' }]);
    const e = await ctx.db.db.selectFrom('entitlements').select('id').where('app_id', '=', i.appId).where('generation', '=', apps.get(i.appId)!).where('id', '=', i.entitlementId).executeTakeFirst();
    if (!e) throw new InvalidError(`no entitlement ${i.entitlementId} in that app's catalog`, [{ field: `body.items.${n}.entitlementId`, message: 'not found in the catalog' }]);
  }
}

export async function createBundle(ctx: Context, actor: Actor, input: BundleInput) {
  await checkItems(ctx, input.items);
  if (await ctx.db.db.selectFrom('request_bundles').select('id').where('name', '=', input.name).executeTakeFirst()) throw new ConflictError(`a bundle named "${input.name}" exists already`);
  const now = new Date().toISOString();
  const row: RequestBundleTable = { id: randomUUID(), name: input.name, description: input.description, items: JSON.stringify(input.items), created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('request_bundles').values(row).execute();
    await audit(tx, actor, { action: 'request_bundle.create', targetType: 'request_bundle', targetId: row.id, after: input });
  });
  return (await presentBundles(ctx, [row]))[0]!;
}

export async function deleteBundle(ctx: Context, actor: Actor, id: string): Promise<void> {
  const b = await loadBundle(ctx, id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('request_bundles').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'request_bundle.delete', targetType: 'request_bundle', targetId: id, before: { name: b.name } });
  });
}

/** Asks for every entitlement of a bundle, or for none. */
export async function requestBundle(ctx: Context, who: Requester, input: z.infer<typeof bundleRequestInput>): Promise<{ bundleRequestId: string; requests: AccessRequestTable[]; skipped: { appId: string; entitlementId: string; reason: string }[] }> {
  const b = await loadBundle(ctx, input.bundleId);
  const items = JSON.parse(b.items) as BundleInput['items'];
  const ask = (i: BundleInput['items'][number]) => ({ appId: i.appId, entitlementId: i.entitlementId, forPersonId: input.forPersonId, durationMinutes: input.durationMinutes, reason: input.reason, emergency: false });
  const skipped: { appId: string; entitlementId: string; reason: string }[] = [];
  const wanted: BundleInput['items'] = [];
  for (const i of items) {
    try {
      const plan = await planRequest(ctx, who, ask(i));
      // Asked for already (by this bundle before, or on its own): that request goes on; asking again would be refused.
      const open = await ctx.db.db.selectFrom('access_requests').select(['id', 'state']).where('person_id', '=', plan.target.id).where('app_id', '=', i.appId).where('entitlement_id', '=', i.entitlementId).where('state', 'in', ['pending', 'provisioning', 'active', 'revoking']).executeTakeFirst();
      if (open) skipped.push({ ...i, reason: `a request for ${plan.entitlementName} is already ${open.state} (${open.id})` });
      else wanted.push(i);
    } catch (err) {
      // Held already: nothing to ask for. Anything else stops the whole bundle, saying which part.
      if (err instanceof ConflictError && err.details.grantId) skipped.push({ ...i, reason: err.message });
      else if (err instanceof DomainError) throw new InvalidError(`the bundle "${b.name}" cannot be requested: ${i.entitlementId} in app ${i.appId}: ${err.message}`, [{ field: 'body.bundleId', message: err.message }]);
      else throw err;
    }
  }
  if (!wanted.length) throw new ConflictError(`everything in "${b.name}" is held or asked for already`, { skipped });
  const bundleRequestId = randomUUID();
  const requests: AccessRequestTable[] = [];
  for (const i of wanted) requests.push(await createRequest(ctx, who, ask(i), { bundle: { id: b.id, requestId: bundleRequestId } }));
  return { bundleRequestId, requests, skipped };
}

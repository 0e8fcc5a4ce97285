/**
 * A campaign's snapshot: one review item per grant in its scope, with everything a reviewer needs
 * beside it (who holds it, through what, since when, the holder's person as they are now, how many
 * peers hold it, what the last campaign decided, a recommendation) and its first reviewer. The same
 * walk serves the preview (counted, nothing written) and the start (written in batches).
 *
 * Grants are read a page at a time in primary-key order; the directory, accounts, entitlement
 * names and peer counts are read once per app, so a million grants cost a few thousand queries.
 */
import { parseEntitlementId, type Resource } from '@gatehouse/sdk';
import { randomBytes } from 'node:crypto';
import type { Context } from '../../context.js';
import type { PersonTable, ReviewItemTable } from '../../db/schema.js';
import { slices } from '../../db/slices.js';
import { violatingHoldings } from '../conflicts/index.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import { platformGroupNames } from '../scim/platform-groups.js';
import { inactivePersonStatus, type CampaignScope, type ItemPerson, type ReviewStep } from './model.js';
import { recommend } from './recommend.js';
import { loadDirectory, resolveReviewer, stepGroupIds, type Directory } from './resolve.js';

/** The policies as a campaign runs them: its own, and the apps' and entitlements' preferred ones. */
export interface PolicyPlan {
  defaultPolicyId: string;
  policies: Record<string, { name: string; steps: ReviewStep[] }>;
  /** `<appId>` or `<appId>\u0000<entitlementId>` → policy id. */
  preferred: Record<string, string>;
  /** The names of the platform groups the policies name, as they were at the start (the evidence names them even once deleted). */
  groups?: Record<string, string>;
}

export function policyFor(plan: PolicyPlan, appId: string, entitlementId: string): { id: string; name: string; steps: ReviewStep[] } {
  const id = plan.preferred[`${appId}\u0000${entitlementId}`] ?? plan.preferred[appId] ?? plan.defaultPolicyId;
  return { id, ...plan.policies[id]! };
}

/** The platform groups any policy of the plan names (the directory loads their members). */
export const planGroupIds = (plan: PolicyPlan): string[] => stepGroupIds(Object.values(plan.policies).flatMap((p) => p.steps));

export async function loadPolicyPlan(ctx: Context, defaultPolicyId: string, appIds: string[]): Promise<PolicyPlan> {
  const prefs = appIds.length ? await ctx.db.db.selectFrom('review_policy_preferences').selectAll().where('app_id', 'in', appIds).execute() : [];
  const ids = [...new Set([defaultPolicyId, ...prefs.map((p) => p.policy_id)])];
  const rows = await ctx.db.db.selectFrom('review_policies').selectAll().where('id', 'in', ids).execute();
  const policies = Object.fromEntries(rows.map((r) => [r.id, { name: r.name, steps: JSON.parse(r.steps) as ReviewStep[] }]));
  const groups = await platformGroupNames(ctx.db.db, stepGroupIds(Object.values(policies).flatMap((p) => p.steps)));
  return {
    defaultPolicyId,
    policies,
    preferred: Object.fromEntries(prefs.map((p) => [p.entitlement_id ? `${p.app_id}\u0000${p.entitlement_id}` : p.app_id, p.policy_id])),
    ...(groups.size ? { groups: Object.fromEntries(groups) } : {}),
  };
}

export interface SnapshotSummary {
  items: number;
  byApp: { appId: string; appName: string; items: number }[];
  /** Items whose first step found no reviewer (they go to the campaign's owner). */
  unresolved: number;
  unresolvedSample: { grantId: string; appName: string; entitlementName: string; principalName: string; because: string }[];
  byReviewer: { userId: string; name: string; items: number }[];
}

interface Account {
  name: string;
  email: string | null;
  status: string | null;
  lastUse: string | null;
}

const PAGE = 5000;

let lastMs = 0;
let sequence = 0;
/**
 * A UUIDv7 (RFC 9562): the time in milliseconds, then a sequence within the millisecond, then
 * random bits. Items take ids in the order they are written, so a snapshot's million items go to
 * the ends of the indexes on their id instead of all over them (a random UUID per item made every
 * batch rewrite pages throughout those indexes).
 */
export function orderedId(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  const random = randomBytes(8);
  random[0] = (random[0]! & 0x3f) | 0x80;
  const r = random.toString('hex');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${r.slice(0, 4)}-${r.slice(4)}`;
}
const DAY = 86_400_000;

/** The apps a scope covers: the ones it names, else every managed app with a catalog. */
export async function scopeApps(ctx: Context, scope: CampaignScope): Promise<{ id: string; name: string; generation: number }[]> {
  let q = ctx.db.db.selectFrom('apps').select(['id', 'name', 'catalog_generation as generation']).where('catalog_generation', '>', 0).orderBy('name');
  q = scope.apps.length ? q.where('id', 'in', scope.apps.map((a) => a.appId)) : q.where('managed', '=', 1);
  return q.execute();
}

function lastUseOf(r: Resource): string | null {
  const v = r.user?.lastLogin ?? r.profile?.lastUsedAt;
  return typeof v === 'string' && v ? v : null;
}

async function accountsOf(ctx: Context, appId: string, generation: number): Promise<Map<string, Account>> {
  const rows = await ctx.db.db.selectFrom('resources').select(['type', 'id', 'display_name', 'email', 'data']).where('app_id', '=', appId).where('generation', '=', generation).execute();
  const out = new Map<string, Account>();
  for (const r of rows) {
    // Only principals' status and last use matter; groups and roles keep their names.
    const data = r.type === ACCOUNT_TYPE || r.data.includes('lastUsedAt') ? (JSON.parse(r.data) as Resource) : undefined;
    out.set(`${r.type}\u0000${r.id}`, { name: r.display_name, email: r.email, status: data?.user?.status ?? null, lastUse: data ? lastUseOf(data) : null });
  }
  return out;
}

function personMatcher(scope: CampaignScope): ((p: PersonTable | undefined) => boolean) | undefined {
  const { departments, managerIds, personIds } = scope.people;
  if (!departments?.length && !managerIds?.length && !personIds?.length) return undefined;
  const dep = new Set((departments ?? []).map((d) => d.toLowerCase()));
  const mgr = new Set(managerIds ?? []);
  const ids = new Set(personIds ?? []);
  return (p) => Boolean(p && ((p.department && dep.has(p.department.toLowerCase())) || (p.manager_id && mgr.has(p.manager_id)) || ids.has(p.id)));
}

/** How many people of each (title, department) hold each entitlement of the app, and how many there are. */
async function peerCounts(ctx: Context, appId: string, generation: number): Promise<Map<string, number>> {
  const rows = await ctx.db.db
    .selectFrom('grants as g')
    .innerJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'g.app_id').onRef('l.account_id', '=', 'g.principal_id'))
    .innerJoin('people as p', 'p.id', 'l.person_id')
    .select(['g.entitlement_id', 'p.title', 'p.department', (eb) => eb.fn.count<number>('p.id').distinct().as('n')])
    .where('g.app_id', '=', appId)
    .where('g.generation', '=', generation)
    .where('g.principal_type', '=', ACCOUNT_TYPE)
    .groupBy(['g.entitlement_id', 'p.title', 'p.department'])
    .execute();
  return new Map(rows.map((r) => [`${r.entitlement_id}\u0000${r.title ?? ''}\u0000${r.department ?? ''}`, Number(r.n)]));
}

/** When the catalog last saw each grant appear (a sync's grant_added, a task's grant). */
async function firstSeen(ctx: Context, appId: string): Promise<Map<string, string>> {
  const rows = await ctx.db.db
    .selectFrom('catalog_events')
    .select(['grant_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('app_id', '=', appId)
    .where('kind', 'in', ['grant_added', 'task_granted'])
    .groupBy('grant_id')
    .execute();
  return new Map(rows.map((r) => [r.grant_id, String(r.at)]));
}

/** What the last campaign that decided these grants decided. */
async function previousDecisions(ctx: Context, campaignId: string, grantIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of slices(grantIds, 500)) {
    const rows = await ctx.db.db
      .selectFrom('review_items')
      .select(['grant_id', 'state', 'closed_at'])
      .where('grant_id', 'in', ids)
      .where('campaign_id', '!=', campaignId)
      .where('state', 'in', ['approved', 'revoked'])
      .where('closed_at', 'is not', null)
      .orderBy('closed_at')
      .execute();
    for (const r of rows) out.set(r.grant_id, r.state);
  }
  return out;
}

export interface SnapshotOptions {
  campaignId: string;
  scope: CampaignScope;
  plan: PolicyPlan;
  now: Date;
  /** Receives the items a page at a time (the start writes them; the preview only counts). */
  onBatch: (items: ReviewItemTable[]) => Promise<void>;
  /** A directory to assign with (tests pass one to fix the moment of delegations); loaded otherwise. */
  directory?: Directory;
}

export async function walkSnapshot(ctx: Context, o: SnapshotOptions): Promise<SnapshotSummary> {
  const { db } = ctx.db;
  const now = o.now.toISOString();
  const dir = o.directory ?? (await loadDirectory(db, now, planGroupIds(o.plan)));
  const people = new Map((await db.selectFrom('people').selectAll().execute()).map((p) => [p.id, p]));
  const peersTotal = new Map<string, number>();
  for (const p of people.values()) peersTotal.set(`${p.title ?? ''}\u0000${p.department ?? ''}`, (peersTotal.get(`${p.title ?? ''}\u0000${p.department ?? ''}`) ?? 0) + 1);
  const wantPerson = personMatcher(o.scope);
  const grantedSince = o.scope.grantedWithinDays ? new Date(o.now.getTime() - o.scope.grantedWithinDays * DAY).toISOString() : undefined;
  const unusedSince = o.scope.unusedForDays ? new Date(o.now.getTime() - o.scope.unusedForDays * DAY).toISOString() : undefined;
  const summary: SnapshotSummary = { items: 0, byApp: [], unresolved: 0, unresolvedSample: [], byReviewer: [] };
  const violating = o.scope.inViolation ? await violatingHoldings(ctx) : undefined;

  for (const app of await scopeApps(ctx, o.scope)) {
    const spec = o.scope.apps.find((a) => a.appId === app.id);
    const accounts = await accountsOf(ctx, app.id, app.generation);
    const links = new Map((await db.selectFrom('account_links').select(['account_id', 'person_id']).where('app_id', '=', app.id).execute()).map((l) => [l.account_id, l.person_id]));
    const entitlements = new Map((await db.selectFrom('entitlements').select(['id', 'display_name']).where('app_id', '=', app.id).where('generation', '=', app.generation).execute()).map((e) => [e.id, e.display_name]));
    const peers = await peerCounts(ctx, app.id, app.generation);
    const seen = await firstSeen(ctx, app.id);
    let appItems = 0;
    let after = '';
    for (;;) {
      let q = db
        .selectFrom('grants')
        .select(['id', 'entitlement_id', 'resource_type', 'resource_id', 'principal_type', 'principal_id', 'direct', 'sources'])
        .where('app_id', '=', app.id)
        .where('generation', '=', app.generation)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE);
      if (!o.scope.includeInherited) q = q.where('direct', '=', 1);
      if (spec?.entitlementIds?.length) q = q.where('entitlement_id', 'in', spec.entitlementIds);
      if (spec?.resourceTypes?.length) q = q.where('resource_type', 'in', spec.resourceTypes);
      const grants = await q.execute();
      if (!grants.length) break;
      after = grants[grants.length - 1]!.id;
      const items: ReviewItemTable[] = [];
      for (const g of grants) {
        const account = accounts.get(`${g.principal_type}\u0000${g.principal_id}`);
        const personId = g.principal_type === ACCOUNT_TYPE ? (links.get(g.principal_id) ?? null) : null;
        const person = personId ? people.get(personId) : undefined;
        if (wantPerson && !wantPerson(person)) continue;
        if (o.scope.accounts === 'without_person' && (g.principal_type !== ACCOUNT_TYPE || person)) continue;
        if (o.scope.accounts === 'of_inactive_people' && !(person && inactivePersonStatus(person.status))) continue;
        const since = seen.get(g.id) ?? null;
        if (grantedSince && !(since && since >= grantedSince)) continue;
        if (unusedSince && !(account?.lastUse && account.lastUse < unusedSince)) continue;
        if (violating && !violating.has(`${personId}\u0000${app.id}\u0000${g.entitlement_id}`)) continue;
        const manager = person?.manager_id ? people.get(person.manager_id) : undefined;
        const peerKey = `${person?.title ?? ''}\u0000${person?.department ?? ''}`;
        const peersTotalOf = person ? (peersTotal.get(peerKey) ?? 1) : null;
        const peersHolding = person ? (peers.get(`${g.entitlement_id}\u0000${peerKey}`) ?? 1) : null;
        const itemPerson: ItemPerson | undefined = person && { name: person.display_name, email: person.email, title: person.title, department: person.department, status: person.status, manager: manager?.display_name ?? null, managerEmail: manager?.email ?? null };
        const policy = policyFor(o.plan, app.id, g.entitlement_id);
        const assignment = resolveReviewer(policy.steps[0]!, { appId: app.id, entitlementId: g.entitlement_id, holderEmail: person?.email ?? account?.email ?? null, managerEmail: manager?.email ?? null }, dir);
        const rec = recommend({ now: o.now, principalType: g.principal_type, person: itemPerson, accountStatus: account?.status ?? null, lastUse: account?.lastUse ?? null, peersHolding, peersTotal: peersTotalOf });
        const entitlementName = entitlements.get(g.entitlement_id) ?? parseEntitlementId(g.entitlement_id).slug;
        if (!assignment.reviewerId) {
          summary.unresolved++;
          if (summary.unresolvedSample.length < 50) summary.unresolvedSample.push({ grantId: g.id, appName: app.name, entitlementName, principalName: account?.name ?? g.principal_id, because: assignment.because });
        }
        items.push({
          id: orderedId(),
          campaign_id: o.campaignId,
          app_id: app.id,
          app_name: app.name,
          grant_id: g.id,
          entitlement_id: g.entitlement_id,
          entitlement_name: entitlementName,
          resource_type: g.resource_type,
          resource_id: g.resource_id,
          principal_type: g.principal_type,
          principal_id: g.principal_id,
          principal_name: account?.name ?? g.principal_id,
          account_status: account?.status ?? null,
          last_login: account?.lastUse ?? null,
          direct: g.direct,
          sources: g.sources,
          first_seen: since,
          person_id: personId,
          person: itemPerson ? JSON.stringify(itemPerson) : null,
          step: 0,
          reviewer_id: assignment.reviewerId,
          assigned_because: assignment.because,
          state: 'pending',
          decision: null,
          comment: null,
          decided_by: null,
          decided_at: null,
          recommendation: rec?.decision ?? null,
          recommendation_reason: rec?.reason ?? null,
          peers_holding: peersHolding,
          peers_total: peersTotalOf,
          previous_decision: null,
          task_ids: null,
          closed_at: null,
          updated_at: now,
        });
      }
      if (items.length) {
        const previous = await previousDecisions(ctx, o.campaignId, items.map((i) => i.grant_id));
        for (const i of items) i.previous_decision = previous.get(i.grant_id) ?? null;
        await o.onBatch(items);
      }
      appItems += items.length;
      if (grants.length < PAGE) break;
    }
    summary.items += appItems;
    if (appItems) summary.byApp.push({ appId: app.id, appName: app.name, items: appItems });
  }
  summary.byReviewer = [...dir.load]
    .map(([userId, items]) => ({ userId, name: dir.userName.get(userId) ?? userId, items }))
    .sort((a, b) => b.items - a.items);
  return summary;
}

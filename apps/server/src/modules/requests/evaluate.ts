/**
 * Deciding what a request needs: the facts about it (who asks, for whom, what, for how long, when,
 * whether the person is on call now, which access conflicts the grant would create), the policy's
 * rules in order (the first whose condition holds decides), else its baseline; and who approves
 * at a step (never the requester, never the person the access is for).
 */
import { parseEntitlementId } from '@gatehouse/sdk';
import type { Context } from '../../context.js';
import type { PersonTable } from '../../db/schema.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import { platformGroupMembers, platformGroupNames } from '../scim/platform-groups.js';
import { evaluateCondition, type ConditionInput, type PersonFacts } from './cel.js';
import { DEFAULT_OUTCOME, type ApprovalStep, type Outcome, type PolicyRule } from './model.js';

export interface PolicyDecision {
  /** The rule that decided, or null for the baseline. */
  rule: string | null;
  outcome: Outcome;
  /** Conditions that failed to evaluate (treated as not matching), for the "test this policy" panel. */
  errors: { rule: string; error: string }[];
}

export function decide(rules: PolicyRule[], baseline: Outcome, input: ConditionInput): PolicyDecision {
  const errors: PolicyDecision['errors'] = [];
  for (const r of rules) {
    const { matched, error } = evaluateCondition(r.condition, input);
    if (error) errors.push({ rule: r.name, error });
    if (matched) return { rule: r.name, outcome: r.outcome, errors };
  }
  return { rule: null, outcome: baseline, errors };
}

/** The policy an entitlement's settings name, or the default (its owners approve). */
export async function policyOf(ctx: Context, policyId: string | null): Promise<{ id: string | null; rules: PolicyRule[]; baseline: Outcome; name: string }> {
  if (!policyId) return { id: null, rules: [], baseline: DEFAULT_OUTCOME, name: 'Default (entitlement or app owners approve)' };
  const p = await ctx.db.db.selectFrom('request_policies').selectAll().where('id', '=', policyId).executeTakeFirst();
  if (!p) return { id: null, rules: [], baseline: DEFAULT_OUTCOME, name: 'Default (entitlement or app owners approve)' };
  return { id: p.id, rules: JSON.parse(p.rules) as PolicyRule[], baseline: JSON.parse(p.baseline) as Outcome, name: p.name };
}

async function personFacts(ctx: Context, person: PersonTable | undefined, email: string): Promise<PersonFacts> {
  const { db } = ctx.db;
  const [manager, grants] = await Promise.all([
    person?.manager_id ? db.selectFrom('people').select('email').where('id', '=', person.manager_id).executeTakeFirst() : undefined,
    person
      ? db
          .selectFrom('account_links as l')
          .innerJoin('apps as a', 'a.id', 'l.app_id')
          .innerJoin('grants as g', (j) => j.onRef('g.app_id', '=', 'l.app_id').onRef('g.principal_id', '=', 'l.account_id').onRef('g.generation', '=', 'a.catalog_generation'))
          .select(['a.name', 'g.entitlement_id'])
          .where('l.person_id', '=', person.id)
          .where('g.principal_type', '=', ACCOUNT_TYPE)
          .execute()
      : [],
  ]);
  const holds: string[] = [];
  for (const g of grants) holds.push(g.entitlement_id, `${g.name}:${g.entitlement_id}`);
  return { email, department: person?.department ?? null, title: person?.title ?? null, manager: manager?.email ?? null, holds };
}

/**
 * Whether the person is on call now: a PagerDuty `on-call` grant in the synced catalog, confirmed
 * by a short read of those schedules (the sync may be minutes old; the read decides when it works).
 */
export async function onCallNow(ctx: Context, personId: string): Promise<boolean> {
  const { db } = ctx.db;
  const held = await db
    .selectFrom('account_links as l')
    .innerJoin('apps as a', 'a.id', 'l.app_id')
    .innerJoin('connectors as c', 'c.app_id', 'a.id')
    .select(['l.app_id', 'l.account_id', 'c.id as connector_id'])
    .where('l.person_id', '=', personId)
    .where('c.type', '=', 'pagerduty')
    .execute();
  for (const h of held) {
    const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', h.app_id).executeTakeFirstOrThrow();
    const row = await db.selectFrom('connectors').selectAll().where('id', '=', h.connector_id).executeTakeFirstOrThrow();
    try {
      // PagerDuty lists who is on call now for every schedule at once (the connector's type-level grants).
      const live = await ctx.connectors.use(row, async (connector) => {
        if (!connector.listTypeGrants) return undefined;
        let token: string | undefined;
        for (let page = 0; page < ON_CALL_PAGES; page++) {
          const res = await connector.listTypeGrants({ id: 'schedule', displayName: 'Schedule', traits: ['group'] }, token);
          if (res.items.some((g) => g.entitlementId.endsWith(':on-call') && g.principal.type === ACCOUNT_TYPE && g.principal.id === h.account_id)) return true;
          token = res.nextPageToken;
          if (!token) return false;
        }
        return undefined;
      });
      if (live === undefined && (await syncedOnCall(ctx, h.app_id, app.catalog_generation, h.account_id))) return true;
      if (live) return true;
    } catch (err) {
      // The read failed (PagerDuty down, rate limited): the synced catalog decides.
      ctx.logger.warn({ connector: h.connector_id, err: (err as Error).message }, 'on-call read failed; using the synced catalog');
      if (await syncedOnCall(ctx, h.app_id, app.catalog_generation, h.account_id)) return true;
    }
  }
  return false;
}

/** How many pages of the on-call listing a request reads at most (a longer one is left to the synced catalog). */
const ON_CALL_PAGES = 10;

async function syncedOnCall(ctx: Context, appId: string, generation: number, accountId: string): Promise<boolean> {
  const g = await ctx.db.db.selectFrom('grants').select('id').where('app_id', '=', appId).where('generation', '=', generation).where('principal_type', '=', ACCOUNT_TYPE).where('principal_id', '=', accountId).where('entitlement_id', 'like', '%:on-call').limit(1).executeTakeFirst();
  return Boolean(g);
}

/** The access conflict rules the person would break by holding `appId`/`entitlementId` (besides what they hold now). */
export async function conflictsCreated(ctx: Context, appId: string, entitlementId: string, holds: string[]): Promise<{ ruleId: string; name: string; ownerId: string; severity: string }[]> {
  const [rules, apps] = await Promise.all([ctx.db.db.selectFrom('conflict_rules').selectAll().where('enabled', '=', 1).execute(), ctx.db.db.selectFrom('apps').select(['id', 'name']).execute()]);
  const held = new Set(holds);
  const out: { ruleId: string; name: string; ownerId: string; severity: string }[] = [];
  const appNames = new Map(apps.map((a) => [a.id, a.name]));
  const holdsIt = (side: { appId: string; entitlementId: string }[]) => side.some((e) => held.has(`${appNames.get(e.appId)}:${e.entitlementId}`));
  const names = (side: { appId: string; entitlementId: string }[]) => side.some((e) => e.appId === appId && e.entitlementId === entitlementId);
  for (const r of rules) {
    const a = JSON.parse(r.side_a) as { appId: string; entitlementId: string }[];
    const b = JSON.parse(r.side_b) as { appId: string; entitlementId: string }[];
    if ((names(a) && holdsIt(b)) || (names(b) && holdsIt(a))) out.push({ ruleId: r.id, name: r.name, ownerId: r.owner_id, severity: r.severity });
  }
  return out;
}

export interface RequestFacts {
  input: ConditionInput;
  conflicts: { ruleId: string; name: string; ownerId: string; severity: string }[];
  targetPerson: PersonTable;
}

export async function gatherFacts(ctx: Context, q: { requesterEmail: string; requesterPerson: PersonTable | undefined; target: PersonTable; appId: string; entitlementId: string; durationMinutes: number | null; emergency: boolean; now: Date }): Promise<RequestFacts> {
  const { db } = ctx.db;
  // What does not depend on each other is asked at once (on PostgreSQL each query is a round trip).
  const self = q.requesterPerson?.id === q.target.id;
  const [app, ent, requester, other, onCall] = await Promise.all([
    db.selectFrom('apps').select(['id', 'name']).where('id', '=', q.appId).executeTakeFirstOrThrow(),
    db
      .selectFrom('entitlements as e')
      .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'e.app_id').onRef('a.catalog_generation', '=', 'e.generation'))
      .select(['e.id', 'e.display_name', 'e.resource_type', 'e.slug'])
      .where('e.app_id', '=', q.appId)
      .where('e.id', '=', q.entitlementId)
      .executeTakeFirst(),
    personFacts(ctx, q.requesterPerson, q.requesterEmail),
    self ? undefined : personFacts(ctx, q.target, q.target.email),
    onCallNow(ctx, q.target.id),
  ]);
  const target = other ?? requester;
  const conflicts = await conflictsCreated(ctx, q.appId, q.entitlementId, target.holds);
  const input: ConditionInput = {
    requester,
    target,
    forSomeoneElse: q.requesterPerson?.id !== q.target.id,
    entitlement: { id: q.entitlementId, appId: q.appId, name: ent?.display_name ?? q.entitlementId, resourceType: ent?.resource_type ?? parseEntitlementId(q.entitlementId).resource.type, slug: ent?.slug ?? parseEntitlementId(q.entitlementId).slug },
    app: { id: app.id, name: app.name },
    durationMinutes: q.durationMinutes === null ? null : BigInt(q.durationMinutes),
    emergency: q.emergency,
    now: { hour: BigInt(q.now.getUTCHours()), weekday: BigInt(q.now.getUTCDay()), iso: q.now.toISOString() },
    onCall,
    conflicts: conflicts.map((c) => c.name),
  };
  return { input, conflicts, targetPerson: q.target };
}

/** Who may approve at a step: never the requester nor the person the access is for. Empty: nobody (the step then escalates or denies). */
export async function approversOf(ctx: Context, step: ApprovalStep, r: { appId: string; entitlementId: string; target: PersonTable; requesterId: string }): Promise<string[]> {
  const { db } = ctx.db;
  let ids: string[] = [];
  if (step.approvers === 'manager') {
    const manager = r.target.manager_id ? await db.selectFrom('people').select('email').where('id', '=', r.target.manager_id).executeTakeFirst() : undefined;
    const u = manager ? await db.selectFrom('platform_users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', manager.email.toLowerCase())).where('disabled', '=', 0).executeTakeFirst() : undefined;
    ids = u ? [u.id] : [];
  } else if (step.approvers === 'app_owners') {
    ids = (await db.selectFrom('app_owners').select('user_id').where('app_id', '=', r.appId).execute()).map((o) => o.user_id);
  } else if (step.approvers === 'entitlement_owners') {
    ids = (await db.selectFrom('entitlement_owners').select('user_id').where('app_id', '=', r.appId).where('entitlement_id', '=', r.entitlementId).execute()).map((o) => o.user_id);
    // An entitlement without owners: its app's owners.
    if (!ids.length) ids = (await db.selectFrom('app_owners').select('user_id').where('app_id', '=', r.appId).execute()).map((o) => o.user_id);
  } else if (step.approvers === 'group') {
    // The groups' members as the identity provider pushed them last, not as they were when the
    // policy was saved; a disabled (deprovisioned) member is left out.
    ids = [...(await platformGroupMembers(db, step.groupIds ?? [])).values()].flat();
  } else ids = step.userIds;
  if (!ids.length && step.userIds.length) ids = step.userIds;
  const target = (await db.selectFrom('platform_users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', r.target.email.toLowerCase())).executeTakeFirst())?.id;
  const enabled = ids.length ? new Set((await db.selectFrom('platform_users').select('id').where('id', 'in', ids).where('disabled', '=', 0).execute()).map((u) => u.id)) : new Set<string>();
  return [...new Set(ids)].filter((id) => enabled.has(id) && id !== r.requesterId && id !== target);
}

export interface StepApprovers {
  /** Who would be asked at this step now (empty: nobody; the step then waits for its timeout). */
  approvers: { id: string; name: string; email: string }[];
  /** The platform groups a group step names, by name (a deleted one is left out). */
  groups: { id: string; name: string }[];
}

/**
 * Who would approve each step of an outcome now, for the form's preview and the "test this policy"
 * panel. The requester is the platform user of `requesterEmail` (a policy tested as someone of the
 * directory excludes that person, not the administrator testing).
 */
export async function stepApprovers(ctx: Context, outcome: Outcome, r: { appId: string; entitlementId: string; target: PersonTable; requesterEmail: string }): Promise<StepApprovers[]> {
  if (outcome.kind !== 'steps') return [];
  const { db } = ctx.db;
  const requester = await db.selectFrom('platform_users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', r.requesterEmail.toLowerCase())).executeTakeFirst();
  const ids = await Promise.all(outcome.steps.map((s) => approversOf(ctx, s, { appId: r.appId, entitlementId: r.entitlementId, target: r.target, requesterId: requester?.id ?? '' })));
  const all = [...new Set(ids.flat())];
  const users = new Map(all.length ? (await db.selectFrom('platform_users').select(['id', 'name', 'email']).where('id', 'in', all).execute()).map((u) => [u.id, u]) : []);
  const groups = await platformGroupNames(db, [...new Set(outcome.steps.flatMap((s) => (s.approvers === 'group' ? (s.groupIds ?? []) : [])))]);
  return outcome.steps.map((s, i) => ({
    approvers: ids[i]!.map((id) => users.get(id) ?? { id, name: id, email: '' }),
    groups: s.approvers === 'group' ? (s.groupIds ?? []).filter((g) => groups.has(g)).map((g) => ({ id: g, name: groups.get(g)! })) : [],
  }));
}

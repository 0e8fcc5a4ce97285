/** Violations as people see them (App owners: those involving their apps), and exempting one, with a reason and an end date. */
import type { Context } from '../../context.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import type { Scope } from '../catalog/queries.js';
import type { Held, Severity, ViolationState } from './model.js';

export interface ViolationView {
  id: string;
  rule: { id: string; name: string; severity: Severity };
  person: { id: string; name: string; email: string };
  state: ViolationState;
  sideA: Held[];
  sideB: Held[];
  appIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  exemption: { reason: string; until: string | null; by: string | null } | null;
}

export async function listViolations(ctx: Context, scope: Scope, q: { state?: ViolationState; ruleId?: string; personId?: string; limit: number }): Promise<{ items: ViolationView[]; nextCursor: null }> {
  let query = ctx.db.db
    .selectFrom('conflict_violations as v')
    .innerJoin('conflict_rules as r', 'r.id', 'v.rule_id')
    .leftJoin('people as p', 'p.id', 'v.person_id')
    .select(['v.id', 'v.rule_id', 'r.name as rule_name', 'r.severity', 'v.person_id', 'p.display_name', 'p.email', 'v.state', 'v.held', 'v.first_seen_at', 'v.last_seen_at', 'v.resolved_at', 'v.exempt_reason', 'v.exempt_until', 'v.exempted_by'])
    .orderBy('v.first_seen_at', 'desc')
    .orderBy('v.id')
    .limit(scope ? 10_000 : q.limit);
  if (q.state) query = query.where('v.state', '=', q.state);
  if (q.ruleId) query = query.where('v.rule_id', '=', q.ruleId);
  if (q.personId) query = query.where('v.person_id', '=', q.personId);
  const items = (await query.execute()).map((v): ViolationView => {
    const held = JSON.parse(v.held) as { a: Held[]; b: Held[] };
    return {
      id: v.id,
      rule: { id: v.rule_id, name: v.rule_name, severity: v.severity as Severity },
      person: { id: v.person_id, name: v.display_name ?? v.person_id, email: v.email ?? '' },
      state: v.state as ViolationState,
      sideA: held.a,
      sideB: held.b,
      appIds: [...new Set([...held.a, ...held.b].map((h) => h.appId))],
      firstSeenAt: v.first_seen_at,
      lastSeenAt: v.last_seen_at,
      resolvedAt: v.resolved_at,
      exemption: v.state === 'exempted' ? { reason: v.exempt_reason ?? '', until: v.exempt_until, by: v.exempted_by } : null,
    };
  });
  const visible = scope ? items.filter((v) => v.appIds.some((a) => scope.includes(a))).slice(0, q.limit) : items;
  return { items: visible, nextCursor: null };
}

/** Open violations of these people, for the context beside review items. */
export async function openConflictsOf(ctx: Context, personIds: string[]): Promise<Map<string, { ruleId: string; name: string; severity: Severity }[]>> {
  const out = new Map<string, { ruleId: string; name: string; severity: Severity }[]>();
  if (!personIds.length) return out;
  const rows = await ctx.db.db
    .selectFrom('conflict_violations as v')
    .innerJoin('conflict_rules as r', 'r.id', 'v.rule_id')
    .select(['v.person_id', 'r.id', 'r.name', 'r.severity'])
    .where('v.state', '=', 'open')
    .where('v.person_id', 'in', personIds)
    .execute();
  for (const r of rows) out.set(r.person_id, [...(out.get(r.person_id) ?? []), { ruleId: r.id, name: r.name, severity: r.severity as Severity }]);
  return out;
}

export async function exemptViolation(ctx: Context, actor: Actor, userId: string, id: string, input: { reason: string; until: string }): Promise<void> {
  const v = await ctx.db.db.selectFrom('conflict_violations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new NotFoundError('violation', id);
  if (v.state !== 'open') throw new ConflictError(`the violation is ${v.state}: only an open one can be exempted`);
  const until = new Date(input.until).toISOString();
  if (until <= new Date().toISOString()) throw new InvalidError('an exemption ends in the future', [{ field: 'body.until', message: 'must be in the future' }]);
  const reason = input.reason.trim();
  if (!reason) throw new InvalidError('say why this person may hold both', [{ field: 'body.reason', message: 'required' }]);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('conflict_violations').set({ state: 'exempted', exempt_reason: reason, exempt_until: until, exempted_by: userId, updated_at: new Date().toISOString() }).where('id', '=', id).where('state', '=', 'open').execute();
    await audit(tx, actor, { action: 'conflict.exempt', targetType: 'conflict_violation', targetId: id, after: { ruleId: v.rule_id, personId: v.person_id, reason, until } });
  });
}

/** `<person>\u0000<app>\u0000<entitlement>` of every holding that makes an open access conflict. */
export async function violatingHoldings(ctx: Context): Promise<Set<string>> {
  const rows = await ctx.db.db.selectFrom('conflict_violations').select(['person_id', 'held']).where('state', '=', 'open').execute();
  const out = new Set<string>();
  for (const r of rows) {
    const held = JSON.parse(r.held) as { a: { appId: string; entitlementId: string }[]; b: { appId: string; entitlementId: string }[] };
    for (const h of [...held.a, ...held.b]) out.add(`${r.person_id}\u0000${h.appId}\u0000${h.entitlementId}`);
  }
  return out;
}

/** Conflict rules: defined, changed and removed by governance administrators, each change audited; every save re-checks the catalog. */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import type { ConflictRuleTable } from '../../db/schema.js';
import { ConflictError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';
import { roleCan, type Role } from '../auth/roles.js';
import { evaluateRule } from './detect.js';
import type { ConflictSide, RuleInput, Severity } from './model.js';

export interface RuleView {
  id: string;
  name: string;
  description: string;
  severity: Severity;
  owner: { id: string; name: string; email: string };
  sideA: (ConflictSide[number] & { appName: string; entitlementName: string | null })[];
  sideB: (ConflictSide[number] & { appName: string; entitlementName: string | null })[];
  enabled: boolean;
  openViolations: number;
  createdAt: string;
  updatedAt: string;
}

export async function loadRule(ctx: Context, id: string): Promise<ConflictRuleTable> {
  const r = await ctx.db.db.selectFrom('conflict_rules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError('conflict rule', id);
  return r;
}

async function check(ctx: Context, input: RuleInput, except?: string): Promise<void> {
  const owner = await ctx.db.db.selectFrom('platform_users').select(['role', 'disabled']).where('id', '=', input.ownerId).executeTakeFirst();
  if (!owner || owner.disabled) throw new InvalidError(`no enabled platform user with id ${input.ownerId}`, [{ field: 'body.ownerId', message: 'unknown user' }]);
  if (!roleCan(owner.role as Role, 'conflicts:read')) throw new InvalidError('the owner of a rule must be able to see its violations (any role but Basic user)', [{ field: 'body.ownerId', message: 'cannot read conflicts' }]);
  const apps = [...new Set([...input.sideA, ...input.sideB].map((e) => e.appId))];
  const known = new Set((await ctx.db.db.selectFrom('apps').select('id').where('id', 'in', apps).execute()).map((a) => a.id));
  const unknown = apps.filter((a) => !known.has(a));
  if (unknown.length) throw new InvalidError(`no app with id ${unknown.join(', ')}`, [{ field: 'body.sideA', message: `unknown app ${unknown.join(', ')}` }]);
  const key = (e: ConflictSide[number]) => `${e.appId}\u0000${e.entitlementId}`;
  const a = new Set(input.sideA.map(key));
  const both = input.sideB.filter((e) => a.has(key(e)));
  if (both.length) throw new InvalidError(`${both[0]!.entitlementId} is on both sides: anyone holding it would conflict with themselves`, [{ field: 'body.sideB', message: 'an entitlement on both sides' }]);
  const other = await ctx.db.db.selectFrom('conflict_rules').select('id').where('name', '=', input.name).executeTakeFirst();
  if (other && other.id !== except) throw new ConflictError(`a conflict rule named "${input.name}" exists already`, { ruleId: other.id });
}

export async function presentRules(ctx: Context, rows: ConflictRuleTable[]): Promise<RuleView[]> {
  const { db } = ctx.db;
  const users = new Map(rows.length ? (await db.selectFrom('platform_users').select(['id', 'name', 'email']).where('id', 'in', [...new Set(rows.map((r) => r.owner_id))]).execute()).map((u) => [u.id, u]) : []);
  const apps = new Map((await db.selectFrom('apps').select(['id', 'name', 'catalog_generation']).execute()).map((a) => [a.id, a]));
  const counts = new Map(rows.length ? (await db.selectFrom('conflict_violations').select(['rule_id', (eb) => eb.fn.countAll<number>().as('n')]).where('state', '=', 'open').where('rule_id', 'in', rows.map((r) => r.id)).groupBy('rule_id').execute()).map((c) => [c.rule_id, Number(c.n)]) : []);
  const sides = rows.flatMap((r) => [...(JSON.parse(r.side_a) as ConflictSide), ...(JSON.parse(r.side_b) as ConflictSide)]);
  const names = new Map<string, string>();
  for (const appId of new Set(sides.map((e) => e.appId))) {
    const ids = sides.filter((e) => e.appId === appId).map((e) => e.entitlementId);
    const gen = apps.get(appId)?.catalog_generation ?? 0;
    for (const e of await db.selectFrom('entitlements').select(['id', 'display_name']).where('app_id', '=', appId).where('generation', '=', gen).where('id', 'in', ids).execute()) names.set(`${appId}\u0000${e.id}`, e.display_name);
  }
  const named = (side: ConflictSide) => side.map((e) => ({ ...e, appName: apps.get(e.appId)?.name ?? e.appId, entitlementName: names.get(`${e.appId}\u0000${e.entitlementId}`) ?? null }));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    severity: r.severity as Severity,
    owner: users.get(r.owner_id) ?? { id: r.owner_id, name: r.owner_id, email: '' },
    sideA: named(JSON.parse(r.side_a) as ConflictSide),
    sideB: named(JSON.parse(r.side_b) as ConflictSide),
    enabled: r.enabled === 1,
    openViolations: counts.get(r.id) ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function listRules(ctx: Context): Promise<RuleView[]> {
  return presentRules(ctx, await ctx.db.db.selectFrom('conflict_rules').selectAll().orderBy('name').execute());
}

const row = (input: RuleInput) => ({ name: input.name, description: input.description, severity: input.severity, owner_id: input.ownerId, side_a: JSON.stringify(input.sideA), side_b: JSON.stringify(input.sideB), enabled: input.enabled ? 1 : 0 });

export async function createRule(ctx: Context, actor: Actor, input: RuleInput): Promise<RuleView> {
  await check(ctx, input);
  const now = new Date().toISOString();
  const r: ConflictRuleTable = { id: randomUUID(), ...row(input), created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('conflict_rules').values(r).execute();
    await audit(tx, actor, { action: 'conflict_rule.create', targetType: 'conflict_rule', targetId: r.id, after: input });
  });
  // Who is in violation already: known at once, not at the next sync.
  await evaluateRule(ctx, r);
  return (await presentRules(ctx, [r]))[0]!;
}

export async function updateRule(ctx: Context, actor: Actor, id: string, input: RuleInput): Promise<RuleView> {
  const before = await loadRule(ctx, id);
  await check(ctx, input, id);
  const r: ConflictRuleTable = { ...before, ...row(input), updated_at: new Date().toISOString() };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('conflict_rules').set(r).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'conflict_rule.update', targetType: 'conflict_rule', targetId: id, before: { name: before.name, severity: before.severity, sideA: JSON.parse(before.side_a), sideB: JSON.parse(before.side_b), enabled: before.enabled === 1 }, after: input });
  });
  await evaluateRule(ctx, r);
  return (await presentRules(ctx, [r]))[0]!;
}

export async function deleteRule(ctx: Context, actor: Actor, id: string): Promise<void> {
  const r = await loadRule(ctx, id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('conflict_rules').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'conflict_rule.delete', targetType: 'conflict_rule', targetId: id, before: { name: r.name } });
  });
}

/**
 * Finding violations: who holds something of both sides of a rule, through any of their linked
 * accounts, directly or through a group. Run after every ingest for the rules that name the app,
 * when a rule is saved, and by the minute tick for exemptions that ended. The rule's violations are
 * reconciled in one transaction: new ones open (the owner is told), ones whose side went away
 * resolve, an exemption past its end date opens again.
 */
import type { Context } from '../../context.js';
import type { ConflictRuleTable } from '../../db/schema.js';
import { slices } from '../../db/slices.js';
import { randomUUID } from 'node:crypto';
import { audit, SYSTEM } from '../audit/audit.js';
import { notify } from '../notifications/notify.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import type { ConflictSide, Held } from './model.js';

/** Who holds something of a side, and what: person → holdings. */
async function holders(ctx: Context, side: ConflictSide): Promise<Map<string, Held[]>> {
  const { db } = ctx.db;
  const out = new Map<string, Held[]>();
  for (const appId of new Set(side.map((e) => e.appId))) {
    const app = await db.selectFrom('apps').select('catalog_generation').where('id', '=', appId).executeTakeFirst();
    if (!app) continue;
    for (const ids of slices(side.filter((e) => e.appId === appId).map((e) => e.entitlementId))) {
      const rows = await db
        .selectFrom('grants as g')
        .innerJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'g.app_id').onRef('l.account_id', '=', 'g.principal_id'))
        .select(['g.entitlement_id', 'g.principal_id', 'g.sources', 'l.person_id'])
        .where('g.app_id', '=', appId)
        .where('g.generation', '=', app.catalog_generation)
        .where('g.principal_type', '=', ACCOUNT_TYPE)
        .where('g.entitlement_id', 'in', ids)
        .where('l.person_id', 'is not', null)
        .execute();
      for (const r of rows) {
        const held: Held = { appId, entitlementId: r.entitlement_id, accountId: r.principal_id, through: r.sources ? (JSON.parse(r.sources) as string[]) : [] };
        out.set(r.person_id!, [...(out.get(r.person_id!) ?? []), held]);
      }
    }
  }
  return out;
}

export async function evaluateRule(ctx: Context, rule: ConflictRuleTable, now = new Date()): Promise<{ opened: number; resolved: number }> {
  if (!rule.enabled) return { opened: 0, resolved: 0 };
  const { db } = ctx.db;
  const a = await holders(ctx, JSON.parse(rule.side_a) as ConflictSide);
  const b = await holders(ctx, JSON.parse(rule.side_b) as ConflictSide);
  const both = new Map<string, { a: Held[]; b: Held[] }>();
  for (const [person, held] of a) if (b.has(person)) both.set(person, { a: held, b: b.get(person)! });
  const at = now.toISOString();
  return db.transaction().execute(async (tx) => {
    const existing = new Map((await tx.selectFrom('conflict_violations').selectAll().where('rule_id', '=', rule.id).execute()).map((v) => [v.person_id, v]));
    const opened: string[] = [];
    let resolved = 0;
    for (const [person, held] of both) {
      const v = existing.get(person);
      const heldJson = JSON.stringify(held);
      if (!v) {
        await tx.insertInto('conflict_violations').values({ id: randomUUID(), rule_id: rule.id, person_id: person, state: 'open', held: heldJson, first_seen_at: at, last_seen_at: at, resolved_at: null, exempt_reason: null, exempt_until: null, exempted_by: null, updated_at: at }).execute();
        opened.push(person);
        continue;
      }
      const exemptionOver = v.state === 'exempted' && (!v.exempt_until || v.exempt_until <= at);
      const reopen = v.state === 'resolved' || exemptionOver;
      await tx
        .updateTable('conflict_violations')
        .set({ held: heldJson, last_seen_at: at, updated_at: at, ...(reopen ? { state: 'open', resolved_at: null, exempt_reason: null, exempt_until: null, exempted_by: null } : {}) })
        .where('id', '=', v.id)
        .execute();
      if (reopen) opened.push(person);
    }
    for (const v of existing.values()) {
      if (both.has(v.person_id) || v.state === 'resolved') continue;
      await tx.updateTable('conflict_violations').set({ state: 'resolved', resolved_at: at, updated_at: at }).where('id', '=', v.id).execute();
      resolved++;
    }
    if (opened.length || resolved) await audit(tx, SYSTEM, { action: 'conflict.evaluated', targetType: 'conflict_rule', targetId: rule.id, after: { opened: opened.length, resolved, open: both.size } });
    if (opened.length) {
      const names = await tx.selectFrom('people').select('display_name').where('id', 'in', opened.slice(0, 20)).execute();
      const list = names.map((n) => n.display_name).join(', ');
      await notify(ctx, tx, {
        event: 'conflict.violation',
        recipients: [rule.owner_id],
        subject: `${opened.length} new access conflict${opened.length === 1 ? '' : 's'}: ${rule.name}`,
        text: `${opened.length} ${opened.length === 1 ? 'person holds' : 'people hold'} both sides of the rule "${rule.name}" (${rule.severity}): ${list}${opened.length > 20 ? ', …' : ''}. Remove one side, or exempt them with a reason and an end date.`,
        link: `/conflicts?rule=${rule.id}`,
        data: { ruleId: rule.id, opened: opened.length, severity: rule.severity },
      });
    }
    return { opened: opened.length, resolved };
  });
}

/** After a sync's ingest: the rules that name the app. */
export async function evaluateAfterSync(ctx: Context, sync: { appId: string }): Promise<void> {
  const rules = await ctx.db.db.selectFrom('conflict_rules').selectAll().where('enabled', '=', 1).execute();
  for (const r of rules) {
    const apps = [...(JSON.parse(r.side_a) as ConflictSide), ...(JSON.parse(r.side_b) as ConflictSide)].map((e) => e.appId);
    if (apps.includes(sync.appId)) await evaluateRule(ctx, r);
  }
}

/** Rules with an exemption that ended: evaluated again, so a violation still held opens. */
export async function reopenEndedExemptions(ctx: Context, now = new Date()): Promise<void> {
  const ended = await ctx.db.db.selectFrom('conflict_violations').select('rule_id').distinct().where('state', '=', 'exempted').where('exempt_until', '<=', now.toISOString()).execute();
  for (const { rule_id } of ended) {
    const r = await ctx.db.db.selectFrom('conflict_rules').selectAll().where('id', '=', rule_id).executeTakeFirst();
    if (r) await evaluateRule(ctx, r, now);
  }
}

/** Every minute: exemptions that ended are looked at again. */
export function startExemptionClock(ctx: Context, everyMs = 60_000): () => void {
  const timer = setInterval(() => void reopenEndedExemptions(ctx).catch((err: unknown) => ctx.logger.error({ err: (err as Error).message }, 'ended conflict exemptions not re-checked; retried at the next tick')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

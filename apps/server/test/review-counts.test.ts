/**
 * A campaign's progress comes from counts the database keeps as its items change (triggers of
 * migration 0021), not from counting a million items per page. Whatever writes the items (a start
 * job's batches, bulk decisions, submits, reassignments, a comment, deletions, the campaign's own
 * deletion), the kept counts equal a count of the items. SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignCounts } from '../src/modules/reviews/campaigns.js';
import { DIALECTS, startTestServer, type TestServer } from './harness.js';

describe.each(DIALECTS)('review item counts on %s', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(() => t?.stop());

  const db = () => t.server.ctx.db.db;

  async function campaign(): Promise<string> {
    const id = randomUUID();
    const owner = await db().selectFrom('platform_users').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db()
      .insertInto('campaigns')
      .values({ id, name: `c ${id}`, description: '', owner_id: owner.id, scope: '{}', policy_id: 'p', policy: '{}', due_at: now, due_action: 'leave_open', approve_comment_required: 0, state: 'running', created_at: now, updated_at: now } as never)
      .execute();
    return id;
  }

  async function items(campaignId: string, n: number, reviewer: (i: number) => string | null): Promise<string[]> {
    const ids = Array.from({ length: n }, () => randomUUID());
    const now = new Date().toISOString();
    const rows = ids.map((id, i) => ({
      id, campaign_id: campaignId, app_id: 'a', app_name: 'A', grant_id: `g${i}`, entitlement_id: 'e', entitlement_name: 'E', resource_type: 'group', resource_id: 'r',
      principal_type: 'user', principal_id: `u${i}`, principal_name: `U${i}`, direct: 1, step: 0, reviewer_id: reviewer(i), state: 'pending', updated_at: now,
    }));
    for (let i = 0; i < rows.length; i += 100) await db().insertInto('review_items').values(rows.slice(i, i + 100) as never).execute();
    return ids;
  }

  /** The counts as a count of the items says. */
  async function counted(campaignId: string) {
    const rows = await db()
      .selectFrom('review_items')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('decision').as('drafted'), (eb) => eb.fn.sum<number>(eb.case().when('reviewer_id', 'is', null).then(1).else(0).end()).as('unassigned')])
      .where('campaign_id', '=', campaignId)
      .groupBy('state')
      .execute();
    const c = { items: 0, pending: 0, approved: 0, revoked: 0, notReviewed: 0, removed: 0, drafted: 0, unassigned: 0 };
    for (const r of rows) {
      c.items += Number(r.n);
      if (r.state === 'pending') Object.assign(c, { pending: Number(r.n), drafted: Number(r.drafted), unassigned: Number(r.unassigned) });
      else if (r.state === 'not_reviewed') c.notReviewed = Number(r.n);
      else c[r.state as 'approved' | 'revoked' | 'removed'] = Number(r.n);
    }
    return c;
  }

  const kept = async (id: string) => (await campaignCounts(t.server.ctx, [id])).get(id)!;

  it('follow every kind of change to the items, and go with the campaign', async () => {
    const a = await campaign();
    const b = await campaign();
    const ids = await items(a, 350, (i) => (i % 50 === 0 ? null : `r${i % 3}`));
    await items(b, 20, () => 'r0');
    expect(await kept(a)).toEqual({ items: 350, pending: 350, approved: 0, revoked: 0, notReviewed: 0, removed: 0, drafted: 0, unassigned: 7 });

    // Drafts in bulk, changed, taken back; a comment alone changes no count.
    await db().updateTable('review_items').set({ decision: 'approve' }).where('campaign_id', '=', a).where('reviewer_id', '=', 'r1').execute();
    await db().updateTable('review_items').set({ decision: 'revoke' }).where('campaign_id', '=', a).where('reviewer_id', '=', 'r1').where('principal_id', 'like', 'u1%').execute();
    await db().updateTable('review_items').set({ decision: null }).where('id', 'in', ids.slice(0, 30)).execute();
    await db().updateTable('review_items').set({ comment: 'fine' }).where('campaign_id', '=', a).execute();
    expect(await kept(a)).toEqual(await counted(a));
    // Submitted: states move; reassigned; taken from a reviewer; deleted; a start job's redo.
    await db().updateTable('review_items').set({ state: 'approved' }).where('campaign_id', '=', a).where('decision', '=', 'approve').execute();
    await db().updateTable('review_items').set({ state: 'revoked' }).where('campaign_id', '=', a).where('decision', '=', 'revoke').execute();
    await db().updateTable('review_items').set({ reviewer_id: 'r9' }).where('campaign_id', '=', a).where('reviewer_id', 'is', null).execute();
    await db().updateTable('review_items').set({ reviewer_id: null }).where('id', 'in', ids.slice(100, 110)).execute();
    await db().updateTable('review_items').set({ state: 'not_reviewed', decision: null }).where('id', 'in', ids.slice(200, 240)).execute();
    await db().deleteFrom('review_items').where('id', 'in', ids.slice(300, 320)).execute();
    const now = await counted(a);
    expect(await kept(a)).toEqual(now);
    expect(now.approved + now.revoked + now.notReviewed).toBeGreaterThan(0);
    expect(await kept(b)).toEqual({ items: 20, pending: 20, approved: 0, revoked: 0, notReviewed: 0, removed: 0, drafted: 0, unassigned: 0 });

    await db().deleteFrom('review_items').where('campaign_id', '=', b).execute();
    await items(b, 5, () => null);
    expect(await kept(b)).toEqual({ items: 5, pending: 5, approved: 0, revoked: 0, notReviewed: 0, removed: 0, drafted: 0, unassigned: 5 });

    // A deleted campaign takes its items and their counts along.
    await db().deleteFrom('campaigns').where('id', '=', a).execute();
    expect(await db().selectFrom('review_item_counts').select('n').where('campaign_id', '=', a).execute()).toEqual([]);
    expect(await kept(b)).toEqual(await counted(b));
    // Rows at zero may stay; none goes negative.
    expect(Number((await sql<{ n: number }>`SELECT count(*) AS n FROM review_item_counts WHERE n < 0`.execute(db())).rows[0]!.n)).toBe(0);
  });
});

/**
 * Reviewing, for every signed-in user: their inbox (pending items of running campaigns, with the
 * context beside each), decisions singly or in bulk over a filter, submitting them, reassigning,
 * and delegating while away. Each route scopes to the caller: a reviewer sees and decides only the
 * items assigned to them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { principal, signedIn } from '../http/access.js';
import { actorOf, appScope, type Principal } from '../modules/auth/principal.js';
import { roleCan } from '../modules/auth/roles.js';
import { createDelegation, decide, deleteDelegation, DECISIONS, inboxSummary, itemDetail, ITEM_SORTS, ITEM_STATES, listDelegations, listItems, loadItem, reassign, submit, type Reviewer } from '../modules/reviews/index.js';
import { pagedOf, pageQuery } from '../paging.js';

const named = z.object({ id: z.string(), name: z.string() });
const taskBrief = z.object({ id: z.string(), state: z.string(), verification: z.string().nullable(), summary: z.string(), error: z.string().nullable() });
export const itemView = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  dueAt: z.string(),
  app: named,
  entitlement: named,
  resource: z.object({ type: z.string(), id: z.string() }),
  principal: z.object({ type: z.string(), id: z.string(), name: z.string() }),
  account: z.object({ status: z.string().nullable(), lastUse: z.string().nullable() }),
  direct: z.boolean(),
  sources: z.array(z.string()),
  firstSeen: z.string().nullable(),
  person: z.object({ id: z.string(), name: z.string(), email: z.string(), title: z.string().nullable(), department: z.string().nullable(), status: z.string(), manager: z.string().nullable(), managerEmail: z.string().nullable() }).nullable(),
  step: z.number(),
  stepName: z.string(),
  steps: z.number(),
  reviewer: named.nullable(),
  assignedBecause: z.string().nullable(),
  state: z.enum(ITEM_STATES),
  decision: z.enum(DECISIONS).nullable(),
  comment: z.string().nullable(),
  decidedAt: z.string().nullable(),
  recommendation: z.object({ decision: z.enum(DECISIONS), reason: z.string() }).nullable(),
  peers: z.object({ holding: z.number(), total: z.number() }).nullable(),
  previousDecision: z.string().nullable(),
  tasks: z.array(taskBrief),
  conflicts: z.array(z.object({ ruleId: z.string(), name: z.string(), severity: z.string() })),
});
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const itemQuery = z.object({
  ...pageQuery,
  state: z.enum(ITEM_STATES).optional(),
  appId: z.string().max(200).optional(),
  entitlementId: z.string().max(1000).optional(),
  personId: z.string().max(200).optional(),
  recommendation: z.enum(DECISIONS).optional(),
  decided: bool.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(ITEM_SORTS).default('person'),
});
const historyEntry = z.object({ kind: z.string(), step: z.number(), decision: z.string().nullable(), comment: z.string().nullable(), at: z.string(), actor: named.nullable(), reviewer: named.nullable() });
const filter = z.object({
  campaignId: z.string(),
  appId: z.string().optional(),
  entitlementId: z.string().optional(),
  personId: z.string().optional(),
  recommendation: z.enum(DECISIONS).optional(),
  undecided: z.boolean().optional(),
});
const delegationView = z.object({ id: z.string(), user: named, delegate: named, startsAt: z.string(), endsAt: z.string(), active: z.boolean() });

const reviewerOf = (p: Principal): Reviewer => ({ actor: actorOf(p), userId: p.userId, admin: roleCan(p.role, 'campaigns:manage') });

export const reviewRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get(
    '/reviews',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'My access reviews: the running campaigns with items waiting for me, and how many', response: { 200: z.object({ items: z.array(z.object({ campaignId: z.string(), name: z.string(), dueAt: z.string(), pending: z.number(), decided: z.number(), approving: z.number(), revoking: z.number(), approveCommentRequired: z.boolean(), overdue: z.boolean() })) }) } } },
    async (req) => ({ items: await inboxSummary(ctx, principal(req).userId) }),
  );
  app.get(
    '/reviews/items',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'My review items (pending by default), grouped by person, app or entitlement', querystring: itemQuery.extend({ campaignId: z.string().max(200).optional() }), response: { 200: pagedOf(itemView) } } },
    async (req) => listItems(ctx, undefined, { ...req.query, state: req.query.state ?? 'pending', reviewerId: principal(req).userId }, { runningOnly: true }),
  );
  app.get(
    '/reviews/items/:id',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'One review item with its history (its reviewer, or campaign readers)', params: z.object({ id: z.string() }), response: { 200: itemView.extend({ history: z.array(historyEntry) }) } } },
    async (req) => {
      const p = principal(req);
      const row = await loadItem(ctx, req.params.id);
      if (!row) throw new NotFoundError('review item', req.params.id);
      if (row.reviewer_id !== p.userId) {
        // Someone else's item: only campaign readers (App owners on their apps' items); others learn nothing.
        const scope = roleCan(p.role, 'campaigns:read') ? await appScope(ctx.db, p) : [];
        const wasMine = Boolean(await ctx.db.db.selectFrom('review_decisions').select('seq').where('item_id', '=', row.id).where('reviewer_id', '=', p.userId).limit(1).executeTakeFirst());
        const readable = scope === undefined || scope.includes(row.app_id);
        if (!readable && !wasMine) throw new NotFoundError('review item', req.params.id);
      }
      return itemDetail(ctx, row);
    },
  );
  app.post(
    '/reviews/decisions',
    {
      config: signedIn,
      schema: {
        tags: ['reviews'],
        summary: 'Decide on my items: approve or revoke (a comment is required to revoke), or clear (null); by ids or over a filter. Nothing is final until I submit',
        body: z.object({ ids: z.array(z.string()).max(10_000).optional(), filter: filter.optional(), decision: z.enum(DECISIONS).nullable(), comment: z.string().max(2000).optional() }),
        response: { 200: z.object({ updated: z.number() }) },
      },
    },
    async (req) => decide(ctx, reviewerOf(principal(req)), req.body),
  );
  app.post(
    '/reviews/submit',
    {
      config: signedIn,
      schema: { tags: ['reviews'], summary: 'Submit my decisions in a campaign: final and audited; approvals go to the next step, revocations are carried out', body: z.object({ campaignId: z.string() }), response: { 200: z.object({ submitted: z.number(), approved: z.number(), revoked: z.number(), advanced: z.number() }) } },
    },
    async (req) => submit(ctx, reviewerOf(principal(req)), req.body.campaignId),
  );
  app.post(
    '/reviews/reassign',
    {
      config: signedIn,
      schema: { tags: ['reviews'], summary: 'Hand items to another reviewer, with a reason (my items; Campaign Administrators: any)', body: z.object({ ids: z.array(z.string()).min(1).max(10_000), toUserId: z.string(), reason: z.string().max(2000) }), response: { 200: z.object({ reassigned: z.number() }) } },
    },
    async (req) => reassign(ctx, reviewerOf(principal(req)), req.body),
  );
  app.get(
    '/reviews/reviewers',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'Enabled platform users to reassign or delegate to, by name or email', querystring: z.object({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(50).default(20) }), response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })) }) } } },
    async (req) => {
      const q = req.query.q.toLowerCase();
      const rows = await ctx.db.db.selectFrom('platform_users').select(['id', 'name', 'email']).where('disabled', '=', 0).orderBy('name').execute();
      return { items: rows.filter((u) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q)).slice(0, req.query.limit) };
    },
  );
  app.get(
    '/reviews/delegations',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'Delegations that are current or coming: mine (to me or from me); every one for Campaign Administrators', querystring: z.object({ all: bool.optional() }), response: { 200: z.object({ items: z.array(delegationView) }) } } },
    async (req) => {
      const p = principal(req);
      return { items: await listDelegations(ctx, req.query.all && roleCan(p.role, 'campaigns:manage') ? undefined : p.userId) };
    },
  );
  app.post(
    '/reviews/delegations',
    {
      config: signedIn,
      schema: { tags: ['reviews'], summary: 'While I am away, my new review items go to a delegate (Campaign Administrators may set one for anyone)', body: z.object({ userId: z.string().optional(), delegateId: z.string(), startsAt: z.string().datetime({ offset: true }), endsAt: z.string().datetime({ offset: true }) }), response: { 201: delegationView } },
    },
    async (req, reply) => {
      const p = principal(req);
      const userId = req.body.userId ?? p.userId;
      if (userId !== p.userId && !roleCan(p.role, 'campaigns:manage')) throw new ForbiddenError('you may set a delegation for yourself only');
      return reply.status(201).send(await createDelegation(ctx, actorOf(p), { ...req.body, userId }));
    },
  );
  app.delete(
    '/reviews/delegations/:id',
    { config: signedIn, schema: { tags: ['reviews'], summary: 'End a delegation', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (req, reply) => {
      const p = principal(req);
      await deleteDelegation(ctx, actorOf(p), p.userId, req.params.id, roleCan(p.role, 'campaigns:manage'));
      return reply.status(204).send(null);
    },
  );
};

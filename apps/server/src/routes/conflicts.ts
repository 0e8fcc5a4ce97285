/** Access conflicts (separation of duties): rules, their violations, exemptions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { actorOf, appScope } from '../modules/auth/principal.js';
import { createRule, deleteRule, evaluateRule, exemptViolation, listRules, listViolations, loadRule, ruleInput, SEVERITIES, updateRule, VIOLATION_STATES } from '../modules/conflicts/index.js';
import { pageQuery } from '../paging.js';

const idParam = z.object({ id: z.string() });
const sideEntry = z.object({ appId: z.string(), entitlementId: z.string(), appName: z.string(), entitlementName: z.string().nullable() });
const ruleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  sideA: z.array(sideEntry),
  sideB: z.array(sideEntry),
  enabled: z.boolean(),
  openViolations: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const held = z.object({ appId: z.string(), entitlementId: z.string(), accountId: z.string(), through: z.array(z.string()) });
const violationView = z.object({
  id: z.string(),
  rule: z.object({ id: z.string(), name: z.string(), severity: z.enum(SEVERITIES) }),
  person: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  state: z.enum(VIOLATION_STATES),
  sideA: z.array(held),
  sideB: z.array(held),
  appIds: z.array(z.string()),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  exemption: z.object({ reason: z.string(), until: z.string().nullable(), by: z.string().nullable() }).nullable(),
});

export const conflictRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/conflict-rules', { config: can('conflicts:read'), schema: { tags: ['conflicts'], summary: 'Access conflict rules (separation of duties), with their open violations', response: { 200: z.object({ items: z.array(ruleView) }) } } }, async () => ({ items: await listRules(ctx) }));
  app.post(
    '/conflict-rules',
    { config: can('conflicts:manage'), schema: { tags: ['conflicts'], summary: 'A rule: two sets of entitlements (across apps) one person must not hold together; violations are found at once and after every sync', body: ruleInput, response: { 201: ruleView } } },
    async (req, reply) => reply.status(201).send(await createRule(ctx, actorOf(principal(req)), req.body)),
  );
  app.put('/conflict-rules/:id', { config: can('conflicts:manage'), schema: { tags: ['conflicts'], summary: 'Replace a conflict rule', params: idParam, body: ruleInput, response: { 200: ruleView } } }, async (req) => updateRule(ctx, actorOf(principal(req)), req.params.id, req.body));
  app.delete(
    '/conflict-rules/:id',
    { config: can('conflicts:manage'), schema: { tags: ['conflicts'], summary: 'Delete a conflict rule and its violations', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteRule(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/conflict-rules/:id/evaluate',
    { config: can('conflicts:manage'), schema: { tags: ['conflicts'], summary: 'Look for violations of a rule now (syncs do it after every ingest)', params: idParam, response: { 200: z.object({ opened: z.number(), resolved: z.number() }) } } },
    async (req) => evaluateRule(ctx, await loadRule(ctx, req.params.id)),
  );
  app.get(
    '/violations',
    {
      config: can('conflicts:read'),
      schema: { tags: ['conflicts'], summary: 'People holding both sides of a rule (App owners: those involving their apps)', querystring: z.object({ limit: pageQuery.limit, state: z.enum(VIOLATION_STATES).optional(), ruleId: z.string().max(200).optional(), personId: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(violationView), nextCursor: z.null() }) } },
    },
    async (req) => listViolations(ctx, await appScope(ctx.db, principal(req)), req.query),
  );
  app.post(
    '/violations/:id/exempt',
    { config: can('conflicts:manage'), schema: { tags: ['conflicts'], summary: 'Exempt an open violation, with a reason and an end date (then it opens again if still held)', params: idParam, body: z.object({ reason: z.string().max(2000), until: z.string().datetime({ offset: true }) }), response: { 204: z.null() } } },
    async (req, reply) => {
      const p = principal(req);
      await exemptViolation(ctx, actorOf(p), p.userId, req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );
};

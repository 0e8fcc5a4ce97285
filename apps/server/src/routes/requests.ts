/**
 * Access requests: the catalog of what may be requested, asking (for oneself, or someone else where
 * allowed), approving and denying, withdrawing, giving back, extending; request policies and each
 * app's request settings. Everyone signed in asks and sees their own requests and approvals.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { can, principal, signedIn } from '../http/access.js';
import { actorOf, appScope, type Principal } from '../modules/auth/principal.js';
import { roleCan } from '../modules/auth/roles.js';
import { listPeople, loadPerson } from '../modules/people/queries.js';
import {
  approveRequest,
  cancelRequest,
  createRequest,
  createRequestPolicy,
  deleteRequestPolicy,
  denyRequest,
  extendRequest,
  listRequestPolicies,
  listRequests,
  listSettings,
  loadRequestPolicy,
  outcome,
  planRequest,
  policyRule,
  releaseRequest,
  REQUEST_STATES,
  requestCatalog,
  requestDetail,
  requestInput,
  requestPolicyInput,
  requestSettings,
  setSettings,
  stepApprovers,
  updateRequestPolicy,
  type Requester,
} from '../modules/requests/index.js';
import { pageQuery } from '../paging.js';

const idParam = z.object({ id: z.string() });
const user = z.object({ id: z.string(), name: z.string(), email: z.string() });
const taskRef = z.object({ id: z.string(), state: z.string(), verification: z.string().nullable() }).nullable();
export const requestView = z.object({
  id: z.string(),
  requester: user,
  person: user,
  app: z.object({ id: z.string(), name: z.string() }),
  entitlement: z.object({ id: z.string(), name: z.string() }),
  accountId: z.string(),
  durationMinutes: z.number().nullable(),
  reason: z.string(),
  emergency: z.boolean(),
  state: z.enum(REQUEST_STATES),
  policy: z.object({ rule: z.string().nullable(), outcome: z.enum(['approve', 'deny', 'steps']), steps: z.number(), message: z.string().nullable().describe('a policy\u2019s denial: its message to the requester') }),
  step: z.number(),
  approvers: z.array(user),
  stepDueAt: z.string().nullable(),
  conflicts: z.array(z.object({ ruleId: z.string(), name: z.string(), severity: z.string() })),
  extendsId: z.string().nullable(),
  bundleRequestId: z.string().nullable(),
  task: taskRef,
  revokeTask: taskRef,
  grantedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  decideBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const detailView = requestView.extend({ history: z.array(z.object({ at: z.string(), kind: z.string(), detail: z.string(), actor: z.object({ id: z.string(), name: z.string() }).nullable() })) });
const policyView = z.object({ id: z.string(), name: z.string(), description: z.string(), rules: z.array(policyRule), baseline: outcome, createdAt: z.string(), updatedAt: z.string() });
const catalogEntry = z.object({ appId: z.string(), appName: z.string(), entitlementId: z.string(), name: z.string(), resourceType: z.string(), maxDurationMinutes: z.number().nullable(), defaultDurationMinutes: z.number(), reasonRequired: z.boolean(), emergencyAllowed: z.boolean(), onBehalfAllowed: z.boolean(), held: z.boolean(), open: z.object({ requestId: z.string(), state: z.string() }).nullable(), peersHolding: z.number(), peers: z.number() });

/** A preview, and for policy administrators a test: this saved policy instead of the entitlement's, as if this person asked. */
const previewInput = requestInput.extend({ policyId: z.string().min(1).max(200).optional(), asPersonId: z.string().min(1).max(200).optional() });
const namedEntitlement = z.object({ appId: z.string(), appName: z.string(), entitlementId: z.string(), entitlementName: z.string().nullable() });
const conflictRef = z.object({ ruleId: z.string(), name: z.string(), severity: z.string() });

const requesterOf = (p: Principal): Requester => ({ actor: actorOf(p), userId: p.userId, email: p.email, admin: roleCan(p.role, 'requests:manage') });

export const requestRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const readScope = async (p: Principal) => (roleCan(p.role, 'requests:read') ? await appScope(ctx.db, p) : ('none' as const));
  const detail = async (p: Principal, id: string) => requestDetail(ctx, p, await readScope(p), id);

  app.get(
    '/request-catalog',
    { config: signedIn, schema: { tags: ['requests'], summary: 'What may be requested, searchable by name; beside each, whether I hold it, my open request for it, and how many of my peers (same title and department) hold it', querystring: z.object({ q: z.string().max(200).optional(), appId: z.string().max(200).optional(), limit: pageQuery.limit }), response: { 200: z.object({ items: z.array(catalogEntry) }) } } },
    async (req) => ({ items: await requestCatalog(ctx, req.query, principal(req).email) }),
  );
  app.post(
    '/requests',
    {
      config: signedIn,
      schema: { tags: ['requests'], summary: 'Ask for an entitlement for a while (or for someone else, where allowed); the policy approves, denies or asks approvers', body: requestInput, response: { 201: detailView } },
    },
    async (req, reply) => {
      const p = principal(req);
      const r = await createRequest(ctx, requesterOf(p), req.body);
      return reply.status(201).send(await detail(p, r.id));
    },
  );
  app.post(
    '/requests/preview',
    {
      config: signedIn,
      schema: {
        tags: ['requests'],
        summary: 'What asking would do, asking nothing: the policy and rule that decide, the approvers\u2019 steps, the conflicts it would create. Request policy administrators may test a saved policy (policyId) as someone of the directory (asPersonId)',
        body: previewInput,
        response: {
          200: z.object({
            policy: z.object({ id: z.string().nullable(), name: z.string() }),
            rule: z.string().nullable(),
            outcome,
            /** Beside each approval step of the outcome: who would be asked now, and the groups a group step names. */
            steps: z.array(z.object({ approvers: z.array(user), groups: z.array(z.object({ id: z.string(), name: z.string() })) })),
            conflicts: z.array(conflictRef),
            durationMinutes: z.number().nullable(),
            errors: z.array(z.object({ rule: z.string(), error: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const p = principal(req);
      const { policyId, asPersonId, ...input } = req.body;
      if ((policyId || asPersonId) && !roleCan(p.role, 'requests:manage')) throw new ForbiddenError('testing a policy, or as someone else, is for request policy administrators');
      if (policyId) await loadRequestPolicy(ctx, policyId);
      const who = asPersonId ? { userId: p.userId, email: (await loadPerson(ctx, asPersonId)).email } : p;
      const plan = await planRequest(ctx, who, input, new Date(), { policyId });
      const steps = await stepApprovers(ctx, plan.decision.outcome, { appId: input.appId, entitlementId: input.entitlementId, target: plan.target, requesterEmail: who.email });
      return { policy: plan.policy, rule: plan.decision.rule, outcome: plan.decision.outcome, steps, conflicts: plan.conflicts.map((c) => ({ ruleId: c.ruleId, name: c.name, severity: c.severity })), durationMinutes: plan.duration, errors: plan.decision.errors };
    },
  );
  app.get(
    '/request-catalog/people',
    {
      config: signedIn,
      schema: { tags: ['requests'], summary: 'People of the directory to request access for (where an entitlement allows asking for someone else), by name or email', querystring: z.object({ q: z.string().trim().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }), response: { 200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), email: z.string() })) }) } },
    },
    async (req) => ({ items: (await listPeople(ctx, { q: req.query.q, limit: req.query.limit })).items.map((x) => ({ id: x.id, displayName: x.displayName, email: x.email })) }),
  );
  app.get(
    '/requests',
    {
      config: signedIn,
      schema: { tags: ['requests'], summary: 'Requests: mine (asked by me or for me), approvals (waiting for me), or all (request readers; App owners: their apps\u2019)', querystring: z.object({ kind: z.enum(['mine', 'approvals', 'all']).default('mine'), state: z.enum(REQUEST_STATES).optional(), limit: pageQuery.limit }), response: { 200: z.object({ items: z.array(requestView), nextCursor: z.null() }) } },
    },
    async (req) => {
      const p = principal(req);
      return listRequests(ctx, p, await readScope(p), req.query);
    },
  );
  app.get('/requests/:id', { config: signedIn, schema: { tags: ['requests'], summary: 'A request with its whole history', params: idParam, response: { 200: detailView } } }, async (req) => detail(principal(req), req.params.id));
  app.post(
    '/requests/:id/approve',
    { config: signedIn, schema: { tags: ['requests'], summary: 'Approve the current step (approvers only; never one\u2019s own request)', params: idParam, body: z.object({ comment: z.string().max(2000).optional() }).default({}), response: { 200: detailView } } },
    async (req) => {
      const p = principal(req);
      await approveRequest(ctx, requesterOf(p), req.params.id, req.body.comment);
      return detail(p, req.params.id);
    },
  );
  app.post(
    '/requests/:id/deny',
    { config: signedIn, schema: { tags: ['requests'], summary: 'Deny, with a reason (approvers only)', params: idParam, body: z.object({ reason: z.string().max(2000) }), response: { 200: detailView } } },
    async (req) => {
      const p = principal(req);
      await denyRequest(ctx, requesterOf(p), req.params.id, req.body.reason);
      return detail(p, req.params.id);
    },
  );
  app.post(
    '/requests/:id/cancel',
    { config: signedIn, schema: { tags: ['requests'], summary: 'Withdraw a pending request', params: idParam, response: { 200: detailView } } },
    async (req) => {
      const p = principal(req);
      await cancelRequest(ctx, requesterOf(p), req.params.id);
      return detail(p, req.params.id);
    },
  );
  app.post(
    '/requests/:id/release',
    { config: signedIn, schema: { tags: ['requests'], summary: '"I\u2019m done": give the access back now (only what this request granted)', params: idParam, response: { 200: detailView } } },
    async (req) => {
      const p = principal(req);
      await releaseRequest(ctx, requesterOf(p), req.params.id);
      return detail(p, req.params.id);
    },
  );
  app.post(
    '/requests/:id/extend',
    { config: signedIn, schema: { tags: ['requests'], summary: 'Ask for more time: a new request through the same policy; approved, it moves the expiry', params: idParam, body: z.object({ durationMinutes: z.number().int().min(5).max(525_600), reason: z.string().max(2000).default('') }), response: { 201: detailView } } },
    async (req, reply) => {
      const p = principal(req);
      const r = await extendRequest(ctx, requesterOf(p), req.params.id, req.body);
      return reply.status(201).send(await detail(p, r.id));
    },
  );

  app.get('/request-policies', { config: can('requests:read'), schema: { tags: ['requests'], summary: 'Request policies', response: { 200: z.object({ items: z.array(policyView) }) } } }, async () => ({ items: await listRequestPolicies(ctx) }));
  app.post(
    '/request-policies',
    { config: can('requests:manage'), schema: { tags: ['requests'], summary: 'A request policy: rules (a CEL condition and an outcome) in order, then a baseline; conditions that do not parse are refused with the error\u2019s position', body: requestPolicyInput, response: { 201: policyView } } },
    async (req, reply) => reply.status(201).send(await createRequestPolicy(ctx, actorOf(principal(req)), req.body)),
  );
  app.put('/request-policies/:id', { config: can('requests:manage'), schema: { tags: ['requests'], summary: 'Replace a request policy', params: idParam, body: requestPolicyInput, response: { 200: policyView } } }, async (req) => updateRequestPolicy(ctx, actorOf(principal(req)), req.params.id, req.body));
  app.delete(
    '/request-policies/:id',
    { config: can('requests:manage'), schema: { tags: ['requests'], summary: 'Delete a request policy no entitlement uses', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteRequestPolicy(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );

  const appOfParams = (req: { params: unknown }) => (req.params as { id: string }).id;
  app.get(
    '/apps/:id/request-settings',
    { config: can('catalog:read', appOfParams), schema: { tags: ['requests'], summary: 'How an app\u2019s entitlements may be requested (entitlementId null: the app\u2019s defaults)', params: idParam, response: { 200: z.object({ items: z.array(z.object({ entitlementId: z.string().nullable(), settings: requestSettings, holdersOf: z.array(namedEntitlement).describe('settings.whoMay.holdersOf, named') })) }) } } },
    async (req) => ({ items: await listSettings(ctx, req.params.id) }),
  );
  app.put(
    '/apps/:id/request-settings',
    {
      config: can('apps:manage', appOfParams),
      schema: { tags: ['requests'], summary: 'Make an entitlement (or, with entitlementId null, every entitlement of the app) requestable, and how; settings null removes them', params: idParam, body: z.object({ entitlementId: z.string().max(1000).nullable().default(null), settings: requestSettings.nullable() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      await setSettings(ctx, actorOf(principal(req)), req.params.id, req.body.entitlementId ?? '', req.body.settings);
      return reply.status(204).send(null);
    },
  );
};

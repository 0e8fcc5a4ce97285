/**
 * Access review administration: review policies (and apps' and entitlements' preferred ones),
 * campaigns (draft, preview, start, cancel, delete), their items and progress, recurring
 * templates, and evidence reports. Campaign Administrators run them; Read-only sees all; App
 * owners see the campaigns over their apps.
 */
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { can, principal } from '../http/access.js';
import { entitlementOwners, setEntitlementOwners } from '../modules/apps/entitlement-owners.js';
import { actorOf, appScope } from '../modules/auth/principal.js';
import { isGlobal } from '../modules/auth/roles.js';
import {
  campaignDetail,
  campaignInput,
  campaignProgress,
  cancelCampaign,
  CAMPAIGN_STATES,
  createCampaign,
  createPolicy,
  createReport,
  createTemplate,
  deleteCampaign,
  deletePolicy,
  deleteTemplate,
  DUE_ACTIONS,
  getTemplate,
  listCampaigns,
  listItems,
  listPolicies,
  listReports,
  listTemplates,
  policyInput,
  preferredPolicies,
  previewCampaign,
  reportFile,
  reviewStep,
  setPreferredPolicy,
  setTemplateEnabled,
  startCampaign,
  templateCampaign,
  templateInput,
  updateCampaign,
  updatePolicy,
  updateTemplate,
  visibleCampaign,
  campaignScope,
} from '../modules/reviews/index.js';
import { pagedOf, pageQuery } from '../paging.js';
import { itemQuery, itemView } from './reviews.js';

const idParam = z.object({ id: z.string() });
const user = z.object({ id: z.string(), name: z.string(), email: z.string() });
const counts = z.object({ items: z.number(), pending: z.number(), approved: z.number(), revoked: z.number(), notReviewed: z.number(), removed: z.number(), drafted: z.number(), unassigned: z.number() });
const remediation = z.object({ total: z.number(), inProgress: z.number(), manual: z.number(), succeeded: z.number(), verified: z.number(), failed: z.number(), drift: z.number() });
export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner: user,
  scope: campaignScope,
  policy: z.object({ id: z.string(), name: z.string() }),
  policiesAsRun: z.array(z.object({ id: z.string(), name: z.string(), steps: z.number() })),
  dueAt: z.string(),
  dueAction: z.enum(DUE_ACTIONS),
  approveCommentRequired: z.boolean(),
  state: z.enum(CAMPAIGN_STATES),
  overdue: z.boolean(),
  progress: z.object({ items: z.number(), unresolved: z.number().optional(), byApp: z.array(z.object({ appId: z.string(), appName: z.string(), items: z.number() })).optional() }).nullable(),
  error: z.string().nullable(),
  templateId: z.string().nullable(),
  counts,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
const policyView = z.object({ id: z.string(), name: z.string(), description: z.string(), steps: z.array(reviewStep), createdAt: z.string(), updatedAt: z.string() });
const freshnessView = z.object({ appId: z.string(), appName: z.string(), lastSuccessAt: z.string().nullable(), lastSyncFailed: z.boolean(), stale: z.boolean(), reason: z.string().nullable() });
const previewView = z.object({
  items: z.number(),
  byApp: z.array(z.object({ appId: z.string(), appName: z.string(), items: z.number() })),
  unresolved: z.number(),
  unresolvedSample: z.array(z.object({ grantId: z.string(), appName: z.string(), entitlementName: z.string(), principalName: z.string(), because: z.string() })),
  byReviewer: z.array(z.object({ userId: z.string(), name: z.string(), items: z.number() })),
  freshness: z.array(freshnessView),
});
const templateView = z.object({
  id: z.string(),
  name: z.string(),
  schedule: z.string(),
  enabled: z.boolean(),
  campaign: templateCampaign,
  lastRunAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  /** The newest campaign it made. */
  lastCampaign: z.object({ id: z.string(), name: z.string(), state: z.enum(CAMPAIGN_STATES) }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const reportView = z.object({ id: z.string(), generatedAt: z.string(), files: z.array(z.object({ name: z.string(), bytes: z.number(), sha256: z.string(), description: z.string() })), signature: z.string(), publicKey: z.string() });
const progressView = z.object({
  startedAt: z.string().nullable(),
  dueAt: z.string(),
  items: z.number(),
  perDay: z.array(z.object({ day: z.string(), decisions: z.number(), closed: z.number(), remaining: z.number() })),
  perReviewer: z.array(z.object({ id: z.string(), name: z.string(), pending: z.number(), done: z.number() })),
  perApp: z.array(z.object({ id: z.string(), name: z.string(), pending: z.number(), done: z.number() })),
});
const CONTENT_TYPES: Record<string, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' };

export const campaignRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const appOfParams = (req: { params: unknown }) => (req.params as { id: string }).id;

  app.get('/review-policies', { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'Review policies', response: { 200: z.object({ items: z.array(policyView) }) } } }, async () => ({ items: await listPolicies(ctx) }));
  app.post(
    '/review-policies',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Create a review policy: ordered steps, each with its reviewers and a fallback', body: policyInput, response: { 201: policyView } } },
    async (req, reply) => reply.status(201).send(await createPolicy(ctx, actorOf(principal(req)), req.body)),
  );
  app.put(
    '/review-policies/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Replace a review policy (running campaigns keep the policy as it was at their start)', params: idParam, body: policyInput, response: { 200: policyView } } },
    async (req) => updatePolicy(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  app.delete(
    '/review-policies/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Delete a review policy no draft or recurring campaign uses', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deletePolicy(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/apps/:id/review-policies',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'The review policies an app and its entitlements prefer', params: idParam, response: { 200: z.object({ items: z.array(z.object({ entitlementId: z.string().nullable(), policyId: z.string() })) }) } } },
    async (req) => ({ items: await preferredPolicies(ctx, req.params.id) }),
  );
  app.put(
    '/apps/:id/review-policies',
    {
      config: can('campaigns:manage'),
      schema: { tags: ['reviews'], summary: 'Set (or clear, with null) the review policy an app or one of its entitlements prefers over a campaign\u2019s', params: idParam, body: z.object({ entitlementId: z.string().max(1000).nullable().default(null), policyId: z.string().nullable() }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      await setPreferredPolicy(ctx, actorOf(principal(req)), req.params.id, req.body.entitlementId ?? '', req.body.policyId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/apps/:id/entitlement-owners',
    { config: can('catalog:read', appOfParams), schema: { tags: ['reviews'], summary: 'The owners of an app\u2019s entitlements', params: idParam, response: { 200: z.object({ items: z.array(z.object({ entitlementId: z.string(), userIds: z.array(z.string()) })) }) } } },
    async (req) => ({ items: await entitlementOwners(ctx, req.params.id) }),
  );
  app.put(
    '/apps/:id/entitlement-owners',
    {
      config: can('apps:manage', appOfParams),
      schema: { tags: ['reviews'], summary: 'Name the owners of one entitlement (reviewers and approvers); an empty list clears them', params: idParam, body: z.object({ entitlementId: z.string().min(1).max(1000), userIds: z.array(z.string()).max(100) }), response: { 204: z.null() } },
    },
    async (req, reply) => {
      await setEntitlementOwners(ctx, actorOf(principal(req)), req.params.id, req.body.entitlementId, req.body.userIds);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/campaigns',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'Access review campaigns, newest first (App owners: the campaigns over their apps)', querystring: z.object({ limit: pageQuery.limit, state: z.enum(CAMPAIGN_STATES).optional() }), response: { 200: pagedOf(campaignView) } } },
    async (req) => listCampaigns(ctx, await appScope(ctx.db, principal(req)), req.query),
  );
  app.post(
    '/campaigns',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Create a campaign as a draft: scope, review policy, due date and what happens then', body: campaignInput, response: { 201: campaignView } } },
    async (req, reply) => {
      const p = principal(req);
      const row = await createCampaign(ctx, actorOf(p), p.userId, req.body);
      return reply.status(201).send((await campaignDetail(ctx, undefined, row.id)) as z.infer<typeof campaignView>);
    },
  );
  app.get(
    '/campaigns/:id',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'A campaign with its counts and the state of its revocations', params: idParam, response: { 200: campaignView.extend({ remediation }) } } },
    async (req) => campaignDetail(ctx, await appScope(ctx.db, principal(req)), req.params.id),
  );
  app.put(
    '/campaigns/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Edit a draft campaign', params: idParam, body: campaignInput, response: { 200: campaignView } } },
    async (req) => {
      await updateCampaign(ctx, actorOf(principal(req)), req.params.id, req.body);
      return campaignDetail(ctx, undefined, req.params.id);
    },
  );
  app.get(
    '/campaigns/:id/preview',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'What starting would create: items per app and per reviewer, items no reviewer was found for, apps whose data is stale', params: idParam, response: { 200: previewView } } },
    async (req) => previewCampaign(ctx, req.params.id),
  );
  app.post(
    '/campaigns/:id/start',
    {
      config: can('campaigns:manage'),
      schema: { tags: ['reviews'], summary: 'Start a draft: the snapshot is taken (progress on the campaign) and reviewers are told. Refused when apps\u2019 data is stale, unless startAnyway', params: idParam, body: z.object({ startAnyway: z.boolean().default(false) }).default({ startAnyway: false }), response: { 202: campaignView } },
    },
    async (req, reply) => {
      await startCampaign(ctx, actorOf(principal(req)), req.params.id, { startAnyway: req.body.startAnyway });
      return reply.status(202).send((await campaignDetail(ctx, undefined, req.params.id)) as z.infer<typeof campaignView>);
    },
  );
  app.post(
    '/campaigns/:id/cancel',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Cancel a campaign: undecided items close as not reviewed; submitted decisions and their revocations stand', params: idParam, response: { 200: campaignView } } },
    async (req) => {
      await cancelCampaign(ctx, actorOf(principal(req)), req.params.id);
      return campaignDetail(ctx, undefined, req.params.id);
    },
  );
  app.delete(
    '/campaigns/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Delete a draft or finished campaign (refused while its revocations run)', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteCampaign(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/campaigns/:id/items',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'A campaign\u2019s items, any reviewer\u2019s (App owners: their apps\u2019 items)', params: idParam, querystring: itemQuery.extend({ reviewerId: z.string().max(200).optional() }), response: { 200: pagedOf(itemView) } } },
    async (req) => {
      const scope = await appScope(ctx.db, principal(req));
      await visibleCampaign(ctx, scope, req.params.id);
      return listItems(ctx, scope, { ...req.query, campaignId: req.params.id });
    },
  );
  app.get(
    '/campaigns/:id/progress',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'Decisions per day (the burndown), per reviewer and per app', params: idParam, response: { 200: progressView } } },
    async (req) => {
      await visibleCampaign(ctx, await appScope(ctx.db, principal(req)), req.params.id);
      return campaignProgress(ctx, req.params.id);
    },
  );

  /** Reports cover every app of a campaign: global roles only. */
  const reportReader = (role: Parameters<typeof isGlobal>[0]) => {
    if (!isGlobal(role)) throw new ForbiddenError('evidence reports cover every app of the campaign: ask a Campaign Administrator or a Read-only user');
  };
  app.post(
    '/campaigns/:id/reports',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Write an evidence report (CSV, JSON, XLSX, a PDF summary) with a manifest of every file\u2019s SHA-256, signed with the audit key', params: idParam, response: { 201: reportView } } },
    async (req, reply) => {
      const p = principal(req);
      return reply.status(201).send(await createReport(ctx, actorOf(p), p.userId, req.params.id));
    },
  );
  app.get(
    '/campaigns/:id/reports',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'A campaign\u2019s evidence reports, newest first', params: idParam, response: { 200: z.object({ items: z.array(reportView) }) } } },
    async (req) => {
      reportReader(principal(req).role);
      await visibleCampaign(ctx, undefined, req.params.id);
      return { items: listReports(ctx, req.params.id) };
    },
  );
  app.get(
    '/campaigns/:id/reports/:reportId/:file',
    { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'Download one file of a report (or its manifest.json)', params: z.object({ id: z.string(), reportId: z.string(), file: z.string().max(200) }), response: { 200: z.string().describe('the file') } } },
    async (req, reply) => {
      reportReader(principal(req).role);
      const path = reportFile(ctx, req.params.id, req.params.reportId, req.params.file);
      const ext = req.params.file.split('.').pop() ?? '';
      return reply
        .type(CONTENT_TYPES[ext] ?? 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${req.params.file}"`)
        .send(createReadStream(path) as unknown as string);
    },
  );

  app.get('/campaign-templates', { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'Recurring campaigns', response: { 200: z.object({ items: z.array(templateView) }) } } }, async () => ({ items: await listTemplates(ctx) }));
  app.get('/campaign-templates/:id', { config: can('campaigns:read'), schema: { tags: ['reviews'], summary: 'A recurring campaign', params: idParam, response: { 200: templateView } } }, async (req) => getTemplate(ctx, req.params.id));
  app.post(
    '/campaign-templates',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'A recurring campaign: a definition and a schedule ("quarterly", "monthly" or a cron expression) that creates and starts each instance', body: templateInput, response: { 201: templateView } } },
    async (req, reply) => {
      const p = principal(req);
      return reply.status(201).send(await createTemplate(ctx, actorOf(p), p.userId, req.body));
    },
  );
  app.put(
    '/campaign-templates/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Replace a recurring campaign\u2019s definition and schedule (the campaigns it made stay as they are)', params: idParam, body: templateInput, response: { 200: templateView } } },
    async (req) => updateTemplate(ctx, actorOf(principal(req)), req.params.id, req.body),
  );
  app.patch(
    '/campaign-templates/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Pause or resume a recurring campaign (a moment passed while paused is not made up)', params: idParam, body: z.object({ enabled: z.boolean() }), response: { 200: templateView } } },
    async (req) => setTemplateEnabled(ctx, actorOf(principal(req)), req.params.id, req.body.enabled),
  );
  app.delete(
    '/campaign-templates/:id',
    { config: can('campaigns:manage'), schema: { tags: ['reviews'], summary: 'Stop a recurring campaign (its campaigns stay)', params: idParam, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteTemplate(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
};

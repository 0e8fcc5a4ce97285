/** Bundles (access profiles): entitlements across apps requested together. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal, signedIn } from '../http/access.js';
import { actorOf } from '../modules/auth/principal.js';
import { roleCan } from '../modules/auth/roles.js';
import { bundleInput, bundleRequestInput, createBundle, deleteBundle, listBundles, requestBundle } from '../modules/requests/bundles.js';
import { presentRequests } from '../modules/requests/index.js';
import { requestView } from './requests.js';

const bundleItem = z.object({ appId: z.string(), appName: z.string(), entitlementId: z.string(), entitlementName: z.string().nullable().describe('null: no longer in the app\u2019s catalog') });
const bundleView = z.object({ id: z.string(), name: z.string(), description: z.string(), items: z.array(bundleItem), createdAt: z.string(), updatedAt: z.string() });

export const requestBundleRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/request-bundles', { config: signedIn, schema: { tags: ['requests'], summary: 'Bundles of entitlements requested together', response: { 200: z.object({ items: z.array(bundleView) }) } } }, async () => ({ items: await listBundles(ctx) }));
  app.post('/request-bundles', { config: can('requests:manage'), schema: { tags: ['requests'], summary: 'A bundle: entitlements across apps requested together, each through its own policy', body: bundleInput, response: { 201: bundleView } } }, async (req, reply) => reply.status(201).send(await createBundle(ctx, actorOf(principal(req)), req.body)));
  app.delete(
    '/request-bundles/:id',
    { config: can('requests:manage'), schema: { tags: ['requests'], summary: 'Delete a bundle (its requests stay)', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteBundle(ctx, actorOf(principal(req)), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/requests/bundle',
    {
      config: signedIn,
      schema: { tags: ['requests'], summary: 'Ask for every entitlement of a bundle, each through its own policy (checked all first: all are asked or none; what is held or asked for already is left out, with why)', body: bundleRequestInput, response: { 201: z.object({ bundleRequestId: z.string(), requests: z.array(requestView), skipped: z.array(z.object({ appId: z.string(), entitlementId: z.string(), reason: z.string() })) }) } },
    },
    async (req, reply) => {
      const p = principal(req);
      const done = await requestBundle(ctx, { actor: actorOf(p), userId: p.userId, email: p.email, admin: roleCan(p.role, 'requests:manage') }, req.body);
      return reply.status(201).send({ bundleRequestId: done.bundleRequestId, requests: await presentRequests(ctx, done.requests), skipped: done.skipped });
    },
  );
};

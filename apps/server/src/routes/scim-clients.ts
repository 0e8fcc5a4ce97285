/** SCIM clients (the identity providers that push users and groups to /scim/v2) and the SCIM group → role map. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal } from '../http/access.js';
import { actorOf } from '../modules/auth/principal.js';
import { ROLES } from '../modules/auth/roles.js';
import { createScimClient, deleteScimClient, listScimClients, rotateScimClient } from '../modules/scim/clients.js';
import { roleMap, setRoleMap } from '../modules/scim/roles.js';

const clientOut = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('when the identity provider last called /scim/v2 with this token (to the minute); null: never'),
});
const withToken = clientOut.extend({ token: z.string().describe('the bearer token for the identity provider; shown only now') });
const roleMapOut = z.object({
  source: z.enum(['environment', 'settings']).describe('environment: GATEHOUSE_SCIM_ROLE_MAP sets the map, and it cannot be changed here'),
  entries: z.array(z.object({ group: z.string(), role: z.enum(ROLES) })),
});
const idParam = z.object({ id: z.string() });

export const scimClientRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/scim-clients', { config: can('users:manage'), schema: { tags: ['scim'], summary: 'SCIM clients: identity providers that push users and groups to /scim/v2', response: { 200: z.object({ items: z.array(clientOut) }) } } }, async () => ({
    items: await listScimClients(ctx),
  }));

  app.post(
    '/scim-clients',
    {
      config: can('users:manage'),
      schema: { tags: ['scim'], summary: 'Create a SCIM client; its bearer token is returned once (give it and <server>/scim/v2 to Okta or Entra ID)', body: z.object({ name: z.string().min(1).max(200) }), response: { 201: withToken } },
    },
    async (req, reply) => reply.status(201).send(await createScimClient(ctx, actorOf(principal(req)), req.body)),
  );

  app.post(
    '/scim-clients/:id/rotate',
    { config: can('users:manage'), schema: { tags: ['scim'], summary: "A new token for a SCIM client (returned once); the old one stops at once", params: idParam, response: { 200: withToken } } },
    async (req) => rotateScimClient(ctx, actorOf(principal(req)), req.params.id),
  );

  app.delete('/scim-clients/:id', { config: can('users:manage'), schema: { tags: ['scim'], summary: 'Delete a SCIM client (its token stops at once)', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteScimClient(ctx, actorOf(principal(req)), req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/scim-role-map', { config: can('users:manage'), schema: { tags: ['scim'], summary: "SCIM groups whose members get a platform role (displayName → role; the highest of a user's wins)", response: { 200: roleMapOut } } }, async () =>
    roleMap(ctx),
  );

  app.put(
    '/scim-role-map',
    {
      config: can('users:manage'),
      schema: {
        tags: ['scim'],
        summary: 'Set the SCIM group → role map; applied to every group member at once (409 while GATEHOUSE_SCIM_ROLE_MAP sets it)',
        body: z.object({ entries: z.array(z.object({ group: z.string().min(1).max(200), role: z.enum(ROLES) })).max(100) }),
        response: { 200: roleMapOut },
      },
    },
    async (req) => setRoleMap(ctx, actorOf(principal(req)), req.body.entries),
  );
};

/** Sign-in and out, the current user, platform users and API tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal, publicRoute, signedIn } from '../http/access.js';
import { actorOf, SESSION_COOKIE } from '../modules/auth/principal.js';
import { PERMISSIONS, ROLES, roleCan } from '../modules/auth/roles.js';
import { SESSION_DAYS, signIn, signOut } from '../modules/auth/sessions.js';
import { createToken, listTokens, revokeToken } from '../modules/auth/tokens.js';
import { createUser, listUsers, loadUser, ownedApps, presentUser, updateUser } from '../modules/auth/users.js';

const userOut = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), roleLabel: z.string(), disabled: z.boolean() });
const tokenOut = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });
const idParam = z.object({ id: z.string() });

export const authRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/auth/login',
    { config: publicRoute, schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: z.object({ email: z.string().email(), password: z.string().min(1).max(1000) }), response: { 200: userOut }, security: [] } },
    async (req, reply) => {
      const { user, cookie } = await signIn(ctx, req.body.email, req.body.password);
      reply.setCookie(SESSION_COOKIE, cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
      return user;
    },
  );

  app.post('/auth/logout', { config: publicRoute, schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await signOut(ctx, cookie);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get(
    '/auth/me',
    {
      config: signedIn,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, with what their role allows (so a UI shows only the actions that will succeed)',
        response: { 200: userOut.extend({ permissions: z.array(z.enum(PERMISSIONS)), ownedApps: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const p = principal(req);
      return { ...presentUser(await loadUser(ctx, p.userId)), permissions: PERMISSIONS.filter((perm) => roleCan(p.role, perm)), ownedApps: await ownedApps(ctx, p.userId) };
    },
  );

  app.get('/users', { config: can('users:read'), schema: { tags: ['users'], summary: 'Platform users (for user managers, and for app managers choosing app owners)', response: { 200: z.object({ items: z.array(userOut) }) } } }, async () => ({
    items: await listUsers(ctx),
  }));

  app.post(
    '/users',
    {
      config: can('users:manage'),
      schema: { tags: ['users'], summary: 'Create a platform user', body: z.object({ email: z.string().email(), name: z.string().min(1).max(200), role: z.enum(ROLES), password: z.string().min(12).max(1000).optional() }), response: { 201: userOut } },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, actorOf(principal(req)), req.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: can('users:manage'),
      schema: {
        tags: ['users'],
        summary: 'Change a platform user (role, name, disabled, password)',
        params: idParam,
        body: z.object({ name: z.string().min(1).max(200).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: z.string().min(12).max(1000).optional() }),
        response: { 200: userOut },
      },
    },
    async (req) => updateUser(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  app.get('/tokens', { config: signedIn, schema: { tags: ['tokens'], summary: 'Your API tokens (their values are shown only once, at creation)', response: { 200: z.object({ items: z.array(tokenOut) }) } } }, async (req) => ({
    items: await listTokens(ctx, principal(req).userId),
  }));

  app.post(
    '/tokens',
    { config: signedIn, schema: { tags: ['tokens'], summary: 'Create an API token with your role; the value is returned once', body: z.object({ name: z.string().min(1).max(200) }), response: { 201: tokenOut.extend({ token: z.string() }) } } },
    async (req, reply) => reply.status(201).send(await createToken(ctx, principal(req), req.body.name)),
  );

  app.delete('/tokens/:id', { config: signedIn, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await revokeToken(ctx, principal(req), req.params.id);
    return reply.status(204).send(null);
  });
};

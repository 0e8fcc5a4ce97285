/** Sign-in and out, your own password, the current user, platform users and API tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { personOfEmail } from '../modules/people/queries.js';
import type { Context } from '../context.js';
import { can, principal, publicRoute, signedIn } from '../http/access.js';
import { actorOf, SESSION_COOKIE } from '../modules/auth/principal.js';
import { PERMISSIONS, ROLES, roleCan } from '../modules/auth/roles.js';
import { MIN_PASSWORD_LENGTH } from '../modules/auth/passwords.js';
import { SESSION_DAYS, signOut } from '../modules/auth/sessions.js';
import { signIn } from '../modules/auth/sign-in.js';
import { ssoLogoutUrl } from '../modules/sso/flow.js';
import { listPlatformGroups } from '../modules/scim/platform-groups.js';
import { createToken, listTokens, revokeToken, TOKEN_DAYS } from '../modules/auth/tokens.js';
import { changeOwnPassword, createUser, listUsers, loadUser, ownedApps, presentUser, updateUser } from '../modules/auth/users.js';

const userOut = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), roleLabel: z.string(), disabled: z.boolean() });
const tokenOut = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('when the token stops working; null: it never expires'),
});
const idParam = z.object({ id: z.string() });
/** A password being set; its strength is checked by the module (`passwords.ts`), which names the field. */
const newPassword = z.string().min(MIN_PASSWORD_LENGTH).max(1000);
const problem = z.looseObject({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional(), retryAfter: z.number().optional() });

export const authRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.post(
    '/auth/login',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie. Throttled per account and per address: 429 with Retry-After',
        body: z.object({ email: z.string().email(), password: z.string().min(1).max(1000) }),
        response: { 200: userOut, 429: problem },
        security: [],
      },
    },
    async (req, reply) => {
      const { user, cookie } = await signIn(ctx, { email: req.body.email, password: req.body.password, address: req.ip });
      reply.setCookie(SESSION_COOKIE, cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
      return user;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: "Sign out. A session from single sign-on answers 200 with the provider's logout URL, where the browser goes next to end the provider's session too (RP-initiated logout)",
        response: { 200: z.object({ logoutUrl: z.string() }), 204: z.null() },
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      const logoutUrl = cookie ? await ssoLogoutUrl(ctx, cookie) : undefined;
      if (cookie) await signOut(ctx, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return logoutUrl ? reply.status(200).send({ logoutUrl }) : reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/password',
    {
      config: signedIn,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (the current one is required); your other sessions end, this one stays',
        body: z.object({ current: z.string().min(1).max(1000), new: newPassword }),
        response: { 204: z.null(), 429: problem },
      },
    },
    async (req, reply) => {
      await changeOwnPassword(ctx, principal(req), { current: req.body.current, next: req.body.new, address: req.ip });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: signedIn,
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, with what their role allows (so a UI shows only the actions that will succeed)',
        response: { 200: userOut.extend({ permissions: z.array(z.enum(PERMISSIONS)), ownedApps: z.array(z.string()), personId: z.string().nullable().describe('the person of the directory with my email (My access), if any') }) },
      },
    },
    async (req) => {
      const p = principal(req);
      return { ...presentUser(await loadUser(ctx, p.userId)), permissions: PERMISSIONS.filter((perm) => roleCan(p.role, perm)), ownedApps: await ownedApps(ctx, p.userId), personId: (await personOfEmail(ctx, p.email))?.id ?? null };
    },
  );

  app.get('/users', { config: can('users:read'), schema: { tags: ['users'], summary: 'Platform users (for user managers, and for app managers choosing app owners)', response: { 200: z.object({ items: z.array(userOut) }) } } }, async () => ({
    items: await listUsers(ctx),
  }));

  app.get(
    '/platform-groups',
    {
      config: can('users:read'),
      schema: {
        tags: ['users'],
        summary: 'Platform groups (pushed by the identity provider through SCIM), to name as reviewers or approvers',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), members: z.number().int() })) }) },
      },
    },
    async () => ({ items: await listPlatformGroups(ctx) }),
  );

  app.post(
    '/users',
    {
      config: can('users:manage'),
      schema: { tags: ['users'], summary: 'Create a platform user', body: z.object({ email: z.string().email(), name: z.string().min(1).max(200), role: z.enum(ROLES), password: newPassword.optional() }), response: { 201: userOut } },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, actorOf(principal(req)), req.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: can('users:manage'),
      schema: {
        tags: ['users'],
        summary: "Change a platform user (role, name, disabled, password); a new password or disabling ends the user's sessions",
        params: idParam,
        body: z.object({ name: z.string().min(1).max(200).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: newPassword.optional() }),
        response: { 200: userOut },
      },
    },
    async (req) => {
      const p = principal(req);
      // An administrator changing their own password stays signed in here; everyone else signs in again.
      return updateUser(ctx, actorOf(p), req.params.id, req.body, p.userId === req.params.id ? p.sessionId : undefined);
    },
  );

  app.get('/tokens', { config: signedIn, schema: { tags: ['tokens'], summary: 'Your API tokens (their values are shown only once, at creation)', response: { 200: z.object({ items: z.array(tokenOut) }) } } }, async (req) => ({
    items: await listTokens(ctx, principal(req).userId),
  }));

  app.post(
    '/tokens',
    {
      config: signedIn,
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token with your role; the value is returned once',
        body: z.object({
          name: z.string().min(1).max(200),
          expiresInDays: z
            .number()
            .int()
            .min(1)
            .max(TOKEN_DAYS.max)
            .nullable()
            .default(TOKEN_DAYS.default)
            .describe(`days until the token stops working (default ${TOKEN_DAYS.default}, at most ${TOKEN_DAYS.max}); null for a token that never expires`),
        }),
        response: { 201: tokenOut.extend({ token: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await createToken(ctx, principal(req), req.body)),
  );

  app.delete('/tokens/:id', { config: signedIn, schema: { tags: ['tokens'], summary: 'Revoke an API token', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await revokeToken(ctx, principal(req), req.params.id);
    return reply.status(204).send(null);
  });
};

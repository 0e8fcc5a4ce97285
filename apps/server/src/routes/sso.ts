/**
 * Single sign-on with OpenID Connect: the providers (Super Administrators), the local-password
 * setting, the public list the sign-in page shows, and the browser's round trip (start → the
 * provider → callback). The round trip answers with redirects only: to the provider, to the UI
 * when signed in, or to /login?error=<code> that the sign-in page explains.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { can, principal, publicRoute } from '../http/access.js';
import { actorOf, SESSION_COOKIE } from '../modules/auth/principal.js';
import { ROLES } from '../modules/auth/roles.js';
import { SESSION_DAYS } from '../modules/auth/sessions.js';
import { finishSignIn, SSO_BROWSER_COOKIE, SSO_LOGIN_MINUTES, SsoFailure, startSignIn } from '../modules/sso/flow.js';
import { createProvider, deleteProvider, getSsoSettings, listProviders, loadProvider, presentProvider, publicProviders, updateProvider, updateSsoSettings } from '../modules/sso/providers.js';

const providerIn = z.object({
  name: z.string().min(1).max(200).describe('shown on the sign-in page: "Sign in with <name>"'),
  issuer: z.string().min(1).max(2000).describe("the provider's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration); checked against the outbound address policy"),
  clientId: z.string().min(1).max(500),
  clientSecret: z.string().max(2000).optional().describe('write-only; omitted on an update: unchanged (it must be entered again when the issuer changes); empty: none (a public client, PKCE only)'),
  scopes: z.array(z.string().min(1).max(200)).max(50).default(['openid', 'email', 'profile']).describe('openid is always asked for'),
  groupsClaim: z.string().min(1).max(200).default('groups').describe('the claim (ID token or userinfo) listing the person\'s groups'),
  roleMapping: z
    .array(z.object({ group: z.string().min(1).max(500), role: z.enum(ROLES) }))
    .max(500)
    .default([])
    .describe('group → platform role; a person in several mapped groups gets the most privileged role; in none, Basic user. Applied at every sign-in'),
  enabled: z.boolean().default(true),
});
const providerOut = z.object({
  id: z.string(),
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecret: z.enum(['set', 'not set']),
  scopes: z.array(z.string()),
  groupsClaim: z.string(),
  roleMapping: z.array(z.object({ group: z.string(), role: z.enum(ROLES) })),
  enabled: z.boolean(),
  redirectUri: z.string().describe('register this redirect URI at the provider'),
  postLogoutRedirectUri: z.string().describe('register this post-logout redirect URI at the provider'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const settingsOut = z.object({
  localPasswords: z.boolean().describe('whether platform users sign in with passwords; off, only the break-glass account does (audited)'),
  breakGlassUserId: z.string().nullable().describe('the Super Administrator who keeps password sign-in (by default the first administrator)'),
});
const idParam = z.object({ id: z.string() });
const redirect = z.null().describe('a redirect (Location)');

export const ssoRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/sso/providers', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'Single sign-on providers (OpenID Connect)', response: { 200: z.object({ items: z.array(providerOut) }) } } }, async () => ({
    items: await listProviders(ctx),
  }));

  app.post('/sso/providers', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'Add an OpenID Connect provider', body: providerIn, response: { 201: providerOut } } }, async (req, reply) =>
    reply.status(201).send(await createProvider(ctx, actorOf(principal(req)), req.body)),
  );

  app.get('/sso/providers/:id', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'One single sign-on provider', params: idParam, response: { 200: providerOut } } }, async (req) =>
    presentProvider(ctx, await loadProvider(ctx, req.params.id)),
  );

  app.put('/sso/providers/:id', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'Change a single sign-on provider', params: idParam, body: providerIn, response: { 200: providerOut } } }, async (req) =>
    updateProvider(ctx, actorOf(principal(req)), req.params.id, req.body),
  );

  app.delete('/sso/providers/:id', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'Delete a single sign-on provider (signed-in sessions stay)', params: idParam, response: { 204: z.null() } } }, async (req, reply) => {
    await deleteProvider(ctx, actorOf(principal(req)), req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/sso/settings', { config: can('settings:manage'), schema: { tags: ['sso'], summary: 'Whether local passwords sign in', response: { 200: settingsOut } } }, async () => getSsoSettings(ctx));

  app.put(
    '/sso/settings',
    {
      config: can('settings:manage'),
      schema: {
        tags: ['sso'],
        summary: 'Turn local passwords on or off (the break-glass Super Administrator keeps password sign-in)',
        body: z.object({ localPasswords: z.boolean(), breakGlassUserId: z.string().optional() }),
        response: { 200: settingsOut },
      },
    },
    async (req) => updateSsoSettings(ctx, actorOf(principal(req)), req.body),
  );

  app.get(
    '/auth/sso/providers',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'The enabled single sign-on providers (id and name), for the sign-in page',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })), localPasswords: z.boolean() }) },
        security: [],
      },
    },
    async () => ({ items: await publicProviders(ctx), localPasswords: (await getSsoSettings(ctx)).localPasswords }),
  );

  const toLogin = (code: string) => `/login?error=${encodeURIComponent(code)}`;

  app.get(
    '/auth/sso/:id/start',
    { config: publicRoute, schema: { tags: ['auth'], summary: 'Sign in with a single sign-on provider: redirects to it (authorization code with PKCE)', params: idParam, response: { 302: redirect }, security: [] } },
    async (req, reply) => {
      try {
        const { url, browserCookie } = await startSignIn(ctx, req.params.id, req.ip);
        reply.setCookie(SSO_BROWSER_COOKIE, browserCookie, { path: '/api/v1/auth/sso', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: SSO_LOGIN_MINUTES * 60 });
        return reply.header('cache-control', 'no-store').redirect(url, 302);
      } catch (err) {
        if (!(err instanceof SsoFailure)) throw err;
        return reply.redirect(toLogin(err.code), 302);
      }
    },
  );

  app.get(
    '/auth/sso/:id/callback',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: "The provider's redirect back: signs in (the session cookie) and redirects to the UI, or to /login?error=<code>",
        params: idParam,
        querystring: z.looseObject({}),
        response: { 302: redirect },
        security: [],
      },
    },
    async (req, reply) => {
      const currentUrl = new URL(req.url, 'http://callback.invalid');
      reply.clearCookie(SSO_BROWSER_COOKIE, { path: '/api/v1/auth/sso' });
      reply.header('cache-control', 'no-store');
      try {
        const { cookie } = await finishSignIn(ctx, req.params.id, { currentUrl, browserCookie: req.cookies[SSO_BROWSER_COOKIE], address: req.ip });
        reply.setCookie(SESSION_COOKIE, cookie, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
        return reply.redirect('/', 302);
      } catch (err) {
        if (!(err instanceof SsoFailure)) throw err;
        return reply.redirect(toLogin(err.code), 302);
      }
    },
  );
};

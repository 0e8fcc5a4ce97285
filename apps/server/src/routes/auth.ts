/** Sign-in and out, the current user, platform users and API tokens. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, newSecret, sha256, verifyPassword } from '../auth/credentials.js';
import { actorOf, requirePermission, requireSignedIn, SESSION_COOKIE } from '../auth/principal.js';
import { isGlobal, PERMISSIONS, ROLE_LABELS, ROLES, roleCan } from '../auth/roles.js';
import type { Context } from '../context.js';
import { audit } from '../modules/audit.js';
import { conflict, forbidden, notFound, Problem } from '../problems.js';

const SESSION_DAYS = 7;

const userOut = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), roleLabel: z.string(), disabled: z.boolean() });
const present = (u: { id: string; email: string; name: string; role: string; disabled: number }) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as (typeof ROLES)[number],
  roleLabel: ROLE_LABELS[u.role as (typeof ROLES)[number]],
  disabled: u.disabled === 1,
});

export const authRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  const { db } = ctx.db;

  app.post('/auth/login', { schema: { tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie', body: z.object({ email: z.string().email(), password: z.string().min(1) }), response: { 200: userOut }, security: [] } }, async (req, reply) => {
    const user = await db.selectFrom('platform_users').selectAll().where('email', '=', req.body.email.toLowerCase()).executeTakeFirst();
    if (!user || user.disabled || !(await verifyPassword(user.password_hash, req.body.password))) throw new Problem(401, 'Unauthorized', 'wrong email or password');
    const token = newSecret('ghs');
    const now = new Date();
    await db.insertInto('sessions').values({ id: sha256(token), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString() }).execute();
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
    await audit(db, { type: 'user', id: user.id }, { action: 'auth.login', targetType: 'platform_user', targetId: user.id });
    return present(user);
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out' } }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await db.deleteFrom('sessions').where('id', '=', sha256(cookie)).execute();
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, with what their role allows (so a UI shows only the actions that will succeed)',
        response: { 200: userOut.extend({ permissions: z.array(z.enum(PERMISSIONS)), ownedApps: z.array(z.string()) }) },
      },
    },
    async (req) => {
      const p = requireSignedIn(req);
      const user = present(await db.selectFrom('platform_users').selectAll().where('id', '=', p.userId).executeTakeFirstOrThrow());
      const owned = await db.selectFrom('app_owners').select('app_id').where('user_id', '=', p.userId).execute();
      return { ...user, permissions: PERMISSIONS.filter((perm) => roleCan(p.role, perm)), ownedApps: owned.map((o) => o.app_id) };
    },
  );

  app.get('/users', { schema: { tags: ['users'], summary: 'Platform users (for user managers, and for app managers choosing app owners)', response: { 200: z.object({ items: z.array(userOut) }) } } }, async (req) => {
    const p = requireSignedIn(req);
    if (!roleCan(p.role, 'users:manage') && !(roleCan(p.role, 'apps:manage') && isGlobal(p.role))) throw forbidden(`the ${p.role} role cannot list platform users`);
    return { items: (await db.selectFrom('platform_users').selectAll().orderBy('email').execute()).map(present) };
  });

  app.post(
    '/users',
    { schema: { tags: ['users'], summary: 'Create a platform user', body: z.object({ email: z.string().email(), name: z.string().min(1), role: z.enum(ROLES), password: z.string().min(12).optional() }), response: { 201: userOut } } },
    async (req, reply) => {
      const p = requirePermission(req, 'users:manage');
      const email = req.body.email.toLowerCase();
      if (await db.selectFrom('platform_users').select('id').where('email', '=', email).executeTakeFirst()) throw conflict(`a user with email ${email} exists`);
      const row = { id: randomUUID(), email, name: req.body.name, role: req.body.role, password_hash: req.body.password ? await hashPassword(req.body.password) : null, disabled: 0, created_at: new Date().toISOString() };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('platform_users').values(row).execute();
        await audit(tx, actorOf(p), { action: 'user.create', targetType: 'platform_user', targetId: row.id, after: { email, name: row.name, role: row.role } });
      });
      return reply.status(201).send(present(row));
    },
  );

  app.patch(
    '/users/:id',
    { schema: { tags: ['users'], summary: 'Change a platform user (role, name, disabled, password)', params: z.object({ id: z.string() }), body: z.object({ name: z.string().min(1).optional(), role: z.enum(ROLES).optional(), disabled: z.boolean().optional(), password: z.string().min(12).optional() }), response: { 200: userOut } } },
    async (req) => {
      const p = requirePermission(req, 'users:manage');
      const before = await db.selectFrom('platform_users').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!before) throw notFound('user', req.params.id);
      const changes = { name: req.body.name, role: req.body.role, disabled: req.body.disabled === undefined ? undefined : req.body.disabled ? 1 : 0, password_hash: req.body.password ? await hashPassword(req.body.password) : undefined };
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('platform_users').set(changes).where('id', '=', before.id).execute();
        await audit(tx, actorOf(p), { action: 'user.update', targetType: 'platform_user', targetId: before.id, before: present(before), after: { ...req.body, password: req.body.password ? 'changed' : undefined } });
      });
      return present(await db.selectFrom('platform_users').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow());
    },
  );

  const tokenOut = z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() });
  app.get('/tokens', { schema: { tags: ['tokens'], summary: 'Your API tokens (their values are shown only once, at creation)', response: { 200: z.object({ items: z.array(tokenOut) }) } } }, async (req) => {
    const p = requireSignedIn(req);
    const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', p.userId).where('revoked', '=', 0).orderBy('created_at').execute();
    return { items: rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at })) };
  });

  app.post('/tokens', { schema: { tags: ['tokens'], summary: 'Create an API token with your role; the value is returned once', body: z.object({ name: z.string().min(1) }), response: { 201: tokenOut.extend({ token: z.string() }) } } }, async (req, reply) => {
    const p = requireSignedIn(req);
    if (p.role === 'basic_user') throw forbidden('Basic users cannot create API tokens');
    const token = newSecret('ght');
    const row = { id: randomUUID(), user_id: p.userId, name: req.body.name, token_hash: sha256(token), created_at: new Date().toISOString(), last_used_at: null, revoked: 0 };
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('api_tokens').values(row).execute();
      await audit(tx, actorOf(p), { action: 'token.create', targetType: 'api_token', targetId: row.id, after: { name: row.name } });
    });
    return reply.status(201).send({ id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: null, token });
  });

  app.delete('/tokens/:id', { schema: { tags: ['tokens'], summary: 'Revoke an API token', params: z.object({ id: z.string() }) } }, async (req, reply) => {
    const p = requireSignedIn(req);
    const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!row || (row.user_id !== p.userId && p.role !== 'super_admin')) throw notFound('token', req.params.id);
    await db.transaction().execute(async (tx) => {
      await tx.updateTable('api_tokens').set({ revoked: 1 }).where('id', '=', row.id).execute();
      await audit(tx, actorOf(p), { action: 'token.revoke', targetType: 'api_token', targetId: row.id });
    });
    return reply.status(204).send();
  });
};

/** People, their accounts and access across apps; app accounts; manual links. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { can, principal, signedIn } from '../http/access.js';
import { actorOf, appScope, type Principal } from '../modules/auth/principal.js';
import { roleCan } from '../modules/auth/roles.js';
import { setLink } from '../modules/people/links.js';
import { peopleSignIn } from '../modules/people/sign-in.js';
import { listAccounts, listDepartments, listPeople, loadPerson, personAccess, personDetail } from '../modules/people/queries.js';
import { pagedOf, pageQuery } from '../paging.js';

const idParam = z.object({ id: z.string() });
const linkBody = z.object({ appId: z.string(), accountId: z.string() });
const linkView = z.object({ appId: z.string(), accountId: z.string(), personId: z.string().nullable(), matchedBy: z.string() });

export const peopleRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  /** Catalog readers may read anyone; everyone may read themselves. */
  const mayRead = async (p: Principal, personId: string) => {
    const person = await loadPerson(ctx, personId);
    if (!roleCan(p.role, 'catalog:read') && p.email !== person.email) throw new ForbiddenError('you may only see your own access');
  };

  app.get(
    '/people',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['people'],
        summary: 'People, searchable by name or email',
        querystring: z.object({ ...pageQuery, q: z.string().max(500).optional() }),
        response: { 200: pagedOf(z.object({ id: z.string(), email: z.string(), displayName: z.string(), status: z.string(), managerId: z.string().nullable() })) },
      },
    },
    async (req) => listPeople(ctx, req.query),
  );

  app.get(
    '/people/departments',
    { config: can('catalog:read'), schema: { tags: ['people'], summary: 'The directory\u2019s departments, with how many people each has', response: { 200: z.object({ items: z.array(z.object({ name: z.string(), people: z.number() })) }) } } },
    async () => ({ items: await listDepartments(ctx) }),
  );

  const accountOfPerson = z.object({
    appId: z.string(),
    appName: z.string(),
    accountId: z.string(),
    matchedBy: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    login: z.string().nullable(),
    status: z.string().nullable(),
    lastLogin: z.string().nullable(),
  });

  app.get(
    '/people/sign-in',
    {
      config: can('users:read'),
      schema: {
        tags: ['people'],
        summary: 'Which people of the directory can sign in, and how: a local password, single sign-on (a first sign-in creates their user), provisioned by SCIM',
        querystring: z.object(pageQuery),
        response: {
          200: z.object({
            providers: z.array(z.string()),
            localPasswords: z.boolean(),
            items: z.array(z.object({ personId: z.string(), name: z.string(), email: z.string(), status: z.string(), user: z.object({ id: z.string(), role: z.string(), disabled: z.boolean() }).nullable(), methods: z.array(z.enum(['password', 'sso', 'scim'])), canSignIn: z.boolean() })),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => peopleSignIn(ctx, req.query),
  );

  app.get(
    '/people/:id',
    {
      config: signedIn,
      schema: {
        tags: ['people'],
        summary: 'A person with their accounts (anyone may read themselves)',
        params: idParam,
        response: {
          200: z.object({
            id: z.string(),
            email: z.string(),
            displayName: z.string(),
            status: z.string(),
            manager: z.object({ id: z.string(), email: z.string(), displayName: z.string() }).nullable(),
            accounts: z.array(accountOfPerson),
          }),
        },
      },
    },
    async (req) => {
      const p = principal(req);
      await mayRead(p, req.params.id);
      return personDetail(ctx, await appScope(ctx.db, p), req.params.id);
    },
  );

  app.get(
    '/people/:id/access',
    {
      config: signedIn,
      schema: {
        tags: ['people'],
        summary: "All of a person's access across apps, direct and inherited (anyone may read their own)",
        params: idParam,
        response: {
          200: z.object({
            personId: z.string(),
            items: z.array(
              z.object({
                appId: z.string(),
                appName: z.string(),
                accountId: z.string(),
                grantId: z.string(),
                entitlementId: z.string(),
                entitlementName: z.string().nullable(),
                resourceType: z.string(),
                resourceId: z.string(),
                resourceName: z.string().nullable(),
                inherited: z.boolean(),
                sources: z.array(z.string()),
                sourceNames: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const p = principal(req);
      await mayRead(p, req.params.id);
      return personAccess(ctx, await appScope(ctx.db, p), req.params.id);
    },
  );

  app.get(
    '/accounts',
    {
      config: can('catalog:read'),
      schema: {
        tags: ['people'],
        summary: 'App accounts and the person each belongs to; `unmatched=true` lists those without one',
        querystring: z.object({ ...pageQuery, appId: z.string().max(500).optional(), unmatched: z.enum(['true', 'false']).optional() }),
        response: {
          200: pagedOf(
            z.object({
              appId: z.string(),
              appName: z.string(),
              accountId: z.string(),
              displayName: z.string(),
              email: z.string().nullable(),
              login: z.string().nullable(),
              status: z.string().nullable(),
              personId: z.string().nullable(),
              matchedBy: z.string(),
            }),
          ),
        },
      },
    },
    async (req) => listAccounts(ctx, await appScope(ctx.db, principal(req)), { ...req.query, unmatched: req.query.unmatched === undefined ? undefined : req.query.unmatched === 'true' }),
  );

  app.post(
    '/accounts/link',
    { config: can('accounts:link'), schema: { tags: ['people'], summary: 'Link an account to a person by hand (kept across syncs)', body: linkBody.extend({ personId: z.string() }), response: { 200: linkView } } },
    async (req) => {
      const p = principal(req);
      return setLink(ctx, actorOf(p), p.userId, req.body.appId, req.body.accountId, req.body.personId);
    },
  );

  app.post('/accounts/unlink', { config: can('accounts:link'), schema: { tags: ['people'], summary: 'Unlink an account from its person (kept across syncs)', body: linkBody, response: { 200: linkView } } }, async (req) => {
    const p = principal(req);
    return setLink(ctx, actorOf(p), p.userId, req.body.appId, req.body.accountId, null);
  });
};

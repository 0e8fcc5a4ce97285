/**
 * /scim/v2: Gatehouse as a SCIM 2.0 service provider (RFC 7643, RFC 7644) for the identity
 * providers that push users and groups (Okta, Entra ID). Outside /api/, so `http/access.ts` does
 * not cover these routes: this plugin has its own guard, an `onRequest` hook on every route it
 * registers (before the body is even parsed), that admits a SCIM client's bearer token only
 * (`modules/scim/clients.ts`) — not an API token, not a session. Requests and answers are
 * `application/scim+json` (plain JSON is accepted too); errors are SCIM error bodies
 * (`urn:ietf:params:scim:api:messages:2.0:Error` with `status` and `scimType`), not problem+json.
 * Validation is the module's (SCIM has its own error kinds), so the routes carry no zod schema and
 * are hidden from /openapi.json.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, UnauthenticatedError } from '../errors.js';
import { scimCallerFromToken, type ScimCaller } from '../modules/scim/clients.js';
import { ScimError } from '../modules/scim/errors.js';
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from '../modules/scim/groups.js';
import { project, type ListQuery, type ListResult, type Obj } from '../modules/scim/resources.js';
import { resourceTypesDoc, schemasDoc, serviceProviderConfigDoc, URN } from '../modules/scim/schemas.js';
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from '../modules/scim/users.js';

export const SCIM_PREFIX = '/scim/v2';
const SCIM_JSON = 'application/scim+json; charset=utf-8';

declare module 'fastify' {
  interface FastifyRequest {
    scimCaller?: ScimCaller;
  }
}

function scimError(reply: FastifyReply, status: number, detail: string, scimType?: string, headers: Record<string, string> = {}) {
  return reply
    .status(status)
    .headers(headers)
    .type(SCIM_JSON)
    .send({ schemas: [URN.error], status: String(status), ...(scimType ? { scimType } : {}), detail });
}

const caller = (req: FastifyRequest): ScimCaller => {
  if (!req.scimCaller) throw new UnauthenticatedError();
  return req.scimCaller;
};

export const scimRoutes =
  (ctx: Context): FastifyPluginAsync =>
  async (app: FastifyInstance) => {
    const base = (req: FastifyRequest) => `${(ctx.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/$/, '')}${SCIM_PREFIX}`;

    // The guard: a SCIM client's token, or nothing here answers (not even "not found").
    app.addHook('onRequest', async (req) => {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!match) throw new UnauthenticatedError('send Authorization: Bearer <SCIM client token> (an administrator creates one: POST /api/v1/scim-clients)');
      const found = await scimCallerFromToken(ctx, match[1]!);
      if (!found) throw new UnauthenticatedError('not a SCIM client token (API tokens and sign-in sessions do not reach /scim/v2)');
      req.scimCaller = found;
    });

    const parseJson = (_req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => {
      if (body === '') return done(null, undefined);
      try {
        done(null, JSON.parse(body));
      } catch {
        done(new ScimError('the body is not JSON', 'invalidSyntax'));
      }
    };
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(['application/scim+json', 'application/json'], { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, parseJson);

    app.setErrorHandler((error: FastifyError, req, reply) => {
      if (error instanceof ScimError) return scimError(reply, 400, error.message, error.scimType);
      if (error instanceof UnauthenticatedError) return scimError(reply, 401, error.message, undefined, { 'www-authenticate': 'Bearer realm="gatehouse-scim"' });
      if (error instanceof ForbiddenError) return scimError(reply, 403, error.message);
      if (error instanceof NotFoundError) return scimError(reply, 404, error.message);
      if (error instanceof ConflictError) return scimError(reply, 409, error.message, typeof error.details.scimType === 'string' ? error.details.scimType : undefined);
      if (error instanceof InvalidError) return scimError(reply, 400, error.message, 'invalidValue');
      if (error instanceof DomainError) return scimError(reply, 400, error.message);
      const status = error.statusCode;
      if (status === 412) return scimError(reply, 412, error.message);
      if (status && status < 500) return scimError(reply, status, error.message, status === 400 ? 'invalidSyntax' : undefined);
      ctx.logger.error({ err: error.message, url: req.url.split('?')[0] }, 'unhandled SCIM error');
      return scimError(reply, 500, 'something went wrong; the server log has the details');
    });
    app.setNotFoundHandler((req, reply) => scimError(reply, 404, `no SCIM endpoint ${req.method} ${req.url.split('?')[0]}`));

    const send = (reply: FastifyReply, status: number, body: unknown) => {
      const version = (body as Obj).meta && typeof ((body as Obj).meta as Obj).version === 'string' ? (((body as Obj).meta as Obj).version as string) : undefined;
      if (version) reply.header('etag', version);
      return reply.status(status).type(SCIM_JSON).send(body);
    };
    // A parameter given twice arrives as a list: attribute lists are joined, anything else is refused.
    const q = (req: FastifyRequest): ListQuery => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, string | string[]>)) {
        if (!Array.isArray(v)) out[k] = v;
        else if (k === 'attributes' || k === 'excludedAttributes') out[k] = v.join(',');
        else throw new ScimError(`${k} is given more than once`, k === 'filter' ? 'invalidFilter' : 'invalidValue');
      }
      return out;
    };
    const shaped = (core: string, query: ListQuery) => (r: Obj) => project(r, query, core);
    const list = (result: ListResult, core: string, query: ListQuery) => ({ ...result, Resources: result.Resources.map(shaped(core, query)) });
    const hide = { schema: { hide: true } };

    /** RFC 7644 §3.14: a client holding an older version (If-Match) is refused, 412. */
    const checkIfMatch = async (req: FastifyRequest, current: () => Promise<Obj>) => {
      const wanted = req.headers['if-match'];
      if (!wanted || wanted === '*') return;
      const version = ((await current()).meta as Obj).version as string;
      const strip = (v: string) => v.trim().replace(/^W\//, '');
      if (!wanted.split(',').some((v) => strip(v) === strip(version))) throw Object.assign(new Error(`the resource changed: its version is ${version}`), { statusCode: 412 });
    };

    app.get('/ServiceProviderConfig', hide, async (req, reply) => send(reply, 200, serviceProviderConfigDoc(base(req))));
    app.get('/ResourceTypes', hide, async (req, reply) => {
      const all = resourceTypesDoc(base(req));
      return send(reply, 200, { schemas: [URN.list], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all });
    });
    app.get<{ Params: { id: string } }>('/ResourceTypes/:id', hide, async (req, reply) => {
      const found = resourceTypesDoc(base(req)).find((r) => r.id === req.params.id);
      if (!found) throw new NotFoundError('ResourceType', req.params.id);
      return send(reply, 200, found);
    });
    app.get('/Schemas', hide, async (req, reply) => {
      const all = schemasDoc(base(req));
      return send(reply, 200, { schemas: [URN.list], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all });
    });
    app.get<{ Params: { id: string } }>('/Schemas/:id', hide, async (req, reply) => {
      const found = schemasDoc(base(req)).find((s) => s.id.toLowerCase() === req.params.id.toLowerCase());
      if (!found) throw new NotFoundError('Schema', req.params.id);
      return send(reply, 200, found);
    });

    const resources = [
      { path: '/Users', core: URN.user, list: listUsers, get: getUser, create: createUser, replace: replaceUser, patch: patchUser, remove: deleteUser },
      { path: '/Groups', core: URN.group, list: listGroups, get: getGroup, create: createGroup, replace: replaceGroup, patch: patchGroup, remove: deleteGroup },
    ];
    for (const r of resources) {
      app.get(r.path, hide, async (req, reply) => send(reply, 200, list(await r.list(ctx, q(req), base(req)), r.core, q(req))));
      // POST /.search (RFC 7644 §3.4.3): the query in the body, for filters too long for a URL.
      app.post(`${r.path}/.search`, hide, async (req, reply) => {
        const body = req.body ?? {};
        if (typeof body !== 'object' || Array.isArray(body)) throw new ScimError('a SearchRequest is a JSON object', 'invalidSyntax');
        const field = (name: string, kinds: string[]): string | number | undefined => {
          const v = (body as Record<string, unknown>)[name];
          if (v === undefined || v === null) return undefined;
          if (Array.isArray(v) && kinds.includes('list') && v.every((x) => typeof x === 'string')) return v.join(',');
          if (kinds.includes(typeof v)) return v as string | number;
          throw new ScimError(`${name} in a SearchRequest is not ${kinds.join(' or ')}`, name === 'filter' ? 'invalidFilter' : 'invalidValue');
        };
        const text = (name: string) => field(name, ['string']) as string | undefined;
        const query: ListQuery = { filter: text('filter'), startIndex: field('startIndex', ['number']), count: field('count', ['number']), sortBy: text('sortBy'), sortOrder: text('sortOrder'), attributes: field('attributes', ['string', 'list']) as string | undefined, excludedAttributes: field('excludedAttributes', ['string', 'list']) as string | undefined };
        return send(reply, 200, list(await r.list(ctx, query, base(req)), r.core, query));
      });
      app.post(r.path, hide, async (req, reply) => {
        const created = await r.create(ctx, caller(req), req.body, base(req));
        reply.header('location', (created.meta as Obj).location as string);
        return send(reply, 201, project(created, q(req), r.core));
      });
      app.get<{ Params: { id: string } }>(`${r.path}/:id`, hide, async (req, reply) => {
        const found = await r.get(ctx, req.params.id, base(req));
        const version = (found.meta as Obj).version as string;
        if (req.headers['if-none-match'] && req.headers['if-none-match'].split(',').some((v) => v.trim() === version)) return reply.status(304).header('etag', version).send();
        return send(reply, 200, project(found, q(req), r.core));
      });
      app.put<{ Params: { id: string } }>(`${r.path}/:id`, hide, async (req, reply) => {
        await checkIfMatch(req, () => r.get(ctx, req.params.id, base(req)));
        return send(reply, 200, project(await r.replace(ctx, caller(req), req.params.id, req.body, base(req)), q(req), r.core));
      });
      app.patch<{ Params: { id: string } }>(`${r.path}/:id`, hide, async (req, reply) => {
        await checkIfMatch(req, () => r.get(ctx, req.params.id, base(req)));
        return send(reply, 200, project(await r.patch(ctx, caller(req), req.params.id, req.body, base(req)), q(req), r.core));
      });
      app.delete<{ Params: { id: string } }>(`${r.path}/:id`, hide, async (req, reply) => {
        await checkIfMatch(req, () => r.get(ctx, req.params.id, base(req)));
        await r.remove(ctx, caller(req), req.params.id, base(req));
        return reply.status(204).send();
      });
    }
  };

/**
 * A fully capable SCIM 2.0 service provider for tests, built on SCIMMY (resource handling, filters,
 * PATCH, list paging, discovery endpoints): Users (with the core multi-valued `roles`) and Groups
 * with members, discovery at /ServiceProviderConfig, /ResourceTypes and /Schemas, bearer auth, and a
 * log of every request so tests can check what a client sent. The counterpart to Panther's
 * deliberately limited endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import SCIMMY from 'scimmy';
import { readJsonBody, sendJson, SimulatorServer, type SimulatorServerOptions } from '@gatehouse/sdk/simkit';

type Stored = Record<string, unknown> & { id: string };

export class ScimmyStore {
  readonly users = new Map<string, Stored>();
  readonly groups = new Map<string, Stored>();
}

interface Ctx {
  store: ScimmyStore;
}

const stamp = (record: Record<string, unknown>, previous?: Stored): Stored => {
  const now = new Date().toISOString();
  const id = previous?.id ?? randomUUID();
  const created = (previous?.meta as { created?: string } | undefined)?.created ?? now;
  return { ...record, id, meta: { created, lastModified: now } };
};

let declared = false;
/** SCIMMY keeps its resource types in a singleton: declared once, each request says which store. */
function declareOnce(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Config.set({ patch: true, filter: { supported: true, maxResults: 200 }, sort: true, bulk: false, changePassword: false, etag: false });
  // Users and Groups are handled alike; typed as User so that one set of handlers serves both.
  type AnyResource = typeof SCIMMY.Resources.User;
  const kinds: [AnyResource, (s: ScimmyStore) => Map<string, Stored>][] = [
    [SCIMMY.Resources.User, (s) => s.users],
    [SCIMMY.Resources.Group as unknown as AnyResource, (s) => s.groups],
  ];
  for (const [Resource, pick] of kinds) {
    SCIMMY.Resources.declare(Resource)
      .ingress((resource, instance, ctx: Ctx) => {
        const map = pick(ctx.store);
        const previous = resource.id ? map.get(resource.id) : undefined;
        if (resource.id && !previous) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
        const userName = (instance as { userName?: string }).userName?.toLowerCase();
        if (userName && [...map.values()].some((u) => u.id !== resource.id && String(u.userName).toLowerCase() === userName)) {
          throw new SCIMMY.Types.Error(409, 'uniqueness', `userName ${userName} is taken`);
        }
        const record = stamp(JSON.parse(JSON.stringify(instance)) as Record<string, unknown>, previous);
        map.set(record.id, record);
        return record as never;
      })
      .egress((resource, ctx: Ctx) => {
        const map = pick(ctx.store);
        if (resource.id) {
          const found = map.get(resource.id);
          if (!found) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
          return found as never;
        }
        const all = [...map.values()];
        return (resource.filter ? resource.filter.match(all) : all) as never;
      })
      .degress((resource, ctx: Ctx) => {
        if (!pick(ctx.store).delete(resource.id!)) throw new SCIMMY.Types.Error(404, null!, `Resource ${resource.id} not found`);
        for (const g of ctx.store.groups.values()) g.members = ((g.members as { value: string }[] | undefined) ?? []).filter((m) => m.value !== resource.id);
      });
  }
}

export interface ScimmyServerOptions extends SimulatorServerOptions {
  token?: string;
  /** Expect the token in this header instead of Authorization: Bearer. */
  authHeader?: string;
  /** Leave `members` out of group lists (as providers do for large groups): read them per group. */
  membersOutOfLists?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

export class ScimmyServer extends SimulatorServer<ScimmyServerOptions> {
  readonly store = new ScimmyStore();
  readonly log: LoggedRequest[] = [];
  readonly token: string;

  constructor(options: ScimmyServerOptions = {}) {
    super(options, () => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0 }));
    this.token = options.token ?? 'scimmy-token';
    declareOnce();
  }

  get baseUrl(): string {
    return `${this.url}/scim/v2`;
  }

  /** Fills the store: `users` people, `groups` groups of varied size (one nested in another), roles on some users. */
  seed(users: number, groups: number): this {
    const ids: string[] = [];
    for (let i = 0; i < users; i++) {
      const user = stamp({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `user${i}@acme.example`,
        name: { givenName: `Given${i}`, familyName: `Family${i}` },
        displayName: `Given${i} Family${i}`,
        emails: [{ value: `user${i}@acme.example`, type: 'work', primary: true }],
        active: i % 17 !== 5,
        ...(i % 3 === 0 ? { roles: [{ value: i % 2 ? 'auditor' : 'engineer' }, ...(i % 9 === 0 ? [{ value: 'admin' }] : [])] } : {}),
      });
      this.store.users.set(user.id, user);
      ids.push(user.id);
    }
    for (let g = 0; g < groups; g++) {
      const members = ids.filter((_, i) => (i + g) % (g + 2) === 0).map((value) => ({ value, type: 'User' }));
      const group = stamp({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `Group ${g}`, members });
      this.store.groups.set(group.id, group);
    }
    return this;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (this.handleCommonControl(req, res, url)) return;
    const path = url.pathname.replace(/^\/scim\/v2/, '');
    const [endpoint, id] = path.split('/').filter(Boolean);
    this.count(`${method} /${endpoint ?? ''}${id ? '/{id}' : ''}`);
    const reply = (status: number, body?: unknown) => sendJson(res, status, body, { 'content-type': 'application/scim+json' });
    const error = (ex: unknown) => {
      const body = new SCIMMY.Messages.ErrorResponse(ex as Error);
      if (Number(body.status) === 500) this.counts.failed++;
      reply(Number(body.status), body);
    };
    const window = this.window.take();
    try {
      await this.addLatency();
      if (window.exceeded) {
        this.counts.rateLimited++;
        const retryAfter = String(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000)));
        // Built by hand: SCIMMY's ErrorResponse refuses 429 (not in RFC 7644's table), and throwing
        // here would answer 500 instead (found by the conformance suite's onRateLimited check).
        const body = { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'Too many requests' };
        return sendJson(res, 429, body, { 'content-type': 'application/scim+json', 'retry-after': retryAfter });
      }
      const header = this.options.authHeader?.toLowerCase();
      const presented = header ? req.headers[header] : req.headers.authorization;
      if (presented !== (header ? this.token : `Bearer ${this.token}`)) return reply(401, new SCIMMY.Messages.ErrorResponse(new SCIMMY.Types.Error(401, null!, 'A valid token is required')));
      if (this.injectFailure()) return error(new SCIMMY.Types.Error(500, null!, 'injected failure'));
      const body = method === 'POST' || method === 'PUT' || method === 'PATCH' ? await readJsonBody(req) : undefined;
      this.log.push({ method, path, query: Object.fromEntries(url.searchParams), body });
      const ctx: Ctx = { store: this.store };
      const q = Object.fromEntries(url.searchParams);
      // SCIMMY refuses keys that are present but empty: pass only what the request has.
      const config: { filter?: string; attributes?: string; excludedAttributes?: string; startIndex?: number; count?: number } = {};
      if (q.filter) config.filter = q.filter;
      if (q.attributes) config.attributes = q.attributes;
      if (q.excludedAttributes) config.excludedAttributes = q.excludedAttributes;
      if (q.startIndex) config.startIndex = Number(q.startIndex);
      if (q.count) config.count = Number(q.count);
      if (endpoint === 'ServiceProviderConfig' && method === 'GET') return reply(200, await new SCIMMY.Resources.ServiceProviderConfig().read());
      if (endpoint === 'ResourceTypes' && method === 'GET') return reply(200, await new SCIMMY.Resources.ResourceType(id).read());
      if (endpoint === 'Schemas' && method === 'GET') return reply(200, await new SCIMMY.Resources.Schema(id).read());
      const Resource = endpoint === 'Users' ? SCIMMY.Resources.User : endpoint === 'Groups' ? SCIMMY.Resources.Group : undefined;
      if (!Resource) return reply(404, new SCIMMY.Messages.ErrorResponse(new SCIMMY.Types.Error(404, null!, `No endpoint ${path}`)));
      const resource = new Resource(id, config);
      let status = 200;
      let result: unknown;
      if (method === 'GET') result = await resource.read(ctx);
      else if (method === 'POST' && !id) {
        result = await resource.write(body, ctx);
        status = 201;
      } else if (method === 'PUT' && id) result = await resource.write(body, ctx);
      else if (method === 'PATCH' && id) result = await resource.patch(body as never, ctx);
      else if (method === 'DELETE' && id) {
        await resource.dispose(ctx);
        res.writeHead(204).end();
        return;
      } else return reply(405, new SCIMMY.Messages.ErrorResponse(new SCIMMY.Types.Error(405, null!, `${method} not allowed on ${path}`)));
      const json = JSON.parse(JSON.stringify(result)) as { Resources?: Record<string, unknown>[] };
      if (this.options.membersOutOfLists && endpoint === 'Groups' && !id) for (const g of json.Resources ?? []) delete g.members;
      sendJson(res, status, json, { 'content-type': 'application/scim+json' }, this.injectTruncation(json));
    } catch (ex) {
      error(ex);
    }
  }
}

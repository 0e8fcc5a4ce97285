/**
 * The Panther simulator's HTTP plumbing. One loopback port serves what a Panther tenant serves on
 * its API host: GraphQL at /public/graphql and REST at /users and /roles (both with `X-API-Key`),
 * and SCIM 2.0 at /scim/v2 (with the token as a bearer, as Okta sends it). A missing or unknown key
 * answers 401 `{"message": "Unauthorized"}` (the gateway's answer, which Panther clients read from
 * the top-level `message`); past --rate-limit, 429 with Retry-After. A simulator-only route,
 * POST /__sim/sso-login, plays a person's first SSO login: Panther then creates the user just in time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readJsonBody, sendJson, SimulatorServer, type SimulatorServerOptions } from '@gatehouse/sdk/simkit';
import { executeGraphQL, type GraphQLRequest } from './graphql-api.js';
import { generateTenant, type TenantSize } from './generate.js';
import { handleRest, RestError } from './rest.js';
import { handleScim, ScimError, scimUser } from './scim.js';
import { PERMISSIONS, type PantherStore, type Permission, type SimToken, type SimUser } from './store.js';

export interface PantherSimulatorOptions extends Partial<TenantSize>, SimulatorServerOptions {
  /** Permissions of the token the printed flags carry (default: all the connector uses). */
  permissions?: Permission[];
  store?: PantherStore;
}

const GRAPHQL_PATH = '/public/graphql';
const SCIM_PATH = '/scim/v2';

/** Route keys for counting: ids replaced by {id}. */
function routeKey(method: string, path: string): string {
  if (path === GRAPHQL_PATH) return `${method} ${path}`;
  const parts = path.split('/').filter(Boolean);
  const template = parts.map((p, i) => (i > 0 && /^(users|roles|Users)$/.test(parts[i - 1]!) ? '{id}' : p));
  return `${method} /${template.join('/')}`;
}

export class PantherSimulator extends SimulatorServer<PantherSimulatorOptions> {
  readonly store: PantherStore;
  /** The token the printed flags and config() carry. */
  readonly token: SimToken;

  constructor(options: PantherSimulatorOptions = {}) {
    super(options, () => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0 }));
    this.store = options.store ?? generateTenant({ seed: options.seed ?? 1, users: options.users ?? 200, domain: options.domain, people: options.people });
    this.token = [...this.store.tokens.values()].find((t) => t.name === 'Gatehouse')!;
    if (options.permissions) this.setPermissions(options.permissions);
  }

  setPermissions(permissions: Permission[]): void {
    const unknown = permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length) throw new Error(`unknown permission(s) ${unknown.join(', ')}; known: ${PERMISSIONS.join(', ')}`);
    this.token.permissions = [...permissions];
  }

  get apiUrl(): string {
    return `${this.url}${GRAPHQL_PATH}`;
  }

  get scimUrl(): string {
    return `${this.url}${SCIM_PATH}`;
  }

  /** The connector configuration that reaches this simulator. */
  config(): { apiUrl: string; apiKey: string; scimUrl: string } {
    return { apiUrl: this.apiUrl, apiKey: this.token.key, scimUrl: this.scimUrl };
  }

  /** The arguments `gatehouse sync panther` needs to reach this simulator. */
  flags(): string[] {
    return ['--api-url', this.apiUrl, '--api-key', this.token.key, '--scim-url', this.scimUrl];
  }

  /** A person's first SSO login: the user is created just in time (or their last login moves). */
  ssoLogin(input: { email: string; givenName: string; familyName: string; role?: string }): SimUser {
    const now = this.store.timestamp();
    const existing = this.store.userByEmail(input.email);
    if (existing) {
      if (!existing.enabled) throw new Error(`${input.email} is deactivated and cannot sign in`);
      existing.lastLoggedInAt = now;
      return existing;
    }
    const role = this.store.roleByName(input.role ?? 'AnalystReadOnly');
    if (!role) throw new Error(`no role named "${input.role}"`);
    const user: SimUser = {
      id: this.store.newId(),
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
      roleId: role.id,
      enabled: true,
      status: 'EXTERNAL_PROVIDER',
      createdAt: now,
      lastLoggedInAt: now,
      updatedAt: now,
    };
    this.store.users.set(user.id, user);
    return user;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__sim/')) return this.handleControl(req, res, url);
    const isScim = url.pathname === SCIM_PATH || url.pathname.startsWith(`${SCIM_PATH}/`);
    this.count(routeKey(method, url.pathname));
    const window = this.window.take();
    // SCIM clients expect SCIM error bodies; the rest of the API answers the gateway's {"message"}.
    const fail = (status: number, message: string, scimType?: string, headers: Record<string, string> = {}) => {
      if (status === 500) this.counts.failed++;
      sendJson(res, status, isScim ? new ScimError(status, message, scimType).body() : { message }, headers);
    };
    try {
      await this.addLatency();
      if (window.exceeded) {
        this.counts.rateLimited++;
        return fail(429, 'Too Many Requests', 'tooMany', { 'retry-after': String(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000))) });
      }
      const key = isScim ? /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] : req.headers['x-api-key'];
      const token = typeof key === 'string' ? this.store.tokenByKey(key.trim()) : undefined;
      if (!token) return fail(401, 'Unauthorized');
      token.lastUsedAt = this.store.timestamp();
      if (this.injectFailure()) return fail(500, 'Internal server error');

      let reply: { status: number; body?: unknown };
      if (url.pathname === GRAPHQL_PATH) {
        if (method !== 'POST') return fail(405, 'GraphQL requests are POSTed');
        const body = (await readJsonBody(req)) as GraphQLRequest;
        reply = await executeGraphQL(body ?? {}, { store: this.store, token });
      } else if (isScim) {
        if (!token.permissions.includes('UserModify')) return fail(403, 'The SCIM token needs the UserModify permission (Manage Users).');
        const body = method === 'PUT' || method === 'PATCH' || method === 'POST' ? await readJsonBody(req) : undefined;
        reply = handleScim({ method, path: url.pathname.slice(SCIM_PATH.length), url, body, store: this.store, base: this.scimUrl });
      } else {
        reply = handleRest({ method, path: url.pathname, url, store: this.store, token });
      }
      sendJson(res, reply.status, reply.body, isScim ? { 'content-type': 'application/scim+json' } : {}, this.injectTruncation(reply.body));
    } catch (err) {
      if (err instanceof ScimError) return fail(err.status, err.detail, err.scimType);
      if (err instanceof RestError) return fail(err.status, err.message);
      if (err instanceof BodyError) return fail(400, 'The request body is not valid JSON.', 'invalidSyntax');
      fail(500, 'Internal server error');
    }
  }

  private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (this.handleCommonControl(req, res, url)) return;
    if (url.pathname === '/__sim/sso-login' && req.method === 'POST') {
      try {
        const body = (await readJsonBody(req)) as { email?: string; givenName?: string; familyName?: string; role?: string };
        if (!body?.email || !body.givenName || !body.familyName) return sendJson(res, 400, { error: 'email, givenName and familyName are required' });
        const user = this.ssoLogin({ email: body.email, givenName: body.givenName, familyName: body.familyName, role: body.role });
        return sendJson(res, 200, scimUser(this.store, user, this.scimUrl));
      } catch (err) {
        return sendJson(res, 400, { error: (err as Error).message });
      }
    }
    sendJson(res, 404, { error: 'unknown simulator control route' });
  }
}

export async function startPantherSimulator(options: PantherSimulatorOptions = {}): Promise<PantherSimulator> {
  return new PantherSimulator(options).start();
}

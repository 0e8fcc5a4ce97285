/**
 * The PingOne simulator's HTTP plumbing: the auth host's token endpoint (client credentials, HTTP
 * Basic or form client authentication, tokens that expire after --token-ttl seconds), bearer-token
 * checks with per-client scopes, a per-minute request limit answered with 429 REQUEST_LIMITED and
 * Retry-After, injected faults, and request counting per route. The API and the auth host share
 * one loopback port: the API under /v1, the token endpoint at /{envId}/as/token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readBody, readJsonBody, sendJson, SimulatorServer, type CallCounts, type SimulatorServerOptions } from '@gatehouse/sdk/simkit';
import { errors, PingOneError } from './errors.js';
import { generateEnvironment, DEFAULT_CLIENT, type EnvironmentSize } from './generate.js';
import { buildRoutes } from './routes.js';
import { ALL_SCOPES, type PingOneStore } from './store.js';

/** `rateLimit` counts API requests only (not the token endpoint). */
export interface PingOneSimulatorOptions extends Partial<EnvironmentSize>, SimulatorServerOptions {
  /** Lifetime of issued access tokens, in seconds (PingOne: 3600). */
  tokenTtlSeconds?: number;
  /** Scopes granted to the default client (default: all the connector can use). */
  scopes?: string[];
  store?: PingOneStore;
}

export interface SimulatorCalls extends CallCounts {
  tokens: number;
  unauthorized: number;
}

const emptyCalls = (): SimulatorCalls => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0, tokens: 0, unauthorized: 0 });

export class PingOneSimulator extends SimulatorServer<PingOneSimulatorOptions, SimulatorCalls> {
  readonly store: PingOneStore;
  private readonly routes = buildRoutes();

  constructor(options: PingOneSimulatorOptions = {}) {
    super(options, emptyCalls);
    this.store = options.store ?? generateEnvironment({ seed: options.seed ?? 1, users: options.users ?? 200, groups: options.groups ?? Math.max(6, Math.round((options.users ?? 200) / 100)), domain: options.domain, people: options.people });
    if (options.scopes) this.setScopes(options.scopes);
  }

  get apiUrl(): string {
    return `${this.url}/v1`;
  }

  /** The connector configuration that reaches this simulator. */
  config(): { clientId: string; clientSecret: string; environmentId: string; apiUrl: string; authUrl: string } {
    return { clientId: DEFAULT_CLIENT.id, clientSecret: DEFAULT_CLIENT.secret, environmentId: this.store.environmentId, apiUrl: this.apiUrl, authUrl: this.url };
  }

  /** The arguments `gatehouse sync pingone` needs to reach this simulator. */
  flags(): string[] {
    const c = this.config();
    return ['--client-id', c.clientId, '--client-secret', c.clientSecret, '--environment-id', c.environmentId, '--api-url', c.apiUrl, '--auth-url', c.authUrl];
  }

  setScopes(scopes: string[]): void {
    const unknown = scopes.filter((s) => !(ALL_SCOPES as readonly string[]).includes(s));
    if (unknown.length) throw new Error(`unknown scope(s) ${unknown.join(', ')}; known: ${ALL_SCOPES.join(', ')}`);
    this.store.clients.get(DEFAULT_CLIENT.id)!.scopes = new Set(scopes);
    // Tokens carry the scopes they were issued with: new scopes need a new token, as in PingOne.
  }

  /** Every token issued so far stops working (as if expired), so the next call must get a new one. */
  expireTokens(): void {
    for (const t of this.store.tokens.values()) t.expiresAt = 0;
  }

  /** Tests: expire every token when the API call count reaches each of these numbers. */
  expireTokensAtCalls(calls: number[]): void {
    this.expiryPoints = new Set(calls);
  }
  private expiryPoints = new Set<number>();

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}, truncate = false) => sendJson(res, status, body, headers, truncate);
    try {
      if (url.pathname.startsWith('/__sim/')) return this.handleControl(req, res, url);
      if (/^\/[^/]+\/as\/token$/.test(url.pathname)) return await this.handleToken(req, url, json);
      await this.handleApi(req, url, json);
    } catch (err) {
      const e = err instanceof PingOneError ? err : err instanceof BodyError ? errors.badBody() : errors.internal();
      if (e.status === 500) this.counts.failed++;
      json(e.status, { id: this.store.newId(), code: e.code, message: e.message, ...(e.details.length ? { details: e.details } : {}) }, e.headers);
    }
  }

  private async handleApi(req: IncomingMessage, url: URL, json: (status: number, body: unknown, headers?: Record<string, string>, truncate?: boolean) => void): Promise<void> {
    const method = req.method ?? 'GET';
    const match = this.routes.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    if (this.expiryPoints.has(this.count(routeKey))) this.expireTokens();
    await this.addLatency();

    const window = this.window.take();
    if (window.exceeded) {
      this.counts.rateLimited++;
      throw errors.rateLimited(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000)));
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? this.store.tokens.get(auth.slice(7).trim()) : undefined;
    if (!token || token.expiresAt <= Date.now()) {
      this.counts.unauthorized++;
      throw errors.invalidToken(token ? 'The access token has expired' : 'The access token is invalid');
    }
    if (!match) throw this.routes.hasPath(url.pathname) ? errors.methodNotAllowed() : errors.noRoute();
    if (!token.scopes.has(match.route.meta)) throw errors.forbidden();
    if (this.injectFailure()) throw errors.internal();

    const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
    const reply = match.route.handler({ api: this.apiUrl, origin: this.url, url, params: match.params, body, store: this.store });
    json(reply.status, reply.body, {}, this.injectTruncation(reply.body));
  }

  /** POST /{envId}/as/token, grant_type=client_credentials, client authenticated by Basic or in the form. */
  private async handleToken(req: IncomingMessage, url: URL, json: (status: number, body: unknown) => void): Promise<void> {
    const oauthError = (status: number, error: string, description: string) => json(status, { error, error_description: description });
    if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'The token endpoint accepts POST only');
    const envId = url.pathname.split('/')[1];
    const form = new URLSearchParams(await readBody(req));
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    if (envId !== this.store.environmentId) return oauthError(404, 'invalid_request', `Environment ${envId} was not found`);
    if (form.get('grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported for this application');
    const client = clientId ? this.store.clients.get(clientId) : undefined;
    if (!client || client.secret !== secret) return oauthError(401, 'invalid_client', 'Request denied: Invalid client credentials');
    this.counts.tokens++;
    const ttl = this.options.tokenTtlSeconds ?? 3600;
    const accessToken = this.store.issueToken(clientId!, ttl);
    json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: [...client.scopes].join(' ') });
  }

  private handleControl(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (this.handleCommonControl(req, res, url)) return;
    if (url.pathname === '/__sim/tokens/expire' && req.method === 'POST') {
      this.expireTokens();
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, { error: 'unknown simulator control route' });
  }
}

export async function startPingOneSimulator(options: PingOneSimulatorOptions = {}): Promise<PingOneSimulator> {
  return new PingOneSimulator(options).start();
}

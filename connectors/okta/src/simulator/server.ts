/**
 * The Okta simulator's HTTP plumbing: SSWS auth, per-token permissions, X-Rate-Limit-* headers
 * and 429s, injected faults (latency, 500s, truncated bodies), Okta error bodies, and request
 * counting per route. Route handlers live in routes.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateOrg, type OrgSize } from './generate.js';
import { BodyError, readJsonBody, sendJson, SimulatorServer, type CallCounts, type SimulatorServerOptions } from '@gatehouse/sdk/simkit';
import { buildRoutes, type Permission } from './routes.js';
import { TOKEN_KINDS, type OktaStore, type TokenKind } from './store.js';

/** `rateLimit`: requests per minute before 429 E0000047. */
export interface OktaSimulatorOptions extends Partial<OrgSize>, SimulatorServerOptions {
  /** Use an existing org instead of generating one. */
  store?: OktaStore;
}

export type SimulatorCalls = CallCounts;

export class OktaError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly summary: string,
    readonly causes: string[] = [],
  ) {}
}

export const errors = {
  badToken: () => new OktaError(401, 'E0000011', 'Invalid token provided'),
  forbidden: () => new OktaError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (what: string) => new OktaError(404, 'E0000007', `Not found: Resource not found: ${what}`),
  validation: (cause: string) => new OktaError(400, 'E0000001', `Api validation failed: ${cause}`, [cause]),
  badBody: () => new OktaError(400, 'E0000003', 'The request body was not well-formed.'),
  rateLimited: () => new OktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  internal: () => new OktaError(500, 'E0000009', 'Internal Server Error'),
  badFilter: (detail: string) => new OktaError(400, 'E0000031', `Invalid search criteria.`, [detail]),
  duplicateRole: () => new OktaError(409, 'E0000090', 'Duplicate role assignment exception.'),
};

/** What each token kind may do, as in the ConductorOne Okta docs' permission table. */
const ALLOWED: Record<TokenKind, Set<Permission>> = {
  'super-admin': new Set<Permission>(['read', 'read-roles', 'write-membership', 'write-app-assignment', 'write-users', 'write-roles', 'write-apps']),
  'read-only': new Set<Permission>(['read']),
  'read-only-app-group-admin': new Set<Permission>(['read', 'write-membership', 'write-app-assignment']),
};

export interface RequestContext {
  base: string;
  url: URL;
  params: Record<string, string>;
  body: unknown;
  store: OktaStore;
}

export interface Reply {
  status: number;
  body?: unknown;
  links?: { next?: string };
}

export class OktaSimulator extends SimulatorServer<OktaSimulatorOptions> {
  readonly store: OktaStore;
  private readonly routes = buildRoutes();

  constructor(options: OktaSimulatorOptions = {}) {
    super(options, () => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0 }));
    this.store =
      options.store ??
      generateOrg({ seed: options.seed ?? 1, users: options.users ?? 200, groups: options.groups ?? 25, apps: options.apps ?? 12, domain: options.domain });
  }

  token(kind: TokenKind = 'super-admin'): string {
    return this.store.tokenOf(kind);
  }

  /** The arguments `gatehouse sync okta` needs to reach this simulator. */
  flags(kind: TokenKind = 'super-admin'): string[] {
    return ['--domain', this.url, '--api-token', this.token(kind)];
  }

  private rateLimitHeaders(): { headers: Record<string, string>; exceeded: boolean } {
    const w = this.window.take();
    return {
      exceeded: w.exceeded,
      headers: {
        'x-rate-limit-limit': String(w.limit),
        'x-rate-limit-remaining': String(w.remaining),
        'x-rate-limit-reset': String(Math.ceil(w.resetAt / 1000)),
      },
    };
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__sim/')) return this.handleControl(req, res, url);
    const method = req.method ?? 'GET';
    const match = this.routes.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    this.count(routeKey);
    const rate = this.rateLimitHeaders();
    const headers: Record<string, string | string[]> = { ...rate.headers };
    await this.addLatency();

    const send = (status: number, body: unknown, truncate = false) => sendJson(res, status, body, headers, truncate);
    const sendError = (e: OktaError) => {
      if (e.status === 500) this.counts.failed++;
      send(e.status, {
        errorCode: e.code,
        errorSummary: e.summary,
        errorLink: e.code,
        errorId: `oae${this.store.newId('').slice(0, 19)}`,
        errorCauses: e.causes.map((c) => ({ errorSummary: c })),
      });
    };

    try {
      if (rate.exceeded) {
        this.counts.rateLimited++;
        return sendError(errors.rateLimited());
      }
      const auth = req.headers.authorization ?? '';
      const kind = auth.startsWith('SSWS ') ? this.store.tokens.get(auth.slice(5).trim()) : undefined;
      if (!kind) return sendError(errors.badToken());
      if (!match) return sendError(errors.notFound(url.pathname));
      if (!ALLOWED[kind].has(match.route.meta)) return sendError(errors.forbidden());
      if (this.injectFailure()) return sendError(errors.internal());

      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
      const reply = await match.route.handler({ base: this.url, url, params: match.params, body, store: this.store });
      const self = `<${this.url}${url.pathname}${url.search}>; rel="self"`;
      headers.link = reply.links?.next ? [self, `<${reply.links.next}>; rel="next"`] : [self];
      send(reply.status, reply.body, this.injectTruncation(reply.body));
    } catch (err) {
      if (err instanceof OktaError) return sendError(err);
      if (err instanceof BodyError) return sendError(errors.badBody());
      sendError(errors.internal());
    }
  }

  private handleControl(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const json = (status: number, body: unknown) => sendJson(res, status, body);
    if (this.handleCommonControl(req, res, url)) return;
    if (url.pathname === '/__sim/tokens' && req.method === 'GET') {
      return json(200, Object.fromEntries(TOKEN_KINDS.map((k) => [k, this.store.tokenOf(k)])));
    }
    json(404, { error: 'unknown simulator control route' });
  }
}

export async function startOktaSimulator(options: OktaSimulatorOptions = {}): Promise<OktaSimulator> {
  return new OktaSimulator(options).start();
}

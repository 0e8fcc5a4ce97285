/**
 * The Okta simulator's HTTP plumbing: SSWS auth, per-token permissions, X-Rate-Limit-* headers
 * and 429s, injected faults (latency, 500s, truncated bodies), Okta error bodies, and request
 * counting per route. Route handlers live in routes.ts.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { generateOrg, type OrgSize } from './generate.js';
import { BodyError, closeServer, listen, Random, RateWindow, readJsonBody, sleep } from '@gatehouse/sdk/simkit';
import { buildRoutes, type Permission } from './routes.js';
import { TOKEN_KINDS, type OktaStore, type TokenKind } from './store.js';

export interface OktaSimulatorOptions extends Partial<OrgSize> {
  port?: number;
  host?: string;
  /** Added to every API response. */
  latencyMs?: number;
  /** Requests per window before 429 E0000047 (unset: a limit so high it is never reached). */
  rateLimit?: number;
  /** Okta's windows are one minute; tests shorten them. */
  rateWindowSeconds?: number;
  /** Share of API requests answered 500 (0..1). */
  failRate?: number;
  /** Share of API requests whose body is cut off mid-way (0..1). */
  truncateRate?: number;
  /** Use an existing org instead of generating one. */
  store?: OktaStore;
}

export interface SimulatorCalls {
  total: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  failed: number;
}

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

export class OktaSimulator {
  readonly store: OktaStore;
  url = '';
  private server?: Server;
  private readonly routes = buildRoutes();
  private counts: SimulatorCalls = { total: 0, byRoute: {}, rateLimited: 0, failed: 0 };
  private readonly window: RateWindow;
  private readonly faults: Random;

  constructor(readonly options: OktaSimulatorOptions = {}) {
    this.store =
      options.store ??
      generateOrg({ seed: options.seed ?? 1, users: options.users ?? 200, groups: options.groups ?? 25, apps: options.apps ?? 12, domain: options.domain });
    this.faults = new Random((options.seed ?? 1) * 7919);
    this.window = new RateWindow(options.rateLimit, options.rateWindowSeconds);
  }

  async start(): Promise<this> {
    const { server, url } = await listen((req, res) => void this.handle(req, res), this.options.port, this.options.host);
    this.server = server;
    this.url = url;
    return this;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  token(kind: TokenKind = 'super-admin'): string {
    return this.store.tokenOf(kind);
  }

  /** The arguments `gatehouse sync okta` needs to reach this simulator. */
  flags(kind: TokenKind = 'super-admin'): string[] {
    return ['--domain', this.url, '--api-token', this.token(kind)];
  }

  calls(): SimulatorCalls {
    return structuredClone(this.counts);
  }

  resetCalls(): void {
    this.counts = { total: 0, byRoute: {}, rateLimited: 0, failed: 0 };
  }

  setFaults(f: Pick<OktaSimulatorOptions, 'latencyMs' | 'rateLimit' | 'rateWindowSeconds' | 'failRate' | 'truncateRate'>): void {
    Object.assign(this.options, f);
    this.window.reset(this.options.rateLimit, this.options.rateWindowSeconds);
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__sim/')) return this.handleControl(req, res, url);
    const method = req.method ?? 'GET';
    const match = this.routes.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    this.counts.total++;
    this.counts.byRoute[routeKey] = (this.counts.byRoute[routeKey] ?? 0) + 1;
    const rate = this.rateLimitHeaders();
    const headers: Record<string, string | string[]> = { 'content-type': 'application/json', ...rate.headers };
    if (this.options.latencyMs) await sleep(this.options.latencyMs);

    const send = (status: number, body: unknown, truncate = false) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
      if (truncate && text.length > 2) {
        res.write(text.slice(0, Math.floor(text.length / 2)));
        res.destroy();
      } else res.end(text);
    };
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
      if (this.options.failRate && this.faults.chance(this.options.failRate)) return sendError(errors.internal());

      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
      const reply = await match.route.handler({ base: this.url, url, params: match.params, body, store: this.store });
      const self = `<${this.url}${url.pathname}${url.search}>; rel="self"`;
      headers.link = reply.links?.next ? [self, `<${reply.links.next}>; rel="next"`] : [self];
      const truncate = Boolean(this.options.truncateRate && this.faults.chance(this.options.truncateRate));
      send(reply.status, reply.body, truncate);
    } catch (err) {
      if (err instanceof OktaError) return sendError(err);
      if (err instanceof BodyError) return sendError(errors.badBody());
      sendError(errors.internal());
    }
  }

  private handleControl(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/__sim/calls' && req.method === 'GET') return json(200, this.calls());
    if (url.pathname === '/__sim/calls/reset' && req.method === 'POST') {
      this.resetCalls();
      return json(200, { ok: true });
    }
    if (url.pathname === '/__sim/tokens' && req.method === 'GET') {
      return json(200, Object.fromEntries(TOKEN_KINDS.map((k) => [k, this.store.tokenOf(k)])));
    }
    json(404, { error: 'unknown simulator control route' });
  }
}

export async function startOktaSimulator(options: OktaSimulatorOptions = {}): Promise<OktaSimulator> {
  return new OktaSimulator(options).start();
}

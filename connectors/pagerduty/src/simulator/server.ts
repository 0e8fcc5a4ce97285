/**
 * The PagerDuty simulator's HTTP plumbing: `Authorization: Token token=<key>` (401 for a bad key,
 * 403 for writes with a read-only key), the IETF `ratelimit-limit/remaining/reset` headers on every
 * answer and 429 past the limit, PagerDuty's error wrapper, injected faults, a clock that can be
 * pinned (`--now`) so the on-call rotation is predictable, and request counting per route.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BodyError, closeServer, listen, Random, RateWindow, readJsonBody, sleep } from '@gatehouse/sdk/simkit';
import { generateAccount, type AccountSize } from './generate.js';
import { buildRoutes, errors, PagerDutyError } from './routes.js';
import type { KeyKind, PagerDutyStore } from './store.js';

export interface PagerDutySimulatorOptions extends Partial<AccountSize> {
  port?: number;
  host?: string;
  latencyMs?: number;
  /** Requests per window before 429 (PagerDuty's default is 960 a minute; unset: never). */
  rateLimit?: number;
  rateWindowSeconds?: number;
  failRate?: number;
  truncateRate?: number;
  /** The simulator's "now" (ISO date): who is on call is computed at this instant. */
  now?: string;
  store?: PagerDutyStore;
}

export interface SimulatorCalls {
  total: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  failed: number;
  /** Requests refused for offset + limit beyond 10000. */
  offsetCapped: number;
}

const emptyCalls = (): SimulatorCalls => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0, offsetCapped: 0 });

export class PagerDutySimulator {
  readonly store: PagerDutyStore;
  url = '';
  private server?: Server;
  private readonly routes = buildRoutes();
  private counts = emptyCalls();
  private readonly window: RateWindow;
  private readonly faults: Random;

  constructor(readonly options: PagerDutySimulatorOptions = {}) {
    const users = options.users ?? 200;
    this.store =
      options.store ??
      // The data does not depend on the clock: pinning another "now" only moves the rotations.
      generateAccount({ seed: options.seed ?? 1, users, teams: options.teams ?? Math.max(3, Math.round(users / 10)), schedules: options.schedules ?? Math.max(2, Math.round(users / 25)), domain: options.domain, people: options.people });
    this.faults = new Random((options.seed ?? 1) * 7919);
    this.window = new RateWindow(options.rateLimit, options.rateWindowSeconds);
  }

  now(): Date {
    return this.options.now ? new Date(this.options.now) : new Date('2026-11-01T12:00:00.000Z');
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

  key(kind: KeyKind = 'full'): string {
    return this.store.keyOf(kind);
  }

  /** An admin's email, for the `From` header that creating users needs. */
  adminEmail(): string {
    return [...this.store.users.values()].find((u) => u.role === 'owner' || u.role === 'admin')!.email;
  }

  config(kind: KeyKind = 'full'): { apiKey: string; apiUrl: string; fromEmail: string } {
    return { apiKey: this.key(kind), apiUrl: this.url, fromEmail: this.adminEmail() };
  }

  /** The arguments `gatehouse sync pagerduty` needs to reach this simulator. */
  flags(kind: KeyKind = 'full'): string[] {
    return ['--api-key', this.key(kind), '--api-url', this.url, '--from-email', this.adminEmail()];
  }

  calls(): SimulatorCalls {
    return structuredClone(this.counts);
  }

  resetCalls(): void {
    this.counts = emptyCalls();
  }

  setFaults(f: Pick<PagerDutySimulatorOptions, 'latencyMs' | 'rateLimit' | 'rateWindowSeconds' | 'failRate' | 'truncateRate'>): void {
    Object.assign(this.options, f);
    this.window.reset(this.options.rateLimit, this.options.rateWindowSeconds);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__sim/')) {
      res.writeHead(url.pathname === '/__sim/calls' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(url.pathname === '/__sim/calls' ? this.calls() : { error: 'unknown simulator control route' }));
      return;
    }
    const method = req.method ?? 'GET';
    const match = this.routes.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    this.counts.total++;
    this.counts.byRoute[routeKey] = (this.counts.byRoute[routeKey] ?? 0) + 1;
    const w = this.window.take();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'ratelimit-limit': String(w.limit),
      'ratelimit-remaining': String(w.remaining),
      // Seconds until the window resets (the IETF draft's delta-seconds), not an epoch time.
      'ratelimit-reset': String(Math.max(1, Math.ceil((w.resetAt - Date.now()) / 1000))),
    };
    const send = (status: number, body: unknown, truncate = false) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) });
      if (truncate && text.length > 2) {
        res.write(text.slice(0, Math.floor(text.length / 2)));
        res.destroy();
      } else res.end(text);
    };
    try {
      if (this.options.latencyMs) await sleep(this.options.latencyMs);
      if (w.exceeded) {
        this.counts.rateLimited++;
        throw errors.rateLimited();
      }
      const auth = /^Token token=(.+)$/.exec(req.headers.authorization ?? '');
      const kind = auth ? this.store.keys.get(auth[1]!.trim()) : undefined;
      if (!kind) throw errors.unauthorized();
      if (!match) throw errors.notFound();
      if (match.route.meta.write && kind === 'read-only') throw errors.forbidden();
      if (this.options.failRate && this.faults.chance(this.options.failRate)) throw errors.internal();
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
      const from = typeof req.headers.from === 'string' ? req.headers.from : undefined;
      const reply = match.route.handler({ base: this.url, url, params: match.params, body, store: this.store, from, now: this.now() });
      const truncate = Boolean(this.options.truncateRate && reply.body !== undefined && this.faults.chance(this.options.truncateRate));
      send(reply.status, reply.body, truncate);
    } catch (err) {
      const e = err instanceof PagerDutyError ? err : err instanceof BodyError ? errors.invalid('The request body is not valid JSON.') : errors.internal();
      if (e.status === 500) this.counts.failed++;
      if (e.errors[0]?.startsWith('Offset+limit')) this.counts.offsetCapped++;
      send(e.status, { error: { message: e.message, code: e.code, ...(e.errors.length ? { errors: e.errors } : {}) } });
    }
  }
}

export async function startPagerDutySimulator(options: PagerDutySimulatorOptions = {}): Promise<PagerDutySimulator> {
  return new PagerDutySimulator(options).start();
}

/**
 * The PagerDuty simulator's HTTP plumbing: `Authorization: Token token=<key>` (401 for a bad key,
 * 403 for writes with a read-only key), the IETF `ratelimit-limit/remaining/reset` headers on every
 * answer and 429 past the limit, PagerDuty's error wrapper, injected faults, a clock that can be
 * pinned (`--now`) so the on-call rotation is predictable, and request counting per route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, readJsonBody, sendJson, SimulatorServer, type CallCounts, type SimulatorServerOptions } from '@gatehouse/sdk/simkit';
import { generateAccount, type AccountSize } from './generate.js';
import { buildRoutes, errors, PagerDutyError } from './routes.js';
import type { KeyKind, PagerDutyStore } from './store.js';

/** `rateLimit`: PagerDuty's default is 960 requests a minute; unset, never reached. */
export interface PagerDutySimulatorOptions extends Partial<AccountSize>, SimulatorServerOptions {
  /** The simulator's "now" (ISO date): who is on call is computed at this instant. */
  now?: string;
  store?: PagerDutyStore;
}

export interface SimulatorCalls extends CallCounts {
  /** Requests refused for offset + limit beyond 10000. */
  offsetCapped: number;
}

const emptyCalls = (): SimulatorCalls => ({ total: 0, byRoute: {}, rateLimited: 0, failed: 0, offsetCapped: 0 });

export class PagerDutySimulator extends SimulatorServer<PagerDutySimulatorOptions, SimulatorCalls> {
  readonly store: PagerDutyStore;
  private readonly routes = buildRoutes();

  constructor(options: PagerDutySimulatorOptions = {}) {
    super(options, emptyCalls);
    const users = options.users ?? 200;
    this.store =
      options.store ??
      // The data does not depend on the clock: pinning another "now" only moves the rotations.
      generateAccount({ seed: options.seed ?? 1, users, teams: options.teams ?? Math.max(3, Math.round(users / 10)), schedules: options.schedules ?? Math.max(2, Math.round(users / 25)), domain: options.domain, people: options.people });
  }

  now(): Date {
    return this.options.now ? new Date(this.options.now) : new Date('2026-11-01T12:00:00.000Z');
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

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/__sim/')) {
      if (!this.handleCommonControl(req, res, url)) sendJson(res, 404, { error: 'unknown simulator control route' });
      return;
    }
    const method = req.method ?? 'GET';
    const match = this.routes.match(method, url.pathname);
    const routeKey = match ? `${method} ${match.route.template}` : `${method} (unknown)`;
    this.count(routeKey);
    const w = this.window.take();
    const headers: Record<string, string> = {
      'ratelimit-limit': String(w.limit),
      'ratelimit-remaining': String(w.remaining),
      // Seconds until the window resets (the IETF draft's delta-seconds), not an epoch time.
      'ratelimit-reset': String(Math.max(1, Math.ceil((w.resetAt - Date.now()) / 1000))),
    };
    const send = (status: number, body: unknown, truncate = false) => sendJson(res, status, body, headers, truncate);
    try {
      await this.addLatency();
      if (w.exceeded) {
        this.counts.rateLimited++;
        throw errors.rateLimited();
      }
      const auth = /^Token token=(.+)$/.exec(req.headers.authorization ?? '');
      const kind = auth ? this.store.keys.get(auth[1]!.trim()) : undefined;
      if (!kind) throw errors.unauthorized();
      if (!match) throw errors.notFound();
      if (match.route.meta.write && kind === 'read-only') throw errors.forbidden();
      if (this.injectFailure()) throw errors.internal();
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
      const from = typeof req.headers.from === 'string' ? req.headers.from : undefined;
      const reply = match.route.handler({ base: this.url, url, params: match.params, body, store: this.store, from, now: this.now() });
      send(reply.status, reply.body, this.injectTruncation(reply.body));
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

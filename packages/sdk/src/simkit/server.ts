/**
 * What every simulator's HTTP server shares: listening on loopback, counting requests per route,
 * the injected faults (latency, rate limit windows, 500s, bodies cut off mid-way) and the
 * `/__sim/calls` control routes. Each simulator adds its vendor's auth, headers and error bodies.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, listen, RateWindow, sleep } from './http.js';
import { Random } from './random.js';

/** The faults a test or benchmark may turn on, at start or later (`setFaults`). */
export interface SimulatorFaults {
  /** Added to every API response. */
  latencyMs?: number;
  /** Requests per window before 429 (unset: a limit so high it is never reached). */
  rateLimit?: number;
  /** Vendors' windows are usually a minute; tests shorten them. */
  rateWindowSeconds?: number;
  /** Share of API requests answered 500 (0..1). */
  failRate?: number;
  /** Share of API responses whose body is cut off mid-way (0..1). */
  truncateRate?: number;
}

export interface SimulatorServerOptions extends SimulatorFaults {
  port?: number;
  host?: string;
  /** Seeds the data and the dice that decide which requests fail. */
  seed?: number;
}

export interface CallCounts {
  total: number;
  byRoute: Record<string, number>;
  rateLimited: number;
  failed: number;
}

/** Writes a JSON reply; `truncate` sends half the body and drops the connection, as a cut-off response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}, truncate = false): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(text) });
  if (truncate && text.length > 2) {
    res.write(text.slice(0, Math.floor(text.length / 2)));
    res.destroy();
  } else res.end(text);
}

export abstract class SimulatorServer<Options extends SimulatorServerOptions, Calls extends CallCounts = CallCounts> {
  url = '';
  protected counts: Calls;
  protected readonly window: RateWindow;
  private server?: Server;
  private readonly dice: Random;

  constructor(
    readonly options: Options,
    private readonly noCalls: () => Calls,
  ) {
    this.counts = noCalls();
    this.dice = new Random((options.seed ?? 1) * 7919);
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

  calls(): Calls {
    return structuredClone(this.counts);
  }

  resetCalls(): void {
    this.counts = this.noCalls();
  }

  /** Changes faults (and other options a simulator reads per request, e.g. a token lifetime). */
  setFaults(faults: SimulatorFaults & Partial<Options>): void {
    Object.assign(this.options, faults);
    this.window.reset(this.options.rateLimit, this.options.rateWindowSeconds);
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Counts an API request under its route (`GET /users/{id}`); returns the running total. */
  protected count(routeKey: string): number {
    this.counts.byRoute[routeKey] = (this.counts.byRoute[routeKey] ?? 0) + 1;
    return ++this.counts.total;
  }

  protected async addLatency(): Promise<void> {
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
  }

  /** Whether this request gets an injected 500 (`failRate`). */
  protected injectFailure(): boolean {
    return Boolean(this.options.failRate && this.dice.chance(this.options.failRate));
  }

  /** Whether this reply's body is cut off (`truncateRate`); only replies with a body can be. */
  protected injectTruncation(body: unknown): boolean {
    return Boolean(this.options.truncateRate && body !== undefined && this.dice.chance(this.options.truncateRate));
  }

  /** The control routes every simulator has; true when the request was one of them. */
  protected handleCommonControl(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (url.pathname === '/__sim/calls' && req.method === 'GET') sendJson(res, 200, this.calls());
    else if (url.pathname === '/__sim/calls/reset' && req.method === 'POST') {
      this.resetCalls();
      sendJson(res, 200, { ok: true });
    } else return false;
    return true;
  }
}

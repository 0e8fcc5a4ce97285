/**
 * The HTTP client every connector uses (undici). It owns what connectors should not each write
 * again: timeouts, retries with jittered backoff on 5xx and network errors, 429 handling and
 * header-driven rate limiting, JSON parsing with a clear error for malformed bodies, API call
 * counting, and debug logs with secrets redacted.
 */
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { AuthenticationError, ConfigError, NotFoundError, PermissionDeniedError, UpstreamError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { retryAfterMs, type HeaderMap } from './headers.js';
import { isOutboundRefusal, outboundReason, type OutboundPolicy } from './outbound.js';
import { RateLimiter } from './rate-limit.js';
import { redactHeaders, redactUrl } from './redact.js';

export interface HttpResponse<T = unknown> {
  status: number;
  headers: HeaderMap;
  body: T;
  url: string;
}

/** A non-2xx answer that was not retried (or still failed after every retry). */
export class HttpStatusError extends Error {
  override name = 'HttpStatusError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: unknown,
    readonly headers: HeaderMap,
  ) {
    super(`${method} ${redactUrl(url)} answered ${status}`);
  }
}

/** One 429 a client received: reported before it waits the limit out, or gives up. */
export interface RateLimitedEvent {
  method: string;
  /** The URL asked for, with credentials in its query redacted. */
  url: string;
  /** 429s in a row for this request, this one included. */
  attempt: number;
  /** How long the API asked to wait (Retry-After), when it said. */
  retryAfterMs?: number;
  /** False when this was one 429 too many (`maxRateLimitRetries`) and the request fails. */
  willRetry: boolean;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Sent with every request; credential headers are never logged. */
  headers?: Record<string, string>;
  /** Headers that carry credentials beyond the usual ones (Authorization, X-API-Key, cookies): never logged. */
  secretHeaders?: string[];
  timeoutMs?: number;
  /** Retries of 5xx, network errors and malformed bodies. */
  maxRetries?: number;
  /** How many 429s in a row one request may wait out before giving up. */
  maxRateLimitRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Parallel connections to the API. */
  connections?: number;
  /** Groups requests that share one rate limit (default: one bucket for the whole API). */
  rateLimitBucket?: (method: string, url: URL) => string;
  /** Turns a vendor error response into a typed error (PermissionDeniedError naming the permission, …). */
  mapError?: (error: HttpStatusError) => Error | undefined;
  logger?: Logger;
  rateLimiter?: RateLimiter;
  /**
   * The outbound address policy every connection must pass (the server's: no loopback, private or
   * metadata addresses unless allowed). Without one (the CLI), any address the URL names is used.
   */
  outbound?: OutboundPolicy;
  /**
   * Credentials obtained at run time (an OAuth access token): their headers are added to every
   * request, and a 401 makes the client drop them and retry once with fresh ones.
   */
  auth?: RequestAuth;
  /**
   * Told of every 429 received (the server counts them per connector). It only observes: the
   * client waits and retries as it would without it, and an observer that throws changes nothing.
   */
  onRateLimited?: (event: RateLimitedEvent) => void;
}

/**
 * The options of an HTTP client that the caller of a connector decides, not the connector: where
 * it logs, which addresses it may reach, who hears of its 429s. A connector hands them, whole, to
 * every HTTP client it makes (`new HttpClient({ baseUrl, ...httpOptions(ctx) })`), so what the
 * server adds here reaches every connector.
 */
export type ConnectorHttpOptions = Pick<HttpClientOptions, 'logger' | 'outbound' | 'onRateLimited'>;

export interface RequestAuth {
  headers(): Promise<Record<string, string>>;
  /** The server refused these headers: forget them (unless already replaced) so the next call gets new ones. */
  invalidate(rejected: Record<string, string>): void;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of a JSON body (OAuth token requests). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** The errno-style code of a network error, looking through undici's wrapped causes. */
function networkCode(err: unknown): string | undefined {
  let e = err as { code?: string; cause?: unknown } | undefined;
  for (let i = 0; e && i < 4; i++) {
    if (typeof e.code === 'string' && /^E[A-Z_]+$/.test(e.code) && !e.code.startsWith('ERR_')) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class HttpClient {
  readonly baseUrl: URL;
  readonly rateLimiter: RateLimiter;
  private readonly dispatcher: Dispatcher;
  private readonly logger: Logger;
  private calls = 0;
  retries = 0;
  rateLimited = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : options.baseUrl + '/');
    const timeout = options.timeoutMs ?? 30_000;
    const connectTimeout = Math.min(timeout, 10_000);
    this.dispatcher = new Agent({
      connections: options.connections ?? 16,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...(options.outbound ? { connect: options.outbound.connector({ connectTimeoutMs: connectTimeout }) } : { connectTimeout }),
    });
    this.logger = options.logger ?? silentLogger();
    this.rateLimiter = options.rateLimiter ?? new RateLimiter();
  }

  /** Requests sent, retries included: what the vendor counts against the rate limit. */
  apiCalls(): number {
    return this.calls;
  }

  /** Standard URL resolution: a full URL as is, `/x` against the origin, `x` against the base URL. */
  resolve(pathOrUrl: string, query?: RequestOptions['query']): URL {
    const url = new URL(pathOrUrl, this.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  get<T>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, options?: RequestOptions) {
    return this.request<T>('POST', path, options);
  }
  put<T>(path: string, options?: RequestOptions) {
    return this.request<T>('PUT', path, options);
  }
  delete<T>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = this.resolve(pathOrUrl, options.query);
    const bucket = this.options.rateLimitBucket?.(method, url) ?? url.origin;
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...options.headers };
    let body: string | undefined;
    if (options.form !== undefined) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const maxRetries = this.options.maxRetries ?? 8;
    const maxRateLimitRetries = this.options.maxRateLimitRetries ?? 20;
    let failures = 0;
    let limited = 0;
    let reauthenticated = false;
    for (;;) {
      const auth = this.options.auth ? await this.options.auth.headers() : undefined;
      const sent = auth ? { ...headers, ...auth } : headers;
      await this.rateLimiter.acquire(bucket);
      const started = Date.now();
      this.calls++;
      let status = 0;
      let resHeaders: HeaderMap | undefined;
      let problem: string | undefined;
      let parsed: unknown;
      try {
        const res = await undiciRequest(url, { method: method as Dispatcher.HttpMethod, headers: sent, body, dispatcher: this.dispatcher });
        status = res.statusCode;
        resHeaders = res.headers as HeaderMap;
        const text = await res.body.text();
        if (text.length > 0) {
          try {
            parsed = JSON.parse(text);
          } catch {
            problem = `malformed JSON body (${text.length} bytes)`;
          }
        }
      } catch (err) {
        // Refused by the outbound policy: not a passing fault, and nothing was sent.
        if (isOutboundRefusal(err)) throw new ConfigError(`${method} ${redactUrl(url.toString())}: ${outboundReason(err)}`);
        const code = networkCode(err);
        // A host that does not resolve is a configuration mistake, not a passing fault.
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
          throw new UpstreamError(`${method} ${redactUrl(url.toString())}: cannot resolve host ${url.hostname} (${code})`);
        }
        if (code === 'ECONNREFUSED' && failures >= 2) {
          // The host only: which ports answer on a host is not the caller's to learn.
          throw new UpstreamError(`${method} ${redactUrl(url.toString())}: connection refused by ${url.hostname}`);
        }
        problem = `network error: ${(err as Error).message}${code ? ` (${code})` : ''}`;
      } finally {
        this.rateLimiter.release(bucket, resHeaders, status);
      }
      const ms = Date.now() - started;
      // The entry is only built when it is written: at the default level, a sync's 10,000 requests
      // would each build (and drop) a redacted URL and header set.
      if (this.logger.isLevelEnabled('debug')) {
        this.logger.debug({ method, url: redactUrl(url.toString()), status, ms, problem, headers: redactHeaders(sent, this.options.secretHeaders) }, 'http');
      }

      if (status === 401 && auth && !reauthenticated) {
        // An access token may expire between being handed out and reaching the server.
        reauthenticated = true;
        this.options.auth!.invalidate(auth);
        continue;
      }
      if (status === 429) {
        this.rateLimited++;
        limited++;
        this.reportRateLimited({ method, url: redactUrl(url.toString()), attempt: limited, retryAfterMs: resHeaders ? retryAfterMs(resHeaders) : undefined, willRetry: limited <= maxRateLimitRetries });
        if (limited > maxRateLimitRetries) {
          throw this.fail(method, url, status, parsed, resHeaders ?? {}, `still rate limited after ${maxRateLimitRetries} waits`);
        }
        continue; // the limiter has paused the bucket until the vendor's reset time
      }
      const retryable = problem !== undefined || RETRYABLE_STATUS.has(status);
      if (retryable) {
        if (failures >= maxRetries) {
          throw this.fail(method, url, status, parsed, resHeaders ?? {}, problem ?? `failed after ${maxRetries + 1} attempts`);
        }
        failures++;
        this.retries++;
        await sleep(this.backoff(failures, resHeaders));
        continue;
      }
      if (status >= 200 && status < 300) return { status, headers: resHeaders ?? {}, body: parsed as T, url: url.toString() };
      throw this.fail(method, url, status, parsed, resHeaders ?? {});
    }
  }

  private reportRateLimited(event: RateLimitedEvent): void {
    try {
      this.options.onRateLimited?.(event);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'onRateLimited observer failed');
    }
  }

  /** Full jitter: a random delay up to an exponentially growing cap, or the server's Retry-After. */
  private backoff(attempt: number, headers: HeaderMap | undefined): number {
    const hinted = headers ? retryAfterMs(headers) : undefined;
    if (hinted !== undefined) return hinted;
    const base = this.options.retryBaseMs ?? 200;
    const cap = Math.min(this.options.retryMaxMs ?? 10_000, base * 2 ** attempt);
    return Math.random() * cap;
  }

  private fail(method: string, url: URL, status: number, body: unknown, headers: HeaderMap, detail?: string): Error {
    const error = new HttpStatusError(method, url.toString(), status, body, headers);
    const mapped = status > 0 ? this.options.mapError?.(error) : undefined;
    if (mapped) return mapped;
    const where = `${method} ${redactUrl(url.toString())}`;
    if (status === 0) return new UpstreamError(`${where}: ${detail ?? 'no response'}`);
    if (status === 401) return new AuthenticationError(`${where}: credentials refused (401)`);
    if (status === 403) return new PermissionDeniedError(`${where}: permission denied (403)`, 'unknown');
    if (status === 404) return new NotFoundError(`${where}: not found (404)`);
    return new UpstreamError(`${where}: ${detail ?? `answered ${status}`}`, status);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

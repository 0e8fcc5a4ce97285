import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, createLogger, decodeToken, encodeToken, HttpClient, nextLinkToken, nextOffsetToken, offsetFromToken, parseLinkHeader, RateLimiter, readRateLimitHeaders, redactUrl, UpstreamError, type RateLimitedEvent } from '../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: { close: () => void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push({ close: () => server.close() });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

describe('HttpClient', () => {
  it('retries 5xx with backoff and then succeeds', async () => {
    const url = await serve((_req, res, n) => (n < 3 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true })));
    const client = new HttpClient({ baseUrl: url, retryBaseMs: 5 });
    const res = await client.get<{ ok: boolean }>('/x');
    expect(res.body.ok).toBe(true);
    expect(client.apiCalls()).toBe(3);
    expect(client.retries).toBe(2);
    await client.close();
  });

  it('gives up after its retries with a clear error', async () => {
    const url = await serve((_req, res) => json(res, 500, { error: 'down' }));
    const client = new HttpClient({ baseUrl: url, retryBaseMs: 1, maxRetries: 2 });
    const err = await client.get('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as Error).message).toMatch(/GET .*\/x: failed after 3 attempts/);
    expect(client.apiCalls()).toBe(3);
    await client.close();
  });

  it('retries a malformed or cut-off body', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"half":');
      }
      if (n === 2) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"cut');
        return res.destroy();
      }
      json(res, 200, { whole: true });
    });
    const client = new HttpClient({ baseUrl: url, retryBaseMs: 1 });
    expect((await client.get<{ whole: boolean }>('/x')).body.whole).toBe(true);
    expect(client.apiCalls()).toBe(3);
    await client.close();
  });

  it('waits out a 429 for Retry-After, then succeeds', async () => {
    const url = await serve((_req, res, n) => (n === 1 ? json(res, 429, { e: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: 1 })));
    const client = new HttpClient({ baseUrl: url });
    const started = Date.now();
    await client.get('/x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(client.rateLimited).toBe(1);
    await client.close();
  });

  it('tells onRateLimited of each 429 (URL redacted, whether it retries); an observer that throws changes nothing', async () => {
    const url = await serve((_req, res, n) => (n <= 2 ? json(res, 429, { e: 'slow down' }, { 'retry-after': '0' }) : json(res, 200, { ok: 1 })));
    const events: RateLimitedEvent[] = [];
    const client = new HttpClient({
      baseUrl: url,
      onRateLimited: (e) => {
        events.push(e);
        throw new Error('a broken observer');
      },
    });
    expect((await client.get<{ ok: number }>('/x', { query: { token: 'hunter2' } })).body.ok).toBe(1);
    expect(events).toEqual([
      { method: 'GET', url: `${url}/x?token=%5Bredacted%5D`, attempt: 1, retryAfterMs: 0, willRetry: true },
      { method: 'GET', url: `${url}/x?token=%5Bredacted%5D`, attempt: 2, retryAfterMs: 0, willRetry: true },
    ]);
    await client.close();
    // One 429 too many: reported, then the request fails.
    const limited = await serve((_req, res) => json(res, 429, { e: 'slow down' }, { 'retry-after': '0' }));
    const seen: RateLimitedEvent[] = [];
    const giving = new HttpClient({ baseUrl: limited, maxRateLimitRetries: 1, onRateLimited: (e) => seen.push(e) });
    await expect(giving.get('/y')).rejects.toThrow(/still rate limited/);
    expect(seen.map((e) => [e.attempt, e.willRetry])).toEqual([
      [1, true],
      [2, false],
    ]);
    await giving.close();
  });

  it('times out a request that never answers and retries it', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) return; // never answers
      json(res, 200, { ok: 1 });
    });
    const client = new HttpClient({ baseUrl: url, timeoutMs: 300, retryBaseMs: 1 });
    expect((await client.get<{ ok: number }>('/x')).body.ok).toBe(1);
    expect(client.apiCalls()).toBe(2);
    await client.close();
  });

  it('does not retry 4xx and maps 401 to an authentication error', async () => {
    const url = await serve((_req, res) => json(res, 401, { errorCode: 'E0000011' }));
    const client = new HttpClient({ baseUrl: url });
    await expect(client.get('/x')).rejects.toBeInstanceOf(AuthenticationError);
    expect(client.apiCalls()).toBe(1);
    await client.close();
  });

  it('never logs credentials', async () => {
    const url = await serve((_req, res) => json(res, 200, {}));
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logged += chunk.toString();
        cb();
      },
    });
    const client = new HttpClient({
      baseUrl: url,
      // A SCIM app's own credential header is named by the connector, and redacted too.
      headers: { authorization: 'SSWS super-secret-token', 'X-Api-Token': 'custom-secret' },
      secretHeaders: ['X-Api-Token'],
      logger: createLogger({ level: 'debug', destination: sink }),
    });
    await client.get('/x', { query: { api_key: 'also-secret', limit: 5 } });
    await client.close();
    expect(logged).toContain('limit=5');
    expect(logged).toContain('X-Api-Token');
    expect(logged).not.toContain('super-secret-token');
    expect(logged).not.toContain('also-secret');
    expect(logged).not.toContain('custom-secret');
  });
});

describe('rate limiting from the API headers', () => {
  it('reads Okta and IETF headers', () => {
    const now = 1_700_000_000_000;
    expect(readRateLimitHeaders({ 'x-rate-limit-limit': '600', 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': '1700000030' }, now)).toEqual({ limit: 600, remaining: 5, resetAt: 1_700_000_030_000 });
    expect(readRateLimitHeaders({ 'ratelimit-limit': '900', 'ratelimit-remaining': '0', 'ratelimit-reset': '12' }, now)).toEqual({ limit: 900, remaining: 0, resetAt: now + 12_000 });
  });

  it('holds requests when the window is used up, counting those in flight', async () => {
    const limiter = new RateLimiter({ marginMs: 0 });
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    await limiter.acquire('k');
    limiter.release('k', { 'x-rate-limit-limit': '2', 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': reset });
    await limiter.acquire('k'); // the last one of the window: now in flight
    const started = Date.now();
    await limiter.acquire('k'); // must wait for the reset
    expect(Date.now() - started).toBeGreaterThanOrEqual(Number(reset) * 1000 - started - 50);
    expect(limiter.waits).toBeGreaterThan(0);
  });
});

describe('pagination helpers', () => {
  it('parses Link headers as Okta sends them', () => {
    const links = parseLinkHeader(['<https://acme.okta.com/api/v1/users?limit=200>; rel="self"', '<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"']);
    expect(links.next).toBe('https://acme.okta.com/api/v1/users?after=00u1&limit=200');
    expect(parseLinkHeader('<https://a/x?a=1,2>; rel="next", <https://a/y>; rel="prev"')).toEqual({ next: 'https://a/x?a=1,2', prev: 'https://a/y' });
    expect(nextLinkToken({ link: '<https://acme.okta.com/api/v1/users?after=00u1&limit=200>; rel="next"' })).toBe('/api/v1/users?after=00u1&limit=200');
    expect(nextLinkToken({ link: '<https://acme.okta.com/api/v1/users>; rel="self"' })).toBeUndefined();
  });

  it('builds offset and composite page tokens', () => {
    expect(nextOffsetToken(0, 100, true)).toBe('100');
    expect(nextOffsetToken(9900, 100, false)).toBeUndefined();
    expect(offsetFromToken('200')).toBe(200);
    expect(offsetFromToken(undefined)).toBe(0);
    expect(() => offsetFromToken('-3')).toThrow(/invalid offset/);
    const token = encodeToken({ phase: 'groups', next: '/a?b=1' });
    expect(decodeToken(token, {})).toEqual({ phase: 'groups', next: '/a?b=1' });
    expect(() => decodeToken('%%%', {})).toThrow(/invalid page token/);
  });

  it('redacts secrets in URLs', () => {
    expect(redactUrl('https://u:p@h/x?token=abc&limit=2')).toBe('https://%5Bredacted%5D:%5Bredacted%5D@h/x?token=%5Bredacted%5D&limit=2');
  });
});

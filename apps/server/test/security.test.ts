/**
 * The attacker's paths, each against a running server: guessing passwords (throttled per account
 * and per address, 429 with Retry-After, the right password refused until the lock ends), telling
 * known emails from unknown ones by the time a refusal takes, forging requests from another site
 * with the session cookie, framing or sniffing the UI, a session or token that outlives a password
 * change or its expiry, weak passwords, world-readable files, a cron that syncs every second, and
 * input that used to need a 400 instead of a 500.
 */
import { OktaSimulator } from '@gatehouse/connector-okta/simulator';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, startServer } from '../src/index.js';
import { passwordWeakness } from '../src/modules/auth/passwords.js';
import { throttleKeys, type ThrottlePolicy } from '../src/modules/auth/throttle.js';
import { scheduleProblem } from '../src/modules/syncs/schedules.js';
import { DIALECTS, startTestServer, type Json, type TestServer } from './harness.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };
/** Short locks, so that a test can wait one out; the address limit out of the way of the account tests. */
const FAST_LOCKS: ThrottlePolicy = {
  account: { attempts: 5, windowMs: 60_000, lockMs: 1500, maxLockMs: 10_000 },
  address: { attempts: 10_000, windowMs: 60_000, lockMs: 1500, maxLockMs: 10_000 },
};

interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

/** One request as an attacker or a browser sends it: any headers, any body. */
async function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: Json;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

async function login(base: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Answer & { cookie?: string }> {
  const answer = await send(base, 'POST', '/api/v1/auth/login', { 'content-type': 'application/json', ...headers }, JSON.stringify({ email, password }));
  return { ...answer, cookie: answer.headers.get('set-cookie')?.split(';')[0] };
}

/** The headers of a browser on the server's own page, signed in with `cookie`. */
const browser = (base: string, cookie: string, extra: Record<string, string> = {}) => ({ cookie, origin: base, ...extra });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.each(DIALECTS)('sign-in throttling on %s', (dialect) => {
  let t: TestServer;
  let base: string;
  const user = async (email: string, password: string) => {
    const created = await t.admin('POST', '/users', { email, name: 'Pat Example', role: 'read_only', password });
    expect(created.status).toBe(201);
  };

  beforeAll(async () => {
    t = await startTestServer(dialect, { config: { loginThrottle: FAST_LOCKS } });
    base = t.server.url;
  });
  afterAll(() => t?.stop());

  it('after 5 wrong passwords every attempt gets 429 with Retry-After, the right password too, until the lock ends', async () => {
    const password = 'velvet canyon whistles at dawn';
    await user('victim@example.com', password);
    for (let i = 0; i < 5; i++) expect((await login(base, 'victim@example.com', `guess number ${i} of many`)).status).toBe(401);
    const locked = await login(base, 'victim@example.com', 'guess number 5 of many');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(locked.body).toMatchObject({ status: 429, title: 'Too Many Requests', retryAfter });
    // The right password does not get through a lock, and does not say it was right.
    const right = await login(base, 'victim@example.com', password);
    expect(right.status).toBe(429);
    expect(right.cookie).toBeUndefined();

    await sleep(retryAfter * 1000 + 100);
    expect((await login(base, 'victim@example.com', password)).status).toBe(200);

    // A success starts the account afresh: five more tries, then a lock again.
    for (let i = 0; i < 5; i++) expect((await login(base, 'victim@example.com', `second round ${i} guess`)).status).toBe(401);
    expect((await login(base, 'victim@example.com', 'second round 5 guess')).status).toBe(429);
  });

  it('guesses sent all at once get no more password checks than the limit', async () => {
    await user('parallel@example.com', 'amber falcon sings quietly');
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(base, 'parallel@example.com', `parallel guess ${i} here`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('each lock of the same key lasts twice the one before', async () => {
    const email = 'nobody-at-all@example.com';
    for (let i = 0; i < 5; i++) await login(base, email, `first lock ${i} guess`);
    const first = Number((await login(base, email, 'first lock 5 guess')).headers.get('retry-after'));
    await sleep(first * 1000 + 100);
    for (let i = 0; i < 5; i++) expect((await login(base, email, `second lock ${i} guess`)).status).toBe(401);
    const second = await login(base, email, 'second lock 5 guess');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBe(3); // 1.5 s, then 3 s
  });

  it('an unknown email is refused as slowly as a wrong password, and locks the same way', async () => {
    const known = ['timing-a@example.com', 'timing-b@example.com', 'timing-c@example.com'];
    for (const email of known) await user(email, 'copper lantern drifts north');
    const unknown = ['ghost-a@example.com', 'ghost-b@example.com', 'ghost-c@example.com'];
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await login(base, email, 'not the password at all');
      expect(answer.status).toBe(401);
      return performance.now() - started;
    };
    await timed('warm-up@example.com');
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    // Interleaved, so that a busy moment of the machine slows both alike.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 3; i++) {
        knownMs.push(await timed(known[i]!));
        unknownMs.push(await timed(unknown[i]!));
      }
    }
    const [k, u] = [median(knownMs), median(unknownMs)];
    // Before the fix: 154 ms against 11 ms. Both now pay for one argon2 verification.
    expect(k).toBeGreaterThan(20);
    expect(u).toBeGreaterThan(20);
    expect(Math.max(k, u) / Math.min(k, u)).toBeLessThan(2.5);

    // Three more wrong attempts at an unknown email (two were made above) lock it as they would an account.
    for (let i = 0; i < 3; i++) expect((await login(base, 'ghost-a@example.com', `more guesses ${i} now`)).status).toBe(401);
    expect((await login(base, 'ghost-a@example.com', 'one guess too many')).status).toBe(429);
  });

  it('audits failed sign-ins and locks with the email and address tried, never the password', async () => {
    await user('audited@example.com', 'crimson kettle whistles softly');
    const guesses = Array.from({ length: 5 }, (_, i) => `audited guess number ${i}`);
    for (const guess of guesses) expect((await login(base, 'audited@example.com', guess)).status).toBe(401);
    expect((await login(base, 'audited@example.com', 'the guess that locks it')).status).toBe(429);
    expect((await login(base, 'ghost-audit@example.com', 'a guess at nobody')).status).toBe(401);

    const failed = (await t.admin('GET', '/audit?action=auth.login_failed&limit=500')).body.items as Json[];
    const mine = failed.filter((e) => e.after?.email === 'audited@example.com');
    expect(mine).toHaveLength(5);
    expect(mine[0]).toMatchObject({ action: 'auth.login_failed', actor: { type: 'user', id: null }, target: { type: 'platform_user', id: expect.any(String) }, after: { reason: 'wrong password', address: expect.any(String) } });
    expect(failed.find((e) => e.after?.email === 'ghost-audit@example.com')).toMatchObject({ target: { id: null }, after: { reason: 'unknown email' } });
    const locks = (await t.admin('GET', '/audit?action=auth.login_locked&limit=100')).body.items as Json[];
    expect(locks.filter((e) => e.after.email === 'audited@example.com')).toEqual([expect.objectContaining({ after: expect.objectContaining({ locked: ['account'], until: expect.any(String) }) })]);
    const everything = JSON.stringify((await t.admin('GET', '/audit?limit=1000')).body);
    for (const secret of [...guesses, 'the guess that locks it', 'a guess at nobody', 'crimson kettle whistles softly']) expect(everything).not.toContain(secret);
  });
});

describe.each(DIALECTS)('throttling by client address on %s', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect, { config: { loginThrottle: { ...FAST_LOCKS, address: { attempts: 8, windowMs: 60_000, lockMs: 60_000, maxLockMs: 60_000 } } } });
  });
  afterAll(() => t?.stop());

  it('one address guessing across many accounts is locked out, and cannot get round it with X-Forwarded-For', async () => {
    const base = t.server.url;
    // The admin's own sign-ins do not count: only failures use up an address's attempts.
    for (let i = 0; i < 3; i++) expect((await login(base, ADMIN.email, ADMIN.password)).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await login(base, `spray-${i}@example.com`, 'Summer2024!')).status).toBe(401);
    const locked = await login(base, 'spray-8@example.com', 'Summer2024!', { 'x-forwarded-for': '203.0.113.7' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(50);
    // The whole address waits, right passwords included.
    expect((await login(base, ADMIN.email, ADMIN.password)).status).toBe(429);
  });

  it('counts IPv6 clients by their /64', () => {
    expect(throttleKeys('A@Example.com', '2001:db8:1:2:aaaa::1').address).toBe(throttleKeys('a@example.com', '2001:db8:1:2:ffff:1:2:3').address);
    expect(throttleKeys('a@example.com', '2001:db8:1:2::1').address).not.toBe(throttleKeys('a@example.com', '2001:db8:1:3::1').address);
    expect(throttleKeys('a@example.com', '::ffff:192.0.2.1').address).toBe('address:192.0.2.1');
    expect(throttleKeys(' A@Example.com ', '192.0.2.1').account).toBe('account:a@example.com');
  });
});

describe.each(DIALECTS)('cross-site requests on %s', (dialect) => {
  let t: TestServer;
  let okta: OktaSimulator;
  let base: string;
  let cookie: string;
  let connector: string;
  let token: string;
  const runs = async () => (await t.admin('GET', `/connectors/${connector}/sync-runs`)).body.items.length as number;

  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 7, users: 5, groups: 2, apps: 1 }).start();
    t = await startTestServer(dialect, { config: { publicUrl: 'https://gatehouse.example.com' } });
    base = t.server.url;
    cookie = (await login(base, ADMIN.email, ADMIN.password)).cookie!;
    const app = await t.admin('POST', '/apps', { name: 'Okta' });
    connector = (await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() }, syncNow: false })).body.id;
    token = (await t.admin('POST', '/tokens', { name: 'script' })).body.token;
  });
  afterAll(async () => {
    await t?.stop();
    await okta?.close();
  });

  it('refuses a cookie request from another origin, sent as text/plain so that no preflight stops it', async () => {
    const forged = await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, { cookie, origin: 'http://evil', 'content-type': 'text/plain' }, '{}');
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect(forged.body.detail).toContain('http://evil');
    expect(await runs()).toBe(0);
    // The same from a Referer alone (a browser that leaves out Origin), and with Origin "null" (a sandboxed frame).
    expect((await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, { cookie, referer: 'http://evil/page' })).status).toBe(403);
    expect((await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, { cookie, origin: 'null' })).status).toBe(403);
    expect((await send(base, 'DELETE', `/api/v1/connectors/${connector}`, { cookie, origin: 'http://127.0.0.1.evil.example' })).status).toBe(403);
    expect(await runs()).toBe(0);
  });

  it('refuses a cookie request that names no origin at all', async () => {
    const bare = await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, { cookie });
    expect(bare.status).toBe(403);
    expect(bare.body.detail).toMatch(/must send Origin/);
    expect(await runs()).toBe(0);
  });

  it('accepts the server’s own origin, from Origin, from Referer, or as GATEHOUSE_PUBLIC_URL', async () => {
    expect((await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, browser(base, cookie))).status).toBe(202);
    const { referer } = { referer: `${base}/apps/x` };
    expect((await send(base, 'PATCH', `/api/v1/connectors/${connector}`, { cookie, referer, 'content-type': 'application/json' }, JSON.stringify({ provisioning: false }))).status).toBe(200);
    expect((await send(base, 'PATCH', `/api/v1/connectors/${connector}`, { cookie, origin: 'https://gatehouse.example.com', 'content-type': 'application/json' }, JSON.stringify({ provisioning: false }))).status).toBe(200);
    await t.waitForSync(connector);
  });

  it('leaves Bearer tokens and reads alone', async () => {
    const scripted = await send(base, 'POST', `/api/v1/connectors/${connector}/sync`, { authorization: `Bearer ${token}`, origin: 'http://evil' });
    expect(scripted.status).toBe(202);
    await t.waitForSync(connector);
    expect((await send(base, 'GET', '/api/v1/apps', { cookie, origin: 'http://evil' })).status).toBe(200);
  });

  it('refuses a sign-in posted from another site, and bodies that are not JSON', async () => {
    expect((await login(base, ADMIN.email, ADMIN.password, { origin: 'http://evil' })).status).toBe(403);
    const plain = await send(base, 'POST', '/api/v1/apps', browser(base, cookie, { 'content-type': 'text/plain' }), JSON.stringify({ name: 'Sneaky' }));
    expect(plain.status).toBe(415);
    expect(plain.body).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    const form = await send(base, 'POST', '/api/v1/apps', browser(base, cookie, { 'content-type': 'application/x-www-form-urlencoded' }), 'name=Sneaky');
    expect(form.status).toBe(415);
    expect(((await t.admin('GET', '/apps')).body.items as Json[]).map((a) => a.name)).not.toContain('Sneaky');
  });
});

describe('security headers and caching', () => {
  let t: TestServer;
  let proxied: TestServer;
  const webDir = mkdtempSync(join(tmpdir(), 'gatehouse-web-'));
  const previousWebDir = process.env.GATEHOUSE_WEB_DIR;

  beforeAll(async () => {
    // A built UI of our own: the headers must not depend on whether apps/web was built.
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("ui")');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    process.env.GATEHOUSE_WEB_DIR = webDir;
    t = await startTestServer('sqlite');
    proxied = await startTestServer('sqlite', { env: { GATEHOUSE_TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    if (previousWebDir === undefined) delete process.env.GATEHOUSE_WEB_DIR;
    else process.env.GATEHOUSE_WEB_DIR = previousWebDir;
    await t?.stop();
    await proxied?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  const expectHardened = (answer: Answer, what: string) => {
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp, what).toContain("script-src 'self'");
    expect(csp, what).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).not.toContain('unsafe-eval');
    expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(answer.headers.get('x-frame-options'), what).toBe('DENY');
    expect(answer.headers.get('referrer-policy'), what).toBe('same-origin');
  };

  it('on the UI, the API (answers and refusals alike) and the docs', async () => {
    const base = t.server.url;
    for (const path of ['/', '/apps/some-app', '/api/v1/auth/me', '/api/v1/no-such-route', '/healthz', '/openapi.json', '/docs/']) {
      const answer = await send(base, 'GET', path);
      expectHardened(answer, path);
      expect(answer.headers.get('strict-transport-security'), `${path} over plain http`).toBeNull();
    }
    const me = await t.admin('GET', '/auth/me');
    expectHardened({ ...me, text: '' }, 'a signed-in API answer');
  });

  it('the Swagger UI at /docs runs under the policy: only scripts and styles from this origin', async () => {
    const page = await send(t.server.url, 'GET', '/docs/');
    expect(page.status).toBe(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'an inline script would be blocked').toBe('');
      const src = /src="([^"]+)"/.exec(attributes!)![1]!;
      expect(src, 'a script from elsewhere would be blocked').not.toMatch(/^(https?:)?\/\//);
      const script = await send(t.server.url, 'GET', new URL(src, `${t.server.url}/docs/`).pathname);
      expect(script.status, src).toBe(200);
      expect(script.headers.get('content-type'), src).toContain('javascript');
    }
    const styles = [...page.text.matchAll(/<link rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    for (const href of styles) expect(href).not.toMatch(/^(https?:)?\/\//);
  });

  it('index.html is never cached stale; hashed assets are cached for a year', async () => {
    const base = t.server.url;
    for (const path of ['/', '/index.html', '/people/p1', '/favicon.svg']) {
      const answer = await send(base, 'GET', path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('cache-control'), path).toBe('no-cache');
    }
    const asset = await send(base, 'GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('HSTS and a Secure cookie over https, believed from X-Forwarded-Proto only behind a trusted proxy', async () => {
    const forwarded = { 'x-forwarded-proto': 'https' };
    const direct = await login(t.server.url, ADMIN.email, ADMIN.password, forwarded);
    expect(direct.status).toBe(200);
    expect(direct.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
    expect(direct.headers.get('strict-transport-security')).toBeNull();

    const behindProxy = await login(proxied.server.url, ADMIN.email, ADMIN.password, forwarded);
    expect(behindProxy.status).toBe(200);
    expect(behindProxy.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(behindProxy.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(behindProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    // Behind the proxy the browser's origin is https://<host>: the cross-site check agrees.
    const host = new URL(proxied.server.url).host;
    const created = await send(proxied.server.url, 'POST', '/api/v1/apps', { cookie: behindProxy.cookie!, origin: `https://${host}`, 'content-type': 'application/json', ...forwarded }, JSON.stringify({ name: 'Via proxy' }));
    expect(created.status).toBe(201);
  });
});

describe.each(DIALECTS)('sessions, password changes and API tokens on %s', (dialect) => {
  let t: TestServer;
  let base: string;
  const password = 'marble heron crosses the river';

  /** A user signed in twice (two browsers); returns both cookies. */
  const twoSessions = async (email: string) => {
    const created = await t.admin('POST', '/users', { email, name: 'Sam Example', role: 'read_only', password });
    expect(created.status).toBe(201);
    const a = (await login(base, email, password)).cookie!;
    const b = (await login(base, email, password)).cookie!;
    return { id: created.body.id as string, a, b };
  };
  const me = async (cookie: string) => (await send(base, 'GET', '/api/v1/auth/me', { cookie })).status;
  const changeOwn = (cookie: string, body: unknown) => send(base, 'POST', '/api/v1/auth/password', browser(base, cookie, { 'content-type': 'application/json' }), JSON.stringify(body));

  beforeAll(async () => {
    t = await startTestServer(dialect, { config: { loginThrottle: FAST_LOCKS } });
    base = t.server.url;
  });
  afterAll(() => t?.stop());

  it('changing your own password keeps this session and ends the others', async () => {
    const { id, a, b } = await twoSessions('self@example.com');
    const next = 'purple glacier hums at midnight';
    expect((await changeOwn(a, { current: password, new: next })).status).toBe(204);
    expect(await me(a)).toBe(200);
    expect(await me(b)).toBe(401);
    expect((await login(base, 'self@example.com', password)).status).toBe(401);
    expect((await login(base, 'self@example.com', next)).status).toBe(200);
    const events = (await t.admin('GET', `/audit?action=auth.password_change&targetId=${id}`)).body.items as Json[];
    expect(events[0]).toMatchObject({ actor: { type: 'user', id }, after: { sessionsEnded: 1 } });
    expect(JSON.stringify(events)).not.toContain(next);
  });

  it('refuses a wrong current password, a weak new one and the same one, naming the field', async () => {
    const { a } = await twoSessions('careful@example.com');
    const wrong = await changeOwn(a, { current: 'not my password at all', new: 'saffron pelican naps all day' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'body.current', message: 'is not your current password' }]);
    const weak = await changeOwn(a, { current: password, new: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'body.new', message: expect.stringContaining('too easy to guess') });
    const same = await changeOwn(a, { current: password, new: password });
    expect(same.status).toBe(400);
    expect(same.body.errors[0].field).toBe('body.new');
    expect(await me(a)).toBe(200);
  });

  it('guessing the current password through a stolen session is throttled like a sign-in', async () => {
    const { a } = await twoSessions('stolen@example.com');
    for (let i = 0; i < 5; i++) expect((await changeOwn(a, { current: `guess ${i} of the thief`, new: 'emerald badger reads poems' })).status).toBe(400);
    const locked = await changeOwn(a, { current: password, new: 'emerald badger reads poems' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBeTruthy();
  });

  it('an administrator’s new password, or disabling the user, ends every session of that user', async () => {
    const first = await twoSessions('reset@example.com');
    expect((await t.admin('PATCH', `/users/${first.id}`, { password: 'cobalt walrus dreams of spring' })).status).toBe(200);
    expect(await me(first.a)).toBe(401);
    expect(await me(first.b)).toBe(401);
    const again = (await login(base, 'reset@example.com', 'cobalt walrus dreams of spring')).cookie!;
    expect(await me(again)).toBe(200);
    expect((await t.admin('PATCH', `/users/${first.id}`, { disabled: true })).status).toBe(200);
    expect(await me(again)).toBe(401);
    expect((await t.admin('PATCH', `/users/${first.id}`, { disabled: false })).status).toBe(200);
    // Re-enabled, the user signs in again: the old sessions are gone, not suspended.
    expect(await me(again)).toBe(401);
  });

  it('API tokens expire after 90 days by default, up to a year, or never when asked; an expired one authenticates nothing', async () => {
    const now = Date.now();
    const standard = await t.admin('POST', '/tokens', { name: 'ci' });
    expect(standard.status).toBe(201);
    expect(Math.abs(Date.parse(standard.body.expiresAt) - (now + 90 * 86_400_000))).toBeLessThan(60_000);
    const forever = await t.admin('POST', '/tokens', { name: 'forever', expiresInDays: null });
    expect(forever.body.expiresAt).toBeNull();
    const year = await t.admin('POST', '/tokens', { name: 'yearly', expiresInDays: 365 });
    expect(Math.abs(Date.parse(year.body.expiresAt) - (now + 365 * 86_400_000))).toBeLessThan(60_000);
    const tooLong = await t.admin('POST', '/tokens', { name: 'too long', expiresInDays: 366 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('body.expiresInDays');

    const bearer = (token: string) => send(base, 'GET', '/api/v1/auth/me', { authorization: `Bearer ${token}` });
    expect((await bearer(standard.body.token)).status).toBe(200);
    const listed = ((await t.admin('GET', '/tokens')).body.items as Json[]).find((x) => x.id === standard.body.id);
    expect(listed).toMatchObject({ name: 'ci', expiresAt: standard.body.expiresAt, lastUsedAt: expect.any(String) });
    expect(((await t.admin('GET', '/tokens')).body.items as Json[]).find((x) => x.id === forever.body.id)).toMatchObject({ expiresAt: null, lastUsedAt: null });

    // A day past its expiry (the clock moved on: the row says so).
    await t.server.ctx.db.db.updateTable('api_tokens').set({ expires_at: new Date(now - 86_400_000).toISOString() }).where('id', '=', standard.body.id).execute();
    const expired = await bearer(standard.body.token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await bearer(forever.body.token)).status).toBe(200);
  });

  // Last: it ends the harness's admin session too.
  it('an administrator changing their own password stays signed in in that browser only', async () => {
    const other = (await login(base, ADMIN.email, ADMIN.password)).cookie!;
    const here = (await login(base, ADMIN.email, ADMIN.password)).cookie!;
    const adminId = (await t.admin('GET', '/auth/me')).body.id;
    const next = 'scarlet ferry leaves at nine';
    const changed = await send(base, 'PATCH', `/api/v1/users/${adminId}`, browser(base, here, { 'content-type': 'application/json' }), JSON.stringify({ password: next }));
    expect(changed.status).toBe(200);
    expect(await me(here)).toBe(200);
    expect(await me(other)).toBe(401);
  });
});

describe('password strength', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(() => t?.stop());

  it('refuses short, repeated, common and personal passwords, and accepts long passphrases', () => {
    expect(passwordWeakness(' '.repeat(12))).toMatch(/at least 12 characters/);
    expect(passwordWeakness('   short pw   ')).toMatch(/at least 12 characters/);
    expect(passwordWeakness('aaaaaaaaaaaa')).toMatch(/too easy to guess.*[Rr]epeated/);
    expect(passwordWeakness('password1234')).toMatch(/too easy to guess/);
    expect(passwordWeakness('qwertyuiop12')).toMatch(/too easy to guess/);
    expect(passwordWeakness('jordan.smith1', ['jordan.smith@example.com', 'Jordan Smith'])).toMatch(/too easy to guess/);
    for (const good of ['correct horse battery staple', 'a long enough password', 'another long password', 'velvet canyon whistles at dawn']) expect(passwordWeakness(good), good).toBeUndefined();
  });

  it('a weak password is a 400 naming the field and why, for new users and administrators’ changes', async () => {
    const spaces = await t.admin('POST', '/users', { email: 'spaces@example.com', name: 'Spaces', role: 'read_only', password: ' '.repeat(12) });
    expect(spaces.status).toBe(400);
    expect(spaces.body.errors).toEqual([{ field: 'body.password', message: 'must be at least 12 characters long, not counting spaces at either end' }]);
    const repeated = await t.admin('POST', '/users', { email: 'repeat@example.com', name: 'Repeat', role: 'read_only', password: 'aaaaaaaaaaaa' });
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors[0]).toMatchObject({ field: 'body.password', message: expect.stringContaining('too easy to guess') });
    expect((await t.admin('GET', '/users')).body.items.map((u: Json) => u.email)).not.toContain('repeat@example.com');

    const user = await t.admin('POST', '/users', { email: 'fine@example.com', name: 'Fine', role: 'read_only', password: 'tangerine otter rides bicycles' });
    expect(user.status).toBe(201);
    const weakened = await t.admin('PATCH', `/users/${user.body.id}`, { password: 'fine@example.com' });
    expect(weakened.status).toBe(400);
    expect(weakened.body.errors[0].field).toBe('body.password');
    expect((await login(t.server.url, 'fine@example.com', 'tangerine otter rides bicycles')).status).toBe(200);
  });

  it('the server refuses to start with a weak GATEHOUSE_ADMIN_PASSWORD, and says why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-weak-'));
    try {
      const env = { GATEHOUSE_ADMIN_PASSWORD: 'aaaaaaaaaaaa' };
      await expect(startServer(configFromEnv(env, { dataDir, port: 0, schedules: false }), { env })).rejects.toThrow(/^GATEHOUSE_ADMIN_PASSWORD is too easy to guess: .*Choose a stronger one/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('files in the data directory', () => {
  let okta: OktaSimulator;
  const dataDir = join(mkdtempSync(join(tmpdir(), 'gatehouse-files-')), 'data');
  beforeAll(async () => {
    okta = await new OktaSimulator({ seed: 9, users: 20, groups: 3, apps: 1 }).start();
  });
  afterAll(async () => {
    await okta?.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  /** Every file under `dir`, with its mode. */
  const modes = (dir: string): [string, number][] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => [f, modeOf(join(dir, f))]);

  it('keeps the data dir 0700, the database, its WAL and the sync files 0600, and narrows what was wider', async () => {
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    let t = await startTestServer('sqlite', { dataDir });
    try {
      expect(t.log()).toContain('was readable by other users (mode 0755); it is now 0700');
      const app = await t.admin('POST', '/apps', { name: 'Okta', isDirectory: true });
      const connector = (await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config: { domain: okta.url, apiToken: okta.token() } })).body.id;
      expect((await t.waitForSync(connector)).status).toBe('connected');
      // A second sync makes a new sync file and keeps it as the next one's base: private too.
      expect((await t.admin('POST', `/connectors/${connector}/sync`)).status).toBe(202);
      await t.waitForSync(connector);
      await new Promise((r) => setTimeout(r, 50));
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(join(dataDir, 'syncs'))).toBe(0o700);
      expect(modeOf(join(dataDir, 'syncs', `${connector}.ingested.sync`))).toBe(0o600);
      const files = modes(dataDir);
      expect(files.map(([f]) => f)).toEqual(expect.arrayContaining(['gatehouse.db', 'gatehouse.db-wal', 'master.key', join('syncs', `${connector}.ingested.sync`)]));
      for (const [file, mode] of files) expect(`${file} ${mode.toString(8)}`).toBe(`${file} ${(file === 'syncs' ? 0o700 : 0o600).toString(8)}`);
    } finally {
      await t.stop();
    }

    // A database left readable (by hand, by a backup restored with the wrong umask) is narrowed at start.
    chmodSync(join(dataDir, 'gatehouse.db'), 0o644);
    t = await startTestServer('sqlite', { dataDir });
    try {
      expect(t.log()).toMatch(/gatehouse\.db was readable by other users \(mode 0644\); it is now 0600/);
      expect(modeOf(join(dataDir, 'gatehouse.db'))).toBe(0o600);
    } finally {
      await t.stop();
    }
  });
});

describe('sync schedules', () => {
  it('run at most every 5 minutes, by croner’s own reading of the expression', () => {
    for (const often of ['* * * * * *', '*/30 * * * * *', '* * * * *', '*/2 * * * *', '0,4 * * * *', '* 3 * * *', '0,58 0,23 * * *', '* * 29 2 *']) expect(scheduleProblem(often), often).toMatch(/more often than every 5 minutes/);
    for (const fine of ['*/5 * * * *', '0 * * * *', '*/15 * * * *', '0 3 * * 1', '@daily', '0 0 1 1 *', '0 */5 * * * *']) expect(scheduleProblem(fine), fine).toBeUndefined();
    expect(scheduleProblem('every day')).toMatch(/not a valid cron expression/);
    expect(scheduleProblem('0 0 30 2 *')).toMatch(/never runs/);
  });

  describe.each(DIALECTS)('on %s', (dialect) => {
    let t: TestServer;
    let okta: OktaSimulator;
    beforeAll(async () => {
      okta = await new OktaSimulator({ seed: 3, users: 3, groups: 1, apps: 1 }).start();
      t = await startTestServer(dialect);
    });
    afterAll(async () => {
      await t?.stop();
      await okta?.close();
    });

    it('a schedule of every second is a 400 naming body.schedule and the minimum', async () => {
      const app = await t.admin('POST', '/apps', { name: 'Hammered' });
      const config = { domain: okta.url, apiToken: okta.token() };
      const everySecond = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config, schedule: '* * * * * *', syncNow: false });
      expect(everySecond.status).toBe(400);
      expect(everySecond.body.errors).toEqual([{ field: 'body.schedule', message: expect.stringContaining('syncs may start at most every 5 minutes') }]);
      const created = await t.admin('POST', `/apps/${app.body.id}/connectors`, { type: 'okta', config, schedule: '*/5 * * * *', syncNow: false });
      expect(created.status).toBe(201);
      const edited = await t.admin('PATCH', `/connectors/${created.body.id}`, { schedule: '*/2 * * * *' });
      expect(edited.status).toBe(400);
      expect(edited.body.errors[0]).toMatchObject({ field: 'body.schedule', message: expect.stringContaining('more often than every 5 minutes') });
      expect((await t.admin('GET', `/connectors/${created.body.id}`)).body.schedule).toBe('*/5 * * * *');
    });
  });
});

describe.each(DIALECTS)('input that must be a 400, not a 500, on %s', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(() => t?.stop());

  it('an unknown owner id on POST and PATCH /apps', async () => {
    const created = await t.admin('POST', '/apps', { name: 'Owned', owners: ['no-such-user'] });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ field: 'body.owners', message: 'unknown user no-such-user' }]);
    const app = await t.admin('POST', '/apps', { name: 'Owned' });
    const edited = await t.admin('PATCH', `/apps/${app.body.id}`, { owners: ['no-such-user'] });
    expect(edited.status).toBe(400);
    expect(edited.body.errors[0].field).toBe('body.owners');
  });

  it('a garbage cursor, and a 10 KB one', async () => {
    for (const cursor of ['garbage!', 'Z2FyYmFnZQ', encodeURIComponent('%00\u0000'), 'A'.repeat(10 * 1024)]) {
      const res = await t.admin('GET', `/resources?cursor=${cursor}`);
      expect(res.status, cursor.slice(0, 20)).toBe(400);
      expect(res.body.errors[0].field).toBe('querystring.cursor');
    }
  });
});

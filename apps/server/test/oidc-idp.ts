/**
 * A real OpenID provider on loopback for tests (oidc-provider, a certified implementation), with
 * its development login and consent pages, a client for Gatehouse, users with a groups claim,
 * and switches a test flips: `down` (connections are cut), `tamper` (rewrites the ID token the
 * token endpoint returns, e.g. re-signed with an expiry in the past). Also a small browser for
 * fetch: a cookie jar and the provider's forms filled in.
 */
import { createSign, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdpUser {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestIdp {
  issuer: string;
  users: Map<string, IdpUser>;
  /** Cut every connection while true (the provider is down). */
  down: boolean;
  /** Rewrites the ID token of the next token responses while set. */
  tamper: ((idToken: string) => string) | undefined;
  /** Creates the provider with its one client (the redirect URIs are known once Gatehouse has the provider's id). */
  configure(client: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris: string[] }): void;
  /** An ID token re-signed with the provider's own key, claims changed. */
  resign(idToken: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string;
  stop(): Promise<void>;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export async function startIdp(): Promise<TestIdp> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...(privateKey.export({ format: 'jwk' }) as JsonWebKey), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const idp: Partial<TestIdp> & { users: Map<string, IdpUser>; down: boolean } = { users: new Map(), down: false, tamper: undefined };
  const server = createServer((req, res) => {
    if (idp.down || !handler) return req.socket.destroy();
    const tamper = idp.tamper;
    if (tamper && req.method === 'POST' && req.url === '/token') {
      // Buffer the token response and rewrite its ID token before it leaves.
      const chunks: Buffer[] = [];
      const end = res.end.bind(res);
      res.write = ((chunk: Buffer | string) => (chunks.push(Buffer.from(chunk)), true)) as typeof res.write;
      res.end = ((chunk?: Buffer | string) => {
        if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk));
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id_token?: string };
        if (body.id_token) body.id_token = tamper(body.id_token);
        const out = JSON.stringify(body);
        res.setHeader('content-length', Buffer.byteLength(out));
        return end(out);
      }) as typeof res.end;
    }
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(idp, {
    issuer,
    configure(client: { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris: string[] }) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: client.redirectUris,
            post_logout_redirect_uris: client.postLogoutRedirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        jwks: { keys: [jwk] },
        cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
        // The claims in the ID token itself (as Okta or Entra put them), not only at userinfo.
        conformIdTokenClaims: false,
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
        findAccount: (_ctx, id) => {
          const user = idp.users.get(id);
          if (!user) return undefined;
          return { accountId: id, claims: () => ({ sub: id, ...user }) };
        },
      });
      handler = provider.callback();
    },
    resign(idToken: string, change: (claims: Record<string, unknown>) => Record<string, unknown>) {
      const [header, payload] = idToken.split('.');
      const claims = change(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>);
      const signingInput = `${header}.${b64(JSON.stringify(claims))}`;
      return `${signingInput}.${b64(createSign('RSA-SHA256').update(signingInput).sign(privateKey))}`;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  }) as TestIdp;
}

/** A browser's cookies (one jar per browser), by name: the tests' hosts are all 127.0.0.1. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\b/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired || !value) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  /** One request, no redirect followed. */
  async fetch(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = this.header();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.take(res);
    return res;
  }
}

/** The first form of a page: where it posts and its hidden fields. */
export function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return { action: new URL(action.replace(/&amp;/g, '&'), base).toString(), fields };
}

/**
 * From a URL at the provider (the start's redirect), through its login and consent pages as
 * `account`, to the redirect back to Gatehouse: returns that URL without asking for it.
 */
export async function signInAtIdp(jar: CookieJar, url: string, account: string, backTo: string): Promise<string> {
  for (let i = 0; i < 20; i++) {
    if (url.startsWith(backTo)) return url;
    const res = await jar.fetch(url);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location')!, url).toString();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${html.slice(0, 500)}`);
    const form = formOf(html, url);
    const fields: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login: account, password: 'any' } : { prompt: 'consent' };
    const posted = await jar.fetch(form.action, { form: { ...form.fields, ...fields } });
    if (posted.status < 300 || posted.status >= 400) throw new Error(`the provider's form answered ${posted.status}: ${(await posted.text()).slice(0, 500)}`);
    url = new URL(posted.headers.get('location')!, form.action).toString();
  }
  throw new Error('too many steps at the provider');
}

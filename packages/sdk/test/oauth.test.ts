import { listen, closeServer, readBody } from '@gatehouse/sdk/simkit';
import type { IncomingMessage, Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError, ClientCredentialsAuth, ConfigError, HttpClient } from '../src/index.js';

/** A token endpoint and an API that accepts only the newest token it handed out. */
async function oauthServer(options: { expiresIn?: number } = {}) {
  const seen: { tokenRequests: { authorization?: string; form: URLSearchParams }[]; apiCalls: number; refused: number } = { tokenRequests: [], apiCalls: 0, refused: 0 };
  let current = '';
  let issued = 0;
  const handler = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/env/as/token') {
      const form = new URLSearchParams(await readBody(req));
      seen.tokenRequests.push({ authorization: req.headers.authorization, form });
      const basic = req.headers.authorization === `Basic ${Buffer.from('id%3Awith%20colon:s%C3%A9cret%2F').toString('base64')}`;
      const posted = form.get('client_id') === 'id:with colon' && form.get('client_secret') === 'sécret/';
      if (!basic && !posted) return json(401, { error: 'invalid_client', error_description: 'Request denied' });
      await new Promise((r) => setTimeout(r, 20)); // slow enough for concurrent callers to pile up
      current = `token-${++issued}`;
      return json(200, { access_token: current, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 });
    }
    if (req.url === '/missing/as/token') return json(404, { error: 'invalid_request', error_description: 'no such environment' });
    seen.apiCalls++;
    if (req.headers.authorization !== `Bearer ${current}`) {
      seen.refused++;
      return json(401, { code: 'ACCESS_FAILED' });
    }
    json(200, { ok: true });
  };
  const { server, url } = await listen((req, res) => void handler(req, res));
  return { server, url, seen, rotate: () => (current = 'revoked') };
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => closeServer(s)));
  servers = [];
});

const credentials = { clientId: 'id:with colon', clientSecret: 'sécret/', vendor: 'Vendor' };

describe('ClientCredentialsAuth', () => {
  it('fetches one token for many concurrent requests (HTTP Basic, form-encoded id and secret) and reuses it', async () => {
    const s = await oauthServer();
    servers.push(s.server);
    const auth = new ClientCredentialsAuth({ tokenUrl: `${s.url}/env/as/token`, ...credentials });
    const api = new HttpClient({ baseUrl: s.url, auth });
    await Promise.all(Array.from({ length: 20 }, () => api.get('/thing')));
    await api.get('/thing');
    expect(s.seen.tokenRequests).toHaveLength(1);
    expect(s.seen.tokenRequests[0]!.form.get('grant_type')).toBe('client_credentials');
    expect(auth.tokensIssued).toBe(1);
    expect(api.apiCalls()).toBe(21);
    await Promise.all([api.close(), auth.close()]);
  });

  it('can send the credentials in the form instead', async () => {
    const s = await oauthServer();
    servers.push(s.server);
    const auth = new ClientCredentialsAuth({ tokenUrl: `${s.url}/env/as/token`, ...credentials, clientAuth: 'post' });
    const api = new HttpClient({ baseUrl: s.url, auth });
    await api.get('/thing');
    expect(s.seen.tokenRequests[0]!.authorization).toBeUndefined();
    await Promise.all([api.close(), auth.close()]);
  });

  it('renews a token shortly before it expires', async () => {
    const s = await oauthServer({ expiresIn: 1 });
    servers.push(s.server);
    const auth = new ClientCredentialsAuth({ tokenUrl: `${s.url}/env/as/token`, ...credentials });
    const api = new HttpClient({ baseUrl: s.url, auth });
    await api.get('/thing');
    await new Promise((r) => setTimeout(r, 950)); // past 90% of the 1 s lifetime
    await api.get('/thing');
    expect(auth.tokensIssued).toBe(2);
    expect(s.seen.refused).toBe(0);
    await Promise.all([api.close(), auth.close()]);
  });

  it('a token refused with 401 is replaced once and the request retried; a second 401 is an error', async () => {
    const s = await oauthServer();
    servers.push(s.server);
    const auth = new ClientCredentialsAuth({ tokenUrl: `${s.url}/env/as/token`, ...credentials });
    const api = new HttpClient({ baseUrl: s.url, auth });
    await api.get('/thing');
    s.rotate(); // the server forgets the token
    await Promise.all(Array.from({ length: 5 }, () => api.get('/thing')));
    expect(s.seen.refused).toBe(5);
    expect(auth.tokensIssued).toBe(2); // five refusals, one new token
    await Promise.all([api.close(), auth.close()]);
  });

  it('wrong credentials and a missing token endpoint are told apart', async () => {
    const s = await oauthServer();
    servers.push(s.server);
    const wrong = new ClientCredentialsAuth({ tokenUrl: `${s.url}/env/as/token`, ...credentials, clientSecret: 'nope' });
    await expect(wrong.headers()).rejects.toThrow(AuthenticationError);
    await expect(wrong.headers()).rejects.toThrow(/Vendor refused the client credentials \(invalid_client: Request denied\)/);
    const missing = new ClientCredentialsAuth({ tokenUrl: `${s.url}/missing/as/token`, ...credentials });
    await expect(missing.headers()).rejects.toThrow(ConfigError);
    await Promise.all([wrong.close(), missing.close()]);
  });
});

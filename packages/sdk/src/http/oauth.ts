/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) as a RequestAuth for HttpClient: one token is
 * fetched when first needed, shared by every request in flight, reused until shortly before it
 * expires, and fetched anew when the API refuses it (a 401) or when it is about to expire.
 */
import { AuthenticationError, ConfigError, UpstreamError } from '../errors.js';
import type { OutboundPolicy } from './outbound.js';
import type { Logger } from '../log.js';
import { HttpClient, HttpStatusError, type HttpClientOptions, type RequestAuth } from './client.js';

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; omitted when the server grants the client's own. */
  scope?: string;
  /** `basic`: HTTP Basic client authentication (RFC 6749 §2.3.1, the default); `post`: id and secret in the form. */
  clientAuth?: 'basic' | 'post';
  /** Names the vendor in error messages ("PingOne refused the client credentials: …"). */
  vendor: string;
  logger?: Logger;
  /** The outbound address policy (see HttpClientOptions.outbound). */
  outbound?: OutboundPolicy;
  /** Told of 429s from the token endpoint (see HttpClientOptions.onRateLimited). */
  onRateLimited?: HttpClientOptions['onRateLimited'];
  timeoutMs?: number;
  /** Renew this long before expiry (capped at a tenth of the token's lifetime, for short-lived tokens). */
  renewBeforeMs?: number;
}

interface TokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

interface HeldToken {
  headers: Record<string, string>;
  renewAt: number;
}

export class ClientCredentialsAuth implements RequestAuth {
  private readonly http: HttpClient;
  private held?: HeldToken;
  private pending?: Promise<HeldToken>;
  /** Tokens fetched so far (kept apart from API calls: the token endpoint has its own limits). */
  tokensIssued = 0;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.http = new HttpClient({
      baseUrl: options.tokenUrl,
      connections: 2,
      timeoutMs: options.timeoutMs,
      maxRetries: 4,
      logger: options.logger,
      outbound: options.outbound,
      onRateLimited: options.onRateLimited,
      mapError: (e) => this.mapError(e),
    });
  }

  async headers(): Promise<Record<string, string>> {
    if (this.held && Date.now() < this.held.renewAt) return this.held.headers;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).headers;
  }

  invalidate(rejected: Record<string, string>): void {
    if (this.held && this.held.headers.authorization === rejected.authorization) this.held = undefined;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private async fetchToken(): Promise<HeldToken> {
    const { clientId, clientSecret, scope } = this.options;
    const form: Record<string, string> = { grant_type: 'client_credentials' };
    if (scope) form.scope = scope;
    const headers: Record<string, string> = {};
    if ((this.options.clientAuth ?? 'basic') === 'basic') {
      // RFC 6749 §2.3.1: id and secret are form-encoded before being joined for Basic.
      const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      form.client_id = clientId;
      form.client_secret = clientSecret;
    }
    const started = Date.now();
    const res = await this.http.post<TokenResponse>(this.options.tokenUrl, { form, headers });
    const token = res.body?.access_token;
    if (typeof token !== 'string' || token.length === 0) {
      throw new UpstreamError(`${this.options.vendor} token endpoint answered without an access_token`);
    }
    this.tokensIssued++;
    const lifetimeMs = (Number(res.body.expires_in) > 0 ? Number(res.body.expires_in) : 3600) * 1000;
    const margin = Math.min(this.options.renewBeforeMs ?? 60_000, lifetimeMs / 10);
    this.held = { headers: { authorization: `Bearer ${token}` }, renewAt: started + lifetimeMs - margin };
    this.options.logger?.debug({ expiresInMs: lifetimeMs }, 'access token issued');
    return this.held;
  }

  private mapError(e: HttpStatusError): Error | undefined {
    const body = (e.body ?? {}) as TokenResponse;
    const detail = [body.error, body.error_description].filter(Boolean).join(': ') || `HTTP ${e.status}`;
    if (e.status === 404) {
      return new ConfigError(`${this.options.vendor} has no token endpoint at ${e.url} (${detail}); check the environment id and the region`);
    }
    if (e.status === 400 || e.status === 401 || e.status === 403) {
      return new AuthenticationError(`${this.options.vendor} refused the client credentials (${detail}); check the client id, the secret and the environment`);
    }
    return new UpstreamError(`${this.options.vendor} token endpoint: ${detail}`, e.status);
  }
}

/**
 * The PingOne API as the connector sees it: an SDK HttpClient authenticated with a worker app's
 * client credentials, PingOne's error bodies turned into typed errors (a 403 names the scope the
 * worker lacks), and HAL paging helpers.
 */
import {
  AuthenticationError,
  ClientCredentialsAuth,
  HttpClient,
  NotFoundError,
  PermissionDeniedError,
  UpstreamError,
  type ConnectorHttpOptions,
  type HttpStatusError,
} from '@gatehouse/sdk';

interface P1ErrorBody {
  id?: string;
  code?: string;
  message?: string;
  details?: { code?: string; target?: string; message?: string }[];
}

/**
 * The scope each operation needs (the seed doc's list). Reading a user's role assignments counts
 * as reading roles; a group's members are read through the users list.
 */
const SCOPES: { method: RegExp; path: RegExp; scope: string }[] = [
  { method: /GET/, path: /\/roles(\/|$)|\/roleAssignments/, scope: 'p1:read:role' },
  { method: /POST|PUT|DELETE/, path: /\/roleAssignments/, scope: 'p1:update:role' },
  { method: /GET/, path: /\/groups(\/|$)|\/memberOfGroups/, scope: 'p1:read:userGroup' },
  { method: /POST|PUT|DELETE/, path: /\/memberOfGroups/, scope: 'p1:update:userGroup' },
  { method: /GET/, path: /\/populations(\/|$)/, scope: 'p1:read:population' },
  { method: /POST/, path: /\/users$/, scope: 'p1:create:user' },
  { method: /DELETE/, path: /\/users\/[^/]+$/, scope: 'p1:delete:user' },
  { method: /PUT|PATCH|POST/, path: /\/users\//, scope: 'p1:update:user' },
  { method: /.*/, path: /.*/, scope: 'p1:read:user' },
];

export const REQUIRED_SCOPES = ['p1:read:user', 'p1:read:userGroup', 'p1:read:role', 'p1:read:population', 'p1:create:user', 'p1:update:user', 'p1:delete:user', 'p1:update:userGroup', 'p1:update:role'];

export function scopeFor(method: string, path: string): string {
  return SCOPES.find((s) => s.method.test(method) && s.path.test(path))!.scope;
}

/** A 4xx that PingOne explained: the detail codes let callers tell "already there" from a real refusal. */
export class PingOneApiError extends UpstreamError {
  override name = 'PingOneApiError';
  constructor(
    message: string,
    status: number,
    readonly code: string | undefined,
    readonly detailCodes: string[],
  ) {
    super(message, status);
  }
}

function describe(body: unknown): string {
  const b = (body ?? {}) as P1ErrorBody;
  if (!b.code) return '';
  const details = (b.details ?? []).map((d) => [d.code, d.target, d.message].filter(Boolean).join(' ')).filter(Boolean);
  return `${b.code}: ${b.message ?? ''}${details.length ? ` (${details.join('; ')})` : ''}`.trim();
}

export function mapPingOneError(error: HttpStatusError): Error {
  const path = new URL(error.url).pathname;
  const what = `${error.method} ${path}`;
  const detail = describe(error.body) || `HTTP ${error.status}`;
  if (error.status === 401) return new AuthenticationError(`PingOne refused the access token: ${detail}`);
  if (error.status === 403) {
    const scope = scopeFor(error.method, path);
    return new PermissionDeniedError(`${what}: the worker application lacks ${scope} (or a role that grants it): ${detail}`, scope);
  }
  if (error.status === 404) return new NotFoundError(`${what}: ${detail}`);
  const body = (error.body ?? {}) as P1ErrorBody;
  return new PingOneApiError(`${what}: ${detail}`, error.status, body.code, (body.details ?? []).map((d) => d.code ?? ''));
}

export interface PingOneClient {
  http: HttpClient;
  auth: ClientCredentialsAuth;
}

/** `options`: the context's logger, outbound policy and 429 observer (`httpOptions(ctx)`), for the API and the token endpoint. */
export function createPingOneClient(endpoints: { api: string; token: string }, credentials: { clientId: string; clientSecret: string }, options: ConnectorHttpOptions): PingOneClient {
  const auth = new ClientCredentialsAuth({ tokenUrl: endpoints.token, ...credentials, vendor: 'PingOne', ...options });
  const http = new HttpClient({
    baseUrl: endpoints.api,
    headers: { 'user-agent': 'gatehouse-pingone/0.1' },
    connections: 32,
    auth,
    mapError: mapPingOneError,
    ...options,
  });
  return { http, auth };
}

/** HAL collections: the embedded list under `key`, and the next page's URL. */
export interface HalCollection<T> {
  _embedded?: Record<string, T[] | undefined>;
  _links?: { next?: { href?: string } };
  size?: number;
  count?: number;
}

export function embedded<T>(body: HalCollection<T>, key: string): T[] {
  return body?._embedded?.[key] ?? [];
}

export function nextHref(body: HalCollection<unknown>): string | undefined {
  return body?._links?.next?.href || undefined;
}

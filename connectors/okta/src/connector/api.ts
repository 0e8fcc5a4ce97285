/**
 * The Okta API as the connector sees it: an SDK HttpClient with SSWS auth, Okta's error bodies
 * turned into typed errors that name the permission a token lacks, and link-following helpers.
 */
import {
  AuthenticationError,
  HttpClient,
  NotFoundError,
  PermissionDeniedError,
  UpstreamError,
  nextLinkToken,
  type ConnectorHttpOptions,
  type HttpStatusError,
} from '@gatehouse/sdk';

interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
}

/** Which admin permission an operation needs, in the words of Okta's docs. */
const PERMISSIONS: { method: RegExp; path: RegExp; permission: string }[] = [
  { method: /GET/, path: /\/roles|\/iam\//, permission: 'okta.roles.read (reading admin roles needs a Super Administrator token)' },
  { method: /POST|PUT|DELETE/, path: /\/roles/, permission: 'okta.roles.manage (assigning admin roles needs a Super Administrator token)' },
  { method: /PUT|DELETE/, path: /^\/api\/v1\/groups\/[^/]+\/users\//, permission: 'okta.groups.manage (Group Membership Administrator or Group Administrator)' },
  { method: /POST|PUT|DELETE/, path: /^\/api\/v1\/apps\/[^/]+\/(users|groups)/, permission: 'okta.apps.manage (Application Administrator)' },
  { method: /POST|PUT|DELETE/, path: /^\/api\/v1\/users/, permission: 'okta.users.manage (Organization Administrator or Super Administrator)' },
  { method: /POST|PUT|DELETE/, path: /^\/api\/v1\/groups/, permission: 'okta.groups.manage (Group Administrator)' },
  { method: /.*/, path: /.*/, permission: 'okta.*.read (a Read-only Administrator token at least)' },
];

export function permissionFor(method: string, path: string): string {
  return PERMISSIONS.find((p) => p.method.test(method) && p.path.test(path))!.permission;
}

function describe(body: unknown): string {
  const b = (body ?? {}) as OktaErrorBody;
  if (!b.errorCode) return '';
  const causes = (b.errorCauses ?? []).map((c) => c.errorSummary).filter(Boolean);
  return `${b.errorCode} ${b.errorSummary ?? ''}${causes.length ? ` (${causes.join('; ')})` : ''}`.trim();
}

export function mapOktaError(error: HttpStatusError): Error {
  const url = new URL(error.url);
  const what = `${error.method} ${url.pathname}`;
  const detail = describe(error.body) || `HTTP ${error.status}`;
  if (error.status === 401) return new AuthenticationError(`Okta refused the API token: ${detail}`);
  if (error.status === 403) {
    const permission = permissionFor(error.method, url.pathname);
    return new PermissionDeniedError(`${what}: the API token lacks ${permission}: ${detail}`, permission);
  }
  if (error.status === 404) return new NotFoundError(`${what}: ${detail}`);
  return new UpstreamError(`${what}: ${detail}`, error.status);
}

/** `http`: the context's logger, outbound policy and 429 observer (`httpOptions(ctx)`). */
export function createOktaClient(baseUrl: string, apiToken: string, http: ConnectorHttpOptions): HttpClient {
  return new HttpClient({
    baseUrl,
    headers: { authorization: `SSWS ${apiToken}`, 'user-agent': 'gatehouse-okta/0.1' },
    connections: 32,
    mapError: mapOktaError,
    ...http,
  });
}

/** Okta pages lists through `Link: <…>; rel="next"`; the IAM lists through `_links.next.href` in the body. */
export function bodyNextToken(body: { _links?: { next?: { href?: string } } }): string | undefined {
  const href = body._links?.next?.href;
  if (!href) return undefined;
  const url = new URL(href, 'http://placeholder');
  return url.pathname + url.search;
}

export { nextLinkToken };

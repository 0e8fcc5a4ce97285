/**
 * The PagerDuty REST API v2 as the connector sees it: an SDK HttpClient with Token auth and the
 * version-2 Accept header, PagerDuty's error wrapper turned into typed errors, and classic
 * offset pagination with its 10000 cap.
 */
import { AuthenticationError, HttpClient, NotFoundError, PermissionDeniedError, UpstreamError, type ConnectorHttpOptions, type HttpStatusError } from '@gatehouse/sdk';

interface PdErrorBody {
  error?: { code?: number; message?: string; errors?: string[] };
}

/** PagerDuty's page size limit and the furthest a listing may reach through `offset`. */
export const MAX_LIMIT = 100;
export const OFFSET_CAP = 10_000;

export interface PdPage {
  offset: number;
  limit: number;
  more: boolean;
  total: number | null;
}

function describe(body: unknown): string {
  const e = (body as PdErrorBody | undefined)?.error;
  if (!e) return '';
  return `${e.message ?? 'error'}${e.code !== undefined ? ` (${e.code})` : ''}${e.errors?.length ? `: ${e.errors.join('; ')}` : ''}`;
}

export function mapPagerDutyError(error: HttpStatusError): Error {
  const what = `${error.method} ${new URL(error.url).pathname}`;
  const detail = describe(error.body) || `HTTP ${error.status}`;
  if (error.status === 401) return new AuthenticationError(`PagerDuty refused the API key: ${detail}`);
  if (error.status === 403) return new PermissionDeniedError(`${what}: ${detail}; changes need a full-access API key (read-only keys can only read)`, 'full-access API key');
  if (error.status === 402) return new PermissionDeniedError(`${what}: ${detail}; the PagerDuty plan lacks this ability`, 'account ability');
  if (error.status === 404) return new NotFoundError(`${what}: ${detail}`);
  return new UpstreamError(`${what}: ${detail}`, error.status);
}

/** `http`: the context's logger, outbound policy and 429 observer (`httpOptions(ctx)`). */
export function createPagerDutyClient(baseUrl: string, apiKey: string, http: ConnectorHttpOptions): HttpClient {
  return new HttpClient({
    baseUrl,
    headers: { authorization: `Token token=${apiKey}`, accept: 'application/vnd.pagerduty+json;version=2', 'user-agent': 'gatehouse-pagerduty/0.1' },
    connections: 16,
    mapError: mapPagerDutyError,
    ...http,
  });
}

/**
 * Panther's GraphQL API as the connector sees it: POSTs of `{query, variables}` with X-API-Key
 * through the SDK HttpClient (retries, 429s), and GraphQL errors turned into typed errors. A
 * refused permission names the permission the operation needs, since Panther's message may not.
 */
import {
  AuthenticationError,
  ConfigError,
  HttpClient,
  NotFoundError,
  PermissionDeniedError,
  UpstreamError,
  type ConnectorHttpOptions,
  type HttpStatusError,
} from '@gatehouse/sdk';

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
  /** The gateway's answer when the token is refused (no `errors`). */
  message?: string;
}

/** A refusal Panther explained with one of its error codes (AlreadyExists, InvalidInput, …). */
export class PantherApiError extends UpstreamError {
  override name = 'PantherApiError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message, 400);
  }
}

function gatewayMessage(body: unknown): string {
  const b = body as { message?: string; Message?: string } | undefined;
  return b?.message ?? b?.Message ?? '';
}

export function mapPantherHttpError(error: HttpStatusError): Error {
  const detail = gatewayMessage(error.body) || `HTTP ${error.status}`;
  if (error.status === 401) return new AuthenticationError(`Panther refused the API token: ${detail}`);
  if (error.status === 403) return new PermissionDeniedError(`Panther refused the API token: ${detail}`, 'API token');
  if (error.status === 404) return new ConfigError(`no Panther API at ${error.url}: copy the API URL from Settings → API Tokens (${detail})`);
  return new UpstreamError(`${error.method} ${new URL(error.url).pathname}: ${detail}`, error.status);
}

const DENIED = /access denied|not authori[sz]ed|permission/i;

export class PantherGraphQL {
  readonly http: HttpClient;

  constructor(
    private readonly apiUrl: string,
    apiKey: string,
    /** The context's logger, outbound policy and 429 observer (`httpOptions(ctx)`). */
    options: ConnectorHttpOptions,
  ) {
    this.http = new HttpClient({
      baseUrl: apiUrl,
      headers: { 'x-api-key': apiKey, 'user-agent': 'gatehouse-panther/0.1' },
      connections: 8,
      mapError: mapPantherHttpError,
      ...options,
    });
  }

  /**
   * Runs one operation. `permission` is what Panther requires for it (named in the error when the
   * token lacks it); `what` says what was being done, for messages.
   */
  async run<T>(what: string, permission: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.http.post<GraphQLResponse<T>>(this.apiUrl, { body: variables ? { query, variables } : { query } });
    const body = res.body;
    if (!body || typeof body !== 'object') throw new UpstreamError(`${what}: Panther answered something that is not a GraphQL response`, res.status);
    const first = body.errors?.[0];
    if (first) {
      const message = `${what}: ${first.message ?? 'error'}`;
      const code = first.extensions?.code;
      if (code === 'AccessDenied' || DENIED.test(first.message ?? '')) throw new PermissionDeniedError(`${message} (needs ${permission})`, permission);
      if (code === 'NotFound') throw new NotFoundError(message);
      throw new PantherApiError(message, code);
    }
    if (!body.data) throw new UpstreamError(`${what}: ${body.message ?? 'Panther answered without data'}`, res.status);
    return body.data;
  }

  apiCalls(): number {
    return this.http.apiCalls();
  }
}

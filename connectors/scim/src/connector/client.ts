/**
 * A SCIM 2.0 client (RFC 7644) over the SDK HttpClient: list pages (`startIndex`/`count`), get,
 * create, PUT, PATCH and DELETE, with SCIM error bodies (`status`, `scimType`, `detail`) turned
 * into typed errors. Used by the generic SCIM connector, and by connectors whose vendor offers
 * SCIM beside its own API (Panther deactivates users only through SCIM).
 */
import {
  AuthenticationError,
  HttpClient,
  NotFoundError,
  PermissionDeniedError,
  UpstreamError,
  type ChangeResult,
  type ConnectorHttpOptions,
  type HttpStatusError,
} from '@gatehouse/sdk';

export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

export type ScimEndpoint = 'Users' | 'Groups';

export interface ScimMultiValue {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
  $ref?: string;
}

export interface ScimResource {
  id: string;
  schemas?: string[];
  externalId?: string;
  userName?: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string; formatted?: string };
  emails?: ScimMultiValue[];
  active?: boolean;
  members?: ScimMultiValue[];
  meta?: { resourceType?: string; created?: string; lastModified?: string; location?: string };
  [attribute: string]: unknown;
}

export interface ScimListResponse<T = ScimResource> {
  totalResults: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: T[];
}

export interface ScimPatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** A refusal the service provider explained (RFC 7644 §3.12): `scimType` tells invalidFilter from uniqueness, … */
export class ScimApiError extends UpstreamError {
  override name = 'ScimApiError';
  constructor(
    message: string,
    override readonly status: number,
    readonly scimType: string | undefined,
    readonly detail: string,
  ) {
    super(message, status);
  }
}

function errorDetail(body: unknown): { scimType?: string; detail: string } {
  const b = body as { scimType?: string; detail?: string; message?: string } | undefined;
  return { scimType: b?.scimType, detail: b?.detail ?? b?.message ?? '' };
}

export function mapScimError(error: HttpStatusError): Error {
  const what = `${error.method} ${new URL(error.url).pathname}`;
  const { scimType, detail } = errorDetail(error.body);
  const text = `${what}: ${detail || `HTTP ${error.status}`}${scimType ? ` (${scimType})` : ''}`;
  if (error.status === 401) return new AuthenticationError(`the SCIM service refused the token: ${detail || 'HTTP 401'}`);
  if (error.status === 403) return new PermissionDeniedError(text, 'SCIM token');
  if (error.status === 404) return new NotFoundError(text);
  return new ScimApiError(text, error.status, scimType, detail);
}

/** With the context's logger, outbound policy and 429 observer (`...httpOptions(ctx)`). */
export interface ScimClientOptions extends ConnectorHttpOptions {
  baseUrl: string;
  /** The credential headers (Authorization: Bearer …, or an app's own header). */
  headers: Record<string, string>;
}

export class ScimClient {
  readonly http: HttpClient;

  constructor(options: ScimClientOptions) {
    this.http = new HttpClient({
      baseUrl: options.baseUrl,
      headers: { accept: 'application/scim+json, application/json', 'user-agent': 'gatehouse-scim/0.1', ...options.headers },
      secretHeaders: Object.keys(options.headers),
      connections: 8,
      mapError: mapScimError,
      logger: options.logger,
      outbound: options.outbound,
      onRateLimited: options.onRateLimited,
    });
  }

  async list(endpoint: ScimEndpoint, startIndex: number, count: number, filter?: string, extra: Record<string, string> = {}): Promise<ScimListResponse> {
    const res = await this.http.get<ScimListResponse>(endpoint, { query: { ...(filter ? { filter } : {}), startIndex, count, ...extra } });
    const body = res.body;
    if (!body || typeof body !== 'object' || typeof body.totalResults !== 'number') {
      throw new UpstreamError(`GET /${endpoint}: not a SCIM ListResponse (no totalResults)`, res.status);
    }
    return body;
  }

  /** The resource, or undefined when it does not exist. */
  async get(endpoint: ScimEndpoint, id: string): Promise<ScimResource | undefined> {
    try {
      return (await this.http.get<ScimResource>(`${endpoint}/${encodeURIComponent(id)}`)).body;
    } catch (err) {
      if (err instanceof NotFoundError) return undefined;
      throw err;
    }
  }

  async create(endpoint: ScimEndpoint, body: Record<string, unknown>): Promise<ScimResource> {
    return (await this.http.post<ScimResource>(endpoint, { body, headers: { 'content-type': 'application/scim+json' } })).body;
  }

  async replace(endpoint: ScimEndpoint, id: string, body: Record<string, unknown>): Promise<ScimResource> {
    return (await this.http.put<ScimResource>(`${endpoint}/${encodeURIComponent(id)}`, { body, headers: { 'content-type': 'application/scim+json' } })).body;
  }

  /** PATCH (RFC 7644 §3.5.2); some providers answer 204 without the resource. */
  async patch(endpoint: ScimEndpoint, id: string, operations: ScimPatchOperation[]): Promise<ScimResource | undefined> {
    const res = await this.http.request<ScimResource | undefined>('PATCH', `${endpoint}/${encodeURIComponent(id)}`, {
      body: { schemas: [SCIM_SCHEMAS.patchOp], Operations: operations },
      headers: { 'content-type': 'application/scim+json' },
    });
    return res.body || undefined;
  }

  async remove(endpoint: ScimEndpoint, id: string): Promise<boolean> {
    try {
      await this.http.delete(`${endpoint}/${encodeURIComponent(id)}`);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  /**
   * Deactivates or reactivates a user with PATCH `replace` of `active`, the way Okta sends it (no
   * path, an object value), which every provider that follows Okta's guide accepts.
   */
  async setActive(id: string, active: boolean): Promise<ChangeResult> {
    const user = await this.get('Users', id);
    if (!user) throw new NotFoundError(`SCIM user ${id} does not exist`);
    if (user.active === active) return { changed: false, detail: active ? 'already active' : 'already deactivated' };
    await this.patch('Users', id, [{ op: 'replace', value: { active } }]);
    return { changed: true, detail: active ? 'reactivated' : 'deactivated' };
  }

  apiCalls(): number {
    return this.http.apiCalls();
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

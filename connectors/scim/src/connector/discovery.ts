/**
 * What a SCIM service provider supports, read from its discovery endpoints (RFC 7644 §4:
 * /ServiceProviderConfig, /ResourceTypes, /Schemas) and, where those are missing (Panther has
 * none), learnt from how it answers: a /Groups that answers 404 means no groups. What is learnt
 * later (a POST /Users refused as not implemented) is recorded here too, so it is asked once.
 */
import { NotFoundError, type Logger } from '@gatehouse/sdk';
import { ScimApiError, type ScimClient, type ScimListResponse } from './client.js';

export interface SchemaAttribute {
  name: string;
  multiValued?: boolean;
  canonicalValues?: string[];
  subAttributes?: SchemaAttribute[];
}

export interface Capabilities {
  /** Where the answers came from: the discovery endpoints, or probing. */
  source: 'discovery' | 'probing';
  groups: boolean;
  /** Filtering (`eq` is all the connector ever sends); false: never filter, page through instead. */
  filter: boolean;
  /** PATCH (RFC 7644 §3.5.2); false: changes are made with PUT of the whole resource. */
  patch: boolean;
  /** The most resources one list request may ask for. */
  maxResults?: number;
  /** Set once a create was refused: the provider's reason. */
  createRefused?: string;
  /** User attributes as /Schemas describes them (empty without /Schemas). */
  userAttributes: Map<string, SchemaAttribute>;
}

interface ServiceProviderConfig {
  patch?: { supported?: boolean };
  filter?: { supported?: boolean; maxResults?: number };
}

interface ResourceTypeInfo {
  name?: string;
  endpoint?: string;
}

interface SchemaInfo {
  id: string;
  attributes?: SchemaAttribute[];
}

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Discovery endpoints answer a resource, or a ListResponse of them (both are seen in the wild). */
function listed<T>(body: unknown): T[] {
  const b = body as ScimListResponse<T> | T[] | undefined;
  if (Array.isArray(b)) return b;
  return (b as ScimListResponse<T> | undefined)?.Resources ?? [];
}

async function optional<T>(what: () => Promise<T>): Promise<T | undefined> {
  try {
    return await what();
  } catch (err) {
    // Missing, not implemented or refused: the provider does not offer it.
    if (err instanceof NotFoundError || (err instanceof ScimApiError && [400, 405, 501].includes(err.status))) return undefined;
    throw err;
  }
}

export async function discover(client: ScimClient, logger: Logger): Promise<Capabilities> {
  const spc = await optional(async () => (await client.http.get<ServiceProviderConfig>('ServiceProviderConfig')).body);
  const types = await optional(async () => listed<ResourceTypeInfo>((await client.http.get('ResourceTypes')).body));
  const schemas = await optional(async () => listed<SchemaInfo>((await client.http.get('Schemas')).body));

  let groups: boolean;
  if (types?.length) groups = types.some((t) => t.name === 'Group' || t.endpoint === '/Groups');
  else groups = (await optional(() => client.list('Groups', 1, 1))) !== undefined;

  const userAttributes = new Map<string, SchemaAttribute>();
  for (const a of schemas?.find((s) => s.id === USER_SCHEMA)?.attributes ?? []) userAttributes.set(a.name.toLowerCase(), a);
  for (const s of schemas ?? []) {
    // Extension attributes are addressed with their schema URN.
    if (s.id !== USER_SCHEMA && s.id.includes(':User')) for (const a of s.attributes ?? []) userAttributes.set(`${s.id}:${a.name}`.toLowerCase(), a);
  }

  const capabilities: Capabilities = {
    source: spc ? 'discovery' : 'probing',
    groups,
    filter: spc?.filter?.supported ?? true,
    patch: spc?.patch?.supported ?? true,
    maxResults: spc?.filter?.maxResults,
    userAttributes,
  };
  logger.info({ ...capabilities, userAttributes: userAttributes.size }, 'scim: service provider capabilities');
  return capabilities;
}

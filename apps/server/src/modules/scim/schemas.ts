/**
 * What this SCIM service provider supports, as data: the User, Group and enterprise extension
 * schemas (RFC 7643 §4, §8.7), which `/Schemas` and `/ResourceTypes` publish and PATCH and the
 * resource mapping read (canonical attribute names, which attributes are multi-valued or read-only).
 */
export const URN = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  search: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export interface AttrDef {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'integer';
  multiValued?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  required?: boolean;
  caseExact?: boolean;
  uniqueness?: 'none' | 'server';
  returned?: 'always' | 'default';
  subAttributes?: AttrDef[];
  description?: string;
}

const s = (name: string, more: Partial<AttrDef> = {}): AttrDef => ({ name, type: 'string', ...more });
const multi = (name: string, sub: AttrDef[], more: Partial<AttrDef> = {}): AttrDef => ({ name, type: 'complex', multiValued: true, subAttributes: sub, ...more });
const typed = [s('value'), s('display'), s('type'), { name: 'primary', type: 'boolean' } as AttrDef];

/** Attributes every resource has (RFC 7643 §3.1). */
const COMMON: AttrDef[] = [
  s('id', { mutability: 'readOnly', caseExact: true, uniqueness: 'server', returned: 'always' }),
  s('externalId', { caseExact: true }),
  {
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    subAttributes: [s('resourceType', { mutability: 'readOnly' }), { name: 'created', type: 'dateTime', mutability: 'readOnly' }, { name: 'lastModified', type: 'dateTime', mutability: 'readOnly' }, s('location', { mutability: 'readOnly' }), s('version', { mutability: 'readOnly', caseExact: true })],
  },
];

export const USER_ATTRS: AttrDef[] = [
  s('userName', { required: true, uniqueness: 'server', description: "Unique (case-insensitively); the platform user's email when it is one" }),
  { name: 'name', type: 'complex', subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => s(n)) },
  s('displayName'),
  s('nickName'),
  s('profileUrl', { type: 'reference' }),
  s('title'),
  s('userType'),
  s('preferredLanguage'),
  s('locale'),
  s('timezone'),
  { name: 'active', type: 'boolean', description: 'false: the platform user is disabled (cannot sign in; their sessions end)' },
  multi('emails', typed),
  multi('phoneNumbers', typed),
  multi('addresses', ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((n) => s(n)).concat({ name: 'primary', type: 'boolean' })),
  multi('groups', [s('value', { mutability: 'readOnly' }), s('$ref', { type: 'reference', mutability: 'readOnly' }), s('display', { mutability: 'readOnly' }), s('type', { mutability: 'readOnly' })], { mutability: 'readOnly' }),
];

export const ENTERPRISE_ATTRS: AttrDef[] = [
  s('employeeNumber'),
  s('costCenter'),
  s('organization'),
  s('division'),
  s('department'),
  { name: 'manager', type: 'complex', subAttributes: [s('value'), s('$ref', { type: 'reference' }), s('displayName', { mutability: 'readOnly' })] },
];

export const GROUP_ATTRS: AttrDef[] = [
  s('displayName', { required: true }),
  multi('members', [s('value', { mutability: 'immutable' }), s('$ref', { type: 'reference', mutability: 'immutable' }), s('display', { mutability: 'readOnly' }), s('type', { mutability: 'immutable' })]),
];

export interface ResourceSchema {
  core: string;
  attrs: AttrDef[];
  extensions: Record<string, AttrDef[]>;
}

export const USER_SCHEMA: ResourceSchema = { core: URN.user, attrs: [...COMMON, ...USER_ATTRS], extensions: { [URN.enterprise]: ENTERPRISE_ATTRS } };
export const GROUP_SCHEMA: ResourceSchema = { core: URN.group, attrs: [...COMMON, ...GROUP_ATTRS], extensions: {} };

const full = (a: AttrDef): Record<string, unknown> => ({
  name: a.name,
  type: a.type,
  multiValued: a.multiValued ?? false,
  description: a.description ?? '',
  required: a.required ?? false,
  ...(a.type === 'string' || a.type === 'reference' ? { caseExact: a.caseExact ?? false } : {}),
  mutability: a.mutability ?? 'readWrite',
  returned: a.returned ?? 'default',
  uniqueness: a.uniqueness ?? 'none',
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(full) } : {}),
  ...(a.type === 'reference' ? { referenceTypes: a.name === 'profileUrl' ? ['external'] : ['User', 'Group'] } : {}),
});

export function schemasDoc(base: string) {
  const one = (id: string, name: string, attrs: AttrDef[]) => ({
    schemas: [URN.schema],
    id,
    name,
    description: `${name} resources of Gatehouse`,
    attributes: attrs.map(full),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
  });
  return [one(URN.user, 'User', USER_ATTRS), one(URN.group, 'Group', GROUP_ATTRS), one(URN.enterprise, 'EnterpriseUser', ENTERPRISE_ATTRS)];
}

export function resourceTypesDoc(base: string) {
  return [
    { schemas: [URN.resourceType], id: 'User', name: 'User', endpoint: '/Users', description: 'Platform users', schema: URN.user, schemaExtensions: [{ schema: URN.enterprise, required: false }], meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` } },
    { schemas: [URN.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Groups (a mapped group sets its members’ platform role)', schema: URN.group, schemaExtensions: [], meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` } },
  ];
}

export const MAX_RESULTS = 1000;

export function serviceProviderConfigDoc(base: string) {
  return {
    schemas: [URN.spc],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'Bearer token', description: 'A SCIM client token: POST /api/v1/scim-clients', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}

/** The definition of an attribute (case-insensitively), in the core schema or the named extension. */
export function findAttr(schema: ResourceSchema, urn: string | undefined, attr: string): AttrDef | undefined {
  const list = !urn || urn.toLowerCase() === schema.core.toLowerCase() ? schema.attrs : Object.entries(schema.extensions).find(([u]) => u.toLowerCase() === urn.toLowerCase())?.[1];
  return list?.find((a) => a.name.toLowerCase() === attr.toLowerCase());
}

export function findSub(def: AttrDef, sub: string): AttrDef | undefined {
  return def.subAttributes?.find((a) => a.name.toLowerCase() === sub.toLowerCase());
}

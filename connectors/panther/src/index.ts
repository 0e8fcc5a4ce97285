import { checkedBaseUrl, defineConnector } from '@gatehouse/sdk';
import { pantherConfigSchema } from './connector/config.js';
import { PantherConnector } from './connector/connector.js';
import { RESOURCE_TYPES } from './connector/mapping.js';

export const pantherConnector = defineConnector({
  name: 'panther',
  displayName: 'Panther',
  description: 'Users, roles and API tokens of a Panther tenant; changes roles, invites accounts, deactivates through SCIM',
  configSchema: pantherConfigSchema,
  resourceTypes: RESOURCE_TYPES,
  capabilities: {
    user: ['sync', 'createAccount', 'updateAccount', 'deleteAccount'],
    role: ['sync', 'provision'],
    'api-token': ['sync'],
  },
  principalTypes: ['user'],
  accountOptions: {
    role: { description: 'Role of the invited user, by name (default: the inviteRole setting, AnalystReadOnly)', kind: 'string' },
  },
  // Where the secrets go: the server checks these against its outbound policy and asks for the
  // secrets again when an edit changes them.
  destinations: (config) => [checkedBaseUrl(config.apiUrl, 'apiUrl'), ...(config.scimUrl ? [checkedBaseUrl(config.scimUrl, 'scimUrl')] : [])],
  create: (config, ctx) => new PantherConnector(config, ctx),
});

export { PantherConnector, PERMISSION } from './connector/connector.js';
export { pantherConfigSchema, type PantherConfig } from './connector/config.js';
export { PantherGraphQL, PantherApiError } from './connector/api.js';
export { RESOURCE_TYPES } from './connector/mapping.js';

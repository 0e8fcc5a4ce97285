import { checkedBaseUrl, defineConnector } from '@gatehouse/sdk';
import { scimConfigSchema } from './connector/config.js';
import { ScimConnector } from './connector/connector.js';
import { GROUP_TYPE, USER_TYPE } from './connector/mapping.js';

export const scimConnector = defineConnector({
  name: 'scim',
  displayName: 'SCIM 2.0 app',
  description: 'Any app with a SCIM 2.0 endpoint: users, groups where offered, and role attributes; provisions what the app allows',
  configSchema: scimConfigSchema,
  // Role types come from the roleAttributes setting, and groups only where the app has them: the
  // connector tells the engine its types once it has looked (resourceTypes()).
  resourceTypes: [USER_TYPE, GROUP_TYPE],
  capabilities: {
    user: ['sync', 'createAccount', 'updateAccount', 'deleteAccount'],
    group: ['sync', 'provision'],
  },
  principalTypes: ['user', 'group'],
  // Where the secrets go: the server checks these against its outbound policy and asks for the
  // secrets again when an edit changes them.
  destinations: (config) => [checkedBaseUrl(config.baseUrl, 'baseUrl')],
  create: (config, ctx) => new ScimConnector(config, ctx),
});

export { ScimConnector } from './connector/connector.js';
export { scimConfigSchema, parseRoleAttributes, type ScimConfig, type RoleAttribute } from './connector/config.js';
export { discover, type Capabilities } from './connector/discovery.js';
export { ScimClient, ScimApiError, mapScimError, SCIM_SCHEMAS, type ScimResource, type ScimListResponse, type ScimPatchOperation, type ScimEndpoint, type ScimMultiValue } from './connector/client.js';

import { defineConnector } from '@gatehouse/sdk';
import { pingoneConfigSchema, pingoneEndpoints } from './connector/config.js';
import { PingOneConnector } from './connector/connector.js';
import { RESOURCE_TYPES } from './connector/mapping.js';

export const pingoneConnector = defineConnector({
  name: 'pingone',
  displayName: 'PingOne',
  description: 'Users, populations, groups and admin roles of a PingOne environment; provisions accounts, group membership, population moves and environment-scope roles',
  configSchema: pingoneConfigSchema,
  resourceTypes: RESOURCE_TYPES,
  capabilities: {
    user: ['sync', 'createAccount', 'deleteAccount'],
    population: ['sync', 'provision'],
    group: ['sync', 'provision'],
    role: ['sync', 'provision'],
  },
  principalTypes: ['user', 'group'],
  accountOptions: { population: { description: "Population id or name (default: the environment's default population)", kind: 'string' } },
  // Where the secrets go: the server checks these against its outbound policy and asks for the
  // secrets again when an edit changes them.
  destinations: (config) => {
    const { api, token } = pingoneEndpoints(config);
    return [api, token];
  },
  create: (config, ctx) => new PingOneConnector(config, ctx),
});

export { PingOneConnector, MAX_PAGE } from './connector/connector.js';
export { pingoneConfigSchema, pingoneEndpoints, REGIONS, type PingOneConfig, type Region } from './connector/config.js';
export { REQUIRED_SCOPES, scopeFor, PingOneApiError } from './connector/api.js';
export { RESOURCE_TYPES } from './connector/mapping.js';

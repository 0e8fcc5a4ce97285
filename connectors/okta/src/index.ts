import { defineConnector } from '@gatehouse/sdk';
import { oktaBaseUrl, oktaConfigSchema } from './connector/config.js';
import { OktaConnector } from './connector/connector.js';
import { RESOURCE_TYPES } from './connector/mapping.js';

export const oktaConnector = defineConnector({
  name: 'okta',
  displayName: 'Okta',
  description: 'Users, groups, apps and admin roles of an Okta org; provisions memberships, app assignments, admin roles and accounts',
  configSchema: oktaConfigSchema,
  resourceTypes: RESOURCE_TYPES,
  capabilities: {
    user: ['sync', 'createAccount', 'deleteAccount'],
    group: ['sync', 'provision'],
    app: ['sync', 'provision'],
    role: ['sync', 'provision'],
  },
  principalTypes: ['user', 'group'],
  accountOptions: {
    activate: { description: 'Activate the user now (default true)', kind: 'boolean' },
    sendEmail: { description: 'Send the activation email (default false)', kind: 'boolean' },
  },
  // Where the secrets go: the server checks these against its outbound policy and asks for the
  // secrets again when an edit changes them.
  destinations: (config) => [oktaBaseUrl(config.domain)],
  create: (config, ctx) => new OktaConnector(config, ctx),
});

export { OktaConnector, MAX_PAGE } from './connector/connector.js';
export { oktaConfigSchema, oktaBaseUrl, type OktaConfig } from './connector/config.js';
export { STANDARD_ROLES } from './connector/roles.js';
export { RESOURCE_TYPES } from './connector/mapping.js';

import { configField } from '@gatehouse/sdk';
import { z } from 'zod';

export const pantherConfigSchema = z.object({
  apiUrl: configField(z.string().trim().min(1), {
    description: "The API URL from Panther's Settings → API Tokens page, e.g. https://api.<tenant>.runpanther.net/public/graphql",
    envAliases: ['BATON_URL'],
  }),
  apiKey: configField(z.string().trim().min(1), {
    description: 'A Panther API token (sent as X-API-Key) with Read User Info, Read Panther Settings Info and Read API Token Info; Manage Users to provision',
    secret: true,
    envAliases: ['BATON_TOKEN'],
  }),
  scimUrl: configField(z.string().trim().optional(), {
    description: "The Tenant URL of Panther's SCIM setup: deprovisioning then deactivates users (keeping their history) instead of deleting them",
  }),
  revokeRoleTo: configField(z.string().trim().optional(), {
    description: 'The role a user is given when their role is revoked (a Panther user always holds one role); unset, revoking a role is refused',
  }),
  inviteRole: configField(z.string().trim().default('AnalystReadOnly'), {
    description: 'The role of invited accounts unless one is given',
  }),
  allowDelete: configField(z.boolean().default(false), {
    description: 'Allow deleting users (their history goes with them); without scimUrl, deprovisioning deletes only when this is set',
  }),
});

export type PantherConfig = z.output<typeof pantherConfigSchema>;


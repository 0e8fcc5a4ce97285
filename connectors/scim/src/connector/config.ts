import { ConfigError, configField } from '@gatehouse/sdk';
import { z } from 'zod';

export const scimConfigSchema = z.object({
  baseUrl: configField(z.string().trim().min(1), {
    description: 'The SCIM 2.0 base URL (the one that ends before /Users), e.g. https://app.example.com/scim/v2',
  }),
  token: configField(z.string().trim().min(1), {
    description: 'The credential: sent as "Authorization: Bearer <token>", or as the value of authHeader',
    secret: true,
  }),
  authHeader: configField(z.string().trim().optional(), {
    description: 'Send the token in this header instead of Authorization: Bearer (for apps that want e.g. X-API-Key)',
  }),
  roleAttributes: configField(z.string().trim().optional(), {
    description:
      'User attributes whose values are roles, as attribute=type pairs separated by commas (e.g. "pantherRole=role" or "roles=role"): each becomes a resource type whose values are entitlements',
  }),
  allowDelete: configField(z.boolean().default(false), {
    description: 'Allow deleting users (deprovisioning otherwise deactivates them, keeping the account)',
  }),
  pageSize: configField(z.number().int().min(1).max(1000).default(100), {
    description: 'Resources per list request (lowered to what the service provider allows)',
  }),
});

export type ScimConfig = z.output<typeof scimConfigSchema>;

export interface RoleAttribute {
  /** The attribute as the service provider names it (`pantherRole`, `roles`, `urn:…:enterprise:2.0:User:department`). */
  attribute: string;
  /** The Gatehouse resource type its values become. */
  type: string;
}

const TYPE_ID = /^[a-z][a-z0-9-]*$/;
const RESERVED = new Set(['user', 'group']);

export function parseRoleAttributes(raw: string | undefined): RoleAttribute[] {
  if (!raw) return [];
  const seen = new Set<string>();
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.lastIndexOf('=');
      const attribute = (eq > 0 ? pair.slice(0, eq) : pair).trim();
      const type = (eq > 0 ? pair.slice(eq + 1) : 'role').trim();
      if (!attribute) throw new ConfigError(`roleAttributes: "${pair}" names no attribute`);
      if (!TYPE_ID.test(type)) throw new ConfigError(`roleAttributes: "${type}" is not a resource type name (lower-case letters, digits and dashes)`);
      if (RESERVED.has(type)) throw new ConfigError(`roleAttributes: "${type}" is taken by the connector's own types`);
      if (seen.has(type)) throw new ConfigError(`roleAttributes: two attributes map to "${type}"`);
      seen.add(type);
      return { attribute, type };
    });
}


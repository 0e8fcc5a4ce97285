import { configField } from '@gatehouse/sdk';
import { z } from 'zod';

export const oktaConfigSchema = z.object({
  domain: configField(z.string().trim().min(1), {
    description: 'Your Okta domain (acme.okta.com) or a full URL',
    example: 'acme.okta.com',
    envAliases: ['BATON_DOMAIN'],
  }),
  apiToken: configField(z.string().trim().min(1), {
    description: 'An Okta API token (sent as "Authorization: SSWS <token>")',
    secret: true,
    envAliases: ['BATON_API_TOKEN'],
  }),
  syncInactiveApps: configField(z.boolean().default(false), {
    description: 'Also sync apps whose status is INACTIVE',
    envAliases: ['BATON_SYNC_INACTIVE_APPS'],
  }),
  syncDeprovisionedUsers: configField(z.boolean().default(false), {
    description: 'Also sync DEPROVISIONED (deactivated) users',
    envAliases: ['BATON_SYNC_DEPROVISIONED_USERS'],
  }),
});

export type OktaConfig = z.output<typeof oktaConfigSchema>;

/** `acme.okta.com`, `https://acme.okta.com/` or `http://127.0.0.1:4000` → a base URL. */
export function oktaBaseUrl(domain: string): string {
  const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? domain : `https://${domain}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`"${domain}" is not an Okta domain: expected something like acme.okta.com or https://acme.okta.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${domain}": only http and https URLs are supported`);
  if (url.pathname !== '/' && url.pathname !== '') throw new Error(`"${domain}": give the domain only, without a path (got ${url.pathname})`);
  return url.origin;
}

import { checkedBaseUrl, configField } from '@gatehouse/sdk';
import { z } from 'zod';

export const REGIONS = { us: 'https://api.pagerduty.com', eu: 'https://api.eu.pagerduty.com' } as const;
export const ASSIGNABLE_ROLES = ['admin', 'user', 'limited_user', 'observer', 'restricted_access', 'read_only_user', 'read_only_limited_user'] as const;

export const pagerdutyConfigSchema = z.object({
  apiKey: configField(z.string().trim().min(1), {
    description: 'A PagerDuty REST API key (Integrations → API Access Keys); sent as "Authorization: Token token=<key>"',
    secret: true,
    envAliases: ['BATON_API_KEY'],
  }),
  region: configField(z.enum(['us', 'eu']).default('us'), {
    description: 'Service region: us (api.pagerduty.com) or eu (api.eu.pagerduty.com)',
  }),
  apiUrl: configField(z.string().trim().optional(), {
    description: 'Override of the API base URL (the simulator prints its own)',
  }),
  fromEmail: configField(z.string().trim().optional(), {
    description: "An admin's email, sent as the From header; needed only to create accounts",
  }),
  revokeRoleTo: configField(z.enum(ASSIGNABLE_ROLES).default('limited_user'), {
    description: 'The base role a user falls back to when a role grant is revoked',
  }),
});

export type PagerDutyConfig = z.output<typeof pagerdutyConfigSchema>;

export function pagerdutyBaseUrl(config: PagerDutyConfig): string {
  return checkedBaseUrl(config.apiUrl || REGIONS[config.region], 'apiUrl');
}

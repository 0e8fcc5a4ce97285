import { checkedBaseUrl, configField } from '@gatehouse/sdk';
import { z } from 'zod';

/** PingOne regions and the top-level domain of their API and auth hosts. */
export const REGIONS = { NA: 'com', EU: 'eu', APAC: 'asia', CA: 'ca', AU: 'com.au', SG: 'sg' } as const;
export type Region = keyof typeof REGIONS;

export const pingoneConfigSchema = z.object({
  clientId: configField(z.string().trim().min(1), {
    description: 'Client id of a PingOne worker application',
    envAliases: ['BATON_PINGONE_CLIENT_ID'],
  }),
  clientSecret: configField(z.string().trim().min(1), {
    description: 'Client secret of the worker application',
    secret: true,
    envAliases: ['BATON_PINGONE_CLIENT_SECRET'],
  }),
  environmentId: configField(z.string().trim().min(1), {
    description: 'The PingOne environment id (a UUID, shown under Environment > Properties)',
    envAliases: ['BATON_PINGONE_ENVIRONMENT_ID'],
  }),
  region: configField(z.enum(Object.keys(REGIONS) as [Region, ...Region[]]).default('NA'), {
    description: 'PingOne region: NA (pingone.com), EU (.eu), APAC (.asia), CA (.ca), AU (.com.au), SG (.sg)',
    envAliases: ['BATON_PINGONE_REGION'],
  }),
  apiUrl: configField(z.string().trim().optional(), {
    description: 'Override of the API base URL (default https://api.pingone.<tld>/v1; the simulator prints its own)',
  }),
  authUrl: configField(z.string().trim().optional(), {
    description: 'Override of the auth host URL (default https://auth.pingone.<tld>)',
  }),
  deprovision: configField(z.enum(['delete', 'disable']).default('delete'), {
    description: 'What deprovisioning an account does: delete the user, or disable it (keeps its history)',
  }),
});

export type PingOneConfig = z.output<typeof pingoneConfigSchema>;


/** The API base (ending in /v1) and the token endpoint for a config. */
export function pingoneEndpoints(config: PingOneConfig): { api: string; token: string } {
  const tld = REGIONS[config.region];
  const api = checkedBaseUrl(config.apiUrl || `https://api.pingone.${tld}/v1`, 'apiUrl');
  const auth = checkedBaseUrl(config.authUrl || `https://auth.pingone.${tld}`, 'authUrl');
  return { api, token: `${auth}/${encodeURIComponent(config.environmentId)}/as/token` };
}

import type { SimulatorDefinition } from '@gatehouse/sdk';
import { PantherSimulator } from './server.js';
import type { Permission } from './store.js';

export const pantherSimulator: SimulatorDefinition = {
  connector: 'panther',
  options: {
    permissions: {
      flag: '--permissions <list>',
      description: 'permissions of the API token the printed flags carry, comma-separated (default: UserRead,UserModify,GeneralSettingsRead,OrganizationAPITokenRead)',
      kind: 'string',
    },
    truncateRate: { flag: '--truncate-rate <f>', description: 'share of responses cut off mid-body (0..1)', kind: 'number', default: 0 },
  },
  async start(o) {
    const num = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));
    const sim = await new PantherSimulator({
      port: num(o.port),
      seed: num(o.seed),
      users: num(o.users),
      latencyMs: num(o.latencyMs),
      rateLimit: num(o.rateLimit),
      failRate: num(o.failRate),
      truncateRate: num(o.truncateRate),
      permissions: o.permissions === undefined ? undefined : (String(o.permissions).split(',').map((p) => p.trim()).filter(Boolean) as Permission[]),
    }).start();
    return { url: sim.url, flags: () => sim.flags(), close: () => sim.close() };
  },
};

import type { SimulatorDefinition } from '@gatehouse/sdk';
import { PingOneSimulator } from './server.js';
import { ALL_SCOPES } from './store.js';

export const pingoneSimulator: SimulatorDefinition = {
  connector: 'pingone',
  options: {
    groups: { flag: '--groups <n>', description: 'number of groups (default: users / 100)', kind: 'number' },
    tokenTtl: { flag: '--token-ttl <seconds>', description: 'lifetime of issued access tokens', kind: 'number', default: 3600 },
    scopes: { flag: '--scopes <list>', description: `scopes granted to the worker client, comma-separated (default: all of ${ALL_SCOPES.join(',')})`, kind: 'string' },
    truncateRate: { flag: '--truncate-rate <f>', description: 'share of responses cut off mid-body (0..1)', kind: 'number', default: 0 },
  },
  async start(o) {
    const num = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));
    const scopes = o.scopes === undefined ? undefined : String(o.scopes).split(',').map((s) => s.trim()).filter(Boolean);
    const sim = await new PingOneSimulator({
      port: num(o.port),
      seed: num(o.seed),
      users: num(o.users),
      groups: num(o.groups),
      latencyMs: num(o.latencyMs),
      rateLimit: num(o.rateLimit),
      failRate: num(o.failRate),
      truncateRate: num(o.truncateRate),
      tokenTtlSeconds: num(o.tokenTtl),
      scopes,
    }).start();
    return { url: sim.url, flags: () => sim.flags(), close: () => sim.close() };
  },
};

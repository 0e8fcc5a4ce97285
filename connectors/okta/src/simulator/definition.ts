import type { SimulatorDefinition } from '@gatehouse/sdk';
import { OktaSimulator } from './server.js';
import { TOKEN_KINDS, type TokenKind } from './store.js';

export const oktaSimulator: SimulatorDefinition = {
  connector: 'okta',
  options: {
    groups: { flag: '--groups <n>', description: 'number of groups (Everyone included)', kind: 'number' },
    apps: { flag: '--apps <n>', description: 'number of apps', kind: 'number' },
    tokenKind: { flag: '--token-kind <kind>', description: 'which API token the printed flags carry', kind: 'string', default: 'super-admin', choices: TOKEN_KINDS },
    truncateRate: { flag: '--truncate-rate <f>', description: 'share of responses cut off mid-body (0..1)', kind: 'number', default: 0 },
  },
  async start(o) {
    const num = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));
    const kind = (o.tokenKind ?? 'super-admin') as TokenKind;
    if (!TOKEN_KINDS.includes(kind)) throw new Error(`--token-kind must be one of ${TOKEN_KINDS.join(', ')}`);
    const sim = await new OktaSimulator({
      port: num(o.port),
      seed: num(o.seed),
      users: num(o.users),
      groups: num(o.groups),
      apps: num(o.apps),
      latencyMs: num(o.latencyMs),
      rateLimit: num(o.rateLimit),
      failRate: num(o.failRate),
      truncateRate: num(o.truncateRate),
    }).start();
    return { url: sim.url, flags: () => sim.flags(kind), close: () => sim.close() };
  },
};

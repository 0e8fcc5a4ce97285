import type { SimulatorDefinition } from '@gatehouse/sdk';
import { PagerDutySimulator } from './server.js';

export const pagerdutySimulator: SimulatorDefinition = {
  connector: 'pagerduty',
  options: {
    teams: { flag: '--teams <n>', description: 'number of teams (default: users / 10)', kind: 'number' },
    schedules: { flag: '--schedules <n>', description: 'number of schedules (default: users / 25)', kind: 'number' },
    now: { flag: '--now <iso-date>', description: 'pin the clock: who is on call is computed at this instant', kind: 'string' },
    keyKind: { flag: '--key-kind <kind>', description: 'which API key the printed flags carry', kind: 'string', default: 'full', choices: ['full', 'read-only'] },
    truncateRate: { flag: '--truncate-rate <f>', description: 'share of responses cut off mid-body (0..1)', kind: 'number', default: 0 },
  },
  async start(o) {
    const num = (v: string | number | undefined) => (v === undefined ? undefined : Number(v));
    const kind = (o.keyKind ?? 'full') as 'full' | 'read-only';
    if (kind !== 'full' && kind !== 'read-only') throw new Error('--key-kind must be full or read-only');
    if (o.now !== undefined && Number.isNaN(Date.parse(String(o.now)))) throw new Error(`--now "${String(o.now)}" is not a date`);
    const sim = await new PagerDutySimulator({
      port: num(o.port),
      seed: num(o.seed),
      users: num(o.users),
      teams: num(o.teams),
      schedules: num(o.schedules),
      now: o.now === undefined ? undefined : String(o.now),
      latencyMs: num(o.latencyMs),
      rateLimit: num(o.rateLimit),
      failRate: num(o.failRate),
      truncateRate: num(o.truncateRate),
    }).start();
    return { url: sim.url, flags: () => sim.flags(kind), close: () => sim.close() };
  },
};

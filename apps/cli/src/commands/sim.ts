/** `gatehouse sim <connector>`: a simulator on loopback; prints one JSON line once listening. */
import { COMMON_SIMULATOR_OPTIONS } from '@gatehouse/sdk';
import { Command, Option } from 'commander';
import { CONNECTORS } from '../registry.js';

export function simCommand(): Command {
  const sim = new Command('sim').description('run a connector simulator on loopback (for tests, demos and benchmarks)');
  for (const [name, { simulator }] of Object.entries(CONNECTORS)) {
    if (!simulator) continue;
    const cmd = new Command(name).description(`run the ${name} simulator; prints {"connector","url","flags"} as one JSON line, runs until SIGTERM`);
    for (const opt of Object.values({ ...COMMON_SIMULATOR_OPTIONS, ...simulator.options })) {
      const o = new Option(opt.flag, opt.description);
      if (opt.default !== undefined) o.default(opt.default);
      if (opt.choices) o.choices(opt.choices);
      cmd.addOption(o);
    }
    cmd.action(async (opts: Record<string, string | number | undefined>) => {
      const running = await simulator.start(opts);
      process.stdout.write(JSON.stringify({ connector: name, url: running.url, flags: running.flags() }) + '\n');
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    sim.addCommand(cmd);
  }
  return sim;
}

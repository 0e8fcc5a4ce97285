/** `gatehouse sim <connector>`: a simulator on loopback; prints one JSON line once listening. */
import { COMMON_SIMULATOR_OPTIONS } from '@gatehouse/sdk';
import { Command, Option } from 'commander';

export function simCommand(): Command {
  const sim = new Command('sim').description('run a connector simulator on loopback (for tests, demos and benchmarks)');
  // `gatehouse help sim` shows this help without dispatching, so before the simulators are added.
  return sim.addHelpText('after', () => (sim.commands.length > 0 ? '' : '\nThe simulators: gatehouse sim --help\n'));
}

/**
 * Adds a subcommand per simulator to `sim`. The simulators (faker with all its locales, GraphQL)
 * are loaded for `gatehouse sim` only, just before it runs (main.ts hooks this in): loaded at
 * start, they were 18 of a sync's 33 MB of live heap, and V8 lets a heap grow to a few times
 * its live size before collecting it.
 */
export async function addSimulators(sim: Command): Promise<void> {
  if (sim.commands.length > 0) return;
  const { SIMULATORS } = await import('@gatehouse/connectors/simulators');
  for (const [name, simulator] of Object.entries(SIMULATORS)) {
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
    cmd.exitOverride();
    sim.addCommand(cmd);
  }
}

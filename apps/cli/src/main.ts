/**
 * The `gatehouse` command. Exit codes: 0 success, 1 the operation failed (bad token, API down),
 * 2 the command was called wrong (missing flag, invalid config).
 */
import { AuthenticationError, ConfigError, GatehouseError } from '@gatehouse/sdk';
import { Command, CommanderError } from 'commander';
import { campaignCommand } from './commands/campaign.js';
import { demoCommand } from './commands/demo.js';
import { evidenceCommand } from './commands/evidence.js';
import { auditCommand, serveCommand } from './commands/serve.js';
import { fileCommand } from './commands/file.js';
import { accountCommand, grantCommand, revokeCommand } from './commands/provision.js';
import { requestCommand } from './commands/request.js';
import { addSimulators, simCommand } from './commands/sim.js';
import { syncCommand } from './commands/sync.js';
import { taskCommand } from './commands/task.js';
import { CONNECTORS, UsageError } from './registry.js';

export function buildProgram(): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: who can reach what in your SaaS apps, and access that ends when it is no longer needed')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();
  program.addCommand(demoCommand());
  program.addCommand(serveCommand());
  program.addCommand(auditCommand());
  const sim = simCommand();
  program.addCommand(sim);
  // The simulators' code is loaded for `gatehouse sim` only, not for every command.
  program.hook('preSubcommand', async (_program, sub) => {
    if (sub === sim) await addSimulators(sim);
  });
  program.addCommand(syncCommand());
  program.addCommand(fileCommand());
  program.addCommand(grantCommand());
  program.addCommand(revokeCommand());
  program.addCommand(accountCommand());
  program.addCommand(taskCommand());
  program.addCommand(requestCommand());
  program.addCommand(campaignCommand());
  program.addCommand(evidenceCommand());
  program
    .command('connectors')
    .description('list the connectors of this build')
    .action(() => {
      for (const { definition } of Object.values(CONNECTORS)) process.stdout.write(`${definition.name.padEnd(12)} ${definition.description}\n`);
    });
  // exitOverride must be set on every subcommand for usage errors to reach the handler below.
  const walk = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(walk);
  };
  walk(program);
  return program;
}

function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError) return 2;
  return 1;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const hint = err instanceof AuthenticationError ? '\nhint: check the API token (and that it belongs to this domain)' : '';
    process.stderr.write(`gatehouse: error: ${message}${hint}\n`);
    if (process.env.GATEHOUSE_DEBUG && err instanceof Error && !(err instanceof GatehouseError)) process.stderr.write(`${err.stack}\n`);
    process.exitCode = exitCodeOf(err);
  }
}

await main();

/** `gatehouse serve` and `gatehouse audit verify`. */
import { configFromEnv, migrate, openDatabase, startServer, verifyChain } from '@gatehouse/server';
import { Command } from 'commander';
import { printJson } from '../output.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the Gatehouse server (env: GATEHOUSE_PORT, GATEHOUSE_DATA_DIR, GATEHOUSE_DATABASE_URL, GATEHOUSE_MASTER_KEY, GATEHOUSE_ADMIN_EMAIL/PASSWORD)')
    .option('--port <n>', 'port (default: GATEHOUSE_PORT or 8080)')
    .option('--data <dir>', 'data directory (default: GATEHOUSE_DATA_DIR or ./.gatehouse)')
    .action(async (opts: { port?: string; data?: string }) => {
      const config = configFromEnv(process.env, { port: opts.port === undefined ? undefined : Number(opts.port), dataDir: opts.data });
      const server = await startServer(config);
      process.stdout.write(`Gatehouse is listening on ${server.url} (database: ${config.databaseUrl.startsWith('postgres') ? 'PostgreSQL' : config.databaseUrl})\n`);
      if (server.initialAdmin) {
        process.stdout.write(`First start: sign in as ${server.initialAdmin.email} with password ${server.initialAdmin.password} (shown once; change it)\n`);
      }
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit log');
  audit
    .command('verify')
    .description("verify the audit log's hash chain; exit 1 and name the first broken link if it does not hold")
    .option('--data <dir>', 'data directory (default: GATEHOUSE_DATA_DIR or ./.gatehouse)')
    .option('--json', 'print JSON')
    .action(async (opts: { data?: string; json?: boolean }) => {
      const { databaseUrl } = configFromEnv(process.env, { dataDir: opts.data });
      const store = openDatabase(databaseUrl);
      try {
        await migrate(store.db as never, store.dialect);
        const result = await verifyChain(store.db);
        if (opts.json) printJson(result);
        else if (result.ok) process.stdout.write(`audit chain intact: ${result.events} events\n`);
        else process.stdout.write(`audit chain broken at event #${result.brokenAt!.seq} (${result.brokenAt!.id}): ${result.brokenAt!.reason}\n`);
        if (!result.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
  return audit;
}

/** `gatehouse serve`, `gatehouse audit verify` and `gatehouse audit export`. */
import { Command } from 'commander';
import { printJson } from '../output.js';
import { UsageError } from '../registry.js';

/**
 * The server package (Fastify, Kysely, PostgreSQL's driver, prom-client, …) is loaded by the
 * commands that run it, not by every command: a `gatehouse sync` carried it through the whole
 * sync (20 MB of live heap, 45 MB of RSS at start, from source).
 */
const server = () => import('@gatehouse/server');

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the Gatehouse server (env: GATEHOUSE_PORT, GATEHOUSE_DATA_DIR, GATEHOUSE_DATABASE_URL, GATEHOUSE_MASTER_KEY, GATEHOUSE_ADMIN_EMAIL/PASSWORD)')
    .option('--port <n>', 'port (default: GATEHOUSE_PORT or 8080)')
    .option('--data <dir>', 'data directory (default: GATEHOUSE_DATA_DIR or ./.gatehouse)')
    .action(async (opts: { port?: string; data?: string }) => {
      const { configFromEnv, startServer } = await server();
      const config = configFromEnv(process.env, { port: opts.port === undefined ? undefined : Number(opts.port), dataDir: opts.data });
      const running = await startServer(config);
      // Handlers first: a stop asked for as soon as the URL is printed must still close cleanly.
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      process.stdout.write(`Gatehouse is listening on ${running.url} (database: ${config.databaseUrl.startsWith('postgres') ? 'PostgreSQL' : config.databaseUrl})\n`);
      // On the terminal only, never through the logger (logs are shipped and kept): a generated
      // password once; one the operator supplied is theirs already and is not repeated.
      const admin = running.initialAdmin;
      if (admin?.password) process.stdout.write(`First start: sign in as ${admin.email} with password ${admin.password} (shown once; change it)\n`);
      else if (admin) process.stdout.write(`First start: sign in as ${admin.email} with the password from GATEHOUSE_ADMIN_PASSWORD\n`);
    });
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit log');
  audit
    .command('verify')
    .description("verify the audit log's hash chain and its signed checkpoints; exit 1 and say what does not hold (a broken link, a truncated or re-chained log)")
    .option('--data <dir>', 'data directory (default: GATEHOUSE_DATA_DIR or ./.gatehouse): the database, the audit key and the checkpoints')
    .option('--checkpoints <file>', 'checkpoints kept elsewhere (default: the data dir\'s audit-checkpoints.jsonl)')
    .option('--json', 'print JSON')
    .action(async (opts: { data?: string; checkpoints?: string; json?: boolean }) => {
      const { AuditSigner, configFromEnv, migrate, openDatabase, verifyChain, verifyLog } = await server();
      const { databaseUrl, dataDir } = configFromEnv(process.env, { dataDir: opts.data });
      const store = openDatabase(databaseUrl);
      try {
        await migrate(store.db as never, store.dialect);
        const signer = AuditSigner.existing(dataDir, process.env.GATEHOUSE_AUDIT_KEY?.trim() || undefined);
        const result = signer ? await verifyLog(store.db, opts.checkpoints ?? signer.file, signer.publicKey) : { ...(await verifyChain(store.db)), checkpoints: { checkpoints: 0 } };
        if (opts.json) printJson(result);
        else if (!result.ok && result.brokenAt) process.stdout.write(`audit chain broken at event #${result.brokenAt.seq} (${result.brokenAt.id}): ${result.brokenAt.reason}\n`);
        else if (!result.ok && 'problem' in result.checkpoints && result.checkpoints.problem) process.stdout.write(`audit log ${result.checkpoints.problem.kind}: ${result.checkpoints.problem.reason}\n`);
        else {
          const through = 'verifiedThrough' in result.checkpoints && result.checkpoints.verifiedThrough;
          process.stdout.write(`audit chain intact: ${result.events} events${through ? `; signed checkpoints hold through event #${through.seq} (${through.at})` : '; no signed checkpoint yet'}\n`);
        }
        if (!result.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
  audit
    .command('export')
    .description('print the audit log as JSON lines, oldest first (for a SIEM): Gatehouse events, or OCSF API Activity events with --format ocsf')
    .option('--data <dir>', 'data directory (default: GATEHOUSE_DATA_DIR or ./.gatehouse)')
    .option('--format <format>', 'native or ocsf', 'native')
    .option('--after <seq>', 'only events after this sequence number (to resume)', '0')
    .action(async (opts: { data?: string; format: string; after: string }) => {
      if (opts.format !== 'native' && opts.format !== 'ocsf') throw new UsageError(`--format must be native or ocsf, not "${opts.format}"`);
      const { configFromEnv, exportAudit, migrate, openDatabase } = await server();
      const { databaseUrl } = configFromEnv(process.env, { dataDir: opts.data });
      const store = openDatabase(databaseUrl);
      try {
        await migrate(store.db as never, store.dialect);
        for await (const chunk of exportAudit(store.db, opts.format, Number(opts.after) || 0)) process.stdout.write(chunk);
      } finally {
        await store.close();
      }
    });
  return audit;
}

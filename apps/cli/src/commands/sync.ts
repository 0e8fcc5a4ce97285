/** `gatehouse sync <connector> … --out FILE`: a full, resumable sync into a sync file. */
import { runSync, type SyncResult } from '@gatehouse/sdk';
import { Command } from 'commander';
import { addConnectorOptions, openConnector, targetOf } from '../connector-options.js';
import { formatDuration, formatNumber, printJson } from '../output.js';
import { createProgress } from '../progress.js';
import { CONNECTORS } from '../registry.js';

export function syncCommand(): Command {
  const sync = new Command('sync').description('sync a connector into a sync file (resumes an unfinished sync of the same target in FILE)');
  for (const [name, { definition }] of Object.entries(CONNECTORS)) {
    const cmd = new Command(name)
      .description(`sync ${definition.displayName}: ${definition.description}`)
      .requiredOption('--out <file>', 'the sync file to write')
      .option('--concurrency <n>', 'lists fetched in parallel', '16')
      .option('--json', 'print the summary as JSON')
      .option('--quiet', 'no progress on stderr');
    addConnectorOptions(cmd, definition);
    cmd.action(async (opts: Record<string, unknown>) => {
      const started = Date.now();
      const { connector, config, warnings } = openConnector(definition, opts, (_code, message) => {
        if (!opts.json) process.stderr.write(`warning: ${message}\n`);
      });
      const progress = createProgress(`sync ${name}`, { quiet: Boolean(opts.quiet) });
      let result: SyncResult;
      try {
        result = await runSync({
          definition,
          connector,
          file: String(opts.out),
          target: targetOf(definition, config),
          concurrency: Number(opts.concurrency),
          onProgress: (p) => progress.update(p),
        }, warnings);
      } finally {
        progress.stop();
        await connector.close();
      }
      const summary = {
        connector: name,
        file: result.file,
        status: result.status,
        resumed: result.resumed,
        resources: result.resources,
        entitlements: result.entitlements,
        grants: result.grants,
        directGrants: result.directGrants,
        inheritedGrants: result.inheritedGrants,
        warnings: result.warnings,
        apiCalls: result.apiCallsThisRun,
        apiCallsTotal: result.apiCalls,
        durationMs: Date.now() - started,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      };
      if (opts.json) return printJson(summary);
      const out = process.stdout;
      out.write(`Synced ${definition.displayName} into ${result.file}${result.resumed ? ' (resumed)' : ''} in ${formatDuration(summary.durationMs)}\n`);
      for (const [type, n] of Object.entries(result.resources)) out.write(`  ${type.padEnd(14)} ${formatNumber(n).padStart(10)}\n`);
      out.write(`  ${'entitlements'.padEnd(14)} ${formatNumber(result.entitlements).padStart(10)}\n`);
      out.write(
        `  ${'grants'.padEnd(14)} ${formatNumber(result.grants).padStart(10)}  (${formatNumber(result.directGrants)} direct, ${formatNumber(result.inheritedGrants)} inherited)\n`,
      );
      out.write(`  ${'API calls'.padEnd(14)} ${formatNumber(summary.apiCalls).padStart(10)}\n`);
      if (result.warnings.length) out.write(`  ${result.warnings.length} warning(s), see above\n`);
    });
    sync.addCommand(cmd);
  }
  return sync;
}

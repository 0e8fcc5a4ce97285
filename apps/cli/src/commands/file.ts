/** `gatehouse file …`: read and compare sync files. */
import { SyncFile, diffSyncFiles } from '@gatehouse/sdk';
import { Command } from 'commander';
import { formatNumber, printJson, printTable } from '../output.js';

function withFile<T>(path: string, fn: (file: SyncFile) => T): T {
  const file = SyncFile.openReadOnly(path);
  try {
    return fn(file);
  } finally {
    file.close();
  }
}

/** JSON Lines for machines, a table for people; streams rows so a million grants stay cheap. */
function emitRows(rows: Iterable<Record<string, unknown>>, json: boolean, columns: string[]): void {
  if (json) {
    for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
    return;
  }
  const batch: Record<string, unknown>[] = [];
  for (const r of rows) batch.push(r);
  printTable(batch, columns);
}

export function fileCommand(): Command {
  const file = new Command('file').description('inspect and compare sync files');

  file
    .command('stats <file>')
    .description('counts per resource type, entitlements, grants, warnings')
    .option('--json', 'print JSON')
    .action((path: string, opts: { json?: boolean }) => {
      const stats = withFile(path, (f) => f.stats());
      if (opts.json) return printJson(stats);
      const out = process.stdout;
      out.write(`${stats.connector} sync, ${stats.status}, started ${stats.startedAt}${stats.endedAt ? `, ended ${stats.endedAt}` : ''}\n`);
      for (const [type, n] of Object.entries(stats.resources)) out.write(`  ${type.padEnd(14)} ${formatNumber(n).padStart(10)}\n`);
      out.write(`  ${'entitlements'.padEnd(14)} ${formatNumber(stats.entitlements).padStart(10)}\n`);
      out.write(`  ${'grants'.padEnd(14)} ${formatNumber(stats.grants).padStart(10)}  (${formatNumber(stats.directGrants)} direct, ${formatNumber(stats.inheritedGrants)} inherited)\n`);
      out.write(`  ${'API calls'.padEnd(14)} ${formatNumber(stats.apiCalls).padStart(10)}\n`);
      for (const w of stats.warnings) out.write(`  warning: ${w.message}\n`);
    });

  file
    .command('resources <file>')
    .description('resources, one per line')
    .option('--type <type>', 'only this resource type')
    .option('--json', 'JSON Lines')
    .action((path: string, opts: { json?: boolean; type?: string }) =>
      withFile(path, (f) => {
        function* rows() {
          for (const r of f.resources(opts.type)) {
            yield opts.json ? { ...r } : { type: r.id.type, id: r.id.id, displayName: r.displayName, status: r.user?.vendorStatus ?? r.profile?.status ?? '', email: r.user?.emails[0] ?? '' };
          }
        }
        emitRows(rows(), Boolean(opts.json), ['type', 'id', 'displayName', 'status', 'email']);
      }),
    );

  file
    .command('entitlements <file>')
    .description('entitlements, one per line')
    .option('--json', 'JSON Lines')
    .action((path: string, opts: { json?: boolean }) =>
      withFile(path, (f) => {
        function* rows() {
          for (const e of f.entitlements()) yield { id: e.id, resourceType: e.resource.type, resourceId: e.resource.id, slug: e.slug, displayName: e.displayName, grantableTo: e.grantableTo, purpose: e.purpose };
        }
        emitRows(rows(), Boolean(opts.json), ['id', 'displayName', 'grantableTo']);
      }),
    );

  file
    .command('grants <file>')
    .description('grants, one per line (inherited: held through a group)')
    .option('--principal <type:id>', 'only the grants of this principal')
    .option('--entitlement <id>', 'only the grants of this entitlement')
    .option('--json', 'JSON Lines')
    .action((path: string, opts: { json?: boolean; principal?: string; entitlement?: string }) =>
      withFile(path, (f) => {
        const principal = opts.principal ? { type: opts.principal.split(':')[0]!, id: opts.principal.slice(opts.principal.indexOf(':') + 1) } : undefined;
        function* rows() {
          for (const g of f.grants({ principal, entitlementId: opts.entitlement })) yield { ...g } as Record<string, unknown>;
        }
        emitRows(rows(), Boolean(opts.json), ['entitlementId', 'principalType', 'principalId', 'inherited', 'sources']);
      }),
    );

  file
    .command('diff <old> <new>')
    .description('resources and grants added and removed between two sync files')
    .option('--json', 'print JSON')
    .action((oldPath: string, newPath: string, opts: { json?: boolean }) => {
      const diff = diffSyncFiles(oldPath, newPath);
      if (opts.json) return printJson(diff);
      const out = process.stdout;
      out.write(`resources: +${diff.resources.added.length} -${diff.resources.removed.length}; grants: +${diff.grants.added.length} -${diff.grants.removed.length}\n`);
      for (const r of diff.resources.added) out.write(`+ resource ${r.type}:${r.id} ${r.displayName}\n`);
      for (const r of diff.resources.removed) out.write(`- resource ${r.type}:${r.id} ${r.displayName}\n`);
      for (const g of diff.grants.added) out.write(`+ grant ${g.id}${g.inherited ? ' (inherited)' : ''}\n`);
      for (const g of diff.grants.removed) out.write(`- grant ${g.id}${g.inherited ? ' (inherited)' : ''}\n`);
    });

  return file;
}

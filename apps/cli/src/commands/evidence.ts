/**
 * `gatehouse evidence verify FILE`: a campaign report's manifest, its folder, or one of its files
 * (with the manifest beside it; or summary.pdf, whose embedded manifest covers the data files).
 * The signature must hold and every file must have its SHA-256; with `--public-key` or `--server`,
 * the signing key must be the server's audit key. One line per check; exit 1 when one fails.
 */
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { printJson } from '../output.js';
import { UsageError } from '../registry.js';
import { addServerOptions, serverClient, serverGiven, type ServerOptions } from '../server-client.js';

/**
 * Verification comes from the server package's `evidence` entry (manifest.ts: Node's crypto and
 * zlib), loaded by the commands that verify: the whole server takes seconds to load from source.
 */
export const evidencePackage = () => import('@gatehouse/server/evidence');

export interface Checked {
  ok: boolean;
  lines: { ok: boolean; text: string }[];
}

export function printChecks(check: Checked, json?: boolean): void {
  if (json) return printJson({ ok: check.ok, lines: check.lines });
  for (const l of check.lines) process.stdout.write(`${l.ok ? 'ok  ' : 'FAIL'}  ${l.text}\n`);
  process.stdout.write(check.ok ? 'evidence verified\n' : `evidence NOT verified: ${check.lines.filter((l) => !l.ok).length} check(s) failed\n`);
}

/** The server's audit public key (GET /audit/checkpoints). */
export async function serverAuditKey(opts: ServerOptions): Promise<string> {
  const { publicKey } = await serverClient(opts)<{ publicKey: string }>('GET', '/audit/checkpoints');
  if (!publicKey) throw new Error('the server did not give its audit public key');
  return publicKey;
}

type Opts = ServerOptions & { publicKey?: string; json?: boolean };

export function evidenceCommand(): Command {
  const evidence = new Command('evidence').description('evidence of access reviews (campaign reports)');
  addServerOptions(
    evidence
      .command('verify <path>')
      .description("verify a campaign report: its manifest.json, its folder, or one of its files with the manifest beside it (or summary.pdf's embedded manifest); exit 1 when a check fails")
      .option('--public-key <pemfile>', "the server's audit public key (PEM): the manifest must be signed with it")
      .option('--json', 'print JSON'),
  ).action(async (path: string, opts: Opts) => {
    if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
    if (opts.publicKey && opts.server) throw new UsageError('give --public-key or --server, not both');
    let key: string | undefined;
    if (opts.publicKey) {
      if (!existsSync(opts.publicKey)) throw new UsageError(`no such key file: ${opts.publicKey}`);
      key = readFileSync(opts.publicKey, 'utf8');
    } else if (serverGiven(opts)) key = await serverAuditKey(opts);
    const { verifyEvidence } = await evidencePackage();
    const check = await verifyEvidence(path, key);
    printChecks(check, opts.json);
    if (!key && !opts.json) process.stderr.write("note: the signing key was not compared with the server's audit key: give --public-key <pemfile> or --server <url>\n");
    if (!check.ok) process.exitCode = 1;
  });
  return evidence;
}

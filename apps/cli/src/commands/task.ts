/** `gatehouse task list|show|cancel|retry`: provisioning tasks on a running server. */
import { Command } from 'commander';
import { printJson, printTable } from '../output.js';
import { addServerOptions, serverClient, type ServerOptions } from '../server-client.js';

interface Task {
  id: string;
  appName: string;
  kind: string;
  state: string;
  summary: string;
  reason: string;
  requestedBy: { email: string } | null;
  error: string | null;
  verification: string | null;
  attempts: number;
  createdAt: string;
  endedAt: string | null;
  log?: { at: string; level: string; message: string }[];
}

type Opts = ServerOptions & { json?: boolean };

function printTask(t: Task): void {
  const out = process.stdout;
  out.write(`${t.summary}\n`);
  out.write(`  id:           ${t.id}\n  app:          ${t.appName}\n  kind:         ${t.kind}\n  state:        ${t.state}${t.verification ? ` (verification: ${t.verification})` : ''}\n`);
  out.write(`  asked by:     ${t.requestedBy?.email ?? 'Gatehouse'} — ${t.reason}\n  attempts:     ${t.attempts}\n`);
  if (t.error) out.write(`  error:        ${t.error}\n`);
  for (const l of t.log ?? []) out.write(`  ${l.at} ${l.level.padEnd(5)} ${l.message}\n`);
}

export function taskCommand(): Command {
  const task = new Command('task').description('provisioning tasks on a Gatehouse server (grants, revokes, accounts)');
  addServerOptions(
    task
      .command('list')
      .description('tasks, newest first')
      .option('--state <states>', 'comma-separated: pending, running, succeeded, failed, manual, cancelled')
      .option('--app <id>', 'one app')
      .option('--kind <kind>', 'grant, revoke, create_account, update_account, deprovision_account')
      .option('--limit <n>', 'at most this many', '50')
      .option('--json', 'print JSON'),
  ).action(async (opts: Opts & { state?: string; app?: string; kind?: string; limit: string }) => {
    const call = serverClient(opts);
    const q = new URLSearchParams({ limit: opts.limit });
    if (opts.state) q.set('state', opts.state);
    if (opts.app) q.set('appId', opts.app);
    if (opts.kind) q.set('kind', opts.kind);
    const page = await call<{ items: Task[] }>('GET', `/tasks?${q}`);
    if (opts.json) return printJson(page.items);
    printTable(
      page.items.map((t) => ({ id: t.id, state: t.state, app: t.appName, what: t.summary, by: t.requestedBy?.email ?? 'Gatehouse', created: t.createdAt })),
      ['id', 'state', 'app', 'what', 'by', 'created'],
    );
  });
  const one = (name: string, description: string, run: (call: ReturnType<typeof serverClient>, id: string, opts: Opts & { comment?: string }) => Promise<Task>) =>
    addServerOptions(task.command(`${name} <id>`).description(description).option('--json', 'print JSON')).action(async (id: string, opts: Opts & { comment?: string }) => {
      const t = await run(serverClient(opts), id, opts);
      if (opts.json) printJson(t);
      else printTask(t);
    });
  one('show', 'a task with its log', (call, id) => call<Task>('GET', `/tasks/${encodeURIComponent(id)}`));
  one('cancel', 'cancel a pending or manual task', (call, id, opts) => call<Task>('POST', `/tasks/${encodeURIComponent(id)}/cancel`, opts.comment ? { comment: opts.comment } : {})).option('--comment <text>', 'why');
  one('retry', 'run a failed task again', (call, id) => call<Task>('POST', `/tasks/${encodeURIComponent(id)}/retry`));
  return task;
}

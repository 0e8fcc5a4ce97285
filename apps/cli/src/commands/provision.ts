/** `gatehouse grant|revoke <connector>` and `gatehouse account create|update|delete <connector>`. */
import { ConfigError, parseGrantId, parseResourceRef, UnsupportedOperationError, type AccountChanges, type ChangeResult, type ConnectorDefinition } from '@gatehouse/sdk';
import { Command } from 'commander';
import { addConnectorOptions, openConnector } from '../connector-options.js';
import { printJson } from '../output.js';
import { CONNECTORS } from '../registry.js';

function perConnector(parent: Command, build: (name: string, def: ConnectorDefinition) => Command): Command {
  for (const [name, { definition }] of Object.entries(CONNECTORS)) {
    const cmd = build(name, definition);
    addConnectorOptions(cmd, definition);
    parent.addCommand(cmd);
  }
  return parent;
}

function report(opts: { json?: boolean }, result: Record<string, unknown>, text: string): void {
  if (opts.json) printJson(result);
  else process.stdout.write(text + '\n');
}

// Some apps answer a grant or revoke the same way whether or not it was held (Okta's group
// membership PUT and DELETE both answer 204): the connector says 'unknown' and so does the CLI,
// rather than claim a change it cannot know of. The next sync shows the state.
const UNKNOWN = 'done; the app does not say whether anything changed (the next sync shows it)';

function grantText(changed: ChangeResult['changed'], entitlement: string, principal: string): string {
  if (changed === 'unknown') return `granted ${entitlement} to ${principal}: ${UNKNOWN}`;
  return changed ? `granted ${entitlement} to ${principal}` : `${principal} already holds ${entitlement}; nothing changed`;
}

function revokeText(changed: ChangeResult['changed'], grant: string): string {
  if (changed === 'unknown') return `revoked ${grant}: ${UNKNOWN}`;
  return changed ? `revoked ${grant}` : `${grant} was not held; nothing changed`;
}

function requireOp<T>(fn: T | undefined, what: string, def: ConnectorDefinition): T {
  if (!fn) throw new UnsupportedOperationError(`${def.displayName} connector cannot ${what}`);
  return fn;
}

export function grantCommand(): Command {
  return perConnector(new Command('grant').description('grant an entitlement to a principal (idempotent)'), (name, def) =>
    new Command(name)
      .description(`grant a ${def.displayName} entitlement`)
      .requiredOption('--entitlement <id>', 'entitlement id, e.g. group:00g123:member')
      .requiredOption('--principal <type:id>', 'who receives it, e.g. user:00u123')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, unknown>) => {
        const { connector } = openConnector(def, opts);
        try {
          const principal = parseResourceRef(String(opts.principal));
          const result = await requireOp(connector.grant?.bind(connector), 'grant entitlements', def)(String(opts.entitlement), principal);
          report(opts, { ...result, entitlementId: opts.entitlement, principal }, grantText(result.changed, String(opts.entitlement), String(opts.principal)));
        } finally {
          await connector.close();
        }
      }),
  );
}

export function revokeCommand(): Command {
  return perConnector(new Command('revoke').description('revoke a grant (idempotent)'), (name, def) =>
    new Command(name)
      .description(`revoke a ${def.displayName} grant`)
      .requiredOption('--grant <id>', 'grant id, e.g. group:00g123:member:user:00u123')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, unknown>) => {
        const { connector } = openConnector(def, opts);
        try {
          const { entitlementId, principal } = parseGrantId(String(opts.grant), def.principalTypes);
          const result = await requireOp(connector.revoke?.bind(connector), 'revoke grants', def)(entitlementId, principal);
          report(opts, { ...result, grantId: opts.grant }, revokeText(result.changed, String(opts.grant)));
        } finally {
          await connector.close();
        }
      }),
  );
}

export function accountCommand(): Command {
  const account = new Command('account').description('create, update or delete accounts');
  const create = perConnector(new Command('create').description('create an account'), (name, def) => {
    const cmd = new Command(name)
      .description(`create a ${def.displayName} account (an existing account with the same login is returned unchanged)`)
      .requiredOption('--email <email>', 'email address')
      .option('--login <login>', 'login (default: the email)')
      .option('--first-name <name>', 'first name')
      .option('--last-name <name>', 'last name')
      .option('--display-name <name>', 'display name')
      .option('--json', 'print JSON');
    for (const [option, { description, kind }] of Object.entries(def.accountOptions ?? {})) {
      const flag = option.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      cmd.option(kind === 'boolean' ? `--${flag} [bool]` : `--${flag} <value>`, description);
    }
    return cmd.action(async (opts: Record<string, unknown>) => {
      const { connector } = openConnector(def, opts);
      try {
        const options: Record<string, unknown> = {};
        for (const [option, { kind }] of Object.entries(def.accountOptions ?? {})) {
          const v = opts[option];
          if (v === undefined) continue;
          options[option] = kind === 'boolean' ? v === true || v === 'true' || v === '1' || v === 'yes' : String(v);
        }
        const resource = await requireOp(connector.createAccount?.bind(connector), 'create accounts', def)({
          email: String(opts.email),
          login: opts.login as string | undefined,
          firstName: opts.firstName as string | undefined,
          lastName: opts.lastName as string | undefined,
          displayName: opts.displayName as string | undefined,
          options,
        });
        report(opts, { resource }, `account ${resource.id.type}:${resource.id.id} (${resource.user?.login ?? resource.displayName}) is ${resource.user?.vendorStatus ?? 'ready'}`);
      } finally {
        await connector.close();
      }
    });
  });
  const remove = perConnector(new Command('delete').description('deprovision (default) or delete an account'), (name, def) =>
    new Command(name)
      .description(`deprovision a ${def.displayName} account; --hard deletes it for good`)
      .requiredOption('--user <id>', 'the user id')
      .option('--hard', 'delete permanently instead of deprovisioning')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, unknown>) => {
        const { connector } = openConnector(def, opts);
        try {
          const mode = opts.hard ? 'delete' : 'deprovision';
          const result = await requireOp(connector.deleteAccount?.bind(connector), 'delete accounts', def)({ type: 'user', id: String(opts.user) }, mode);
          report(opts, { ...result, mode }, result.changed ? `user ${String(opts.user)}: ${result.detail ?? mode}` : `user ${String(opts.user)}: nothing to do (${result.detail ?? 'already done'})`);
        } finally {
          await connector.close();
        }
      }),
  );
  const update = perConnector(new Command('update').description("change an account's profile, or deactivate or reactivate it"), (name, def) =>
    new Command(name)
      .description(`change a ${def.displayName} account (what is not given stays as it is)`)
      .requiredOption('--user <id>', 'the user id')
      .option('--email <email>', 'new email address')
      .option('--first-name <name>', 'new first name')
      .option('--last-name <name>', 'new last name')
      .option('--display-name <name>', 'new display name')
      .option('--deactivate', 'deactivate the account (it stays, unable to sign in)')
      .option('--reactivate', 'reactivate a deactivated account')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, unknown>) => {
        if (opts.deactivate && opts.reactivate) throw new ConfigError('--deactivate and --reactivate cannot be given together');
        const changes: AccountChanges = {
          email: opts.email as string | undefined,
          firstName: opts.firstName as string | undefined,
          lastName: opts.lastName as string | undefined,
          displayName: opts.displayName as string | undefined,
          active: opts.deactivate ? false : opts.reactivate ? true : undefined,
        };
        if (Object.values(changes).every((v) => v === undefined)) throw new ConfigError('nothing to change: give --email, --first-name, --last-name, --display-name, --deactivate or --reactivate');
        const { connector } = openConnector(def, opts);
        try {
          const result = await requireOp(connector.updateAccount?.bind(connector), 'update accounts', def)({ type: 'user', id: String(opts.user) }, changes);
          report(opts, { ...result, changes }, result.changed ? `user ${String(opts.user)}: ${result.detail ?? 'updated'}` : `user ${String(opts.user)}: nothing to change`);
        } finally {
          await connector.close();
        }
      }),
  );
  account.addCommand(create);
  account.addCommand(update);
  account.addCommand(remove);
  return account;
}

/**
 * What connectors notify: a person named as a connector's owner is asked to help finish its setup,
 * and a connector whose sync failed for good tells its owners (or the app's, when it has none).
 * The error notice goes out once per outage: a connector that fails every hour notifies on the
 * first failure and then stays quiet until a sync succeeds again (`notification_once`).
 */
import { findConnector } from '@gatehouse/connectors';
import type { Transaction } from 'kysely';
import type { Context } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { notify } from './notify.js';

type Tx = Transaction<Database>;

const settingsLink = (appId: string, connectorId: string) => `/apps/${appId}?connector=${connectorId}`;

async function describe(tx: Tx, connectorId: string) {
  const c = await tx
    .selectFrom('connectors')
    .innerJoin('apps', 'apps.id', 'connectors.app_id')
    .select(['connectors.id', 'connectors.type', 'apps.id as appId', 'apps.name as appName'])
    .where('connectors.id', '=', connectorId)
    .executeTakeFirstOrThrow();
  return { ...c, typeName: findConnector(c.type)?.definition.displayName ?? c.type };
}

/** In the transaction that names them: each newly named owner gets an email and an inbox item. */
export async function connectorOwnersAdded(ctx: Context, tx: Tx, connectorId: string, added: string[]): Promise<void> {
  if (added.length === 0) return;
  const c = await describe(tx, connectorId);
  await notify(ctx, tx, {
    event: 'connector.owner_added',
    recipients: added,
    subject: `You are now an owner of the ${c.appName} connector`,
    text: `You were named an owner of the ${c.typeName} connector of ${c.appName} in Gatehouse. Your help is needed to complete its setup: check its settings and credentials, and that its syncs succeed. You will also hear from Gatehouse when it fails.`,
    link: settingsLink(c.appId, c.id),
    data: { connectorId: c.id, appId: c.appId, type: c.type },
  });
}

/** In the transaction that records a sync's final failure. Notifies once until `connectorRecovered`. */
export async function connectorFailed(ctx: Context, tx: Tx, connectorId: string, runId: string, error: string): Promise<void> {
  const key = `connector.error:${connectorId}`;
  const claimed = await tx.insertInto('notification_once').values({ key, created_at: new Date().toISOString() }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
  // Already notified for this outage (another replica may have just done it: the key is unique).
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return;
  const c = await describe(tx, connectorId);
  const owners = (await tx.selectFrom('connector_owners').select('user_id').where('connector_id', '=', connectorId).execute()).map((o) => o.user_id);
  const recipients = owners.length ? owners : (await tx.selectFrom('app_owners').select('user_id').where('app_id', '=', c.appId).execute()).map((o) => o.user_id);
  await notify(ctx, tx, {
    event: 'connector.error',
    recipients,
    subject: `The ${c.appName} connector is failing`,
    text: `The sync of the ${c.typeName} connector of ${c.appName} failed after its retries: ${error}\n\nUntil it syncs again, who has access to ${c.appName} is as of its last successful sync. You will not be told again until it has recovered and fails anew.`,
    link: settingsLink(c.appId, c.id),
    data: { connectorId: c.id, appId: c.appId, type: c.type, syncRunId: runId, error },
  });
}

/** A successful sync ends the outage: the next final failure notifies again. */
export async function connectorRecovered(tx: Tx, connectorId: string): Promise<void> {
  await tx.deleteFrom('notification_once').where('key', '=', `connector.error:${connectorId}`).execute();
}

/**
 * The audit log for a SIEM: every event as one JSON line, in Gatehouse's own shape or as an OCSF
 * event (API Activity, class 6003, the schema ConductorOne also exports), oldest first, from a
 * sequence number on so that a collector can resume where it stopped. Read in pages: the log can
 * hold millions of events and is never loaded whole.
 */
import type { Kysely, Selectable } from 'kysely';
import type { AuditEventTable, Database } from '../../db/schema.js';
import { presentAuditEvent } from './queries.js';

type AuditRow = Selectable<AuditEventTable>;

export type ExportFormat = 'native' | 'ocsf';

const OCSF_VERSION = '1.3.0';
/** OCSF API Activity activity ids: 1 create, 2 read, 3 update, 4 delete, 99 other. */
const ACTIVITY: [RegExp, number, string][] = [
  [/\.(create|bootstrap|link|grant)/, 1, 'Create'],
  [/\.(update|unlink|sync|read|succeeded|failed|manual|cancelled|pending|running|drift)/, 3, 'Update'],
  [/\.(delete|revoke)/, 4, 'Delete'],
];

function ocsf(e: AuditRow) {
  const [, activityId, activityName] = ACTIVITY.find(([re]) => re.test(e.action)) ?? [undefined, 99, 'Other'];
  const failed = /failed|login_failed/.test(e.action);
  return {
    class_uid: 6003,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activityId,
    activity_name: activityName,
    type_uid: 6003 * 100 + activityId,
    time: Date.parse(e.at),
    severity_id: failed ? 3 : 1,
    status_id: failed ? 2 : 1,
    status: failed ? 'Failure' : 'Success',
    message: e.action,
    actor: { user: { uid: e.actor_id ?? 'gatehouse', type: e.actor_type } },
    api: { operation: e.action, service: { name: 'Gatehouse' } },
    resources: [{ type: e.target_type, uid: e.target_id ?? undefined }],
    metadata: { version: OCSF_VERSION, uid: e.id, sequence: e.seq, product: { name: 'Gatehouse', vendor_name: 'Gatehouse' }, log_name: 'audit' },
    unmapped: { before: e.before ? (JSON.parse(e.before) as unknown) : null, after: e.after ? (JSON.parse(e.after) as unknown) : null, hash: e.hash, prev_hash: e.prev_hash },
  };
}

/** Yields the events after `afterSeq` as JSON lines, 5,000 rows a query. */
export async function* exportAudit(db: Kysely<Database>, format: ExportFormat, afterSeq = 0): AsyncGenerator<string> {
  let after = afterSeq;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute();
    if (rows.length === 0) return;
    yield rows.map((r) => JSON.stringify(format === 'ocsf' ? ocsf(r) : presentAuditEvent(r))).join('\n') + '\n';
    after = rows[rows.length - 1]!.seq;
  }
}

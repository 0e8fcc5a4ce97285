/**
 * Recurring campaigns: a template is a campaign definition with a schedule (a cron expression, or
 * `quarterly`), which creates and starts a campaign at each run ("review Okta admins every
 * quarter" set up once). Runs are found by the review clock's tick: the first scheduled moment
 * after the last run that has passed is claimed by one process (a conditional write), so a server
 * that was down runs a missed schedule once when it is back, and two processes never run it twice.
 */
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Context } from '../../context.js';
import type { CampaignTemplateTable } from '../../db/schema.js';
import { InvalidError, NotFoundError } from '../../errors.js';
import { audit, SYSTEM, type Actor } from '../audit/audit.js';
import { createCampaign, startCampaign } from './campaigns.js';
import { campaignInput } from './model.js';

/** The first day of January, April, July and October, at 09:00. */
const QUARTERLY = '0 9 1 1,4,7,10 *';

export const templateInput = z.object({
  name: z.string().trim().min(1).max(200),
  schedule: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  /** The campaign each run creates; its due date is `durationDays` after the run. */
  campaign: campaignInput.omit({ dueAt: true }).extend({ durationDays: z.number().int().min(1).max(365) }),
});
export type TemplateInput = z.infer<typeof templateInput>;

const cronOf = (schedule: string) => (schedule === 'quarterly' ? QUARTERLY : schedule);

function checkSchedule(schedule: string): void {
  try {
    const c = new Cron(cronOf(schedule), { paused: true });
    const next = c.nextRun();
    c.stop();
    if (!next) throw new Error('never runs');
  } catch {
    throw new InvalidError(`"${schedule}" is not a schedule: use a cron expression ("0 9 1 */3 *") or "quarterly"`, [{ field: 'body.schedule', message: 'not a valid schedule' }]);
  }
}

export function presentTemplate(t: CampaignTemplateTable) {
  const c = new Cron(cronOf(t.schedule), { paused: true });
  const next = c.nextRun(new Date(t.last_run_at ?? t.created_at));
  c.stop();
  return { id: t.id, name: t.name, schedule: t.schedule, enabled: t.enabled === 1, campaign: JSON.parse(t.definition) as TemplateInput['campaign'], lastRunAt: t.last_run_at, nextRunAt: next?.toISOString() ?? null, createdAt: t.created_at };
}

export async function listTemplates(ctx: Context) {
  return (await ctx.db.db.selectFrom('campaign_templates').selectAll().orderBy('name').execute()).map(presentTemplate);
}

export async function createTemplate(ctx: Context, actor: Actor, creatorId: string, input: TemplateInput) {
  checkSchedule(input.schedule);
  // The definition must make a valid campaign: check it as one due in its duration.
  if (input.campaign.dueAction === 'revoke' && !input.campaign.confirmRevokeAtDue) throw new InvalidError('each run would revoke every undecided item at its due date: set confirmRevokeAtDue', [{ field: 'body.campaign.confirmRevokeAtDue', message: 'required with dueAction "revoke"' }]);
  const now = new Date().toISOString();
  const row: CampaignTemplateTable = { id: randomUUID(), name: input.name, definition: JSON.stringify({ ...input.campaign, ownerId: input.campaign.ownerId ?? creatorId }), schedule: input.schedule, enabled: input.enabled ? 1 : 0, created_by: creatorId, last_run_at: null, created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('campaign_templates').values(row).execute();
    await audit(tx, actor, { action: 'campaign_template.create', targetType: 'campaign_template', targetId: row.id, after: { name: row.name, schedule: row.schedule, campaign: input.campaign } });
  });
  return presentTemplate(row);
}

export async function deleteTemplate(ctx: Context, actor: Actor, id: string): Promise<void> {
  const t = await ctx.db.db.selectFrom('campaign_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new NotFoundError('campaign template', id);
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('campaign_templates').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'campaign_template.delete', targetType: 'campaign_template', targetId: id, before: { name: t.name, schedule: t.schedule } });
  });
}

/** Creates and starts the campaign of every template whose scheduled moment has come; returns the campaigns' ids. */
export async function runDueTemplates(ctx: Context, now = new Date()): Promise<string[]> {
  const { db } = ctx.db;
  const started: string[] = [];
  for (const t of await db.selectFrom('campaign_templates').selectAll().where('enabled', '=', 1).execute()) {
    const cron = new Cron(cronOf(t.schedule), { paused: true });
    const next = cron.nextRun(new Date(t.last_run_at ?? t.created_at));
    cron.stop();
    if (!next || next > now) continue;
    const claim = db.updateTable('campaign_templates').set({ last_run_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', t.id);
    const claimed = await (t.last_run_at ? claim.where('last_run_at', '=', t.last_run_at) : claim.where('last_run_at', 'is', null)).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const def = JSON.parse(t.definition) as TemplateInput['campaign'];
    const { durationDays, ...rest } = def;
    try {
      const due = new Date(now.getTime() + durationDays * 86_400_000).toISOString();
      const name = `${t.name} — ${now.toISOString().slice(0, 10)}`;
      const c = await createCampaign(ctx, SYSTEM, rest.ownerId ?? t.created_by ?? '', campaignInput.parse({ ...rest, name, dueAt: due }), t.id);
      // Nobody waits at a scheduled start: stale data is noted in the audit log, not a reason to skip a quarter.
      await startCampaign(ctx, SYSTEM, c.id, { startAnyway: true });
      started.push(c.id);
    } catch (err) {
      ctx.logger.error({ template: t.id, err: (err as Error).message }, 'a recurring access review could not start');
      await db.transaction().execute((tx) => audit(tx, SYSTEM, { action: 'campaign_template.run_failed', targetType: 'campaign_template', targetId: t.id, after: { reason: (err as Error).message } }));
    }
  }
  return started;
}

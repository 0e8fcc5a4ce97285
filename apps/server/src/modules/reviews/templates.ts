/**
 * Recurring campaigns: a template is a campaign definition with a schedule (a cron expression,
 * `quarterly` or `monthly`), which creates and starts a campaign at each run ("review Okta admins every
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
import { checkDefinition, createCampaign, startCampaign } from './campaigns.js';
import { campaignInput, type CampaignState } from './model.js';

/** The first day of January, April, July and October, at 09:00. */
const QUARTERLY = '0 9 1 1,4,7,10 *';
/** The first day of each month, at 09:00. */
const MONTHLY = '0 9 1 * *';

/** The campaign each run creates; its due date is `durationDays` after the run. */
export const templateCampaign = campaignInput.omit({ dueAt: true }).extend({ durationDays: z.number().int().min(1).max(365) });

export const templateInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** `quarterly`, `monthly`, or a cron expression (five fields; six with seconds). */
  schedule: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  campaign: templateCampaign,
});
export type TemplateInput = z.infer<typeof templateInput>;

const cronOf = (schedule: string) => (schedule === 'quarterly' ? QUARTERLY : schedule === 'monthly' ? MONTHLY : schedule);

function checkSchedule(schedule: string): void {
  let reason: string;
  try {
    const c = new Cron(cronOf(schedule), { paused: true });
    const next = c.nextRun();
    c.stop();
    if (next) return;
    reason = 'it never runs';
  } catch (e) {
    reason = (e as Error).message.replace(/^CronPattern: /, '');
  }
  throw new InvalidError(`"${schedule}" is not a schedule (${reason}): use "quarterly", "monthly" or a cron expression such as "0 9 1 */3 *" (minute, hour, day of month, month, day of week)`, [{ field: 'body.schedule', message: 'not a valid schedule' }]);
}

/**
 * The moment the next run is counted from: the last run, or the last edit (creating, editing,
 * pausing or resuming it), whichever is later; a claimed run sets both. So a server that was down
 * runs a missed moment once when it is back, but a template resumed or rescheduled does not run at
 * once for a moment that passed before.
 */
const countedFrom = (t: CampaignTemplateTable) => new Date(t.last_run_at && t.last_run_at > t.updated_at ? t.last_run_at : t.updated_at);

function nextRun(t: CampaignTemplateTable): Date | null {
  const c = new Cron(cronOf(t.schedule), { paused: true });
  const next = c.nextRun(countedFrom(t));
  c.stop();
  return next;
}

type LastCampaign = { id: string; name: string; state: CampaignState } | null;

export function presentTemplate(t: CampaignTemplateTable, lastCampaign: LastCampaign = null) {
  return {
    id: t.id,
    name: t.name,
    schedule: t.schedule,
    enabled: t.enabled === 1,
    campaign: JSON.parse(t.definition) as TemplateInput['campaign'],
    lastRunAt: t.last_run_at,
    nextRunAt: nextRun(t)?.toISOString() ?? null,
    lastCampaign,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}
export type TemplateView = ReturnType<typeof presentTemplate>;

/** The newest campaign each template made. */
async function lastCampaigns(ctx: Context, ids: string[]): Promise<Map<string, LastCampaign>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db.db.selectFrom('campaigns').select(['id', 'name', 'state', 'template_id', 'created_at']).where('template_id', 'in', ids).orderBy('created_at').execute();
  return new Map(rows.map((r) => [r.template_id!, { id: r.id, name: r.name, state: r.state as CampaignState }]));
}

export async function listTemplates(ctx: Context): Promise<TemplateView[]> {
  const rows = await ctx.db.db.selectFrom('campaign_templates').selectAll().orderBy('name').execute();
  const last = await lastCampaigns(ctx, rows.map((t) => t.id));
  return rows.map((t) => presentTemplate(t, last.get(t.id) ?? null));
}

async function loadTemplate(ctx: Context, id: string): Promise<CampaignTemplateTable> {
  const t = await ctx.db.db.selectFrom('campaign_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!t) throw new NotFoundError('campaign template', id);
  return t;
}

export async function getTemplate(ctx: Context, id: string): Promise<TemplateView> {
  const t = await loadTemplate(ctx, id);
  return presentTemplate(t, (await lastCampaigns(ctx, [id])).get(id) ?? null);
}

/** The schedule, and the definition as a campaign without dates (owner, policy, due action, apps); returns it with its owner. */
async function checkTemplate(ctx: Context, input: TemplateInput, ownerId: string): Promise<TemplateInput['campaign']> {
  checkSchedule(input.schedule);
  const campaign = { ...input.campaign, ownerId };
  await checkDefinition(ctx, campaign, ownerId, 'campaign.');
  return campaign;
}

export async function createTemplate(ctx: Context, actor: Actor, creatorId: string, input: TemplateInput): Promise<TemplateView> {
  const campaign = await checkTemplate(ctx, input, input.campaign.ownerId ?? creatorId);
  const now = new Date().toISOString();
  const row: CampaignTemplateTable = { id: randomUUID(), name: input.name, definition: JSON.stringify(campaign), schedule: input.schedule, enabled: input.enabled ? 1 : 0, created_by: creatorId, last_run_at: null, created_at: now, updated_at: now };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('campaign_templates').values(row).execute();
    await audit(tx, actor, { action: 'campaign_template.create', targetType: 'campaign_template', targetId: row.id, after: { name: row.name, schedule: row.schedule, enabled: input.enabled, campaign } });
  });
  return presentTemplate(row);
}

/** Replaces a template's definition and schedule; the campaigns it made stay as they are. */
export async function updateTemplate(ctx: Context, actor: Actor, id: string, input: TemplateInput): Promise<TemplateView> {
  const before = await loadTemplate(ctx, id);
  const previous = JSON.parse(before.definition) as TemplateInput['campaign'];
  const campaign = await checkTemplate(ctx, input, input.campaign.ownerId ?? previous.ownerId ?? before.created_by ?? '');
  const set = { name: input.name, definition: JSON.stringify(campaign), schedule: input.schedule, enabled: input.enabled ? 1 : 0, updated_at: new Date().toISOString() };
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.updateTable('campaign_templates').set(set).where('id', '=', id).execute();
    await audit(tx, actor, { action: 'campaign_template.update', targetType: 'campaign_template', targetId: id, before: { name: before.name, schedule: before.schedule, enabled: before.enabled === 1, campaign: previous }, after: { name: set.name, schedule: set.schedule, enabled: input.enabled, campaign } });
  });
  return getTemplate(ctx, id);
}

/** Pauses (no run until resumed) or resumes a template; a moment that passed while paused is not made up. */
export async function setTemplateEnabled(ctx: Context, actor: Actor, id: string, enabled: boolean): Promise<TemplateView> {
  const before = await loadTemplate(ctx, id);
  if ((before.enabled === 1) !== enabled) {
    await ctx.db.db.transaction().execute(async (tx) => {
      await tx.updateTable('campaign_templates').set({ enabled: enabled ? 1 : 0, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
      await audit(tx, actor, { action: enabled ? 'campaign_template.resume' : 'campaign_template.pause', targetType: 'campaign_template', targetId: id, before: { enabled: before.enabled === 1 }, after: { enabled } });
    });
  }
  return getTemplate(ctx, id);
}

export async function deleteTemplate(ctx: Context, actor: Actor, id: string): Promise<void> {
  const t = await loadTemplate(ctx, id);
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
    const next = nextRun(t);
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

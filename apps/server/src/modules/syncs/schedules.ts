/** Cron schedules of every connector (croner), reread every minute so edits take effect. */
import { Cron } from 'croner';
import type { Context } from '../../context.js';
import { requestSync } from './runs.js';

/** Whether a cron expression is one croner runs (5 or 6 fields). */
export function isValidCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export function startSchedules(ctx: Context): () => void {
  const crons = new Map<string, { schedule: string; cron: Cron }>();
  const refresh = async () => {
    const rows = await ctx.db.db.selectFrom('connectors').select(['id', 'app_id', 'schedule']).execute();
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, c] of crons) {
      if (!ids.has(id)) {
        c.cron.stop();
        crons.delete(id);
      }
    }
    for (const r of rows) {
      if (crons.get(r.id)?.schedule === r.schedule) continue;
      crons.get(r.id)?.cron.stop();
      const cron = new Cron(r.schedule, { protect: true }, () => {
        void requestSync(ctx, r.id, r.app_id, 'schedule').catch((err: unknown) => ctx.logger.error({ err: (err as Error).message }, 'scheduled sync not queued'));
      });
      crons.set(r.id, { schedule: r.schedule, cron });
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh().catch(() => {}), 60_000);
  return () => {
    clearInterval(timer);
    for (const c of crons.values()) c.cron.stop();
  };
}

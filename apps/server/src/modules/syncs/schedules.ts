/** Cron schedules of every connector (croner), reread every minute so edits take effect. */
import { Cron } from 'croner';
import type { Context } from '../../context.js';
import { requestSync } from './runs.js';

/**
 * Syncs start at most this often: each reads the whole app, thousands of API calls against the
 * vendor's rate limits, and a schedule of every second would keep a connector syncing forever.
 */
export const MIN_SYNC_INTERVAL_MINUTES = 5;

/**
 * Why a cron expression cannot be a sync schedule (invalid, never runs, or runs more often than
 * every MIN_SYNC_INTERVAL_MINUTES), or undefined when it can. The shortest gap is found among
 * croner's own next runs, so it follows croner's reading of the fields: every day an expression
 * allows has the same runs (its hours × minutes × seconds), so the runs of the first allowed day,
 * and the step into the next one, include the shortest gap.
 */
export function scheduleProblem(expression: string): string | undefined {
  let cron: Cron;
  try {
    cron = new Cron(expression, { paused: true });
  } catch {
    return 'not a valid cron expression (e.g. "0 * * * *" for hourly)';
  }
  const minGap = MIN_SYNC_INTERVAL_MINUTES * 60_000;
  // At one run per 5 minutes a day has at most 288 runs: 600 cover the first day and the next.
  const from = new Date(2030, 0, 1, 0, 0, 0, -1);
  let first: Date | undefined;
  let previous: Date | undefined;
  try {
    for (let i = 0; i < 600; i++) {
      const next = cron.nextRun(previous ?? from);
      if (!next) break;
      if (previous && next.getTime() - previous.getTime() < minGap) {
        return `runs more often than every ${MIN_SYNC_INTERVAL_MINUTES} minutes (${previous.toTimeString().slice(0, 8)} and then ${next.toTimeString().slice(0, 8)}); syncs may start at most every ${MIN_SYNC_INTERVAL_MINUTES} minutes, e.g. "*/15 * * * *"`;
      }
      first ??= next;
      if (next.getTime() - first.getTime() > 2 * 86_400_000) break;
      previous = next;
    }
  } finally {
    cron.stop();
  }
  return first ? undefined : 'never runs (no date matches it)';
}

export function startSchedules(ctx: Context): () => void {
  // A schedule refused below stays here without a cron, so that it is reported once, not every minute.
  const crons = new Map<string, { schedule: string; cron?: Cron }>();
  const refresh = async () => {
    const rows = await ctx.db.db.selectFrom('connectors').select(['id', 'app_id', 'schedule']).execute();
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, c] of crons) {
      if (!ids.has(id)) {
        c.cron?.stop();
        crons.delete(id);
      }
    }
    for (const r of rows) {
      if (crons.get(r.id)?.schedule === r.schedule) continue;
      crons.get(r.id)?.cron?.stop();
      // Saved before schedules had a minimum: not run until someone sets a valid one.
      const problem = scheduleProblem(r.schedule);
      if (problem) {
        ctx.logger.warn({ connector: r.id, schedule: r.schedule }, `connector schedule not started: it ${problem}`);
        crons.set(r.id, { schedule: r.schedule });
        continue;
      }
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
    for (const c of crons.values()) c.cron?.stop();
  };
}

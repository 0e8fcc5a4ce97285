/**
 * Sync progress on stderr: a live bar on a terminal, a line every few seconds otherwise (CI logs,
 * pipes), nothing with --quiet.
 */
import type { SyncProgress } from '@gatehouse/sdk';
import cliProgress from 'cli-progress';
import { formatNumber } from './output.js';

export interface ProgressReporter {
  update(p: SyncProgress): void;
  stop(): void;
}

export function createProgress(label: string, options: { quiet?: boolean } = {}): ProgressReporter {
  if (options.quiet) return { update() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} lists | {resources} resources | {grants} grants | {apiCalls} API calls | {phase}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { resources: formatNumber(p.resources), grants: formatNumber(p.grants), apiCalls: formatNumber(p.apiCalls), phase: p.phase };
        if (!started) {
          bar.start(Math.max(1, p.tasksTotal), p.tasksDone, payload);
          started = true;
        }
        bar.setTotal(Math.max(1, p.tasksTotal));
        bar.update(p.tasksDone, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase === 'listing' && now - last < 5000) return;
      last = now;
      process.stderr.write(
        `${label}: ${p.phase} ${p.tasksDone}/${p.tasksTotal} lists, ${formatNumber(p.resources)} resources, ${formatNumber(p.grants)} grants, ${formatNumber(p.apiCalls)} API calls\n`,
      );
    },
    stop() {},
  };
}

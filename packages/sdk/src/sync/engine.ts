/**
 * The sync engine: walks resource types → resources → entitlements → grants with bounded
 * concurrency, writing each page and the position after it in one SQLite transaction. A sync
 * killed at any point and started again on the same file resumes from those positions: pages
 * already committed are not fetched again, and the end result is that of an uninterrupted sync.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Connector, ConnectorDefinition, Page } from '../connector.js';
import { PermissionDeniedError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { Entitlement, Grant, Resource } from '../model.js';
import { expandGrants } from './expand.js';
import { SyncFile, type SyncStats, type Task } from './sync-file.js';

export interface SyncProgress {
  phase: 'listing' | 'expanding' | 'done';
  tasksDone: number;
  tasksTotal: number;
  pages: number;
  resources: number;
  grants: number;
  apiCalls: number;
}

export interface SyncOptions {
  definition: Pick<ConnectorDefinition, 'name' | 'resourceTypes'>;
  connector: Connector;
  /** Path of the sync file. An unfinished sync of the same target there is resumed. */
  file: string;
  /**
   * Identifies what is synced (e.g. the Okta domain), never a secret: a file left by a sync of
   * another target is started afresh instead of resumed.
   */
  target: string;
  concurrency?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Called as warnings are recorded (the CLI prints them). */
  onWarning?: (code: string, message: string) => void;
  logger?: Logger;
  /** Tests: stop after this many committed pages, as if killed. */
  stopAfterPages?: number;
}

export interface SyncResult extends SyncStats {
  file: string;
  resumed: boolean;
  apiCallsThisRun: number;
  cycles: string[][];
}

export class SyncInterrupted extends Error {
  override name = 'SyncInterrupted';
}

/**
 * A first-in first-out queue. Array.shift moves every remaining element: with a task per user
 * (PingOne's role assignments) a 200,000-task sync spent 20 s shifting.
 */
class Fifo<T> {
  private items: (T | undefined)[];
  private head = 0;

  constructor(initial: T[]) {
    this.items = initial;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  pushAll(more: T[]): void {
    for (const item of more) this.items.push(item);
  }

  take(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    // Drop the consumed front now and then, so a long sync does not keep it.
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

export function targetFingerprint(connector: string, target: string): string {
  return createHash('sha256').update(`${connector}\n${target}`).digest('hex').slice(0, 16);
}

/** Warnings raised through a connector's context before the sync file is open are kept here. */
export class WarningSink {
  private file?: SyncFile;
  private pending: { code: string; message: string }[] = [];
  constructor(private readonly onWarning?: (code: string, message: string) => void) {}

  attach(file: SyncFile): void {
    this.file = file;
    for (const w of this.pending) this.warn(w.code, w.message);
    this.pending = [];
  }

  warn = (code: string, message: string): void => {
    if (!this.file) {
      if (!this.pending.some((w) => w.code === code)) this.pending.push({ code, message });
      return;
    }
    if (this.file.addWarning(code, message)) this.onWarning?.(code, message);
  };
}

export async function runSync(options: SyncOptions, warnings = new WarningSink(options.onWarning)): Promise<SyncResult> {
  const logger = options.logger ?? silentLogger();
  const { connector, definition } = options;
  const target = targetFingerprint(definition.name, options.target);

  let file = existsSync(options.file) ? SyncFile.open(options.file) : undefined;
  const previous = file?.run();
  const resumable = previous && previous.status !== 'succeeded' && previous.connector === definition.name && previous.target === target;
  if (file && !resumable) {
    if (previous) logger.info({ file: options.file, status: previous.status }, 'replacing an earlier sync file');
    file.close();
    SyncFile.remove(options.file);
    file = undefined;
  }
  file ??= SyncFile.open(options.file);
  warnings.attach(file);

  const callsAtStart = connector.apiCalls();
  let callsRecorded = callsAtStart;
  const flushCalls = () => {
    const now = connector.apiCalls();
    file.addApiCalls(now - callsRecorded);
    callsRecorded = now;
  };

  try {
    await connector.validate();
    if (resumable) {
      file.markResumed();
    } else {
      const types = connector.resourceTypes ? await connector.resourceTypes() : definition.resourceTypes;
      file.transaction(() => {
        file.startRun(definition.name, target);
        for (const type of types) {
          file.putResourceType(type);
          file.addTask('resources', type.id);
          if (connector.listTypeGrants) file.addTask('type-grants', type.id);
        }
      });
    }
    await walk(file, options, warnings, flushCalls);
    flushCalls();
    file.setStatus('expanding');
    file.ensureIndexes();
    options.onProgress?.({ ...progressOf(file, connector), phase: 'expanding' });
    const expansion = expandGrants(file);
    for (const cycle of expansion.cycles) {
      warnings.warn(`cycle:${cycle.join('>')}`, `grant expansion found a cycle: ${cycle.join(' → ')}; each member got the grants once`);
    }
    file.setStatus('succeeded');
    options.onProgress?.({ ...progressOf(file, connector), phase: 'done' });
    const stats = file.stats();
    return {
      ...stats,
      file: options.file,
      resumed: Boolean(resumable),
      apiCallsThisRun: connector.apiCalls() - callsAtStart,
      cycles: expansion.cycles,
    };
  } catch (err) {
    flushCalls();
    if (!(err instanceof SyncInterrupted)) file.setStatus('failed', (err as Error).message);
    throw err;
  } finally {
    file.close();
  }
}

function progressOf(file: SyncFile, connector: Connector): Omit<SyncProgress, 'phase'> {
  const t = file.taskCounts();
  const { resources, grants } = file.counts();
  return {
    tasksDone: t.done,
    tasksTotal: t.total,
    pages: t.pages,
    resources,
    grants,
    apiCalls: connector.apiCalls(),
  };
}

async function walk(file: SyncFile, options: SyncOptions, warnings: WarningSink, flushCalls: () => void): Promise<void> {
  const { connector, definition } = options;
  // The types this run syncs, as stored at its start (a connector may have chosen them).
  const types = new Map(file.resourceTypes().map((t) => [t.id, t]));
  const skippedTypes = new Set<string>();
  const queue = new Fifo<Task>(file.pendingTasks());
  const concurrency = Math.max(1, options.concurrency ?? 16);
  let committedPages = 0;
  let { resources, grants } = file.counts();
  let counts = file.taskCounts();
  let failure: unknown;
  let lastProgress = 0;

  const report = (force = false) => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastProgress < 100)) return;
    lastProgress = now;
    options.onProgress({
      phase: 'listing',
      tasksDone: counts.done,
      tasksTotal: counts.total,
      pages: counts.pages,
      resources,
      grants,
      apiCalls: connector.apiCalls(),
    });
  };

  const resourceOf = (task: Task): Resource => {
    const r = file.getResource(task.resourceType, task.resourceId);
    if (!r) throw new Error(`sync file is inconsistent: task ${task.kind} names missing resource ${task.resourceType}:${task.resourceId}`);
    return r;
  };

  const fetchPage = async (task: Task): Promise<Page<Resource | Entitlement | Grant>> => {
    const type = types.get(task.resourceType);
    if (!type) throw new Error(`sync file names resource type "${task.resourceType}" that ${definition.name} does not have`);
    const token = task.pageToken ?? undefined;
    switch (task.kind) {
      case 'resources':
        return connector.listResources(type, token);
      case 'entitlements':
        return connector.listEntitlements(resourceOf(task), token);
      case 'grants':
        return connector.listGrants(resourceOf(task), token);
      case 'type-grants':
        return connector.listTypeGrants!(type, token);
    }
  };

  // A grant of a type left out for want of permission would point at nothing (a page of users can
  // carry grants of populations that may not be read). After a resume, such a type is no longer
  // among the run's types at all.
  const ofSkippedType = (grant: Grant) => {
    const type = grant.entitlementId.slice(0, grant.entitlementId.indexOf(':'));
    return skippedTypes.has(type) || !types.has(type);
  };

  const commit = (task: Task, page: Page<Resource | Entitlement | Grant>): Task[] => {
    const children: Task[] = [];
    file.transaction(() => {
      for (const item of page.items) {
        if (task.kind === 'resources') {
          const r = item as Resource;
          file.putResource(r);
          resources++;
          const type = types.get(r.id.type);
          if (type && !type.skipEntitlementsAndGrants) {
            const e = type.skipEntitlements ? undefined : file.addTask('entitlements', r.id.type, r.id.id);
            const g = file.addTask('grants', r.id.type, r.id.id);
            if (e) children.push(e);
            if (g) children.push(g);
          }
        } else if (task.kind === 'entitlements') {
          file.putEntitlement(item as Entitlement);
        } else if (!ofSkippedType(item as Grant)) {
          file.putGrant(item as Grant);
          grants++;
        }
      }
      // Forks of a listing are tasks of their own, named after their first token so a resumed
      // sync neither loses nor repeats one.
      for (const token of task.kind === 'resources' ? ((page as Page<Resource>).forks ?? []) : []) {
        const key = `fork:${createHash('sha256').update(token).digest('hex').slice(0, 20)}`;
        const fork = file.addTask('resources', task.resourceType, key, token);
        if (fork) children.push(fork);
      }
      for (const grant of page.grants ?? []) {
        if (ofSkippedType(grant)) continue;
        file.putGrant(grant);
        grants++;
      }
      file.advanceTask(task.id, page.nextPageToken);
    });
    counts = { total: counts.total + children.length, done: counts.done + (page.nextPageToken ? 0 : 1), pages: counts.pages + 1 };
    return children;
  };

  /**
   * Fetches one page of a task and commits it. Returns the next page's token (null when the task
   * is finished or stopped): nothing of the page outlives this call, so the rows of a committed
   * page are not kept alive while its task waits for the next one (16 tasks would hold 16 pages).
   */
  const nextPage = async (task: Task): Promise<string | null> => {
    let page: Page<Resource | Entitlement | Grant>;
    try {
      page = await fetchPage(task);
    } catch (err) {
      if (err instanceof PermissionDeniedError) {
        skipAfterDenied(task, err);
        return null;
      }
      throw err;
    }
    if (failure || skippedTypes.has(task.resourceType)) return null;
    queue.pushAll(commit(task, page));
    committedPages++;
    if (committedPages % 50 === 0) flushCalls();
    report();
    if (options.stopAfterPages !== undefined && committedPages >= options.stopAfterPages) {
      throw new SyncInterrupted(`stopped after ${committedPages} pages`);
    }
    return page.nextPageToken ?? null;
  };

  const runTask = async (task: Task): Promise<void> => {
    if (skippedTypes.has(task.resourceType)) return;
    for (;;) {
      if (failure) return;
      const next = await nextPage(task);
      if (!next) return;
      task = { ...task, pageToken: next, pages: task.pages + 1 };
    }
  };

  const skipAfterDenied = (task: Task, err: PermissionDeniedError) => {
    const type = types.get(task.resourceType)!;
    if (task.kind === 'resources' || task.kind === 'type-grants') {
      // Without read access to the type itself, nothing of it can be trusted: leave it out whole.
      skippedTypes.add(type.id);
      file.transaction(() => file.dropResourceType(type.id));
      warnings.warn(
        `permission:${err.permission}`,
        `${type.displayName} not synced: ${err.message}`,
      );
    } else {
      file.finishTask(task.id);
      warnings.warn(`permission:${err.permission}`, `some ${task.kind} of ${type.displayName} not synced: ${err.message}`);
    }
    counts = file.taskCounts();
  };

  // A pool of workers pulling from one queue; tasks add their children to it as pages commit.
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (failure) {
        if (active === 0) reject(failure instanceof Error ? failure : new Error(String(failure)));
        return;
      }
      while (active < concurrency && queue.size > 0) {
        const task = queue.take()!;
        active++;
        runTask(task)
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => {
            active--;
            pump();
          });
      }
      if (active === 0 && queue.size === 0) resolve();
    };
    pump();
  });
  report(true);
}

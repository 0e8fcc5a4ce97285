/** Sorted id lists for cursor paging: `after` cursors are found by binary search. */

/** A sorted id list rebuilt lazily after a change. */
export class SortedIds {
  private sorted?: string[];
  constructor(private readonly ids: () => Iterable<string>) {}
  invalidate(): void {
    this.sorted = undefined;
  }
  get(): string[] {
    return (this.sorted ??= [...this.ids()].sort());
  }
}

/** Index of the first id strictly after `after` in a sorted list. */
export function indexAfter(sorted: readonly string[], after: string | undefined): number {
  if (!after) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Dates in the past, from a fixed "now", for generated records (created, last login, …). */
export function pastDates(random: { int(min: number, maxExclusive: number): number }, now: Date): (maxDays: number) => string {
  const base = now.getTime();
  return (maxDays) => new Date(base - random.int(1, maxDays) * 86_400_000 - random.int(0, 86_400_000)).toISOString();
}

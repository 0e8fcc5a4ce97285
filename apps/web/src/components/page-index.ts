/**
 * What an infinite table knows of a cursor-paged list without keeping its rows: the cursor and row
 * count of each page seen, in order, and so where each page's rows are among all the rows.
 */

/** A page as the API gives it (the rows themselves do not matter here). */
interface Page {
  items: readonly unknown[];
  nextCursor: string | null;
}

/** What is known of a list's pages, in order: the cursor and row count of each page seen. */
export class PageIndex {
  /** `cursors[i]` fetches page i; `cursors[sizes.length]`, while the list goes on, the first page not seen yet. */
  readonly cursors: (string | undefined)[] = [undefined];
  readonly sizes: number[] = [];
  /** `starts[i]` is the index of page i's first row; `starts[sizes.length]`, the number of rows known. */
  private starts: number[] = [0];
  /** The last page seen said there is no next one. */
  complete = false;
  /** Pages seen whose cursor has moved since (see `record`), to fetch again. */
  private moved = new Set<number>();

  get pages(): number {
    return this.sizes.length;
  }
  get rows(): number {
    return this.starts[this.sizes.length]!;
  }
  start(page: number): number {
    return this.starts[page]!;
  }
  /** The page holding row `index` (0 before any page is known, the last page past the end). */
  pageOf(index: number): number {
    let lo = 0;
    let hi = this.sizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }
  /**
   * Takes in page `i` as fetched. `changed`: what is known changed (rows, cursors, the end);
   * `nextMoved`: the next page, already seen, now starts elsewhere (rows came or went) and needs
   * fetching again from its new cursor.
   */
  record(i: number, page: Page): { changed: boolean; nextMoved: boolean } {
    if (i > this.sizes.length) return { changed: false, nextMoved: false };
    let changed = false;
    let nextMoved = false;
    if (this.sizes[i] !== page.items.length) {
      this.sizes[i] = page.items.length;
      changed = true;
    }
    if (page.nextCursor === null) {
      // The list ends here now: pages seen after this one are gone.
      if (!this.complete || this.sizes.length > i + 1) {
        this.complete = true;
        this.sizes.length = i + 1;
        this.cursors.length = i + 1;
        changed = true;
      }
    } else {
      if (this.complete && i === this.sizes.length - 1) {
        this.complete = false;
        changed = true;
      }
      if (this.cursors[i + 1] !== page.nextCursor) {
        nextMoved = i + 1 < this.sizes.length;
        if (nextMoved) this.moved.add(i + 1);
        this.cursors[i + 1] = page.nextCursor;
        changed = true;
      }
    }
    for (const m of this.moved) if (m >= this.sizes.length) this.moved.delete(m);
    if (changed) {
      const starts = [0];
      for (const size of this.sizes) starts.push(starts[starts.length - 1]! + size);
      this.starts = starts;
    }
    return { changed, nextMoved };
  }

  /** The pages whose cursor moved since last asked, once each. */
  takeMoved(): number[] {
    const moved = [...this.moved];
    this.moved.clear();
    return moved;
  }
}

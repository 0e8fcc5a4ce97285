/**
 * The infinite table's index of pages seen: row counts and cursors learnt page by page, rows found
 * by page, and lists that change under it (rows added, removed, the end moving).
 */
import { describe, expect, it } from 'vitest';
import { PageIndex } from '../src/components/page-index.js';

const page = (n: number, nextCursor: string | null) => ({ items: Array.from({ length: n }, (_, i) => i), nextCursor });

describe('PageIndex', () => {
  it('learns pages in order: rows, cursors, where each row is', () => {
    const ix = new PageIndex();
    expect([ix.pages, ix.rows, ix.complete, ix.pageOf(0)]).toEqual([0, 0, false, 0]);
    expect(ix.record(0, page(200, 'c1'))).toEqual({ changed: true, nextMoved: false });
    expect(ix.record(1, page(200, 'c2'))).toEqual({ changed: true, nextMoved: false });
    expect(ix.record(2, page(57, null))).toEqual({ changed: true, nextMoved: false });
    expect([ix.pages, ix.rows, ix.complete]).toEqual([3, 457, true]);
    expect(ix.cursors).toEqual([undefined, 'c1', 'c2']);
    expect([0, 199, 200, 399, 400, 456, 10_000].map((r) => ix.pageOf(r))).toEqual([0, 0, 1, 1, 2, 2, 2]);
    expect([0, 1, 2].map((p) => ix.start(p))).toEqual([0, 200, 400]);
    // The same page again changes nothing; a page past those known is ignored.
    expect(ix.record(1, page(200, 'c2'))).toEqual({ changed: false, nextMoved: false });
    expect(ix.record(7, page(200, 'c8'))).toEqual({ changed: false, nextMoved: false });
  });

  it('says when a page fetched again moves the start of the next one', () => {
    const ix = new PageIndex();
    ix.record(0, page(200, 'c1'));
    ix.record(1, page(200, 'c2'));
    ix.record(2, page(200, 'c3'));
    expect(ix.takeMoved()).toEqual([]);
    expect(ix.record(1, page(200, 'c2-moved'))).toEqual({ changed: true, nextMoved: true });
    expect(ix.cursors).toEqual([undefined, 'c1', 'c2-moved', 'c3']);
    expect(ix.takeMoved()).toEqual([2]);
    expect(ix.takeMoved()).toEqual([]);
    // The cursor of the page not seen yet moving is no page to fetch again.
    expect(ix.record(2, page(200, 'c3-moved'))).toEqual({ changed: true, nextMoved: false });
  });

  it('follows the end: a last page that grows goes on, one that ends early drops the pages after it', () => {
    const ix = new PageIndex();
    ix.record(0, page(200, 'c1'));
    ix.record(1, page(10, null));
    expect([ix.rows, ix.complete]).toEqual([210, true]);
    ix.record(1, page(200, 'c2'));
    expect([ix.rows, ix.complete, ix.cursors[2]]).toEqual([400, false, 'c2']);
    ix.record(2, page(5, null));
    expect([ix.pages, ix.rows, ix.complete]).toEqual([3, 405, true]);
    ix.record(0, page(150, null));
    expect([ix.pages, ix.rows, ix.complete, ix.cursors]).toEqual([1, 150, true, [undefined]]);
  });
});

/**
 * Keeps the garbage a report leaves behind from growing the server. A report makes gigabytes of
 * short-lived objects (rows, cells, XML, CSV text) while it holds little at once (a page of items,
 * the workbook's backlog for the zip), but enough of them outlive a young-generation collection
 * that the old generation fills with garbage, and V8, with gigabytes to grow into, lets it reach
 * several times what is live before it collects: a report of a million items took the server from
 * 220 MB to 540 MB RSS, its live heap flat at about 66 MB. The writers call `boundHeap()` after
 * each page: once the heap has grown `HEADROOM` past what was live after the last collection, it
 * collects now (at 200,000 items: 16 collections on SQLite, 30 on PostgreSQL, where the rows come
 * as more objects). A heap that holds more after a collection (other work of the server) moves the
 * bound up with it, so it never collects over and over.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How far past the live heap garbage may grow before a report collects it. */
export const HEADROOM = 32 * 1024 * 1024;

// V8's collector without starting Node with --expose-gc: the flag is on while one new context is
// made (whose global `gc` this keeps), then off again, so no other code gets a `gc` global.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
setFlagsFromString('--no-expose-gc');

export const heapUsed = (): number => getHeapStatistics().used_heap_size;
let bound = 0;

/** Collects the garbage now when the heap has grown `HEADROOM` past what was live after the last collection. */
export function boundHeap(): void {
  const now = heapUsed();
  if (!bound) bound = now + HEADROOM;
  if (now < bound) return;
  collect();
  bound = heapUsed() + HEADROOM;
}

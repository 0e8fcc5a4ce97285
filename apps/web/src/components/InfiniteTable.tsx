/**
 * A table over a cursor-paged API that stays fast and small at 100,000+ rows: pages are fetched as
 * the user scrolls (server-side pagination), only the rows in view are in the DOM (virtualised), and
 * only the pages near the view are in memory.
 *
 * The API's cursors only go forwards, so of every page seen the table keeps its cursor and its row
 * count (a few bytes a page, not the rows): the scrollbar spans every row seen, row positions never
 * move, and a page scrolled back to is fetched again by its cursor. Each page is a query of its own
 * (`[...queryKey, { page: i }]`, so invalidating `queryKey` refreshes the pages in view); the query
 * cache drops a page's rows shortly after it leaves the view.
 */
import { Box, Skeleton, Table, Text } from '@mantine/core';
import { hashKey, useQueries, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, type ComponentPropsWithoutRef } from 'react';
import type { Page } from '../api';
import { PageIndex } from './page-index';
import { ErrorState, Loading } from './QueryState';

const ROW_HEIGHT = 41;
/** Pages kept (and fetched ahead) either side of those in view. */
const AROUND = 1;
/** A page that left the view stays in the query cache this long, for a view that comes straight back (and is not fetched again within it). */
const KEEP_MS = 1_000;
/** Within this many rows of the last row known, the next page is fetched. */
const AHEAD = 25;

export interface InfiniteTableProps<T> {
  /** Identifies the list and its filters; a change starts from the first page. */
  queryKey: unknown[];
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  columns: ColumnDef<T, unknown>[];
  rowKey: (row: T) => string;
  label: string;
  height?: number | string;
  empty?: string;
  /** A fixed interval, or one decided from a page's rows (each page in view refetches on its own: live while some of its rows are still changing). */
  refetchInterval?: number | false | ((rows: T[]) => number | false);
  /** Extra attributes of a row's <tr> (data attributes, focus, keys). */
  rowProps?: (row: T, index: number) => ComponentPropsWithoutRef<'tr'> & Record<`data-${string}`, string | undefined>;
}

/**
 * The query of page `i`, made here rather than in the component: a closure made during a render
 * holds on to everything that render could reach (its rows, the query results and through them the
 * closures of earlier renders), for as long as the query keeps it — that chain kept every row ever
 * scrolled past. These reach only the page index and the latest props.
 */
function pageQuery<T>(queryKey: QueryKey, i: number, pages: PageIndex, latest: { current: Pick<InfiniteTableProps<T>, 'fetchPage' | 'refetchInterval'> }, enabled: boolean) {
  return {
    queryKey,
    enabled,
    // The cursor as known when the fetch starts (a page before may have moved it).
    queryFn: () => latest.current.fetchPage(pages.cursors[i]),
    gcTime: KEEP_MS,
    staleTime: KEEP_MS,
    refetchInterval: (q: { state: { data?: Page<T> } }) => {
      const every = latest.current.refetchInterval;
      return (typeof every === 'function' ? every(q.state.data?.items ?? []) : every) ?? false;
    },
  };
}

const ROW_STYLE = { height: ROW_HEIGHT };
const CELL_STYLE = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

interface TableRowProps<T> {
  row: Row<T>;
  index: number;
  rowProps: InfiniteTableProps<T>['rowProps'];
  /** Only compared: other columns render the row again. */
  columns: ColumnDef<T, unknown>[];
}

function TableRow<T>({ row, index, rowProps }: TableRowProps<T>) {
  return (
    <Table.Tr {...rowProps?.(row.original, index)} data-index={index} aria-rowindex={index + 2} style={ROW_STYLE}>
      {row.getVisibleCells().map((cell) => (
        <Table.Td key={cell.id} style={CELL_STYLE}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

/**
 * A row renders again only when its item, place, columns or attributes change, not at every render
 * of the table: the table renders at every scroll event (the virtualiser's) and at every page's
 * fetch and arrival, and rendering each row's cells again each time (Mantine's styles, tooltips,
 * links) made most of the garbage of scrolling (some 20 MB a page). react-table makes new Row
 * objects whenever the rows in view change; the item they wrap is what matters.
 */
const MemoRow = memo(TableRow, (a, b) => a.row.original === b.row.original && a.row.id === b.row.id && a.index === b.index && a.rowProps === b.rowProps && a.columns === b.columns) as typeof TableRow;

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);

export function InfiniteTable<T>({ queryKey, fetchPage, columns, rowKey, label, height = 'calc(100vh - 260px)', empty = 'Nothing here.', refetchInterval, rowProps }: InfiniteTableProps<T>) {
  const queryClient = useQueryClient();
  const pageKey = (i: number): QueryKey => [...queryKey, { page: i }];
  // The pages known of this list (and those wanted at the last render); another list (other
  // filters) starts again from its first page.
  const listHash = hashKey(queryKey);
  const known = useRef<{ hash: string; pages: PageIndex; wanted: number[] }>(undefined);
  if (known.current?.hash !== listHash) known.current = { hash: listHash, pages: new PageIndex(), wanted: [] };
  const pages = known.current.pages;

  // Take in the pages that arrived since the last render (row counts, the cursors after them)
  // before laying out rows, so that a page arriving costs one render. Idempotent: what is known
  // only follows what the query cache holds.
  const learn = (i: number) => {
    const page = queryClient.getQueryData<Page<T>>(pageKey(i));
    if (page) pages.record(i, page);
    return page !== undefined;
  };
  const before = known.current.wanted;
  for (const i of before) learn(i);
  for (let more = true; more && !pages.complete; ) more = learn(pages.pages);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: pages.rows, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const inView = pages.pages ? range(pages.pageOf(firstIndex), pages.pageOf(lastIndex)) : [];

  // The pages to have: those in view and either side, and the next page as soon as the view nears
  // the last row known.
  const wanted = new Set<number>();
  if (inView.length) for (const p of range(inView[0]! - AROUND, inView[inView.length - 1]! + AROUND)) if (p >= 0 && p < pages.pages) wanted.add(p);
  const next = !pages.complete && (pages.pages === 0 || lastIndex >= pages.rows - AHEAD) ? pages.pages : undefined;
  if (next !== undefined) wanted.add(next);
  const wantedPages = [...wanted].sort((a, b) => a - b);
  known.current.wanted = wantedPages;

  const latest = useRef({ fetchPage, refetchInterval });
  useLayoutEffect(() => {
    latest.current = { fetchPage, refetchInterval };
  });
  // A view that jumps while scrolling (a dragged scrollbar passes many pages) fetches no page on
  // the way, only where it stops; one that moves a page or less (reading, the wheel) fetches ahead.
  const near = (i: number) => before.length > 0 && i >= before[0]! - 1 && i <= before[before.length - 1]! + 1;
  const fetchNow = (i: number) => !virtualizer.isScrolling || i === next || near(i);
  const results = useQueries({ queries: wantedPages.map((i) => pageQuery(pageKey(i), i, pages, latest, fetchNow(i))) });
  // (Reading only these, a page's fetch re-renders once: when it arrives, or fails. The rows laid
  // out below follow only the pages in view.)
  const _arrived = results.map((r) => r.dataUpdatedAt).join(',');
  const failed = results.find((r) => r.isError);

  // A page seen again that starts elsewhere now (rows came or went before it) is fetched again.
  useEffect(() => {
    for (const i of pages.takeMoved()) void queryClient.invalidateQueries({ queryKey: [...queryKey, { page: i }], exact: true });
  });

  // The rows of the pages in view that are in memory, and where each page's rows are among them.
  const shown = inView.map((p) => ({ p, state: queryClient.getQueryState<Page<T>>(pageKey(p)) }));
  const shownStamp = shown.map(({ p, state }) => `${p}@${state?.dataUpdatedAt ?? 0}`).join(',');
  const { data, at } = useMemo(() => {
    const data: T[] = [];
    const at = new Map<number, { from: number; count: number }>();
    for (const { p, state } of shown) {
      if (!state?.data) continue;
      at.set(p, { from: data.length, count: state.data.items.length });
      data.push(...state.data.items);
    }
    return { data, at };
    // (`shownStamp` stands for the pages in view and their data: a page arriving out of view makes
    // no new rows, and react-table no new row model.)
  }, [shownStamp, listHash]);
  // (No pagination here: without `autoResetPageIndex: false` every new set of rows would reset a
  // page index nobody uses, re-rendering the table once more.)
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey, autoResetPageIndex: false });

  if (pages.pages === 0) {
    if (failed) return <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />;
    return <Loading />;
  }

  const tableRows = table.getRowModel().rows;
  const rowAt = (index: number) => {
    const p = pages.pageOf(index);
    const slot = at.get(p);
    const offset = index - pages.start(p);
    return slot && offset < slot.count ? tableRows[slot.from + offset] : undefined;
  };
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const colSpan = columns.length;
  const rows = pages.rows;
  const loadingMore = next !== undefined && !results[wantedPages.indexOf(next)]?.isError;
  return (
    <Box>
      <Box ref={scrollRef} style={{ height, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }} tabIndex={0} aria-label={`${label} (scrollable)`}>
        <Table stickyHeader highlightOnHover aria-label={label} aria-rowcount={pages.complete ? rows + 1 : -1} layout="fixed" miw={640}>
          <Table.Thead>
            {table.getHeaderGroups().map((hg) => (
              <Table.Tr key={hg.id} aria-rowindex={1}>
                {hg.headers.map((h) => (
                  <Table.Th key={h.id} style={{ width: h.column.columnDef.size && h.column.columnDef.size !== 150 ? h.column.columnDef.size : undefined }}>
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {padTop > 0 && (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: padTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((v) => {
              const row = rowAt(v.index);
              // A row whose page is not in memory (scrolled back to, being fetched again) keeps its place.
              if (!row)
                return (
                  <Table.Tr key={`pending-${v.index}`} data-index={v.index} aria-rowindex={v.index + 2} aria-busy="true" style={ROW_STYLE}>
                    {table.getVisibleLeafColumns().map((c) => (
                      <Table.Td key={c.id}>
                        <Skeleton height={10} width="70%" radius="sm" />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                );
              return <MemoRow key={row.id} row={row} index={v.index} rowProps={rowProps} columns={columns} />;
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {rows === 0 && (
          <Text c="dimmed" ta="center" py="xl">
            {empty}
          </Text>
        )}
      </Box>
      <Text size="xs" c="dimmed" mt={4} aria-live="polite">
        {rows.toLocaleString()} {pages.complete ? (rows === 1 ? 'row' : 'rows') : 'loaded, more as you scroll'}
        {loadingMore ? ' · loading…' : ''}
      </Text>
      {failed && <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />}
    </Box>
  );
}

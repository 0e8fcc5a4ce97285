/**
 * A table over a cursor-paged API that stays fast at 100,000+ rows: pages are fetched as the user
 * scrolls (server-side pagination), and only the rows in view are in the DOM (virtualised).
 */
import { Box, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type ComponentPropsWithoutRef } from 'react';
import type { Page } from '../api';
import { ErrorState, Loading } from './QueryState';

const ROW_HEIGHT = 41;

export interface InfiniteTableProps<T> {
  /** Identifies the list and its filters; a change starts from the first page. */
  queryKey: unknown[];
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>;
  columns: ColumnDef<T, unknown>[];
  rowKey: (row: T) => string;
  label: string;
  height?: number | string;
  empty?: string;
  /** A fixed interval, or one decided from the rows loaded (live while some are still changing). */
  refetchInterval?: number | false | ((rows: T[]) => number | false);
  /** Extra attributes of a row's <tr> (data attributes, focus, keys). */
  rowProps?: (row: T, index: number) => ComponentPropsWithoutRef<'tr'> & Record<`data-${string}`, string | undefined>;
}

export function InfiniteTable<T>({ queryKey, fetchPage, columns, rowKey, label, height = 'calc(100vh - 260px)', empty = 'Nothing here.', refetchInterval, rowProps }: InfiniteTableProps<T>) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: typeof refetchInterval === 'function' ? (q) => refetchInterval(q.state.data?.pages.flatMap((p) => p.items) ?? []) : refetchInterval,
  });
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Near the end of what is loaded: fetch the next page.
  useEffect(() => {
    if (query.hasNextPage && !query.isFetchingNextPage && lastIndex >= rows.length - 25) void query.fetchNextPage();
  }, [lastIndex, rows.length, query]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const tableRows = table.getRowModel().rows;
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const colSpan = columns.length;
  return (
    <Box>
      <Box ref={scrollRef} style={{ height, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }} tabIndex={0} aria-label={`${label} (scrollable)`}>
        <Table stickyHeader highlightOnHover aria-label={label} aria-rowcount={query.hasNextPage ? -1 : rows.length} layout="fixed" miw={640}>
          <Table.Thead>
            {table.getHeaderGroups().map((hg) => (
              <Table.Tr key={hg.id}>
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
              const row = tableRows[v.index]!;
              return (
                <Table.Tr key={row.id} {...rowProps?.(row.original, v.index)} data-index={v.index} style={{ height: ROW_HEIGHT }}>
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: padBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
        {rows.length === 0 && (
          <Text c="dimmed" ta="center" py="xl">
            {empty}
          </Text>
        )}
      </Box>
      <Text size="xs" c="dimmed" mt={4} aria-live="polite">
        {rows.length.toLocaleString()} {query.hasNextPage ? 'loaded, more as you scroll' : rows.length === 1 ? 'row' : 'rows'}
        {query.isFetchingNextPage ? ' · loading…' : ''}
      </Text>
    </Box>
  );
}

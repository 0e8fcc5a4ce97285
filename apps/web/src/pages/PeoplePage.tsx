/** People, searchable by name or email. */
import { Badge, Stack, Title } from '@mantine/core';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { get, query, type Page, type Person } from '../api';
import { SearchInput } from '../components/Filters';
import { InfiniteTable } from '../components/InfiniteTable';
import { AnchorLink } from '../components/links';

const route = getRouteApi('/people');

export function PeoplePage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/people' });
  const columns = useMemo<ColumnDef<Person, unknown>[]>(
    () => [
      {
        header: 'Name',
        id: 'name',
        cell: ({ row: { original: p } }) => (
          <AnchorLink to="/people/$personId" params={{ personId: p.id }}>
            {p.displayName}
          </AnchorLink>
        ),
      },
      { header: 'Email', accessorKey: 'email' },
      {
        header: 'Status',
        id: 'status',
        size: 140,
        cell: ({ row: { original: p } }) => (
          <Badge variant="light" color={p.status === 'active' ? 'green' : 'gray'}>
            {p.status}
          </Badge>
        ),
      },
    ],
    [],
  );
  return (
    <Stack>
      <Title order={2}>People</Title>
      <SearchInput label="Search people" placeholder="name or email" value={search.q} onChange={(q) => void navigate({ search: { q }, replace: true })} />
      <InfiniteTable
        label="People"
        queryKey={['people', search.q]}
        fetchPage={(cursor) => get<Page<Person>>(`/people${query({ q: search.q, cursor, limit: 200 })}`)}
        columns={columns}
        rowKey={(p) => p.id}
        empty="Nobody matches. People come from the directory app (Okta): add it and sync."
      />
    </Stack>
  );
}

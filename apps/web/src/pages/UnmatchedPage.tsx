/** Accounts that belong to no person yet, with a way to link each one to the right person. */
import { Button, Modal, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, get, query, type AccountRow, type Page, type Person } from '../api';
import { can, useMe } from '../auth';
import { AppSelect } from '../components/Filters';
import { InfiniteTable } from '../components/InfiniteTable';
import { ErrorState } from '../components/QueryState';
import { DialogActions } from '../components/DialogActions';

const route = getRouteApi('/accounts/unmatched');

export function UnmatchedPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/accounts/unmatched' });
  const me = useMe().data;
  const canLink = can(me, 'accounts:link');
  const [linking, setLinking] = useState<AccountRow>();
  const columns = useMemo<ColumnDef<AccountRow, unknown>[]>(
    () => [
      { header: 'App', accessorKey: 'appName', size: 140 },
      { header: 'Account', accessorKey: 'displayName' },
      { header: 'Email or login', id: 'email', cell: ({ row: { original: a } }) => a.email ?? a.login ?? '' },
      {
        header: '',
        id: 'link',
        size: 150,
        cell: ({ row: { original: a } }) =>
          canLink ? (
            <Button size="xs" variant="light" onClick={() => setLinking(a)} aria-label={`Link ${a.displayName} to a person`}>
              Link to person
            </Button>
          ) : null,
      },
    ],
    [canLink],
  );
  return (
    <Stack>
      <Title order={2}>Unmatched accounts</Title>
      <Text c="dimmed" size="sm">
        Accounts whose email and login match no person of the directory. Link each to its owner; a link made here is kept across syncs.
      </Text>
      <AppSelect value={search.app} onChange={(app) => void navigate({ search: { app }, replace: true })} />
      <InfiniteTable
        label="Unmatched accounts"
        queryKey={['unmatched', search.app]}
        fetchPage={(cursor) => get<Page<AccountRow>>(`/accounts${query({ unmatched: true, appId: search.app, cursor, limit: 200 })}`)}
        columns={columns}
        rowKey={(a) => `${a.appId}|${a.accountId}`}
        empty="Every account belongs to a person."
      />
      {linking && <LinkModal account={linking} onClose={() => setLinking(undefined)} />}
    </Stack>
  );
}

function LinkModal({ account, onClose }: { account: AccountRow; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(account.displayName.split(' ')[0] ?? '');
  const [debounced] = useDebouncedValue(text, 250);
  const [personId, setPersonId] = useState<string | null>(null);
  const people = useQuery({ queryKey: ['people', 'pick', debounced], queryFn: () => get<Page<Person>>(`/people${query({ q: debounced, limit: 20 })}`) });
  const link = useMutation({
    mutationFn: () => api('POST', '/accounts/link', { appId: account.appId, accountId: account.accountId, personId }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['unmatched'] });
      await queryClient.invalidateQueries({ queryKey: ['stats'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Link ${account.displayName} (${account.appName})`}>
      <Stack>
        {link.error && <ErrorState error={link.error} />}
        <Select
          label="Person"
          placeholder="Search by name or email"
          searchable
          searchValue={text}
          onSearchChange={setText}
          filter={({ options }) => options}
          data={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.displayName} <${p.email}>` }))}
          value={personId}
          onChange={setPersonId}
          nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody matches'}
          data-autofocus
        />
        <DialogActions label="Link" onCancel={onClose} onConfirm={() => link.mutate()} busy={link.isPending} disabled={!personId} />
      </Stack>
    </Modal>
  );
}

/** The audit log, filterable, with the hash chain's verification status. */
import { Alert, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get, query, type AuditEvent, type Page } from '../api';
import { SearchInput } from '../components/Filters';
import { InfiniteTable } from '../components/InfiniteTable';
import { when } from '../components/time';

const route = getRouteApi('/audit');

interface Verification {
  ok: boolean;
  events: number;
  brokenAt?: { seq: number; id: string; reason: string };
}

export function AuditPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/audit' });
  const [open, setOpen] = useState<AuditEvent>();
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => get<Verification>('/audit/verify') });
  const columns = useMemo<ColumnDef<AuditEvent, unknown>[]>(
    () => [
      { header: '#', accessorKey: 'seq', size: 70 },
      { header: 'When', id: 'at', size: 190, cell: ({ row: { original: e } }) => when(e.at) },
      { header: 'Who', id: 'actor', size: 200, cell: ({ row: { original: e } }) => (e.actor.type === 'system' ? 'system' : `${e.actor.type} ${e.actor.id?.slice(0, 8) ?? ''}`) },
      {
        header: 'What',
        id: 'action',
        cell: ({ row: { original: e } }) => (
          <Text component="button" type="button" size="sm" onClick={() => setOpen(e)} style={{ background: 'none', border: 0, padding: 0, cursor: 'pointer', color: 'var(--mantine-color-anchor)' }}>
            {e.action}
          </Text>
        ),
      },
      { header: 'Target', id: 'target', cell: ({ row: { original: e } }) => `${e.target.type} ${e.target.id ?? ''}` },
    ],
    [],
  );
  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      {verify.isError ? (
        <Alert color="red" title="The chain could not be verified">
          {(verify.error as Error).message}
        </Alert>
      ) : verify.data ? (
        verify.data.ok ? (
          <Alert color="green" title="Chain intact" data-testid="audit-chain">
            All {verify.data.events.toLocaleString()} events are linked by their hashes: none was edited or removed.
          </Alert>
        ) : (
          <Alert color="red" title="Chain broken" data-testid="audit-chain" role="alert">
            Event #{verify.data.brokenAt?.seq} ({verify.data.brokenAt?.id}) does not match the chain: {verify.data.brokenAt?.reason}
          </Alert>
        )
      ) : (
        <Text c="dimmed">Verifying the chain…</Text>
      )}
      <Group align="flex-end">
        <SearchInput label="Action" placeholder="e.g. connector. or app.create" value={search.action} onChange={(action) => void navigate({ search: (s) => ({ ...s, action }), replace: true })} />
        <TextInput label="Target type" placeholder="app, connector, …" value={search.targetType ?? ''} onChange={(e) => void navigate({ search: (s) => ({ ...s, targetType: e.currentTarget.value || undefined }), replace: true })} />
        <TextInput label="Target id" value={search.targetId ?? ''} onChange={(e) => void navigate({ search: (s) => ({ ...s, targetId: e.currentTarget.value || undefined }), replace: true })} />
      </Group>
      <InfiniteTable
        label="Audit events"
        queryKey={['audit', search]}
        fetchPage={(cursor) => get<Page<AuditEvent>>(`/audit${query({ ...search, cursor, limit: 200 })}`)}
        columns={columns}
        rowKey={(e) => e.id}
        height="calc(100vh - 420px)"
        empty="No event matches."
      />
      {open && (
        <Stack gap="xs" aria-label="Event details">
          <Text fw={600}>
            #{open.seq} {open.action} — {when(open.at)}
          </Text>
          <Group align="flex-start" grow>
            <div>
              <Text size="sm" c="dimmed">
                Before
              </Text>
              <Code block>{JSON.stringify(open.before, null, 2) ?? 'null'}</Code>
            </div>
            <div>
              <Text size="sm" c="dimmed">
                After
              </Text>
              <Code block>{JSON.stringify(open.after, null, 2) ?? 'null'}</Code>
            </div>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

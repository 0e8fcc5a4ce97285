/** Every app with its connector status, last sync and counts; add an app; manage discovered apps. */
import { Badge, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, get, query, type AppSummary } from '../api';
import { can, useMe } from '../auth';
import { ErrorState, QueryState } from '../components/QueryState';
import { StatusBadge } from '../components/StatusBadge';
import { ago } from '../components/time';
import { AnchorLink } from '../components/links';
import { DialogActions } from '../components/DialogActions';

const route = getRouteApi('/apps');

export function AppsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/apps' });
  const view = search.view ?? 'managed';
  const me = useMe().data;
  const [adding, setAdding] = useState(false);
  const apps = useQuery({
    queryKey: ['apps', view, search.q],
    queryFn: () => get<{ items: AppSummary[] }>(`/apps${query({ managed: view === 'managed', q: search.q })}`),
    // Live status: poll quickly while anything syncs.
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.status === 'syncing') ? 1500 : 10_000),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Apps</Title>
        {can(me, 'apps:manage') && <Button onClick={() => setAdding(true)}>Add app</Button>}
      </Group>
      <Group>
        <SegmentedControl
          aria-label="Which apps"
          value={view}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, view: v === 'managed' ? undefined : (v as 'discovered') }) })}
          data={[
            { value: 'managed', label: 'Managed' },
            { value: 'discovered', label: 'Discovered' },
          ]}
        />
        <TextInput aria-label="Search apps" placeholder="Search apps" defaultValue={search.q ?? ''} onChange={(e) => void navigate({ search: (s) => ({ ...s, q: e.currentTarget.value || undefined }), replace: true })} />
      </Group>
      <QueryState query={apps}>
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">{view === 'managed' ? 'No apps yet. Add one, attach a connector, and Gatehouse will sync who has access.' : 'No discovered apps. A directory connector (Okta) lists the apps it knows here.'}</Text>
          ) : view === 'managed' ? (
            <ManagedTable apps={data.items} />
          ) : (
            <DiscoveredTable apps={data.items} canManage={can(me, 'apps:manage')} />
          )
        }
      </QueryState>
      <AddAppModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

function ManagedTable({ apps }: { apps: AppSummary[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover aria-label="Apps">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>App</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last sync</Table.Th>
            <Table.Th ta="right">Accounts</Table.Th>
            <Table.Th ta="right">Entitlements</Table.Th>
            <Table.Th ta="right">Grants</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apps.map((a) => (
            <Table.Tr key={a.id} data-app={a.name}>
              <Table.Td>
                <Group gap="xs">
                  <AnchorLink to="/apps/$appId" params={{ appId: a.id }} fw={500}>
                    {a.name}
                  </AnchorLink>
                  {a.isDirectory && (
                    <Badge size="xs" variant="outline">
                      Directory
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>{ago(a.lastSyncAt)}</Table.Td>
              <Table.Td ta="right">{a.counts.accounts.toLocaleString()}</Table.Td>
              <Table.Td ta="right">{a.counts.entitlements.toLocaleString()}</Table.Td>
              <Table.Td ta="right">
                <AnchorLink to="/explorer" search={{ tab: 'grants', app: a.id }}>
                  {a.counts.grants.toLocaleString()}
                </AnchorLink>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DiscoveredTable({ apps, canManage }: { apps: AppSummary[]; canManage: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const manage = useMutation({
    mutationFn: (id: string) => api<AppSummary>('PATCH', `/apps/${id}`, { managed: true }),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: ['apps'] });
      await navigate({ to: '/apps/$appId', params: { appId: app.id } });
    },
  });
  const [linking, setLinking] = useState<AppSummary>();
  return (
    <Stack>
      {manage.error && <ErrorState error={manage.error} />}
      {linking && <LinkAppModal discovered={linking} onClose={() => setLinking(undefined)} />}
      <Table highlightOnHover aria-label="Discovered apps">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>App</Table.Th>
            <Table.Th>Known from</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {apps.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  directory app {a.externalId}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {canManage && (
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="light" loading={manage.isPending && manage.variables === a.id} onClick={() => manage.mutate(a.id)}>
                      Manage this app
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setLinking(a)}>
                      Same as a managed app…
                    </Button>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function AddAppModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isDirectory, setIsDirectory] = useState(false);
  const create = useMutation({
    mutationFn: () => api<AppSummary>('POST', '/apps', { name, description, isDirectory }),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: ['apps'] });
      onClose();
      setName('');
      setDescription('');
      await navigate({ to: '/apps/$appId', params: { appId: app.id } });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add an app">
      <form onSubmit={submit}>
        <Stack>
          {create.error && <ErrorState error={create.error} />}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Checkbox label="This app is the company directory (its accounts are the people)" checked={isDirectory} onChange={(e) => setIsDirectory(e.currentTarget.checked)} />
          <DialogActions label="Add app" onCancel={onClose} busy={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** A discovered app that is an app already managed here: merge it into that one. */
function LinkAppModal({ discovered, onClose }: { discovered: AppSummary; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [target, setTarget] = useState<string | null>(null);
  const managed = useQuery({ queryKey: ['apps', 'managed', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps?managed=true') });
  const link = useMutation({
    mutationFn: () => api<AppSummary>('POST', `/apps/${discovered.id}/link`, { appId: target }),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: ['apps'] });
      onClose();
      await navigate({ to: '/apps/$appId', params: { appId: app.id } });
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${discovered.name} is a managed app`}>
      <Stack>
        {link.error && <ErrorState error={link.error} />}
        <Select
          label="Managed app"
          description="Its directory assignments will show on that app"
          data={(managed.data?.items ?? []).filter((a) => !a.discoveredBy).map((a) => ({ value: a.id, label: a.name }))}
          value={target}
          onChange={setTarget}
          searchable
          data-autofocus
        />
        <DialogActions label="Link" onCancel={onClose} onConfirm={() => link.mutate()} busy={link.isPending} disabled={!target} />
      </Stack>
    </Modal>
  );
}

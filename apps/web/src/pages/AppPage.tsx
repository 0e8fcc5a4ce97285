/**
 * One app: its owners and connectors (add or edit one with a form generated from the connector
 * type's config schema; Sync now; provisioning switch; schedule), the sync runs of the selected
 * connector, whose status changes show live, and its accounts (create, deprovision).
 */
import { Alert, Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, get, type AppDetail, type Connector, type ConnectorType } from '../api';
import { can, useMe } from '../auth';
import { AppAccounts } from '../components/accounts/AppAccounts';
import { AppForm } from '../components/AppForm';
import { ConnectorForm } from '../components/ConnectorForm';
import { DirectoryAssignments } from '../components/DirectoryAssignments';
import { ErrorState, QueryState } from '../components/QueryState';
import { AppRequestSettings } from '../components/requests/AppRequestSettings';
import { StatusBadge } from '../components/StatusBadge';
import { SyncRuns } from '../components/SyncRuns';
import { ago } from '../components/time';
import { AnchorLink, ButtonLink } from '../components/links';

const route = getRouteApi('/apps/$appId');

export function AppPage() {
  const { appId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/apps/$appId' });
  const me = useMe().data;
  const canEdit = can(me, 'apps:manage', appId);
  const [editing, setEditing] = useState<Connector | 'new'>();
  const [editingApp, setEditingApp] = useState(false);
  const app = useQuery({
    queryKey: ['app', appId],
    queryFn: () => get<AppDetail>(`/apps/${appId}`),
    refetchInterval: (q) => (q.state.data?.connectors.some((c) => c.status === 'syncing') ? 1500 : 10_000),
  });
  const types = useQuery({ queryKey: ['connector-types'], queryFn: () => get<{ items: ConnectorType[] }>('/connector-types'), staleTime: Infinity });

  return (
    <QueryState query={app}>
      {(a) => {
        const selected = a.connectors.find((c) => c.id === search.connector) ?? a.connectors[0];
        return (
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Group gap="xs">
                  <Title order={2}>{a.name}</Title>
                  {a.isDirectory && <Badge variant="outline">Directory</Badge>}
                </Group>
                {a.description && <Text c="dimmed">{a.description}</Text>}
                <Text size="sm" c="dimmed">
                  Owners: {a.owners.length ? <Owners ids={a.owners} /> : 'none yet'}
                </Text>
              </div>
              <Group>
                <ButtonLink to="/explorer" search={{ tab: 'grants', app: a.id }} variant="light">
                  Who has access
                </ButtonLink>
                {can(me, 'tasks:read') && (
                  <ButtonLink to="/tasks" search={{ app: a.id }} variant="light">
                    Tasks
                  </ButtonLink>
                )}
                {canEdit && (
                  <Button variant="default" onClick={() => setEditingApp(true)}>
                    Edit app
                  </Button>
                )}
                {canEdit && <Button onClick={() => setEditing('new')}>Add connector</Button>}
              </Group>
            </Group>

            {a.discoveredBy && a.externalId && <DirectoryAssignments appId={a.id} connectorId={a.discoveredBy} externalId={a.externalId} />}
            <Title order={3} size="h4">
              Connectors
            </Title>
            {a.connectors.length === 0 && <Text c="dimmed">No connector yet. {canEdit ? 'Add one to sync who has access to this app.' : ''}</Text>}
            {a.connectors.map((c) => (
              <ConnectorCard
                key={c.id}
                connector={c}
                type={types.data?.items.find((t) => t.type === c.type)}
                canEdit={canEdit}
                selected={selected?.id === c.id}
                onSelect={() => void navigate({ search: { connector: c.id }, replace: true })}
                onEdit={() => setEditing(c)}
              />
            ))}
            {selected && <SyncRuns connector={selected} />}
            {a.connectors.length > 0 && <AppRequestSettings appId={a.id} appName={a.name} />}
            {a.managed && <AppAccounts appId={a.id} appName={a.name} />}
            {editing && types.data && <ConnectorForm appId={a.id} types={types.data.items} connector={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
            {editing && types.isError && <ErrorState error={types.error} />}
            {editingApp && <AppForm app={a} onClose={() => setEditingApp(false)} />}
          </Stack>
        );
      }}
    </QueryState>
  );
}

function Owners({ ids }: { ids: string[] }) {
  const me = useMe().data;
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ items: { id: string; email: string }[] }>('/users'), enabled: can(me, 'users:manage') || (can(me, 'apps:manage') && me?.role !== 'app_owner') });
  return <>{ids.map((id) => users.data?.items.find((u) => u.id === id)?.email ?? (id === me?.id ? me.email : id)).join(', ')}</>;
}

function ConnectorCard({ connector: c, type, canEdit, selected, onSelect, onEdit }: { connector: Connector; type?: ConnectorType; canEdit: boolean; selected: boolean; onSelect: () => void; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['app', c.appId] }), queryClient.invalidateQueries({ queryKey: ['sync-runs', c.id] })]);
  const sync = useMutation({ mutationFn: () => api('POST', `/connectors/${c.id}/sync`), onSuccess: refresh });
  const provisioning = useMutation({ mutationFn: (on: boolean) => api('PATCH', `/connectors/${c.id}`, { provisioning: on }), onSuccess: refresh });
  return (
    <Card withBorder data-connector={c.type} style={selected ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={600}>{type?.displayName ?? c.type}</Text>
            <StatusBadge status={c.status} />
            <Text size="sm" c="dimmed">
              last sync {ago(c.lastSyncAt)} · schedule <code>{c.schedule}</code>
            </Text>
          </Group>
          <Group gap="xs">
            {!selected && (
              <Button size="xs" variant="subtle" onClick={onSelect}>
                Show sync runs
              </Button>
            )}
            {canEdit && (
              <>
                <Button size="xs" variant="default" onClick={onEdit}>
                  Edit
                </Button>
                <Button size="xs" onClick={() => sync.mutate()} loading={sync.isPending} disabled={c.status === 'syncing'}>
                  Sync now
                </Button>
              </>
            )}
          </Group>
        </Group>
        {c.status === 'error' && c.statusMessage && (
          <Alert color="red" title="The last sync failed" role="alert">
            {c.statusMessage}
          </Alert>
        )}
        {c.status !== 'error' && c.statusMessage && (
          <Text size="sm" c="orange.8">
            Warnings: {c.statusMessage}
          </Text>
        )}
        <Switch
          label="Provisioning (grant and revoke access through this connector)"
          checked={c.provisioning}
          disabled={!canEdit || provisioning.isPending}
          onChange={(e) => provisioning.mutate(e.currentTarget.checked)}
        />
        <Text size="xs" c="dimmed">
          {Object.entries(c.config)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .concat(Object.entries(c.secrets).map(([k, v]) => `${k}: ${v}`))
            .join(' · ')}
        </Text>
        {(sync.error || provisioning.error) && <ErrorState error={sync.error ?? provisioning.error} />}
        <AnchorLink to="/explorer" search={{ tab: 'resources', app: c.appId }} size="sm">
          Browse what it synced
        </AnchorLink>
      </Stack>
    </Card>
  );
}

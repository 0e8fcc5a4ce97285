/**
 * The access explorer: resources, entitlements and grants of every app, filtered by app, type,
 * text and direct/inherited. Filters are in the URL; tables page on the server and virtualise rows.
 * Those who may provision grant access from here and revoke direct grants (an inherited grant
 * links to the membership it comes through instead).
 */
import { Badge, Button, Group, SegmentedControl, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get, query, type ConnectorType, type EntitlementRow, type GrantRowNamed, type Page, type ResourceRow } from '../api';
import { can, useMe } from '../auth';
import { GrantAccessDialog } from '../components/access/GrantAccessDialog';
import { InheritedFrom } from '../components/access/InheritedFrom';
import { RevokeDialog, type RevocableGrant } from '../components/access/RevokeDialog';
import { AppSelect, SearchInput } from '../components/Filters';
import { InfiniteTable } from '../components/InfiniteTable';
import { AnchorLink } from '../components/links';

const route = getRouteApi('/explorer');
type Search = ReturnType<typeof route.useSearch>;
const PAGE = 200;

export function ExplorerPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/explorer' });
  const tab = search.tab ?? 'grants';
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const types = useQuery({ queryKey: ['connector-types'], queryFn: () => get<{ items: (ConnectorType & { resourceTypes: { id: string; displayName: string }[] })[] }>('/connector-types'), staleTime: Infinity });
  const resourceTypes = useMemo(() => [...new Set((types.data?.items ?? []).flatMap((t) => t.resourceTypes.map((r) => r.id)))], [types.data]);
  const me = useMe().data;
  const [granting, setGranting] = useState(false);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Access explorer</Title>
        {can(me, 'provision') && <Button onClick={() => setGranting(true)}>Grant access</Button>}
      </Group>
      {granting && <GrantAccessDialog appId={search.app} onClose={() => setGranting(false)} />}
      <Tabs value={tab} onChange={(v) => set({ tab: (v as Search['tab']) ?? 'grants', entitlement: undefined, principal: undefined, principalType: undefined, how: undefined })}>
        <Tabs.List>
          <Tabs.Tab value="grants">Grants</Tabs.Tab>
          <Tabs.Tab value="entitlements">Entitlements</Tabs.Tab>
          <Tabs.Tab value="resources">Resources</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" wrap="wrap">
        <AppSelect value={search.app} onChange={(app) => set({ app })} />
        {tab !== 'grants' && (
          <TextInput
            label={tab === 'resources' ? 'Type' : 'Resource type'}
            placeholder={resourceTypes.join(', ') || 'any'}
            value={search.type ?? ''}
            onChange={(e) => set({ type: e.currentTarget.value || undefined })}
            list="resource-types"
            w={160}
          />
        )}
        <datalist id="resource-types">
          {resourceTypes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <SearchInput label="Search" placeholder={tab === 'resources' ? 'name, email or id' : tab === 'grants' ? 'who, what or id' : 'entitlement name'} value={search.q} onChange={(q) => set({ q })} />
        {tab === 'grants' && (
          <div>
            <Text size="sm" fw={500} mb={2} id="inherited-label">
              Grant
            </Text>
            <SegmentedControl
              aria-labelledby="inherited-label"
              value={search.how ?? 'all'}
              onChange={(v) => set({ how: v === 'all' ? undefined : (v as 'direct' | 'inherited') })}
              data={[
                { value: 'all', label: 'All' },
                { value: 'direct', label: 'Direct' },
                { value: 'inherited', label: 'Inherited' },
              ]}
            />
          </div>
        )}
      </Group>
      {tab === 'grants' && (search.entitlement || search.principal) && (
        <Group gap="xs">
          {search.entitlement && (
            <Badge variant="light" tt="none" rightSection={<CloseFilter label="entitlement" onClick={() => set({ entitlement: undefined })} />}>
              entitlement {search.entitlement}
            </Badge>
          )}
          {search.principal && (
            <Badge variant="light" tt="none" rightSection={<CloseFilter label="holder" onClick={() => set({ principal: undefined, principalType: undefined })} />}>
              held by {search.principalType}:{search.principal}
            </Badge>
          )}
        </Group>
      )}
      {tab === 'grants' && <GrantsTable search={search} />}
      {tab === 'entitlements' && <EntitlementsTable search={search} />}
      {tab === 'resources' && <ResourcesTable search={search} />}
    </Stack>
  );
}

function CloseFilter({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="compact-xs" variant="transparent" onClick={onClick} aria-label={`Remove the ${label} filter`}>
      ×
    </Button>
  );
}

function GrantsTable({ search }: { search: Search }) {
  const me = useMe().data;
  const [revoking, setRevoking] = useState<RevocableGrant>();
  const params = { appId: search.app, q: search.q, inherited: search.how === undefined ? undefined : search.how === 'inherited', entitlementId: search.entitlement, principalType: search.principalType, principalId: search.principal, limit: PAGE };
  const columns = useMemo<ColumnDef<GrantRowNamed, unknown>[]>(
    () => [
      { header: 'App', accessorKey: 'appName', size: 130 },
      {
        header: 'Who',
        id: 'principal',
        cell: ({ row: { original: g } }) => (
          // The browser's own tooltip (`title`): a Mantine Tooltip per row kept a floating
          // element's state for each of thousands of rows (the explorer's heap at 10,000 rows).
          <span title={`${g.principalType}:${g.principalId}`}>
            {g.principalName ?? g.principalId} <Text span size="xs" c="dimmed">({g.principalType})</Text>
          </span>
        ),
      },
      {
        header: 'Has',
        id: 'entitlement',
        cell: ({ row: { original: g } }) => (
          <AnchorLink to="/explorer" search={{ tab: 'grants', app: g.appId, entitlement: g.entitlementId }} size="sm">
            {g.entitlementName ?? g.entitlementId}
          </AnchorLink>
        ),
      },
      {
        header: 'How',
        id: 'inherited',
        size: 220,
        cell: ({ row: { original: g } }) =>
          g.inherited ? (
            <Badge variant="light" color="cyan" title={`through ${g.sources.join(', ')}`}>
              inherited{g.sources.length ? ` via ${g.sources.length}` : ''}
            </Badge>
          ) : (
            <Badge variant="light" color="indigo">
              direct
            </Badge>
          ),
      },
      {
        header: '',
        id: 'change',
        size: 200,
        cell: ({ row: { original: g } }) => {
          if (!can(me, 'provision', g.appId)) return null;
          const principal = { type: g.principalType, id: g.principalId };
          if (g.inherited) return <InheritedFrom appId={g.appId} sources={g.sources} principal={principal} />;
          return (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              aria-label={`Revoke ${g.entitlementName ?? g.entitlementId} from ${g.principalName ?? g.principalId}`}
              onClick={() => setRevoking({ appId: g.appId, appName: g.appName, entitlementId: g.entitlementId, entitlementName: g.entitlementName, principal, principalName: g.principalName })}
            >
              Revoke
            </Button>
          );
        },
      },
    ],
    [me],
  );
  return (
    <>
      {revoking && <RevokeDialog grant={revoking} onClose={() => setRevoking(undefined)} />}
      <InfiniteTable
        label="Grants"
        queryKey={['grants', params]}
        fetchPage={(cursor) => get<Page<GrantRowNamed>>(`/grants${query({ ...params, cursor })}`)}
        columns={columns}
        rowKey={(g) => `${g.appId}|${g.id}`}
        empty="No grant matches these filters."
      />
    </>
  );
}

function EntitlementsTable({ search }: { search: Search }) {
  const params = { appId: search.app, resourceType: search.type, q: search.q, limit: PAGE };
  const columns = useMemo<ColumnDef<EntitlementRow, unknown>[]>(
    () => [
      { header: 'App', accessorKey: 'appName', size: 130 },
      { header: 'Entitlement', accessorKey: 'displayName' },
      { header: 'Resource', id: 'resource', cell: ({ row: { original: e } }) => `${e.resourceType}:${e.resourceId}` },
      {
        header: '',
        id: 'holders',
        size: 120,
        cell: ({ row: { original: e } }) => (
          <AnchorLink to="/explorer" search={{ tab: 'grants', app: e.appId, entitlement: e.id }} size="sm">
            Who has it
          </AnchorLink>
        ),
      },
    ],
    [],
  );
  return (
    <InfiniteTable
      label="Entitlements"
      queryKey={['entitlements', params]}
      fetchPage={(cursor) => get<Page<EntitlementRow>>(`/entitlements${query({ ...params, cursor })}`)}
      columns={columns}
      rowKey={(e) => `${e.appId}|${e.id}`}
      empty="No entitlement matches these filters."
    />
  );
}

function ResourcesTable({ search }: { search: Search }) {
  const params = { appId: search.app, type: search.type, q: search.q, limit: PAGE };
  const columns = useMemo<ColumnDef<ResourceRow, unknown>[]>(
    () => [
      { header: 'App', accessorKey: 'appName', size: 130 },
      { header: 'Type', accessorKey: 'type', size: 90 },
      { header: 'Name', accessorKey: 'displayName' },
      { header: 'Email or login', id: 'email', cell: ({ row: { original: r } }) => r.email ?? r.login ?? '' },
      {
        header: '',
        id: 'access',
        size: 140,
        cell: ({ row: { original: r } }) =>
          r.type === 'user' || r.type === 'group' ? (
            <AnchorLink to="/explorer" search={{ tab: 'grants', app: r.appId, principalType: r.type, principal: r.id }} size="sm" aria-label={`Access of ${r.displayName}`}>
              Their access
            </AnchorLink>
          ) : (
            <AnchorLink to="/explorer" search={{ tab: 'entitlements', app: r.appId, q: r.displayName }} size="sm">
              Entitlements
            </AnchorLink>
          ),
      },
    ],
    [],
  );
  return (
    <InfiniteTable
      label="Resources"
      queryKey={['resources', params]}
      fetchPage={(cursor) => get<Page<ResourceRow>>(`/resources${query({ ...params, cursor })}`)}
      columns={columns}
      rowKey={(r) => `${r.appId}|${r.type}|${r.id}`}
      empty="No resource matches these filters."
    />
  );
}

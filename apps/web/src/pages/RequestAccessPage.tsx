/**
 * Request access: the catalog of what may be requested, grouped by app and searchable (the search
 * and the app in the URL), with what the user already asked for beside each entitlement; above
 * them the bundles (entitlements across apps asked for together, in one form). Choosing
 * one opens the request form (its app and entitlement in the URL too, `askApp` and `ask`, so a
 * link opens it).
 */
import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get, query, type AccessRequest, type CatalogEntry, type RequestBundle } from '../api';
import { SearchInput } from '../components/Filters';
import { ErrorState, Loading } from '../components/QueryState';
import { AnchorLink } from '../components/links';
import { durationText, OPEN_STATES } from '../components/requests/model';
import { RequestStateBadge } from '../components/requests/RequestBadges';
import { BundleRequestForm, bundleTerms } from '../components/requests/BundleRequestForm';
import { entitlementKey, entitlementLabel } from '../components/requests/EntitlementsPicker';
import { bundlesQuery } from '../components/requests/RequestBundles';
import { RequestForm } from '../components/requests/RequestForm';

const route = getRouteApi('/access/request');
type Search = ReturnType<typeof route.useSearch>;
const LIMIT = 500;

export function RequestAccessPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/access/request' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const catalog = useQuery({
    queryKey: ['request-catalog', search.q, search.app],
    queryFn: () => get<{ items: CatalogEntry[] }>(`/request-catalog${query({ q: search.q, appId: search.app, limit: LIMIT })}`),
    placeholderData: keepPreviousData,
  });
  // Every app with something requestable, for the filter (whatever the search).
  const apps = useQuery({ queryKey: ['request-catalog', 'apps'], queryFn: () => get<{ items: CatalogEntry[] }>(`/request-catalog${query({ limit: 1000 })}`) });
  const appChoices = useMemo(() => [...new Map((apps.data?.items ?? []).map((e) => [e.appId, e.appName])).entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)), [apps.data]);
  const mine = useQuery({ queryKey: ['requests', 'mine', 'open'], queryFn: () => get<{ items: AccessRequest[] }>(`/requests${query({ kind: 'mine', limit: 1000 })}`) });
  const openByEntitlement = useMemo(() => {
    const m = new Map<string, AccessRequest>();
    for (const r of mine.data?.items ?? []) if (OPEN_STATES.includes(r.state) && !r.extendsId) m.set(`${r.app.id}\u0000${r.entitlement.id}`, r);
    return m;
  }, [mine.data]);
  const groups = useMemo(() => {
    const m = new Map<string, { appId: string; appName: string; entries: CatalogEntry[] }>();
    for (const e of catalog.data?.items ?? []) {
      const g = m.get(e.appId) ?? { appId: e.appId, appName: e.appName, entries: [] };
      g.entries.push(e);
      m.set(e.appId, g);
    }
    return [...m.values()].sort((a, b) => a.appName.localeCompare(b.appName));
  }, [catalog.data]);

  // The entry the URL names: from the list shown, else looked up (a link to a form).
  const shown = search.askApp && search.ask ? catalog.data?.items.find((e) => e.appId === search.askApp && e.entitlementId === search.ask) : undefined;
  const linked = useQuery({
    queryKey: ['request-catalog', 'entry', search.askApp, search.ask],
    queryFn: async () => (await get<{ items: CatalogEntry[] }>(`/request-catalog${query({ appId: search.askApp, limit: 1000 })}`)).items.find((e) => e.entitlementId === search.ask) ?? null,
    enabled: Boolean(search.askApp && search.ask && catalog.isSuccess && !shown),
  });
  const chosen = shown ?? linked.data ?? undefined;
  // Bundles: above the entitlements, those matching the search (by their name or an entitlement's) and the app chosen.
  const bundles = useQuery(bundlesQuery);
  const everything = useMemo(() => new Map((apps.data?.items ?? []).map((e) => [entitlementKey(e), e])), [apps.data]);
  const words = (search.q ?? '').trim().toLowerCase();
  const shownBundles = (bundles.data?.items ?? []).filter((b) => (!search.app || b.items.some((i) => i.appId === search.app)) && (!words || [b.name, ...b.items.map(entitlementLabel)].some((t) => t.toLowerCase().includes(words))));
  const [bundle, setBundle] = useState<RequestBundle>();
  const choose = (e: CatalogEntry | undefined) => set({ askApp: e?.appId, ask: e?.entitlementId });

  return (
    <Stack>
      <div>
        <Title order={2}>Request access</Title>
        <Text c="dimmed" size="sm">
          Ask for what you need, for as long as you need it. Depending on the app’s policy it is granted at once or goes to its approvers; you are told either way.
        </Text>
      </div>
      <Group align="flex-end">
        <SearchInput label="Search" placeholder="group, role, permission…" value={search.q} onChange={(q) => set({ q })} />
        <Select label="App" placeholder="All apps" data={appChoices} value={search.app ?? null} onChange={(v) => set({ app: v ?? undefined })} clearable searchable miw={200} />
      </Group>
      {shownBundles.length > 0 && (
        <Card withBorder padding="sm" aria-label="Bundles">
          <Group justify="space-between" mb="xs">
            <div>
              <Title order={3} size="h5">
                Bundles
              </Title>
              <Text size="xs" c="dimmed">
                Entitlements asked for together, in one form; each goes through its own policy.
              </Text>
            </div>
            <Badge variant="light" color="gray">
              {shownBundles.length}
            </Badge>
          </Group>
          <Table aria-label="Bundles to request" highlightOnHover verticalSpacing={6} layout="fixed">
            <Table.Tbody>
              {shownBundles.map((b) => {
                const terms = bundleTerms(b, everything);
                return (
                  <Table.Tr key={b.id} data-bundle={b.name}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {b.name}
                      </Text>
                      {b.description && (
                        <Text size="xs" c="dimmed">
                          {b.description}
                        </Text>
                      )}
                      <Group gap={4} mt={2}>
                        {b.items.map((i) => {
                          const e = everything.get(entitlementKey(i));
                          return (
                            <Badge key={entitlementKey(i)} size="xs" variant="outline" tt="none" color={!e ? 'orange' : e.held ? 'green' : 'gray'} title={!e ? 'not requestable' : e.held ? 'you hold it' : undefined}>
                              {entitlementLabel(i)}
                              {e?.held ? ' ✓' : ''}
                            </Badge>
                          );
                        })}
                      </Group>
                    </Table.Td>
                    <Table.Td w={240}>
                      <Text size="xs" c="dimmed">
                        {terms.max === null ? 'permanent allowed' : `up to ${durationText(terms.max)}`}
                        {terms.reasonRequired ? ' · reason required' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td w={110} ta="right">
                      <Button size="compact-sm" variant="light" onClick={() => setBundle(b)} aria-label={`Request the bundle ${b.name}`}>
                        Request
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {catalog.isPending ? (
        <Loading />
      ) : catalog.isError ? (
        <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />
      ) : groups.length === 0 ? (
        <Card withBorder>
          <Text fw={500}>{search.q || search.app ? 'Nothing requestable matches.' : 'Nothing is requestable yet.'}</Text>
          <Text size="sm" c="dimmed">
            {search.q || search.app ? 'Try another word, or all apps.' : 'The owners of an app make its entitlements requestable on the app’s page.'}
          </Text>
        </Card>
      ) : (
        groups.map((g) => (
          <Card key={g.appId} withBorder padding="sm" data-catalog-app={g.appName}>
            <Group justify="space-between" mb="xs">
              <Title order={3} size="h5">
                {g.appName}
              </Title>
              <Badge variant="light" color="gray">
                {g.entries.length}
              </Badge>
            </Group>
            <Table aria-label={`Requestable in ${g.appName}`} highlightOnHover verticalSpacing={6} layout="fixed">
              <Table.Tbody>
                {g.entries.map((e) => {
                  const open = openByEntitlement.get(`${e.appId}\u0000${e.entitlementId}`);
                  return (
                    <Table.Tr key={e.entitlementId} data-entitlement={e.name}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {e.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {e.resourceType} · {e.maxDurationMinutes === null ? 'permanent allowed' : `up to ${durationText(e.maxDurationMinutes)}`} · {durationText(e.defaultDurationMinutes)} by default
                          {e.reasonRequired ? ' · reason required' : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td w={240}>
                        <Group gap={4}>
                          {e.emergencyAllowed && (
                            <Badge size="xs" color="red" variant="outline" tt="none">
                              break-glass
                            </Badge>
                          )}
                          {e.onBehalfAllowed && (
                            <Badge size="xs" color="gray" variant="outline" tt="none">
                              for others too
                            </Badge>
                          )}
                          {open && (
                            <AnchorLink to="/requests/$requestId" params={{ requestId: open.id }} aria-label={`Your request for ${e.name}`}>
                              <RequestStateBadge state={open.state} />
                            </AnchorLink>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td w={110} ta="right">
                        <Button size="compact-sm" variant={open && !e.onBehalfAllowed ? 'default' : 'light'} onClick={() => choose(e)} aria-label={`Request ${e.name} (${e.appName})`}>
                          Request
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        ))
      )}
      {catalog.data && catalog.data.items.length >= LIMIT && (
        <Text size="xs" c="dimmed">
          The first {LIMIT} shown: search to narrow the list.
        </Text>
      )}
      {search.ask && linked.isSuccess && !chosen && <ErrorState error={new Error('This entitlement is not requestable (any more).')} />}
      {bundle && <BundleRequestForm key={bundle.id} bundle={bundle} catalog={everything} onClose={() => setBundle(undefined)} />}
      {chosen && (
        <RequestForm
          key={`${chosen.appId}\u0000${chosen.entitlementId}`}
          entry={chosen}
          onClose={() => choose(undefined)}
          onCreated={(r) => void navigate({ to: '/requests/$requestId', params: { requestId: r.id } })}
        />
      )}
    </Stack>
  );
}

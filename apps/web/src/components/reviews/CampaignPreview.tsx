/**
 * A draft before it starts: what starting would create (items per app and per reviewer, the items
 * no reviewer was found for, which go to the campaign's owner), and whether each app's data is
 * fresh. A stale app is synced from here (for those who may), or the campaign starts anyway with a
 * confirmation; starting takes the snapshot, followed live on the campaign's page.
 */
import { Alert, Badge, Button, Card, Group, List, Loader, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, get, type AppDetail, type Campaign, type CampaignDetail, type CampaignPreview as Preview, type SyncRun } from '../../api';
import { can, useMe } from '../../auth';
import { DialogActions } from '../DialogActions';
import { AnchorLink } from '../links';
import { ErrorState, QueryState } from '../QueryState';
import { ago, when } from '../time';
import { refreshCampaign } from './model';

export const previewQuery = (id: string) => ({ queryKey: ['campaign-preview', id], queryFn: () => get<Preview>(`/campaigns/${id}/preview`) });

export function CampaignPreview({ campaign: c }: { campaign: CampaignDetail }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const preview = useQuery(previewQuery(c.id));
  const [confirm, setConfirm] = useState<'start' | 'anyway'>();
  const start = useMutation({
    mutationFn: (startAnyway: boolean) => api<Campaign>('POST', `/campaigns/${c.id}/start`, { startAnyway }),
    onSuccess: async () => {
      setConfirm(undefined);
      await refreshCampaign(queryClient, c.id);
    },
  });
  const manage = can(me, 'campaigns:manage');
  return (
    <QueryState query={preview}>
      {(p) => {
        const stale = p.freshness.filter((f) => f.stale);
        return (
          <Stack>
            <Group justify="space-between" align="flex-end">
              <div>
                <Title order={3} size="h4">
                  Preview
                </Title>
                <Text size="sm" c="dimmed">
                  What starting now would create. Nothing is written until you start; the snapshot is taken then.
                </Text>
              </div>
              {manage && (
                <Group gap="xs">
                  <Button variant="default" onClick={() => void preview.refetch()} loading={preview.isFetching}>
                    Refresh
                  </Button>
                  {stale.length === 0 ? (
                    <Button onClick={() => setConfirm('start')} disabled={p.items === 0}>
                      Start campaign
                    </Button>
                  ) : (
                    <Button color="orange" onClick={() => setConfirm('anyway')} disabled={p.items === 0}>
                      Start anyway
                    </Button>
                  )}
                </Group>
              )}
            </Group>
            {p.items === 0 && (
              <Alert color="orange" title="This scope selects no grant" role="alert">
                No access matches its apps, people and grant filters. Edit the draft: widen the filters, or include access held through groups.
              </Alert>
            )}
            {stale.length > 0 && (
              <Alert color="orange" title={`The data of ${stale.length === 1 ? stale[0]!.appName : `${stale.length} apps`} may be out of date`} role="alert">
                Reviewers would decide on access as it was at the last good sync. Sync {stale.length === 1 ? 'it' : 'them'} first (below), or start anyway.
              </Alert>
            )}
            {start.error && !confirm && <ErrorState error={start.error} />}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  Items
                </Text>
                <Text fz={26} fw={700} data-testid="preview-items">
                  {p.items.toLocaleString()}
                </Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  Reviewers
                </Text>
                <Text fz={26} fw={700} data-testid="preview-reviewers">
                  {p.byReviewer.length}
                </Text>
              </Card>
              <Card withBorder padding="sm">
                <Text size="xs" c="dimmed">
                  No reviewer found (go to the campaign owner)
                </Text>
                <Text fz={26} fw={700} c={p.unresolved ? 'orange.8' : undefined} data-testid="preview-unresolved">
                  {p.unresolved}
                </Text>
              </Card>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder padding="sm">
                <Title order={4} size="h5" mb="xs">
                  Per app
                </Title>
                <Table aria-label="Items per app">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>App</Table.Th>
                      <Table.Th w={70}>Items</Table.Th>
                      <Table.Th>Data</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.freshness.map((f) => (
                      <Table.Tr key={f.appId} data-app={f.appName} data-stale={f.stale}>
                        <Table.Td>{f.appName}</Table.Td>
                        <Table.Td>{p.byApp.find((a) => a.appId === f.appId)?.items ?? 0}</Table.Td>
                        <Table.Td>
                          <Stack gap={4}>
                            <Group gap={6}>
                              <Badge size="sm" variant="light" color={f.stale ? 'orange' : 'green'} tt="none">
                                {f.stale ? 'stale' : 'fresh'}
                              </Badge>
                              <Text size="xs" c="dimmed" title={when(f.lastSuccessAt)}>
                                {f.lastSuccessAt ? `synced ${ago(f.lastSuccessAt)}` : 'never synced'}
                              </Text>
                            </Group>
                            {f.reason && (
                              <Text size="xs" c="orange.8">
                                {f.reason}
                              </Text>
                            )}
                            {f.stale && <SyncNow appId={f.appId} appName={f.appName} campaignId={c.id} />}
                          </Stack>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
              <Card withBorder padding="sm">
                <Title order={4} size="h5" mb="xs">
                  Per reviewer
                </Title>
                {p.byReviewer.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    The policy finds no reviewer for any item.
                  </Text>
                ) : (
                  <Table aria-label="Items per reviewer">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Reviewer</Table.Th>
                        <Table.Th w={70}>Items</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {[...p.byReviewer]
                        .sort((a, b) => b.items - a.items)
                        .map((r) => (
                          <Table.Tr key={r.userId} data-reviewer={r.name}>
                            <Table.Td>{r.name}</Table.Td>
                            <Table.Td>{r.items}</Table.Td>
                          </Table.Tr>
                        ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Card>
            </SimpleGrid>
            {p.unresolved > 0 && (
              <Card withBorder padding="sm">
                <Title order={4} size="h5" mb="xs">
                  No reviewer found for {p.unresolved} item{p.unresolved === 1 ? '' : 's'}
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  They go to the campaign’s owner, {c.owner.name}, who can reassign them. Name fallback reviewers in the policy, or the missing managers and owners, to avoid that.
                </Text>
                <Table aria-label="Items without a reviewer">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Who</Table.Th>
                      <Table.Th>Access</Table.Th>
                      <Table.Th>Why nobody</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.unresolvedSample.map((u) => (
                      <Table.Tr key={u.grantId}>
                        <Table.Td>{u.principalName}</Table.Td>
                        <Table.Td>
                          {u.entitlementName}{' '}
                          <Text span size="xs" c="dimmed">
                            ({u.appName})
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{u.because}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
                {p.unresolvedSample.length < p.unresolved && (
                  <Text size="xs" c="dimmed" mt={4}>
                    The first {p.unresolvedSample.length} of {p.unresolved}.
                  </Text>
                )}
              </Card>
            )}
            {confirm && (
              <Modal opened onClose={() => setConfirm(undefined)} title={confirm === 'anyway' ? 'Start with stale data?' : `Start “${c.name}”?`}>
                <Stack>
                  <Text size="sm">
                    {p.items.toLocaleString()} items go to {p.byReviewer.length} reviewer{p.byReviewer.length === 1 ? '' : 's'}, who are notified now. Access granted after the start is not part of this campaign.
                  </Text>
                  {confirm === 'anyway' && (
                    <Alert color="orange" title="Reviewers may see access that changed since">
                      <List size="sm">
                        {stale.map((s) => (
                          <List.Item key={s.appId}>
                            {s.appName}: {s.reason}
                          </List.Item>
                        ))}
                      </List>
                    </Alert>
                  )}
                  {start.error && <ErrorState error={start.error} />}
                  <DialogActions label={confirm === 'anyway' ? 'Start anyway' : 'Start'} onCancel={() => setConfirm(undefined)} busy={start.isPending} onConfirm={() => start.mutate(confirm === 'anyway')} />
                </Stack>
              </Modal>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** Syncs an app's connectors and, once their runs end, previews again. */
function SyncNow({ appId, appName, campaignId }: { appId: string; appName: string; campaignId: string }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [runs, setRuns] = useState<{ connectorId: string; runId: string }[]>();
  const app = useQuery({ queryKey: ['app', appId], queryFn: () => get<AppDetail>(`/apps/${appId}`) });
  const sync = useMutation({
    mutationFn: async () => Promise.all((app.data?.connectors ?? []).map(async (c) => ({ connectorId: c.id, runId: (await api<{ runId: string }>('POST', `/connectors/${c.id}/sync`)).runId }))),
    onSuccess: setRuns,
  });
  const watched = useQuery({
    queryKey: ['sync-watch', appId, runs],
    enabled: Boolean(runs?.length),
    queryFn: async () => {
      const lists = await Promise.all(runs!.map((r) => get<{ items: SyncRun[] }>(`/connectors/${r.connectorId}/sync-runs?limit=5`).then((l) => l.items.find((x) => x.id === r.runId))));
      return lists.every((r) => r && (r.status === 'succeeded' || r.status === 'failed'));
    },
    refetchInterval: (q) => (q.state.data ? false : 1500),
  });
  const done = watched.data === true;
  useEffect(() => {
    if (!done) return;
    setRuns(undefined);
    void queryClient.invalidateQueries({ queryKey: ['campaign-preview', campaignId] });
    void queryClient.invalidateQueries({ queryKey: ['app', appId] });
  }, [done, queryClient, campaignId, appId]);
  if (!app.data) return null;
  if (!app.data.connectors.length) {
    return (
      <Text size="xs" c="dimmed">
        {appName} has no connector to sync.
      </Text>
    );
  }
  if (!can(me, 'apps:manage', appId)) {
    return (
      <Text size="xs" c="dimmed">
        Ask the app’s owners or a Connector Administrator to sync it (
        <AnchorLink to="/apps/$appId" params={{ appId }} size="xs">
          the app
        </AnchorLink>
        ).
      </Text>
    );
  }
  const busy = sync.isPending || Boolean(runs);
  return (
    <Group gap="xs">
      <Button size="compact-xs" variant="light" onClick={() => sync.mutate()} loading={sync.isPending} disabled={busy} leftSection={runs ? <Loader size={10} /> : undefined} aria-label={`Sync ${appName} now`}>
        {runs ? 'Syncing…' : 'Sync now'}
      </Button>
      {sync.error && (
        <Text size="xs" c="red">
          {(sync.error as Error).message}
        </Text>
      )}
    </Group>
  );
}

/**
 * Access review campaigns, newest first: state tabs (in the URL), each with its due date, whether it
 * is overdue, how far its reviewers are (decided of all items) and its owner; below, the recurring
 * campaigns. Campaign Administrators start a new one from here.
 */
import { Badge, Group, Progress, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { get, query, type Campaign } from '../api';
import { can, useMe } from '../auth';
import { AnchorLink, ButtonLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { CampaignTemplates } from '../components/reviews/CampaignTemplates';
import { CAMPAIGN_STATE_LABEL, CAMPAIGN_STATES, day, decidedCount } from '../components/reviews/model';
import { CampaignStateBadge, OverdueBadge } from '../components/reviews/ReviewBadges';
import { ago } from '../components/time';

const route = getRouteApi('/campaigns');
type Search = ReturnType<typeof route.useSearch>;

export function CampaignsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/campaigns' });
  const me = useMe().data;
  const campaigns = useQuery({
    queryKey: ['campaigns', search.state],
    queryFn: () => get<{ items: Campaign[] }>(`/campaigns${query({ state: search.state, limit: 200 })}`),
    // While one starts, its snapshot is being written.
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.state === 'starting') ? 2000 : 30_000),
  });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Campaigns</Title>
          <Text c="dimmed" size="sm">
            Access reviews: who still needs the access they hold, decided by their managers, the apps’ owners or named reviewers.
          </Text>
        </div>
        {can(me, 'campaigns:manage') && <ButtonLink to="/campaigns/new">New campaign</ButtonLink>}
      </Group>
      <Tabs value={search.state ?? 'all'} onChange={(v) => void navigate({ search: { state: v === 'all' || !v ? undefined : (v as Search['state']) }, replace: true })}>
        <Tabs.List>
          <Tabs.Tab value="all">All</Tabs.Tab>
          {CAMPAIGN_STATES.map((s) => (
            <Tabs.Tab key={s} value={s}>
              {CAMPAIGN_STATE_LABEL[s]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <QueryState query={campaigns}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">{search.state ? 'No campaign in this state.' : can(me, 'campaigns:manage') ? 'No campaign yet. Start one: choose the apps, whose access, and who reviews it.' : 'No campaign yet.'}</Text>
          ) : (
            <Table aria-label="Campaigns" highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Campaign</Table.Th>
                  <Table.Th w={170}>State</Table.Th>
                  <Table.Th w={150}>Due</Table.Th>
                  <Table.Th w={220}>Progress</Table.Th>
                  <Table.Th w={180}>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <CampaignRow key={c.id} campaign={c} />
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      <CampaignTemplates manage={can(me, 'campaigns:manage')} />
    </Stack>
  );
}

function CampaignRow({ campaign: c }: { campaign: Campaign }) {
  const decided = decidedCount(c);
  const pct = c.counts.items ? (decided / c.counts.items) * 100 : 0;
  return (
    <Table.Tr data-campaign={c.name} data-state={c.state}>
      <Table.Td>
        <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: c.id }} fw={500}>
          {c.name}
        </AnchorLink>
        <Text size="xs" c="dimmed" lineClamp={1}>
          {c.description || c.policy.name}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <CampaignStateBadge state={c.state} size="sm" />
          {c.overdue && <OverdueBadge dueAt={c.dueAt} />}
          {c.error && (
            <Tooltip label={c.error} multiline maw={320}>
              <Badge color="red" variant="light" size="sm">
                start failed
              </Badge>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{day(c.dueAt)}</Text>
        <Text size="xs" c={c.overdue ? 'red' : 'dimmed'}>
          {c.state === 'running' || c.state === 'draft' ? ago(c.dueAt) : c.completedAt ? `ended ${ago(c.completedAt)}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        {c.state === 'draft' ? (
          <Text size="sm" c="dimmed">
            not started
          </Text>
        ) : c.state === 'starting' ? (
          <Text size="sm">{c.progress?.items ?? 0} items written…</Text>
        ) : (
          <Stack gap={2}>
            <Progress value={pct} aria-label={`${c.name}: ${decided} of ${c.counts.items} decided`} color={c.overdue ? 'red' : undefined} />
            <Text size="xs" c="dimmed">
              {decided} of {c.counts.items} decided{c.counts.revoked ? ` · ${c.counts.revoked} revoked` : ''}
            </Text>
          </Stack>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={c.owner.email}>
          {c.owner.name}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

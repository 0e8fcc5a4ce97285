/**
 * Every item of a campaign, any reviewer's: filtered by state, reviewer, app, suggestion and text
 * (in the URL), in person, app or entitlement order, each with its reviewer, outcome, comment and
 * revocation task. Opens an item's history.
 */
import { Badge, Button, Group, Select, Stack, Text, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { get, query, type CampaignDetail, type CampaignProgress, type Page, type ReviewItem } from '../../api';
import { can, useMe } from '../../auth';
import { SearchInput } from '../Filters';
import { InfiniteTable } from '../InfiniteTable';
import { AnchorLink } from '../links';
import { TaskStateBadge, VerificationBadge } from '../tasks/TaskBadges';
import { ItemDrawer } from './ItemDrawer';
import { holderName, holdText, ITEM_STATE_LABEL, ITEM_STATES, itemLabel, refreshCampaign } from './model';
import { ReassignDialog } from './ReassignDialog';
import { ItemStateBadge, RecommendationBadge } from './ReviewBadges';
import { useReviewActions } from './useReviewActions';

const route = getRouteApi('/campaigns/$campaignId');
type Search = ReturnType<typeof route.useSearch>;

export function CampaignItems({ campaign: c }: { campaign: CampaignDetail }) {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/campaigns/$campaignId' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const me = useMe().data;
  const [detail, setDetail] = useState<string>();
  const [reassigning, setReassigning] = useState<ReviewItem>();
  const queryClient = useQueryClient();
  const actions = useReviewActions();
  // Campaign Administrators hand any pending item to another reviewer (the owner's unresolved ones, someone away).
  const mayReassign = can(me, 'campaigns:manage') && c.state === 'running';
  const progress = useQuery({ queryKey: ['campaign-progress', c.id], queryFn: () => get<CampaignProgress>(`/campaigns/${c.id}/progress`) });
  const params = { state: search.state, reviewerId: search.reviewer, appId: search.app, recommendation: search.suggested, q: search.q, sort: search.sort ?? 'person', limit: 200 };
  const columns = useMemo<ColumnDef<ReviewItem, unknown>[]>(
    () => [
      {
        header: 'Who has what',
        id: 'access',
        cell: ({ row: { original: i } }) => (
          <Text size="sm" span title={`${holderName(i)}${i.person?.title ? ` (${i.person.title})` : ''}: ${i.entitlement.name} in ${i.app.name}, ${holdText(i)}`}>
            <Text span fw={500} size="sm">
              {holderName(i)}:
            </Text>{' '}
            {i.entitlement.name}{' '}
            <Text span size="xs" c="dimmed">
              {i.app.name} · {holdText(i)}
            </Text>
          </Text>
        ),
      },
      {
        header: 'Reviewer',
        id: 'reviewer',
        size: 140,
        cell: ({ row: { original: i } }) => (
          <Tooltip label={i.assignedBecause ?? ''} disabled={!i.assignedBecause} openDelay={300}>
            <Text size="sm" span c={i.reviewer ? undefined : 'orange.8'}>
              {i.reviewer?.name ?? 'nobody'}
              {i.steps > 1 && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · step {i.step + 1}/{i.steps}
                </Text>
              )}
            </Text>
          </Tooltip>
        ),
      },
      {
        header: 'Outcome',
        id: 'state',
        size: 190,
        cell: ({ row: { original: i } }) => (
          <Group gap={4} wrap="nowrap" title={i.comment ?? undefined}>
            <ItemStateBadge state={i.state} />
            {i.state === 'pending' && i.decision && (
              <Badge size="sm" variant="dot" color={i.decision === 'revoke' ? 'red' : 'green'} tt="none" style={{ flexShrink: 0 }}>
                draft {i.decision}
              </Badge>
            )}
            {i.comment && (
              <Text size="xs" c="dimmed" truncate>
                {i.comment}
              </Text>
            )}
          </Group>
        ),
      },
      { header: 'Suggestion', id: 'suggestion', size: 120, cell: ({ row: { original: i } }) => <RecommendationBadge recommendation={i.recommendation} /> },
      {
        header: 'Revocation',
        id: 'task',
        size: 185,
        cell: ({ row: { original: i } }) =>
          i.tasks.length ? (
            <Group gap={4} wrap="nowrap">
              {i.tasks.map((t) =>
                can(me, 'tasks:read') ? (
                  <AnchorLink key={t.id} to="/tasks/$taskId" params={{ taskId: t.id }} aria-label={`Task: ${t.summary}`}>
                    <TaskStateBadge state={t.state as Parameters<typeof TaskStateBadge>[0]['state']} size="sm" />
                  </AnchorLink>
                ) : (
                  <TaskStateBadge key={t.id} state={t.state as Parameters<typeof TaskStateBadge>[0]['state']} size="sm" />
                ),
              )}
              <VerificationBadge verification={i.tasks[i.tasks.length - 1]!.verification} />
            </Group>
          ) : i.state === 'revoked' ? (
            <Text size="xs" c="dimmed">
              queued
            </Text>
          ) : null,
      },
      {
        header: '',
        id: 'open',
        size: mayReassign ? 140 : 80,
        cell: ({ row: { original: i } }) => (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="subtle" onClick={() => setDetail(i.id)} aria-label={`History of ${holderName(i)}: ${i.entitlement.name}`}>
              History
            </Button>
            {mayReassign && i.state === 'pending' && (
              <Button size="compact-xs" variant="subtle" onClick={() => setReassigning(i)} aria-label={`Reassign ${itemLabel(i)}`}>
                Reassign
              </Button>
            )}
          </Group>
        ),
      },
    ],
    [me, mayReassign],
  );
  const filtered = Boolean(search.state || search.reviewer || search.app || search.suggested || search.q);
  return (
    <Stack>
      <Group align="flex-end" wrap="wrap">
        <Select label="Outcome" placeholder="Any" data={ITEM_STATES.map((s) => ({ value: s, label: ITEM_STATE_LABEL[s] }))} value={search.state ?? null} onChange={(v) => set({ state: (v ?? undefined) as Search['state'] })} clearable w={170} />
        <Select
          label="Reviewer"
          placeholder="Anyone"
          data={(progress.data?.perReviewer ?? []).filter((r) => r.id).map((r) => ({ value: r.id, label: `${r.name} (${r.pending} pending)` }))}
          value={search.reviewer ?? null}
          onChange={(v) => set({ reviewer: v ?? undefined })}
          clearable
          searchable
          w={230}
        />
        <Select label="App" placeholder="Any app" data={(progress.data?.perApp ?? []).map((a) => ({ value: a.id, label: a.name }))} value={search.app ?? null} onChange={(v) => set({ app: v ?? undefined })} clearable searchable w={180} />
        <Select
          label="Suggestion"
          placeholder="Any"
          data={[
            { value: 'approve', label: 'Suggested to approve' },
            { value: 'revoke', label: 'Suggested to revoke' },
          ]}
          value={search.suggested ?? null}
          onChange={(v) => set({ suggested: (v ?? undefined) as Search['suggested'] })}
          clearable
          w={190}
        />
        <SearchInput label="Search" placeholder="person, app or entitlement" value={search.q} onChange={(q) => set({ q })} />
        <Select
          label="Order"
          data={[
            { value: 'person', label: 'By person' },
            { value: 'app', label: 'By app' },
            { value: 'entitlement', label: 'By entitlement' },
          ]}
          value={search.sort ?? 'person'}
          onChange={(v) => set({ sort: v === 'person' || !v ? undefined : (v as Search['sort']) })}
          allowDeselect={false}
          w={150}
        />
      </Group>
      <InfiniteTable
        label="Campaign items"
        queryKey={['campaign-items', c.id, params]}
        fetchPage={(cursor) => get<Page<ReviewItem>>(`/campaigns/${c.id}/items${query({ ...params, cursor })}`)}
        columns={columns}
        rowKey={(i) => i.id}
        height="calc(100vh - 330px)"
        refetchInterval={(rows) => (rows.some((i) => i.state === 'revoked' && (i.tasks.length === 0 || i.tasks.some((t) => t.state === 'pending' || t.state === 'running'))) ? 2000 : c.state === 'running' ? 15_000 : false)}
        rowProps={(i) => ({ 'data-item-id': i.id, 'data-state': i.state, 'aria-label': `${holderName(i)}: ${i.entitlement.name} (${i.app.name})` })}
        empty={filtered ? 'No item matches these filters.' : 'No item.'}
      />
      {detail && <ItemDrawer id={detail} onClose={() => setDetail(undefined)} />}
      {reassigning && <ReassignDialog ids={[reassigning.id]} what={itemLabel(reassigning)} actions={actions} onClose={() => setReassigning(undefined)} onDone={() => void refreshCampaign(queryClient, c.id)} />}
    </Stack>
  );
}

/**
 * One campaign. A draft shows its preview and starts from here; while it starts, the snapshot is
 * followed live; once started: its counts, burndown, per-reviewer and per-app progress and its
 * revocations (Overview), every item (Items), and its evidence reports (Evidence). Campaign
 * Administrators edit a draft, cancel a running campaign, delete a draft or a finished one.
 */
import { Alert, Button, Card, Group, Modal, Progress, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api, get, type AppSummary, type CampaignDetail, type CampaignPreview as Preview } from '../api';
import { can, useMe } from '../auth';
import { DialogActions } from '../components/DialogActions';
import { AnchorLink, ButtonLink } from '../components/links';
import { ErrorState, QueryState } from '../components/QueryState';
import { CampaignItems } from '../components/reviews/CampaignItems';
import { CampaignCharts, CampaignCounts, RemediationCard } from '../components/reviews/CampaignOverview';
import { CampaignPreview } from '../components/reviews/CampaignPreview';
import { Evidence } from '../components/reviews/Evidence';
import { campaignQuery, day, DUE_ACTION_LABEL, refreshCampaign, scopeText } from '../components/reviews/model';
import { CampaignStateBadge, OverdueBadge } from '../components/reviews/ReviewBadges';
import { ago, when } from '../components/time';

const route = getRouteApi('/campaigns/$campaignId');
type Search = ReturnType<typeof route.useSearch>;

export function CampaignPage() {
  const { campaignId } = route.useParams();
  const campaign = useQuery(campaignQuery(campaignId));
  return <QueryState query={campaign}>{(c) => <CampaignView campaign={c} />}</QueryState>;
}

function CampaignView({ campaign: c }: { campaign: CampaignDetail }) {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/campaigns/$campaignId' });
  const me = useMe().data;
  const manage = can(me, 'campaigns:manage');
  // Reports cover every app of a campaign: global roles only (the server says the same).
  const evidence = me?.role !== 'app_owner';
  const tab = search.tab ?? 'overview';
  return (
    <Stack>
      <AnchorLink to="/campaigns" size="sm">
        ← All campaigns
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{c.name}</Title>
          <Group gap="xs" mt={4}>
            <CampaignStateBadge state={c.state} />
            {c.overdue && <OverdueBadge dueAt={c.dueAt} size="md" />}
            <Text size="sm" c="dimmed">
              due {day(c.dueAt)} ({ago(c.dueAt)}) · owner {c.owner.name} · policy {c.policy.name}
            </Text>
          </Group>
          {c.description && (
            <Text size="sm" mt="xs" maw={800} style={{ whiteSpace: 'pre-line' }}>
              {c.description}
            </Text>
          )}
        </div>
        {manage && <CampaignActions campaign={c} />}
      </Group>
      {c.error && (
        <Alert color="red" title="The campaign could not start" role="alert">
          {c.error}
        </Alert>
      )}
      <Settings campaign={c} />
      {c.state === 'draft' && <CampaignPreview campaign={c} />}
      {c.state === 'starting' && <Starting campaign={c} />}
      {c.state !== 'draft' && c.state !== 'starting' && (
        <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: v === 'overview' || !v ? undefined : (v as Search['tab']) }, replace: true })} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="overview">Overview</Tabs.Tab>
            <Tabs.Tab value="items">Items ({c.counts.items})</Tabs.Tab>
            {evidence && <Tabs.Tab value="evidence">Evidence</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="overview" pt="md">
            <Stack>
              <CampaignCounts campaign={c} />
              <RemediationCard campaign={c} />
              <CampaignCharts campaign={c} />
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="items" pt="md">
            <CampaignItems campaign={c} />
          </Tabs.Panel>
          {evidence && (
            <Tabs.Panel value="evidence" pt="md">
              <Evidence campaign={c} />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}

/** The scope, the policies as run, and the due date's action, in words. */
function Settings({ campaign: c }: { campaign: CampaignDetail }) {
  const me = useMe().data;
  const apps = useQuery({ queryKey: ['apps', 'all', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps'), enabled: can(me, 'catalog:read'), staleTime: 60_000 });
  const names = new Map((apps.data?.items ?? []).map((a) => [a.id, a.name]));
  for (const a of c.progress?.byApp ?? []) names.set(a.appId, a.appName);
  const Item = ({ label, children }: { label: string; children: ReactNode }) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
  return (
    <Card withBorder padding="sm">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Item label="Reviews">
          {scopeText(c.scope, (id) => names.get(id) ?? id).map((l) => (
            <div key={l}>{l}</div>
          ))}
        </Item>
        <Item label="Reviewers">{c.policiesAsRun.length ? c.policiesAsRun.map((p) => <div key={p.id}>{`${p.name} (${p.steps} step${p.steps === 1 ? '' : 's'})`}</div>) : c.policy.name}</Item>
        <Item label="At the due date">
          {DUE_ACTION_LABEL[c.dueAction]}
          {c.approveCommentRequired ? <div>Approvals need a comment</div> : null}
        </Item>
        <Item label="Dates">
          <div title={when(c.createdAt)}>Created {day(c.createdAt)}</div>
          {c.startedAt && <div title={when(c.startedAt)}>Started {day(c.startedAt)}</div>}
          {c.completedAt && <div title={when(c.completedAt)}>{c.state === 'cancelled' ? 'Cancelled' : 'Completed'} {day(c.completedAt)}</div>}
        </Item>
      </SimpleGrid>
    </Card>
  );
}

function Starting({ campaign: c }: { campaign: CampaignDetail }) {
  const queryClient = useQueryClient();
  // The preview seen before the start says how many items to expect.
  const expected = queryClient.getQueryData<Preview>(['campaign-preview', c.id])?.items;
  const written = c.progress?.items ?? 0;
  return (
    <Card withBorder aria-live="polite" data-testid="campaign-starting">
      <Stack gap="xs">
        <Text fw={600}>Taking the snapshot…</Text>
        <Progress value={expected ? Math.min(100, (written / expected) * 100) : 100} animated aria-label="Snapshot progress" />
        <Text size="sm" c="dimmed">
          {written.toLocaleString()} item{written === 1 ? '' : 's'} written{expected ? ` of about ${expected.toLocaleString()}` : ''}. Reviewers are told once it is complete.
        </Text>
      </Stack>
    </Card>
  );
}

function CampaignActions({ campaign: c }: { campaign: CampaignDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<'cancel' | 'delete'>();
  const cancel = useMutation({
    mutationFn: () => api<CampaignDetail>('POST', `/campaigns/${c.id}/cancel`),
    onSuccess: async () => {
      setAsking(undefined);
      await refreshCampaign(queryClient, c.id);
    },
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/campaigns/${c.id}`),
    onSuccess: async () => {
      setAsking(undefined);
      queryClient.removeQueries({ queryKey: ['campaign', c.id] });
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      await navigate({ to: '/campaigns' });
    },
  });
  const running = c.state === 'running' || c.state === 'starting';
  return (
    <Group gap="xs">
      {c.state === 'draft' && (
        <ButtonLink to="/campaigns/$campaignId/edit" params={{ campaignId: c.id }} variant="default">
          Edit draft
        </ButtonLink>
      )}
      {running && (
        <Button variant="default" color="red" onClick={() => setAsking('cancel')}>
          Cancel campaign
        </Button>
      )}
      {!running && (
        <Button variant="subtle" color="red" onClick={() => setAsking('delete')}>
          Delete
        </Button>
      )}
      {asking === 'cancel' && (
        <Modal opened onClose={() => setAsking(undefined)} title={`Cancel “${c.name}”?`}>
          <Stack>
            <Text size="sm">
              The {c.counts.pending} undecided item{c.counts.pending === 1 ? '' : 's'} close as not reviewed (the access stays). Decisions already submitted, and their revocations, stand.
            </Text>
            {cancel.error && <ErrorState error={cancel.error} />}
            <DialogActions label="Cancel the campaign" onCancel={() => setAsking(undefined)} busy={cancel.isPending} onConfirm={() => cancel.mutate()} />
          </Stack>
        </Modal>
      )}
      {asking === 'delete' && (
        <Modal opened onClose={() => setAsking(undefined)} title={`Delete “${c.name}”?`}>
          <Stack>
            <Text size="sm">
              {c.state === 'draft' ? 'The draft is deleted.' : 'The campaign leaves Gatehouse, and its items, decisions and evidence reports with it: download the evidence first. The audit log keeps what happened.'}
            </Text>
            {remove.error && <ErrorState error={remove.error} />}
            <DialogActions label="Delete" onCancel={() => setAsking(undefined)} busy={remove.isPending} onConfirm={() => remove.mutate()} />
          </Stack>
        </Modal>
      )}
    </Group>
  );
}

/**
 * My reviews: the running campaigns with items waiting for the signed-in user, then their items of
 * the chosen campaign with the context beside each (who, what, how, since when, used or not, peers,
 * the last review, Gatehouse's suggestion), grouped by person, app or entitlement. Decide singly,
 * for a group, for a selection or for every suggestion; a revoke asks why. Decisions are drafts
 * until submitted (with a confirmation of what will happen). Filters are in the URL; the list takes
 * keyboard shortcuts (see SHORTCUTS, or press ?).
 */
import { Alert, Badge, Button, Card, Checkbox, Grid, Group, Kbd, Modal, Progress, SegmentedControl, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { get, query, type DecisionsBody, type MyCampaign, type Page, type ReviewItem, type Submitted } from '../api';
import { DialogActions } from '../components/DialogActions';
import { SearchInput } from '../components/Filters';
import { ErrorState, Loading } from '../components/QueryState';
import { DecisionDialog, type DecisionAsk } from '../components/reviews/DecisionDialog';
import { AccessCell, PersonCell, SignalsCell, SuggestionCell } from '../components/reviews/ItemContext';
import { ItemDrawer } from '../components/reviews/ItemDrawer';
import { day, holderName, itemLabel } from '../components/reviews/model';
import { OutOfOffice } from '../components/reviews/OutOfOffice';
import { ReassignDialog } from '../components/reviews/ReassignDialog';
import { OverdueBadge } from '../components/reviews/ReviewBadges';
import { reviewItemsKey, useReviewActions } from '../components/reviews/useReviewActions';
import { ago } from '../components/time';

const route = getRouteApi('/reviews');
type Search = ReturnType<typeof route.useSearch>;
type Sort = NonNullable<Search['sort']>;
type Filter = NonNullable<DecisionsBody['filter']>;
type Notice = { text: string; color?: string };
const PAGE = 100;

export const SHORTCUTS: [string, string][] = [
  ['j  ↓', 'next item'],
  ['k  ↑', 'previous item'],
  ['a', 'approve'],
  ['r', 'revoke (asks why)'],
  ['u', 'clear the decision'],
  ['x', 'select or unselect'],
  ['Enter', 'details and history'],
  ['?', 'these shortcuts'],
];

export function ReviewsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/reviews' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const summary = useQuery({ queryKey: ['reviews', 'summary'], queryFn: () => get<{ items: MyCampaign[] }>('/reviews'), refetchInterval: 30_000 });
  const campaigns = summary.data?.items ?? [];
  const campaignId = search.campaign ?? campaigns[0]?.campaignId;
  const current = campaigns.find((c) => c.campaignId === campaignId);
  const [help, setHelp] = useState(false);
  // Kept here: a submit that empties the list ends the campaign's view, not what it said.
  const [notice, setNotice] = useState<Notice>();

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>My reviews</Title>
          <Text c="dimmed" size="sm">
            Access waiting for your decision: keep what people still need, revoke the rest. Nothing is final until you submit.
          </Text>
        </div>
        <Button variant="subtle" size="xs" onClick={() => setHelp(true)} rightSection={<Kbd size="xs">?</Kbd>}>
          Keyboard shortcuts
        </Button>
      </Group>
      {notice && (
        <Alert color={notice.color ?? 'green'} role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice.text}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {summary.isPending ? (
            <Loading />
          ) : summary.isError ? (
            <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />
          ) : campaigns.length === 0 ? (
            <Card withBorder padding="md">
              <Text fw={500}>Nothing to review right now.</Text>
              <Text size="sm" c="dimmed">
                When an access review asks you to review people’s access, it shows here and in your inbox.
              </Text>
            </Card>
          ) : (
            <Stack gap="xs" role="radiogroup" aria-label="Campaigns waiting for you">
              {campaigns.map((c) => (
                <CampaignCard key={c.campaignId} campaign={c} active={c.campaignId === campaignId} onClick={() => set({ campaign: c.campaignId })} />
              ))}
            </Stack>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <OutOfOffice />
        </Grid.Col>
      </Grid>
      {campaignId && <CampaignReview key={campaignId} campaignId={campaignId} campaign={current} search={search} set={set} onHelp={() => setHelp(true)} helpOpen={help} setNotice={setNotice} />}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </Stack>
  );
}

function CampaignCard({ campaign: c, active, onClick }: { campaign: MyCampaign; active: boolean; onClick: () => void }) {
  const pct = c.pending ? Math.round((c.decided / c.pending) * 100) : 0;
  return (
    <UnstyledButton onClick={onClick} role="radio" aria-checked={active} aria-label={`${c.name}: ${c.pending} to review`} data-campaign-id={c.campaignId}>
      <Card withBorder padding="sm" style={active ? { borderColor: 'var(--mantine-primary-color-filled)', boxShadow: '0 0 0 1px var(--mantine-primary-color-filled)' } : undefined}>
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={600}>{c.name}</Text>
              {c.overdue && <OverdueBadge dueAt={c.dueAt} />}
            </Group>
            <Text size="sm" c="dimmed">
              Due {day(c.dueAt)} ({ago(c.dueAt)}) · {c.pending} to review · {c.decided} decided, not submitted
            </Text>
          </Stack>
          <Progress value={pct} w={120} aria-label={`${c.decided} of ${c.pending} decided`} />
        </Group>
      </Card>
    </UnstyledButton>
  );
}

function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title="Keyboard shortcuts">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td w={120}>
                {keys.split('  ').map((k) => (
                  <Kbd key={k} mr={4}>
                    {k}
                  </Kbd>
                ))}
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">
        They act on the focused item: click a row, or press j to start at the first.
      </Text>
    </Modal>
  );
}

const groupOf = (sort: Sort, i: ReviewItem): string => (sort === 'app' ? i.app.id : sort === 'entitlement' ? `${i.app.id}\u0000${i.entitlement.id}` : (i.person?.id ?? `${i.principal.type}\u0000${i.principal.id}`));

interface Asking {
  ask: DecisionAsk;
  ids?: string[];
  filter?: Filter;
  /** The row to focus after: the next one when done, this one when cancelled. */
  done?: () => void;
  cancelled?: () => void;
}

function CampaignReview({
  campaignId,
  campaign,
  search,
  set,
  onHelp,
  helpOpen,
  setNotice,
}: {
  campaignId: string;
  campaign: MyCampaign | undefined;
  search: Search;
  set: (p: Partial<Search>) => void;
  onHelp: () => void;
  helpOpen: boolean;
  setNotice: (n: Notice | undefined) => void;
}) {
  const actions = useReviewActions();
  const sort: Sort = search.sort ?? 'person';
  const params = { campaignId, sort, q: search.q, recommendation: search.suggested, decided: search.show === undefined ? undefined : search.show === 'decided', limit: PAGE };
  const items = useInfiniteQuery({
    queryKey: [...reviewItemsKey, params],
    queryFn: ({ pageParam }) => get<Page<ReviewItem>>(`/reviews/items${query({ ...params, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = useMemo(() => items.data?.pages.flatMap((p) => p.items) ?? [], [items.data]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string>();
  const [asking, setAsking] = useState<Asking>();
  const [reassigning, setReassigning] = useState<string[]>();
  const [detail, setDetail] = useState<string>();
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const commentOnApprove = campaign?.approveCommentRequired ?? false;
  const filter = (patch: Partial<Search>) => {
    setSelected(new Set());
    set(patch);
  };

  const rowEl = (id: string | undefined) => (id ? document.querySelector<HTMLElement>(`tr[data-item-id="${CSS.escape(id)}"]`) : null);
  const focusRow = (id: string | undefined) => rowEl(id)?.focus();
  const neighbour = (id: string, by: number) => rows[rows.findIndex((r) => r.id === id) + by]?.id;

  const ask = (a: Asking) => {
    actions.decide.reset();
    setAsking(a);
  };
  const approve = (list: ReviewItem[], what: string, after?: { done?: () => void; cancelled?: () => void }) => {
    if (commentOnApprove) return ask({ ask: { decision: 'approve', what, required: true, explain: 'This campaign asks for a comment on every approval: say why the access is still needed.' }, ids: list.map((i) => i.id), ...after });
    actions.decide.mutate({ ids: list.map((i) => i.id), decision: 'approve' });
    // On the keyboard, on to the next item at once (a refusal shows above the list).
    after?.done?.();
  };
  const revoke = (list: ReviewItem[], what: string, after?: { done?: () => void; cancelled?: () => void }) =>
    ask({ ask: { decision: 'revoke', what, required: true, comment: list.length === 1 && list[0]!.decision === 'revoke' ? (list[0]!.comment ?? '') : '' }, ids: list.map((i) => i.id), ...after });
  const clear = (list: ReviewItem[]) => actions.decide.mutate({ ids: list.map((i) => i.id), decision: null });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // The keyboard: one listener for the page, acting on the focused row (see SHORTCUTS).
  const latest = useRef<(e: KeyboardEvent) => void>(() => undefined);
  latest.current = (e: KeyboardEvent) => {
    if (asking || reassigning || detail || confirmSubmit || helpOpen) return;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-item-id]');
    const item = row ? rows.find((r) => r.id === row.dataset.itemId) : undefined;
    const index = item ? rows.indexOf(item) : -1;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    switch (e.key) {
      case '?':
        return act(onHelp);
      case 'j':
      case 'ArrowDown':
        if (!item && e.key === 'ArrowDown') return;
        return act(() => {
          focusRow(rows[Math.min(index + 1, rows.length - 1)]?.id);
          if (index + 5 >= rows.length && items.hasNextPage && !items.isFetchingNextPage) void items.fetchNextPage();
        });
      case 'k':
      case 'ArrowUp':
        if (!item) return;
        return act(() => focusRow(rows[Math.max(index - 1, 0)]?.id));
    }
    if (!item) return;
    switch (e.key) {
      case 'a':
        return act(() => approve([item], itemLabel(item), { done: () => focusRow(neighbour(item.id, 1) ?? item.id), cancelled: () => focusRow(item.id) }));
      case 'r':
        return act(() => revoke([item], itemLabel(item), { done: () => focusRow(neighbour(item.id, 1) ?? item.id), cancelled: () => focusRow(item.id) }));
      case 'u':
        return act(() => clear([item]));
      case 'x':
        return act(() => toggle(item.id));
      case 'Enter':
      case 'o':
        if (target !== row) return;
        return act(() => setDetail(item.id));
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      // Keys typed into a field are the field's (a checkbox or a radio button is not one).
      if ((e.target as HTMLElement).closest('input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable="true"], [role="dialog"], [role="listbox"]')) return;
      latest.current(e);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const picked = rows.filter((r) => selected.has(r.id));
  const pickedText = `${picked.length} selected item${picked.length === 1 ? '' : 's'}`;
  const allPicked = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const groupCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(groupOf(sort, r), (m.get(groupOf(sort, r)) ?? 0) + 1);
    return m;
  }, [rows, sort]);
  const onSubmitted = (r: Submitted) => {
    setConfirmSubmit(false);
    setSelected(new Set());
    setNotice({
      text: `Submitted ${r.submitted} decision${r.submitted === 1 ? '' : 's'}: ${r.approved} approved, ${r.revoked} revoked${r.revoked ? ' (the access is being removed in the apps now)' : ''}${r.advanced ? `, ${r.advanced} passed to the next step’s reviewer` : ''}.`,
    });
  };

  const decidedAll = campaign?.decided ?? 0;
  return (
    <Stack gap="sm">
      {!campaign && (
        <Alert color="gray" title={rows[0]?.campaignName ?? 'This campaign'}>
          Nothing waits for you in this campaign any more.
        </Alert>
      )}
      <Group align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Text size="sm" fw={500} mb={2} id="group-by-label">
            Group by
          </Text>
          <SegmentedControl
            aria-labelledby="group-by-label"
            value={sort}
            onChange={(v) => filter({ sort: v === 'person' ? undefined : (v as Sort) })}
            data={[
              { value: 'person', label: 'Person' },
              { value: 'app', label: 'App' },
              { value: 'entitlement', label: 'Entitlement' },
            ]}
          />
        </div>
        <SearchInput label="Search" placeholder="person, app or entitlement" value={search.q} onChange={(q) => filter({ q })} />
        <Select
          label="Suggestion"
          placeholder="Any"
          data={[
            { value: 'approve', label: 'Suggested to approve' },
            { value: 'revoke', label: 'Suggested to revoke' },
          ]}
          value={search.suggested ?? null}
          onChange={(v) => filter({ suggested: (v ?? undefined) as Search['suggested'] })}
          clearable
          w={200}
        />
        <div>
          <Text size="sm" fw={500} mb={2} id="show-label">
            Show
          </Text>
          <SegmentedControl
            aria-labelledby="show-label"
            value={search.show ?? 'all'}
            onChange={(v) => filter({ show: v === 'all' ? undefined : (v as Search['show']) })}
            data={[
              { value: 'all', label: 'All' },
              { value: 'undecided', label: 'Undecided' },
              { value: 'decided', label: 'Decided' },
            ]}
          />
        </div>
      </Group>
      <Group justify="space-between" align="center" wrap="wrap">
        <Group gap="xs" wrap="wrap" aria-label="Bulk actions">
          {picked.length > 0 ? (
            <>
              <Text size="sm" fw={500}>
                {pickedText}:
              </Text>
              <Button size="xs" color="green" onClick={() => approve(picked, pickedText, { done: () => setSelected(new Set()) })}>
                Approve {picked.length}
              </Button>
              <Button size="xs" color="red" onClick={() => revoke(picked, pickedText, { done: () => setSelected(new Set()) })}>
                Revoke {picked.length}…
              </Button>
              <Button size="xs" variant="default" onClick={() => clear(picked)}>
                Clear decisions
              </Button>
              <Button size="xs" variant="default" onClick={() => setReassigning(picked.map((p) => p.id))}>
                Reassign…
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                Unselect
              </Button>
            </>
          ) : (
            <>
              <Button
                size="xs"
                variant="light"
                color="teal"
                onClick={() =>
                  ask({
                    ask: { decision: 'approve', what: 'every suggested approval', required: commentOnApprove, explain: 'Approves every item you have not decided yet that Gatehouse suggests keeping (most of the person’s peers hold it). You can still change each one before you submit.' },
                    filter: { campaignId, recommendation: 'approve', undecided: true },
                  })
                }
              >
                Approve all suggested approvals
              </Button>
              <Button
                size="xs"
                variant="light"
                color="red"
                onClick={() =>
                  ask({
                    ask: { decision: 'revoke', what: 'every suggested revocation', required: true, explain: 'Revokes every item you have not decided yet that Gatehouse suggests removing (people who left, unused or unlinked accounts, access no peer holds). Say why; you can still change each one before you submit.' },
                    filter: { campaignId, recommendation: 'revoke', undecided: true },
                  })
                }
              >
                Revoke all suggested revocations…
              </Button>
            </>
          )}
        </Group>
        {campaign && (
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" data-testid="review-progress" ta="right">
              {decidedAll} of {campaign.pending} decided
              <Text span size="xs" c="dimmed" display="block">
                {campaign.approving} to approve, {campaign.revoking} to revoke
              </Text>
            </Text>
            <Button onClick={() => setConfirmSubmit(true)} disabled={!decidedAll}>
              Submit {decidedAll || ''} decision{decidedAll === 1 ? '' : 's'}
            </Button>
          </Group>
        )}
      </Group>
      {actions.decide.error && !asking && <ErrorState error={actions.decide.error} />}
      {items.isPending ? (
        <Loading />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          {search.q || search.suggested || search.show ? 'No item of yours matches these filters.' : 'Nothing waits for you here. Thank you!'}
        </Text>
      ) : (
        <Table aria-label="Review items" layout="fixed" highlightOnHover verticalSpacing={6} miw={900}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>
                <Checkbox aria-label="Select every item loaded" checked={allPicked} indeterminate={!allPicked && picked.length > 0} onChange={() => setSelected(allPicked ? new Set() : new Set(rows.map((r) => r.id)))} />
              </Table.Th>
              <Table.Th w="20%">Who</Table.Th>
              <Table.Th>Access</Table.Th>
              <Table.Th w={175}>Context</Table.Th>
              <Table.Th w={165}>Suggestion</Table.Th>
              <Table.Th w={200}>Decision</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((i, k) => {
              const g = groupOf(sort, i);
              const first = k === 0 || groupOf(sort, rows[k - 1]!) !== g;
              const label = itemLabel(i);
              return (
                <Fragment key={i.id}>
                  {first && (
                    <GroupRow
                      sort={sort}
                      item={i}
                      count={groupCounts.get(g) ?? 0}
                      onApproveAll={(f, what) =>
                        ask({ ask: { decision: 'approve', what, required: commentOnApprove, explain: 'Approves every item of this group you have not decided yet (loaded or not). You can still change each one before you submit.' }, filter: { campaignId, undecided: true, ...f } })
                      }
                    />
                  )}
                  <Table.Tr
                    tabIndex={0}
                    data-item-id={i.id}
                    data-decision={i.decision ?? 'none'}
                    aria-label={label}
                    aria-selected={selected.has(i.id)}
                    onFocus={() => setFocused(i.id)}
                    style={{ outline: 'none', background: focused === i.id ? 'var(--mantine-primary-color-light)' : selected.has(i.id) ? 'var(--mantine-color-yellow-light)' : undefined, boxShadow: focused === i.id ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined }}
                  >
                    <Table.Td>
                      <Checkbox aria-label={`Select ${label}`} checked={selected.has(i.id)} onChange={() => toggle(i.id)} />
                    </Table.Td>
                    <Table.Td>
                      <PersonCell item={i} />
                    </Table.Td>
                    <Table.Td>
                      <AccessCell item={i} />
                    </Table.Td>
                    <Table.Td>
                      <SignalsCell item={i} />
                    </Table.Td>
                    <Table.Td>
                      <SuggestionCell item={i} />
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" color="green" variant={i.decision === 'approve' ? 'filled' : 'light'} aria-pressed={i.decision === 'approve'} aria-label={`Approve ${label}`} onClick={() => approve([i], label)}>
                            Approve
                          </Button>
                          <Button
                            size="compact-xs"
                            color="red"
                            variant={i.decision === 'revoke' ? 'filled' : 'light'}
                            aria-pressed={i.decision === 'revoke'}
                            aria-label={`Revoke ${label}`}
                            onClick={() => revoke([i], label, { cancelled: () => focusRow(i.id), done: () => focusRow(i.id) })}
                          >
                            Revoke
                          </Button>
                        </Group>
                        {i.comment && (
                          <Text size="xs" c="dimmed" lineClamp={2} title={i.comment} fs="italic">
                            “{i.comment}”
                          </Text>
                        )}
                        <Group gap={8}>
                          {i.decision && (
                            <Button size="compact-xs" variant="transparent" color="gray" px={0} aria-label={`Clear the decision on ${label}`} onClick={() => clear([i])}>
                              Clear
                            </Button>
                          )}
                          <Button size="compact-xs" variant="transparent" px={0} onClick={() => setDetail(i.id)} aria-label={`Details of ${label}`}>
                            Details
                          </Button>
                          <Button size="compact-xs" variant="transparent" px={0} onClick={() => setReassigning([i.id])} aria-label={`Reassign ${label}`}>
                            Reassign
                          </Button>
                        </Group>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {rows.length > 0 && (
        <Group justify="space-between">
          <Text size="xs" c="dimmed" aria-live="polite">
            {rows.length} item{rows.length === 1 ? '' : 's'} shown
            {campaign && !search.q && !search.suggested && !search.show ? ` of ${campaign.pending}` : ''}
          </Text>
          {items.hasNextPage && (
            <Button size="xs" variant="default" onClick={() => void items.fetchNextPage()} loading={items.isFetchingNextPage}>
              Load more
            </Button>
          )}
        </Group>
      )}

      {asking && (
        <DecisionDialog
          ask={asking.ask}
          busy={actions.decide.isPending}
          error={actions.decide.error}
          onClose={() => {
            const a = asking;
            setAsking(undefined);
            a.cancelled?.();
          }}
          onSubmit={(comment) =>
            actions.decide.mutate(
              { ...(asking.ids ? { ids: asking.ids } : { filter: asking.filter }), decision: asking.ask.decision, ...(comment ? { comment } : {}) },
              {
                onSuccess: (r) => {
                  const a = asking;
                  setAsking(undefined);
                  if (a.filter) setNotice({ text: `${r.updated} item${r.updated === 1 ? '' : 's'} marked ${a.ask.decision === 'revoke' ? 'to revoke' : 'to approve'} (not submitted yet).`, color: r.updated ? 'blue' : 'gray' });
                  a.done?.();
                },
              },
            )
          }
        />
      )}
      {reassigning && (
        <ReassignDialog
          ids={reassigning}
          what={reassigning.length === 1 ? (rows.find((r) => r.id === reassigning[0]) ? itemLabel(rows.find((r) => r.id === reassigning[0])!) : '1 item') : `${reassigning.length} items`}
          actions={actions}
          onClose={() => setReassigning(undefined)}
          onDone={(n) => {
            setSelected(new Set());
            setNotice({ text: `${n} item${n === 1 ? '' : 's'} reassigned.`, color: 'blue' });
          }}
        />
      )}
      {detail && <ItemDrawer id={detail} onClose={() => setDetail(undefined)} />}
      {confirmSubmit && campaign && <SubmitDialog campaign={campaign} actions={actions} onClose={() => setConfirmSubmit(false)} onSubmitted={onSubmitted} />}
    </Stack>
  );
}

/** The head of a group: the person (with their title, department and manager), the app or the entitlement; approve all of it at once. */
function GroupRow({ sort, item: i, count, onApproveAll }: { sort: Sort; item: ReviewItem; count: number; onApproveAll: (f: Omit<Filter, 'campaignId'>, what: string) => void }) {
  let title: string;
  let detail: string | undefined;
  let f: Omit<Filter, 'campaignId'> | undefined;
  if (sort === 'app') {
    title = i.app.name;
    f = { appId: i.app.id };
  } else if (sort === 'entitlement') {
    title = `${i.entitlement.name}`;
    detail = i.app.name;
    f = { appId: i.app.id, entitlementId: i.entitlement.id };
  } else {
    title = holderName(i);
    detail = i.person ? [i.person.title, i.person.department, i.person.manager ? `reports to ${i.person.manager}` : undefined].filter(Boolean).join(' · ') : 'account with no person linked';
    f = i.person ? { personId: i.person.id } : undefined;
  }
  return (
    <Table.Tr data-group={title} style={{ background: 'var(--mantine-color-default-hover)' }}>
      <Table.Td colSpan={6} py={4}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} size="sm">
              {title}
            </Text>
            {detail && (
              <Text size="xs" c="dimmed" truncate>
                {detail}
              </Text>
            )}
            <Badge size="xs" variant="light" color="gray">
              {count}
            </Badge>
          </Group>
          {f && (
            <Button size="compact-xs" variant="subtle" color="teal" onClick={() => onApproveAll(f, `all undecided of ${title}`)} aria-label={`Approve all undecided of ${title}`}>
              Approve all
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function SubmitDialog({ campaign: c, actions, onClose, onSubmitted }: { campaign: MyCampaign; actions: ReturnType<typeof useReviewActions>; onClose: () => void; onSubmitted: (r: Submitted) => void }) {
  const undecided = c.pending - c.decided;
  const { reset } = actions.submit;
  useEffect(() => reset(), [reset]);
  return (
    <Modal opened onClose={onClose} title="Submit your decisions">
      <Stack>
        <Text size="sm">
          You are about to submit {c.decided} decision{c.decided === 1 ? '' : 's'} in “{c.name}”:
        </Text>
        <Table aria-label="What the submit does">
          <Table.Tbody>
            <Table.Tr>
              <Table.Td w={60} fw={700} c="green.8" data-testid="submit-approving">
                {c.approving}
              </Table.Td>
              <Table.Td>approval{c.approving === 1 ? '' : 's'}: the access stays (or goes to the next step of the review)</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Td fw={700} c="red.8" data-testid="submit-revoking">
                {c.revoking}
              </Table.Td>
              <Table.Td>revocation{c.revoking === 1 ? '' : 's'}: Gatehouse removes the access in the app right away</Table.Td>
            </Table.Tr>
            {undecided > 0 && (
              <Table.Tr>
                <Table.Td fw={700}>{undecided}</Table.Td>
                <Table.Td>undecided: they stay in your list</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          Submitted decisions are final and go into the campaign’s evidence.
        </Text>
        {actions.submit.error && <ErrorState error={actions.submit.error} />}
        <DialogActions label={`Submit ${c.decided} decision${c.decided === 1 ? '' : 's'}`} onCancel={onClose} busy={actions.submit.isPending} onConfirm={() => actions.submit.mutate(c.campaignId, { onSuccess: onSubmitted })} />
      </Stack>
    </Modal>
  );
}

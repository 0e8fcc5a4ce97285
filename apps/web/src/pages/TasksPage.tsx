/**
 * Every change asked of an app, newest first: state tabs with their counts, app and kind filters
 * (all in the URL), live while a task in view is pending or running. Rows act where they can:
 * retry a failed task, cancel a pending or manual one, mark a manual one done or not possible;
 * failed tasks can be selected and retried together. Rows take keyboard shortcuts (see KEYS).
 */
import { Badge, Button, Checkbox, Group, Kbd, Select, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type KeyboardEvent } from 'react';
import { get, query, type Me, type Page, type Task, type TaskCounts } from '../api';
import { can, useMe } from '../auth';
import { AppSelect } from '../components/Filters';
import { InfiniteTable } from '../components/InfiniteTable';
import { AnchorLink } from '../components/links';
import { ErrorState } from '../components/QueryState';
import { ago, when } from '../components/time';
import { isLive, KIND_LABEL, mayCancel, mayComplete, mayRetry, STATE_LABEL, TASK_KINDS, TASK_STATES } from '../components/tasks/model';
import { TaskActionButtons } from '../components/tasks/TaskActionButtons';
import { TaskStateBadge, VerificationBadge } from '../components/tasks/TaskBadges';
import { useTaskActions } from '../components/tasks/useTaskActions';

const route = getRouteApi('/tasks');
type Search = ReturnType<typeof route.useSearch>;

const KEYS: [string, string][] = [
  ['↑ ↓', 'move'],
  ['Enter', 'open'],
  ['r', 'retry'],
  ['d', 'mark done'],
  ['n', 'not possible'],
  ['c', 'cancel'],
  ['x', 'select'],
];

export function TasksPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/tasks' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const me = useMe().data;
  const actions = useTaskActions();
  // Failed tasks picked for a bulk retry; a new filter starts a new choice.
  const [selected, setSelected] = useState<Map<string, Task>>(new Map());
  const filter = (patch: Partial<Search>) => {
    setSelected(new Map());
    set(patch);
  };
  const counts = useQuery({
    queryKey: ['tasks', 'counts', search.app],
    queryFn: () => get<TaskCounts>(`/tasks/counts${query({ appId: search.app })}`),
    refetchInterval: (q) => ((q.state.data?.pending ?? 0) + (q.state.data?.running ?? 0) > 0 ? 2000 : 30_000),
  });
  const params = { state: search.state, appId: search.app, kind: search.kind, limit: 100 };
  const total = Object.values(counts.data ?? {}).reduce((a, b) => a + (b ?? 0), 0);

  const toggle = (t: Task) =>
    setSelected((m) => {
      const next = new Map(m);
      if (next.has(t.id)) next.delete(t.id);
      else next.set(t.id, t);
      return next;
    });
  const columns = taskColumns(me, actions, selected, toggle, setSelected);

  const onRowKey = (t: Task, e: KeyboardEvent<HTMLTableRowElement>) => {
    // Keys typed in a row's buttons or checkbox are theirs.
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    const row = e.currentTarget;
    // Rows near the focused one are rendered (the table virtualises, with overscan).
    const move = (by: number) => row.parentElement?.querySelector<HTMLElement>(`tr[data-index="${Number(row.dataset.index) + by}"]`)?.focus();
    const allowed = can(me, 'provision', t.appId);
    const keys: Record<string, (() => void) | false> = {
      ArrowDown: () => move(1),
      j: () => move(1),
      ArrowUp: () => move(-1),
      k: () => move(-1),
      Enter: () => void navigate({ to: '/tasks/$taskId', params: { taskId: t.id } }),
      r: allowed && mayRetry(t) && (() => actions.retry.mutate(t)),
      d: allowed && mayComplete(t) && (() => actions.ask(t, 'done')),
      n: allowed && mayComplete(t) && (() => actions.ask(t, 'not_possible')),
      c: allowed && mayCancel(t) && (() => actions.ask(t, 'cancel')),
      x: allowed && mayRetry(t) && (() => toggle(t)),
    };
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  };

  const picked = [...selected.values()];
  const bulk = actions.retryMany.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Tasks</Title>
          <Text c="dimmed" size="sm">
            Every change Gatehouse makes in an app, who asked for it and why. Manual tasks wait for the app's owners.
          </Text>
        </div>
        <Group gap={6} aria-label="Keyboard shortcuts on a focused row" visibleFrom="md">
          {KEYS.map(([key, what]) => (
            <Text key={key} size="xs" c="dimmed">
              <Kbd size="xs">{key}</Kbd> {what}
            </Text>
          ))}
        </Group>
      </Group>
      <Tabs value={search.state ?? 'all'} onChange={(v) => filter({ state: v === 'all' || !v ? undefined : (v as Search['state']) })}>
        <Tabs.List>
          <Tabs.Tab value="all" rightSection={<Count n={counts.data ? total : undefined} />}>
            All
          </Tabs.Tab>
          {TASK_STATES.map((s) => (
            <Tabs.Tab key={s} value={s} rightSection={<Count n={counts.data?.[s]} alert={(s === 'manual' || s === 'failed') && (counts.data?.[s] ?? 0) > 0} />}>
              {STATE_LABEL[s]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {counts.isError && <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />}
      <Group align="flex-end" wrap="wrap">
        <AppSelect value={search.app} onChange={(app) => filter({ app })} />
        <Select
          label="Kind"
          placeholder="All kinds"
          data={TASK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          value={search.kind ?? null}
          onChange={(v) => filter({ kind: (v ?? undefined) as Search['kind'] })}
          clearable
          miw={200}
        />
        {picked.length > 0 && (
          <Group gap="xs">
            <Button onClick={() => actions.retryMany.mutate(picked, { onSuccess: () => setSelected(new Map()) })} loading={actions.retryMany.isPending}>
              Retry {picked.length} selected
            </Button>
            <Button variant="subtle" onClick={() => setSelected(new Map())}>
              Clear selection
            </Button>
          </Group>
        )}
      </Group>
      {bulk && (
        <Text size="sm" role="status" c={bulk.refused.length ? 'red' : undefined}>
          {bulk.retried} retried{bulk.refused.length ? `; refused: ${bulk.refused.join('; ')}` : ''}
        </Text>
      )}
      {actions.error}
      <InfiniteTable
        label="Tasks"
        queryKey={['tasks', 'list', params]}
        fetchPage={(cursor) => get<Page<Task>>(`/tasks${query({ ...params, cursor })}`)}
        columns={columns}
        rowKey={(t) => t.id}
        // Live while something in view can still change on its own.
        refetchInterval={(rows) => (rows.some((t) => isLive(t.state)) ? 2000 : 30_000)}
        rowProps={(t) => ({ tabIndex: 0, onKeyDown: (e) => onRowKey(t, e), 'data-task-id': t.id, 'data-state': t.state, 'aria-label': `${STATE_LABEL[t.state]}: ${t.summary}` })}
        empty={search.state || search.app || search.kind ? 'No task matches these filters.' : 'No task yet. Grant or revoke access from the access explorer or a person’s page.'}
      />
      {actions.dialogs}
    </Stack>
  );
}

function Count({ n, alert }: { n: number | undefined; alert?: boolean }) {
  if (n === undefined) return null;
  return (
    <Badge size="sm" variant={alert ? 'filled' : 'light'} color={alert ? 'red' : 'gray'} circle={n < 10}>
      {n}
    </Badge>
  );
}

/** The columns close over the selection and the actions: made again at each render, as they change. */
function taskColumns(me: Me | undefined, actions: ReturnType<typeof useTaskActions>, selected: Map<string, Task>, toggle: (t: Task) => void, setSelected: (m: Map<string, Task>) => void): ColumnDef<Task, unknown>[] {
  return [
    {
      id: 'select',
      size: 36,
      header: ({ table }) => {
        const failed = table.getRowModel().rows.map((r) => r.original).filter((t) => mayRetry(t) && can(me, 'provision', t.appId));
        if (!failed.length) return null;
        const all = failed.every((t) => selected.has(t.id));
        return (
          <Checkbox
            aria-label="Select every failed task loaded"
            checked={all}
            indeterminate={!all && failed.some((t) => selected.has(t.id))}
            onChange={() => setSelected(all ? new Map() : new Map(failed.map((t) => [t.id, t])))}
          />
        );
      },
      cell: ({ row: { original: t } }) =>
        mayRetry(t) && can(me, 'provision', t.appId) ? <Checkbox aria-label={`Select ${t.summary}`} checked={selected.has(t.id)} onChange={() => toggle(t)} /> : null,
    },
    {
      header: 'State',
      id: 'state',
      size: 165,
      cell: ({ row: { original: t } }) => (
        <Group gap={4} wrap="nowrap">
          <TaskStateBadge state={t.state} size="sm" />
          <VerificationBadge verification={t.verification} />
        </Group>
      ),
    },
    { header: 'App', accessorKey: 'appName', size: 100 },
    {
      header: 'What',
      id: 'summary',
      cell: ({ row: { original: t } }) => (
        <AnchorLink to="/tasks/$taskId" params={{ taskId: t.id }} size="sm" title={t.summary}>
          {t.summary}
        </AnchorLink>
      ),
    },
    {
      header: 'Asked by, why',
      id: 'asked',
      size: 170,
      cell: ({ row: { original: t } }) => (
        <Text size="sm" span title={`${t.requestedBy?.email ?? 'Gatehouse'}: ${t.reason}`}>
          {t.requestedBy?.name ?? `Gatehouse (${t.origin})`}
          <Text span c="dimmed" size="sm">
            {' '}
            · {t.reason}
          </Text>
        </Text>
      ),
    },
    {
      header: 'Age',
      id: 'age',
      size: 90,
      cell: ({ row: { original: t } }) => (
        <Tooltip label={when(t.createdAt)} openDelay={300}>
          <Text size="sm" span>
            {ago(t.createdAt, 'narrow')}
          </Text>
        </Tooltip>
      ),
    },
    {
      header: '',
      id: 'actions',
      // Room for the three buttons of a manual task (done, not possible, cancel) side by side.
      size: 275,
      cell: ({ row: { original: t } }) => (can(me, 'provision', t.appId) ? <TaskActionButtons task={t} actions={actions} /> : null),
    },
  ];
}

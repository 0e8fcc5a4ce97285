/**
 * One task: what was asked, by whom and why; where it stands (live while it runs) and what the
 * app answered; whether the next sync found the change (drift is called out); its state history
 * (from its log), its whole log and the catalog events it caused. The actions its state allows are at the top.
 */
import { Alert, Badge, Card, Code, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { TaskDetail } from '../api';
import { can, useMe } from '../auth';
import { AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { ago, duration, when } from '../components/time';
import { KIND_LABEL, manualBecause, taskQuery } from '../components/tasks/model';
import { TaskActionButtons } from '../components/tasks/TaskActionButtons';
import { TaskStateBadge, VerificationBadge } from '../components/tasks/TaskBadges';
import { resultText } from '../components/tasks/TaskProgress';
import { useTaskActions } from '../components/tasks/useTaskActions';

const route = getRouteApi('/tasks/$taskId');

export function TaskPage() {
  const { taskId } = route.useParams();
  const task = useQuery(taskQuery(taskId, 2000));
  return <QueryState query={task}>{(t) => <TaskView task={t} />}</QueryState>;
}

function TaskView({ task: t }: { task: TaskDetail }) {
  const me = useMe().data;
  const actions = useTaskActions();
  return (
    <Stack>
      <AnchorLink to="/tasks" size="sm">
        ← All tasks
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t.summary}</Title>
          <Group gap="xs" mt={4}>
            <TaskStateBadge state={t.state} />
            <VerificationBadge verification={t.verification} />
            <Badge variant="outline" color="gray" tt="none">
              {KIND_LABEL[t.kind as keyof typeof KIND_LABEL] ?? t.kind}
            </Badge>
            <Text size="sm" c="dimmed">
              in{' '}
              <AnchorLink to="/apps/$appId" params={{ appId: t.appId }} size="sm">
                {t.appName}
              </AnchorLink>{' '}
              · asked {ago(t.createdAt)}
            </Text>
          </Group>
        </div>
        {can(me, 'provision', t.appId) && <TaskActionButtons task={t} actions={actions} size="sm" />}
      </Group>
      {actions.error}
      <Outcome task={t} />
      <Verification task={t} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Request task={t} />
        <History task={t} />
      </SimpleGrid>
      <Log task={t} />
      <Events task={t} />
      {actions.dialogs}
    </Stack>
  );
}

/** Where the task stands, in words: what the app answered, why it waits for a person. */
function Outcome({ task: t }: { task: TaskDetail }) {
  switch (t.state) {
    case 'pending':
    case 'running':
      return (
        <Alert color="blue" title={t.state === 'pending' ? 'Waiting to run' : 'Running'}>
          {t.state === 'pending' && t.error ? `The last attempt failed (${t.error}); it is tried again with backoff.` : 'This page follows it live.'}
        </Alert>
      );
    case 'succeeded':
      return (
        <Alert color="green" title="Succeeded">
          {resultText(t)}
          {t.completedBy && ` Marked done by ${t.completedBy.name}.`}
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" title={t.completion === 'not_possible' ? `Not possible (said ${t.completedBy?.name ?? 'an app owner'})` : `${t.appName} refused the change`} role="alert">
          {t.error ?? 'no message'}
        </Alert>
      );
    case 'manual': {
      const because = manualBecause(t);
      return (
        <Alert color="orange" title="Manual: waiting for the app's owners">
          Gatehouse cannot make this change itself{because ? ` (${because})` : ''}. The owners of {t.appName} were asked to make it in the app and mark it done, or not possible, with a comment.
        </Alert>
      );
    }
    case 'cancelled':
      return (
        <Alert color="gray" title="Cancelled">
          Nothing was changed{t.comment ? `: ${t.comment}` : '.'}
        </Alert>
      );
  }
}

/** Drift is what a person must look at: it gets the alert, the rest a line. */
function Verification({ task: t }: { task: TaskDetail }) {
  if (!t.verification) return null;
  if (t.verification === 'drift') {
    const line = [...t.log].reverse().find((l) => l.message.startsWith('drift: '));
    return (
      <Alert color="red" variant="filled" title="Drift: the change is not in place" role="alert" data-testid="task-drift">
        {line ? line.message.slice('drift: '.length) : 'The sync after the change did not find it.'} Ask for the change again if it is still needed.
      </Alert>
    );
  }
  const said: Record<string, string> = {
    pending: 'The next sync of the app confirms the change.',
    read_confirmed: 'A read of the app right after the change showed it; the next sync confirms it.',
    confirmed: 'Confirmed: the sync after the change found it in place.',
    not_checked: 'A sync cannot tell whether this change is in place.',
  };
  return (
    <Text size="sm" c={t.verification === 'confirmed' ? 'green.8' : 'dimmed'} data-testid="task-verification">
      {said[t.verification] ?? t.verification}
    </Text>
  );
}

function Request({ task: t }: { task: TaskDetail }) {
  const rows: [string, ReactNode][] = [
    ['Asked by', t.requestedBy ? `${t.requestedBy.name} <${t.requestedBy.email}>` : `Gatehouse (${t.origin})`],
    ['Reason', t.reason],
    ['Origin', t.originId ? `${t.origin} ${t.originId}` : t.origin],
    ['Attempts', t.attempts],
    ['Duration', t.startedAt ? duration(t.startedAt, t.endedAt) : '–'],
  ];
  if (t.completedBy) rows.push(['Completed by', `${t.completedBy.name}: ${t.completion === 'done' ? 'done' : 'not possible'}${t.comment ? `, “${t.comment}”` : ''}`]);
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        Request
      </Title>
      <Table aria-label="Request" variant="vertical" withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th w={130}>{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Code block mt="xs" aria-label="Input">
        {JSON.stringify(t.input, null, 2)}
      </Code>
    </Card>
  );
}

/**
 * The task's audit trail: every change of state with who made it (the log below has the detail
 * of each attempt).
 */
function History({ task: t }: { task: TaskDetail }) {
  const steps = t.history.map((h) => ({
    at: h.at,
    state: h.action === 'task.create' ? `asked (${h.to ?? 'pending'})` : h.action === 'task.drift' ? 'drift' : (h.to ?? h.action.replace(/^task\./, '')),
    detail: h.actor.type === 'system' ? 'by Gatehouse' : h.actor.id === t.requestedBy?.id ? `by ${t.requestedBy.email}` : h.actor.id === t.completedBy?.id ? `by ${t.completedBy.email}` : `by ${h.actor.type === 'token' ? 'an API token' : 'a platform user'}`,
  }));
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        State history
      </Title>
      <Timeline active={steps.length - 1} bulletSize={14} lineWidth={2} aria-label="State history">
        {steps.map((s, i) => (
          <Timeline.Item key={`${s.at}|${i}`} title={s.state} color={s.state === 'drift' || s.state.startsWith('failed') ? 'red' : undefined}>
            <Text size="xs" c="dimmed">
              {when(s.at)}
            </Text>
            <Text size="sm" lineClamp={2} title={s.detail}>
              {s.detail}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}

const LEVEL_COLOR: Record<string, string | undefined> = { warn: 'orange.8', error: 'red.8' };

function Log({ task: t }: { task: TaskDetail }) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        Log
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Log" striped fz="sm" ff="monospace">
          <Table.Tbody>
            {t.log.map((l, i) => (
              <Table.Tr key={i} data-level={l.level}>
                <Table.Td w={200} c="dimmed">
                  {when(l.at)}
                </Table.Td>
                <Table.Td w={60} c={LEVEL_COLOR[l.level]}>
                  {l.level}
                </Table.Td>
                <Table.Td c={LEVEL_COLOR[l.level]} style={{ whiteSpace: 'pre-wrap' }}>
                  {l.message}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function Events({ task: t }: { task: TaskDetail }) {
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="xs">
        Catalog events
      </Title>
      {t.events.length === 0 ? (
        <Text size="sm" c="dimmed">
          None: the task has not changed the catalog.
        </Text>
      ) : (
        <Table aria-label="Catalog events" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>Grant</Table.Th>
              <Table.Th>Sync</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.events.map((e) => (
              <Table.Tr key={e.seq} bg={e.kind === 'drift' ? 'var(--mantine-color-red-light)' : undefined}>
                <Table.Td>{when(e.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge variant={e.kind === 'drift' ? 'filled' : 'light'} color={e.kind === 'drift' ? 'red' : 'gray'} tt="none">
                    {e.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Code>{e.grantId}</Code>
                </Table.Td>
                <Table.Td>{e.syncRunId ?? '–'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

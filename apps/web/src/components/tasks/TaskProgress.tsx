/**
 * A task just asked for, followed live until it ends: waiting, running through the connector,
 * succeeded (with what the app said), failed (with the vendor's message) or manual (the app's
 * owners were asked). Tells its parent once when the task stops changing on its own.
 */
import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Task, TaskDetail } from '../../api';
import { AnchorLink } from '../links';
import { ErrorState } from '../QueryState';
import { isLive, manualBecause, taskQuery } from './model';
import { TaskStateBadge, VerificationBadge } from './TaskBadges';

export function TaskProgress({ task: asked, onSettled }: { task: Task; onSettled?: (t: Task) => void }) {
  const detail = useQuery(taskQuery(asked.id, 1000));
  const t: Task & Partial<Pick<TaskDetail, 'log'>> = detail.data ?? asked;
  const told = useRef(false);
  useEffect(() => {
    if (!isLive(t.state) && !told.current) {
      told.current = true;
      onSettled?.(t);
    }
  }, [t, onSettled]);

  return (
    <Stack gap="xs" data-testid="task-progress" data-task-state={t.state} aria-live="polite">
      <Group gap="xs" wrap="nowrap">
        <TaskStateBadge state={t.state} />
        <Text fw={500}>{t.summary}</Text>
        <VerificationBadge verification={t.verification} />
      </Group>
      <Outcome task={t} />
      {detail.isError && <ErrorState error={detail.error} />}
      <AnchorLink to="/tasks/$taskId" params={{ taskId: t.id }} size="sm">
        Open the task
      </AnchorLink>
    </Stack>
  );
}

function Outcome({ task: t }: { task: Task & Partial<Pick<TaskDetail, 'log'>> }) {
  const last = t.log?.[t.log.length - 1]?.message;
  switch (t.state) {
    case 'pending':
    case 'running':
      return (
        <>
          <Progress value={100} animated aria-label="Task progress" />
          <Text size="sm" c="dimmed">
            {t.state === 'pending' ? 'Waiting for its turn…' : 'Carrying it out in the app…'}
            {last ? ` ${last}` : ''}
          </Text>
        </>
      );
    case 'succeeded':
      return (
        <Alert color="green" title="Succeeded">
          {resultText(t)}
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" title={`${t.appName} refused the change`} role="alert">
          {t.error ?? 'no message'}
        </Alert>
      );
    case 'manual': {
      const because = t.log ? manualBecause({ log: t.log }) : undefined;
      return (
        <Alert color="orange" title="Manual: the app owners were asked">
          Gatehouse cannot make this change itself{because ? ` (${because})` : ''}. The owners of {t.appName} were asked to make it and mark the task done.
        </Alert>
      );
    }
    case 'cancelled':
      return (
        <Alert color="gray" title="Cancelled">
          {t.comment ?? 'Nothing was changed.'}
        </Alert>
      );
  }
}

/** What the app answered, in words: "deactivated", "nothing to change, the app already had it". */
export function resultText(t: Pick<Task, 'result' | 'completion' | 'comment'>): string {
  if (t.completion === 'done') return `Done by hand${t.comment ? `: ${t.comment}` : ''}.`;
  const r = t.result ?? {};
  const detail = typeof r.detail === 'string' && r.detail ? r.detail : undefined;
  if (r.changed === false) return `Nothing to change: the app already had it${detail ? ` (${detail})` : ''}.`;
  // 'unknown': the app's answer does not say whether it already was so (Okta's memberships).
  if (r.changed === 'unknown') return detail ? `Done in the app: ${detail}.` : 'Done in the app.';
  return detail ? `The app made the change: ${detail}.` : 'The app made the change.';
}

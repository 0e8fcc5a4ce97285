/** The buttons of what may be done to a task now, for someone allowed to provision its app. */
import { Button, Group, type MantineSize } from '@mantine/core';
import type { Task } from '../../api';
import { mayCancel, mayComplete, mayRetry } from './model';
import type { useTaskActions } from './useTaskActions';

export function TaskActionButtons({ task, actions, size = 'compact-xs' }: { task: Task; actions: ReturnType<typeof useTaskActions>; size?: MantineSize | `compact-${MantineSize}` }) {
  return (
    <Group gap={6} wrap="nowrap">
      {mayRetry(task) && (
        <Button size={size} variant="light" onClick={() => actions.retry.mutate(task)} loading={actions.retry.isPending && actions.retry.variables?.id === task.id}>
          Retry
        </Button>
      )}
      {mayComplete(task) && (
        <>
          <Button size={size} variant="light" color="green" onClick={() => actions.ask(task, 'done')}>
            Mark done
          </Button>
          <Button size={size} variant="light" color="orange" onClick={() => actions.ask(task, 'not_possible')}>
            Not possible
          </Button>
        </>
      )}
      {mayCancel(task) && (
        <Button size={size} variant="subtle" color="gray" onClick={() => actions.ask(task, 'cancel')}>
          Cancel
        </Button>
      )}
    </Group>
  );
}

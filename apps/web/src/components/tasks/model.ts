/** What the UI knows about tasks' states and kinds, and the queries every task view shares. */
import type { QueryClient } from '@tanstack/react-query';
import { get, type Task, type TaskDetail, type TaskKind, type TaskState } from '../../api';

/** In the order a busy person looks at them: what needs them first. */
export const TASK_STATES: TaskState[] = ['manual', 'failed', 'pending', 'running', 'succeeded', 'cancelled'];

export const STATE_LABEL: Record<TaskState, string> = { pending: 'Pending', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', manual: 'Manual', cancelled: 'Cancelled' };

export const TASK_KINDS: TaskKind[] = ['grant', 'revoke', 'create_account', 'update_account', 'deprovision_account'];

export const KIND_LABEL: Record<TaskKind, string> = {
  grant: 'Grant',
  revoke: 'Revoke',
  create_account: 'Create account',
  update_account: 'Update account',
  deprovision_account: 'Deprovision account',
};

/** Still changing on its own: worth watching. */
export const isLive = (state: string) => state === 'pending' || state === 'running';

/** Ended: succeeded, failed or cancelled (a manual task waits for a person, it has not ended). */
export const hasEnded = (state: string) => state === 'succeeded' || state === 'failed' || state === 'cancelled';

export const mayRetry = (t: Pick<Task, 'state'>) => t.state === 'failed';
export const mayCancel = (t: Pick<Task, 'state'>) => t.state === 'pending' || t.state === 'manual';
export const mayComplete = (t: Pick<Task, 'state'>) => t.state === 'manual';

/** One task with its log and events; polled while it runs. */
export function taskQuery(id: string, liveEvery: number) {
  return {
    queryKey: ['task', id],
    queryFn: () => get<TaskDetail>(`/tasks/${id}`),
    refetchInterval: (q: { state: { data?: TaskDetail } }) => (!q.state.data || isLive(q.state.data.state) ? liveEvery : false),
  };
}

/** Why a task is manual, in the words of its log ("provisioning is off for the Okta connector"). */
export function manualBecause(t: Pick<TaskDetail, 'log'>): string | undefined {
  const line = [...t.log].reverse().find((l) => l.message.startsWith('manual: '));
  return line?.message.slice('manual: '.length).replace(/; the app's owners are asked.*$/, '');
}

/**
 * A task that changed something also changed the catalog (the server shows the change at once,
 * the next sync confirms it): the views of access, accounts and tasks are refreshed.
 */
export function refreshAfterTask(queryClient: QueryClient, t: Pick<Task, 'id' | 'appId'>): Promise<unknown> {
  return Promise.all(
    [['tasks'], ['task', t.id], ['grants'], ['person-access'], ['person'], ['accounts', t.appId], ['account-tasks', t.appId], ['app', t.appId], ['apps'], ['inbox']].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/**
 * The dialog behind every change asked from the UI (grant, revoke, create, deprovision): the
 * change's own fields, a required reason, then — once the server has made the task — its progress
 * live in the same dialog, with a link to the task. A refusal shows the server's words; a change
 * already asked for links to the open task.
 */
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Task, type TaskCreated, type TaskRequest } from '../../api';
import { DialogActions } from '../DialogActions';
import { AnchorLink } from '../links';
import { ErrorState } from '../QueryState';
import { refreshAfterTask } from './model';
import { TaskProgress } from './TaskProgress';

/** A request without its reason (the dialog asks for it); distributed over the kinds. */
export type ChangeRequest = TaskRequest extends infer R ? (R extends unknown ? Omit<R, 'reason'> : never) : never;

interface Props {
  title: string;
  /** The confirm button's label ("Grant", "Revoke", …). */
  label: string;
  /** The change as filled in so far; null while the form is incomplete. */
  change: ChangeRequest | null;
  onClose: () => void;
  children?: ReactNode;
}

export function AskTaskDialog({ title, label, change, onClose, children }: Props) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [task, setTask] = useState<Task>();
  const ask = useMutation({
    mutationFn: (body: TaskRequest) => api<TaskCreated>('POST', '/tasks', body),
    onSuccess: (created) => {
      setTask(created);
      return refreshAfterTask(queryClient, created);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (change && reason.trim()) ask.mutate({ ...change, reason: reason.trim() } as TaskRequest);
  };
  const reasonError = ask.error instanceof ApiError ? ask.error.errors.find((f) => f.field === 'body.reason')?.message : undefined;
  const openTask = ask.error instanceof ApiError && typeof ask.error.extra.taskId === 'string' ? ask.error.extra.taskId : undefined;

  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      {task ? (
        <Stack>
          <TaskProgress task={task} onSettled={(t) => void refreshAfterTask(queryClient, t)} />
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {children}
            <Textarea
              label="Reason"
              description="Why this change: kept with the task and in the audit log"
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={reasonError}
            />
            {ask.error && <ErrorState error={ask.error} />}
            {openTask && (
              <Text size="sm">
                <AnchorLink to="/tasks/$taskId" params={{ taskId: openTask }}>
                  Open the task already asked for
                </AnchorLink>
              </Text>
            )}
            <DialogActions label={label} onCancel={onClose} busy={ask.isPending} disabled={!change || !reason.trim()} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

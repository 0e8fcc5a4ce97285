/**
 * What a person does to a task after it was asked: retry it (failed), cancel it (pending or
 * manual), or — for a manual task — say it was done by hand or is not possible, with a required
 * comment. One hook serves the Tasks table (buttons and keyboard shortcuts) and the task's page;
 * it renders the confirmation dialogs and the last refusal.
 */
import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Task } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { refreshAfterTask } from './model';

export type Ask = 'done' | 'not_possible' | 'cancel';

export function useTaskActions() {
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<{ task: Task; what: Ask }>();
  const refresh = (t: Task) => refreshAfterTask(queryClient, t);
  const retry = useMutation({ mutationFn: (t: Task) => api<Task>('POST', `/tasks/${t.id}/retry`), onSuccess: refresh });
  const retryMany = useMutation({
    // Each one on its own: one refused (it would be manual again, it changed state) does not stop the others.
    mutationFn: async (tasks: Task[]) => {
      const results = await Promise.allSettled(tasks.map((t) => api<Task>('POST', `/tasks/${t.id}/retry`)));
      await Promise.all(tasks.map(refresh));
      const refused = results.flatMap((r, i) => (r.status === 'rejected' ? [`${tasks[i]!.summary}: ${(r.reason as Error).message}`] : []));
      return { retried: results.length - refused.length, refused };
    },
  });

  const dialogs = asking ? <ActionDialog key={`${asking.task.id}|${asking.what}`} task={asking.task} what={asking.what} onClose={() => setAsking(undefined)} /> : null;
  const error = retry.error ? <ErrorState error={retry.error} /> : null;
  return { retry, retryMany, ask: (task: Task, what: Ask) => setAsking({ task, what }), dialogs, error };
}

const TEXT: Record<Ask, { title: string; label: string; comment: string; required: boolean; explain: string }> = {
  done: { title: 'Mark done', label: 'Mark done', comment: 'What was done', required: true, explain: 'You made this change in the app by hand. The next sync confirms it.' },
  not_possible: { title: 'Not possible', label: 'Not possible', comment: 'Why it cannot be done', required: true, explain: 'The change cannot be made. The task fails with your comment, and whoever asked is told.' },
  cancel: { title: 'Cancel the task', label: 'Cancel the task', comment: 'Comment', required: false, explain: 'Nothing is changed in the app.' },
};

function ActionDialog({ task, what, onClose }: { task: Task; what: Ask; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const text = TEXT[what];
  const act = useMutation({
    mutationFn: () =>
      what === 'cancel'
        ? api<Task>('POST', `/tasks/${task.id}/cancel`, comment.trim() ? { comment: comment.trim() } : {})
        : api<Task>('POST', `/tasks/${task.id}/complete`, { outcome: what, comment: comment.trim() }),
    onSuccess: async (t) => {
      await refreshAfterTask(queryClient, t);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.required || comment.trim()) act.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={`${text.title}: ${task.summary}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{text.explain}</Text>
          <Textarea label={text.comment} required={text.required} autosize minRows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} data-autofocus />
          {act.error && <ErrorState error={act.error} />}
          <DialogActions label={text.label} onCancel={onClose} busy={act.isPending} disabled={text.required && !comment.trim()} />
        </Stack>
      </form>
    </Modal>
  );
}

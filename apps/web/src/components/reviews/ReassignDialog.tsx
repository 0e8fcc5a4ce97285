/** Hands review items to another reviewer, with a reason (kept in the item's history and the audit log; the new reviewer is told). */
import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { get, query, type ReviewerUser } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { SearchSelect } from '../SearchSelect';
import type { useReviewActions } from './useReviewActions';

export const searchReviewers = async (q: string) => (await get<{ items: ReviewerUser[] }>(`/reviews/reviewers${query({ q, limit: 20 })}`)).items;
export const reviewerOption = (u: ReviewerUser) => ({ value: u.id, label: `${u.name} <${u.email}>` });

export function ReassignDialog({ ids, what, actions, onClose, onDone }: { ids: string[]; what: string; actions: ReturnType<typeof useReviewActions>; onClose: () => void; onDone: (n: number) => void }) {
  const [to, setTo] = useState<ReviewerUser | null>(null);
  const [reason, setReason] = useState('');
  // A refusal shown last time is not about this choice.
  const { reset } = actions.reassign;
  useEffect(() => reset(), [reset]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to || !reason.trim()) return;
    actions.reassign.mutate(
      { ids, toUserId: to.id, reason: reason.trim() },
      {
        onSuccess: (r) => {
          onDone(r.reassigned);
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Reassign ${what}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">The items go to the person you choose, who is told (their decisions so far are cleared). Nobody may review their own access.</Text>
          <SearchSelect label="Reassign to" placeholder="Name or email" queryKey={['reviews', 'reviewers']} search={searchReviewers} option={reviewerOption} value={to} onChange={setTo} required autoFocus />
          <Textarea label="Reason" description="Why they should review it: kept with the items" required autosize minRows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          {actions.reassign.error && <ErrorState error={actions.reassign.error} />}
          <DialogActions label="Reassign" onCancel={onClose} busy={actions.reassign.isPending} disabled={!to || !reason.trim()} />
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Asks for the comment a decision needs: always to revoke (it goes with the revocation task and
 * into the evidence), to approve where the campaign asks for one. Enter confirms (Shift+Enter is a
 * new line), so a reviewer on the keyboard types why and goes on.
 */
import { Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ReviewDecision } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';

export interface DecisionAsk {
  decision: ReviewDecision;
  /** What is decided, in words: one item's label, "3 selected items", "every suggested revocation". */
  what: string;
  /** Whether a comment is needed. */
  required: boolean;
  comment?: string;
  explain?: string;
}

export function DecisionDialog({ ask, onSubmit, onClose, busy, error }: { ask: DecisionAsk; onSubmit: (comment: string) => void; onClose: () => void; busy: boolean; error: unknown }) {
  const [comment, setComment] = useState(ask.comment ?? '');
  const revoke = ask.decision === 'revoke';
  const ok = !ask.required || comment.trim().length > 0;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (ok && !busy) onSubmit(comment.trim());
  };
  const title = `${revoke ? 'Revoke' : 'Approve'}: ${ask.what}`;
  return (
    <Modal opened onClose={onClose} title={title} returnFocus={false}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {ask.explain ??
              (revoke
                ? 'The access is taken away in the app when you submit your decisions. Say why: the comment goes with the revocation and into the campaign’s evidence.'
                : 'The access stays. Your comment goes into the campaign’s evidence.')}
          </Text>
          <Textarea
            label={revoke ? 'Why revoke' : 'Comment'}
            description="Enter saves, Shift+Enter starts a new line"
            required={ask.required}
            autosize
            minRows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
            data-autofocus
          />
          {Boolean(error) && <ErrorState error={error} />}
          <DialogActions label={revoke ? 'Revoke' : 'Approve'} onCancel={onClose} busy={busy} disabled={!ok} />
        </Stack>
      </form>
    </Modal>
  );
}

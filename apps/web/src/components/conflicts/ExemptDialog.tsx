/** Exempts an open violation until a date, with a reason (its compensating control); then it opens again if the person still holds both sides. */
import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Violation } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { dateInput, endOfDay } from '../reviews/model';

export function ExemptDialog({ violation: v, onClose, onDone }: { violation: Violation; onClose: () => void; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(dateInput(new Date(Date.now() + 90 * 86_400_000)));
  const tomorrow = dateInput(new Date(Date.now() + 86_400_000));
  const exempt = useMutation({
    mutationFn: () => api('POST', `/violations/${v.id}/exempt`, { reason: reason.trim(), until: endOfDay(until).toISOString() }),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['violations'] }), queryClient.invalidateQueries({ queryKey: ['conflict-rules'] })]);
      onDone();
      onClose();
    },
  });
  const ok = reason.trim().length > 0 && until >= dateInput(new Date());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ok) exempt.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={`Exempt ${v.person.name} from “${v.rule.name}”`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            The violation is accepted until the end date (kept in the audit log with your reason). After it, the violation opens again if {v.person.name} still holds both sides.
          </Text>
          <Textarea label="Reason" placeholder="The compensating control, the ticket" required autosize minRows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
          <TextInput type="date" label="Exempt until" description="The end of that day" required min={tomorrow} value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
          {exempt.error && <ErrorState error={exempt.error} />}
          <DialogActions label="Exempt" onCancel={onClose} busy={exempt.isPending} disabled={!ok} />
        </Stack>
      </form>
    </Modal>
  );
}

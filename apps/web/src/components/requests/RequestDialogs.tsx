/**
 * The dialogs of a request's actions: approve (an optional comment) or deny (a reason, required),
 * one request or a selection; give back and withdraw, confirmed; ask for more time (a duration up
 * to the entitlement's maximum, and why). Enter confirms in the text boxes (Shift+Enter is a new
 * line), so an approver on the keyboard types and goes on.
 */
import { Alert, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { get, query, type AccessRequest, type CatalogEntry } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { durationChoices, durationText } from './model';

export interface DecisionAsk {
  decision: 'approve' | 'deny';
  /** What is decided, in words: one request's label or "3 selected requests". */
  what: string;
  /** The requests decided (to show what approving does). */
  requests: AccessRequest[];
}

export function RequestDecisionDialog({ ask, onSubmit, onClose, busy, error }: { ask: DecisionAsk; onSubmit: (text: string) => void; onClose: () => void; busy: boolean; error: unknown }) {
  const [text, setText] = useState('');
  const deny = ask.decision === 'deny';
  const ok = !deny || text.trim().length > 0;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (ok && !busy) onSubmit(text.trim());
  };
  const conflicts = ask.requests.filter((r) => r.conflicts.length);
  const emergency = ask.requests.filter((r) => r.emergency);
  const last = ask.requests.filter((r) => r.step + 1 >= r.policy.steps);
  return (
    <Modal opened onClose={onClose} title={`${deny ? 'Deny' : 'Approve'}: ${ask.what}`} returnFocus={false}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {deny
              ? 'The request ends here; the requester is told, with your reason.'
              : last.length === ask.requests.length
                ? 'The access is granted in the app right away, for the time asked.'
                : last.length
                  ? `${last.length} of these are granted right away; the others go to their next approval step.`
                  : 'The request goes to its next approval step.'}
          </Text>
          {!deny && conflicts.length > 0 && (
            <Alert color="red" title="This creates access conflicts" role="alert">
              {conflicts.map((r) => `${r.person.name}: ${r.conflicts.map((c) => `${c.name} (${c.severity})`).join(', ')}`).join('; ')}
            </Alert>
          )}
          {emergency.length > 0 && <Text size="sm" c="red.8">{emergency.length === 1 ? 'This is' : `${emergency.length} are`} emergency (break-glass) access.</Text>}
          <Textarea
            label={deny ? 'Why deny' : 'Comment (optional)'}
            description="Enter confirms, Shift+Enter starts a new line"
            required={deny}
            autosize
            minRows={2}
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                submit();
              }
            }}
            data-autofocus
          />
          {Boolean(error) && <ErrorState error={error} />}
          <DialogActions label={deny ? 'Deny' : 'Approve'} onCancel={onClose} busy={busy} disabled={!ok} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Give back (active) or withdraw (pending), confirmed. */
export function ConfirmRequestDialog({ request: r, action, onConfirm, onClose, busy, error }: { request: AccessRequest; action: 'release' | 'cancel'; onConfirm: () => void; onClose: () => void; busy: boolean; error: unknown }) {
  const release = action === 'release';
  return (
    <Modal opened onClose={onClose} title={release ? `Give back ${r.entitlement.name}?` : `Withdraw the request for ${r.entitlement.name}?`}>
      <Stack>
        <Text size="sm">
          {release
            ? `Gatehouse removes ${r.entitlement.name} in ${r.app.name} now (only what this request granted). Ask again when you need it.`
            : 'Nobody is asked to approve it any more. You can ask again later.'}
        </Text>
        {Boolean(error) && <ErrorState error={error} />}
        <DialogActions label={release ? 'Give it back' : 'Withdraw'} onCancel={onClose} onConfirm={onConfirm} busy={busy} />
      </Stack>
    </Modal>
  );
}

/** More time on active access: a new request through the same policy; approved, it moves the expiry. */
export function ExtendDialog({ request: r, onSubmit, onClose, busy, error }: { request: AccessRequest; onSubmit: (v: { durationMinutes: number; reason: string }) => void; onClose: () => void; busy: boolean; error: unknown }) {
  // The entitlement's settings, for its maximum and whether a reason is needed.
  const entry = useQuery({
    queryKey: ['request-catalog', 'entry', r.app.id, r.entitlement.id],
    queryFn: async () => (await get<{ items: CatalogEntry[] }>(`/request-catalog${query({ appId: r.app.id, q: r.entitlement.name, limit: 50 })}`)).items.find((e) => e.entitlementId === r.entitlement.id) ?? null,
  });
  const e = entry.data;
  const choices = durationChoices(e ? e.maxDurationMinutes : 10_080, e?.defaultDurationMinutes ?? 60).filter((c) => c.value !== 'permanent');
  const [duration, setDuration] = useState<string | null>(null);
  const chosen = duration ?? String(e?.defaultDurationMinutes ?? 60);
  const [reason, setReason] = useState('');
  const needsReason = e?.reasonRequired ?? true;
  const ok = !needsReason || reason.trim().length > 0;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (ok && !busy) onSubmit({ durationMinutes: Number(chosen), reason: reason.trim() });
  };
  return (
    <Modal opened onClose={onClose} title={`More time: ${r.entitlement.name}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            The extension goes through the same policy as a new request (approvers may be asked). Once approved, the access ends later by the time you choose
            {r.expiresAt ? ', counted from its current end' : ''}.
          </Text>
          {entry.isError && <ErrorState error={entry.error} />}
          {entry.isSuccess && !e && <Alert color="orange">This entitlement is no longer requestable: an extension will be refused.</Alert>}
          <Select label="Extend by" data={choices} value={chosen} onChange={setDuration} allowDeselect={false} description={e?.maxDurationMinutes ? `At most ${durationText(e.maxDurationMinutes)}` : undefined} />
          <Textarea label="Why you need more time" required={needsReason} autosize minRows={2} maxLength={2000} value={reason} onChange={(ev) => setReason(ev.currentTarget.value)} data-autofocus />
          {Boolean(error) && <ErrorState error={error} />}
          <DialogActions label="Ask for more time" onCancel={onClose} busy={busy} disabled={!ok} />
        </Stack>
      </form>
    </Modal>
  );
}

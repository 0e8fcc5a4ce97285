/**
 * Add or edit a webhook. The signing secret is write-only: the form says whether one is set, and
 * leaving it empty keeps it (on a new webhook, the server generates one and shows it once).
 */
import { Modal, MultiSelect, PasswordInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type NotificationEvent, type Webhook } from '../api';
import { DialogActions } from './DialogActions';
import { ErrorState } from './QueryState';

export const EVENT_LABELS: Record<NotificationEvent, string> = {
  'task.manual': 'A manual task needs an app owner',
  'task.failed': 'A task failed',
  'task.drift': 'A change did not hold (drift)',
  'connector.owner_added': 'A connector owner was named',
  'connector.error': 'A connector is failing',
  'review.kickoff': 'An access review starts (each reviewer, with their count)',
  'review.reminder': 'An access review is due soon or overdue (reviewers with items left)',
  'review.assigned': 'Review items are passed or reassigned to someone',
  'review.completed': 'An access review is complete (its owner)',
  'conflict.violation': 'Someone holds conflicting access (separation of duties)',
  'request.approval_needed': 'An access request waits for its approvers',
  'request.decided': 'An access request was approved, denied or expired',
  'request.live': 'Requested access is live',
  'request.expiring': 'Requested access ends soon',
  'request.emergency': 'Someone took emergency (break-glass) access',
};

export function WebhookForm({ webhook, events, onClose, onCreated }: { webhook?: Webhook; events: NotificationEvent[]; onClose: () => void; onCreated: (secret: string | undefined) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [format, setFormat] = useState<Webhook['format']>(webhook?.format ?? 'json');
  const [subscribed, setSubscribed] = useState<string[]>(webhook?.events ?? events);
  const [enabled, setEnabled] = useState(webhook?.enabled ?? true);
  const [secret, setSecret] = useState('');
  const save = useMutation({
    mutationFn: () => {
      const body = { name, url, format, events: subscribed, enabled, ...(secret ? { secret } : {}) };
      return webhook ? api<Webhook>('PATCH', `/webhooks/${webhook.id}`, body) : api<Webhook & { signingSecret?: string }>('POST', '/webhooks', body);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
      onClose();
      if (!webhook) onCreated((saved as { signingSecret?: string }).signingSecret);
    },
  });
  // Server errors name fields as `body.url`.
  const fieldError = (field: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${field}`)?.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={webhook ? `Edit ${webhook.name}` : 'Add a webhook'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) && <ErrorState error={save.error} />}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <TextInput
            label="URL"
            description="https only (http for hosts in GATEHOUSE_OUTBOUND_ALLOW); private, loopback and metadata addresses are refused"
            placeholder="https://hooks.slack.com/services/…"
            required
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={fieldError('url')}
          />
          <Select
            label="Format"
            data={[
              { value: 'json', label: 'JSON (the Gatehouse event)' },
              { value: 'slack', label: 'Slack incoming webhook (text and blocks)' },
            ]}
            value={format}
            onChange={(v) => setFormat((v as Webhook['format']) ?? 'json')}
            allowDeselect={false}
          />
          <MultiSelect label="Events" required data={events.map((e) => ({ value: e, label: EVENT_LABELS[e] ?? e }))} value={subscribed} onChange={setSubscribed} error={fieldError('events')} />
          <PasswordInput
            label="Signing secret"
            description={
              webhook
                ? 'Set; leave empty to keep it. Receivers check X-Gatehouse-Signature: sha256=HMAC(secret, "<X-Gatehouse-Timestamp>.<body>")'
                : 'Leave empty to have one generated (shown once). Receivers check X-Gatehouse-Signature: sha256=HMAC(secret, "<X-Gatehouse-Timestamp>.<body>")'
            }
            placeholder={webhook ? '•••••••• (set)' : 'generated'}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={fieldError('secret')}
            autoComplete="new-password"
          />
          <Switch label="Enabled" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <DialogActions label={webhook ? 'Save' : 'Add webhook'} onCancel={onClose} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

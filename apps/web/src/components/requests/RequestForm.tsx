/**
 * Asking for one requestable entitlement: for how long (its default, up to its maximum; permanent
 * only where it has none), why (required where its settings say so), for oneself or, where allowed,
 * for someone else, and break-glass where allowed, with a warning. Before asking, the server's
 * preview says what will happen (approved at once, denied with the policy's message, or the
 * approval steps) and the access conflicts it would create, in red.
 */
import { Alert, Badge, Group, Modal, SegmentedControl, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, get, query, type AccessRequestDetail, type CatalogEntry, type RequestInput, type RequestPerson, type RequestPreview } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { SearchSelect } from '../SearchSelect';
import { durationChoices, durationText, PERMANENT, refreshRequests } from './model';
import { PreviewResult } from './PreviewResult';

export const searchPeople = async (q: string) => (q.trim() ? (await get<{ items: RequestPerson[] }>(`/request-catalog/people${query({ q: q.trim(), limit: 20 })}`)).items : []);
export const personOption = (p: RequestPerson) => ({ value: p.id, label: `${p.displayName} <${p.email}>` });

// Reasons do not enter a policy's conditions: the preview asks with a stand-in (the form checks the reason itself), so typing one asks nothing.
const PREVIEW_REASON = '(preview)';

export function RequestForm({ entry: e, onClose, onCreated }: { entry: CatalogEntry; onClose: () => void; onCreated: (r: AccessRequestDetail) => void }) {
  const queryClient = useQueryClient();
  const choices = durationChoices(e.maxDurationMinutes, e.defaultDurationMinutes);
  const [duration, setDuration] = useState(String(e.defaultDurationMinutes));
  const [reason, setReason] = useState('');
  const [forOther, setForOther] = useState(false);
  const [person, setPerson] = useState<RequestPerson | null>(null);
  const [emergency, setEmergency] = useState(false);

  const input: RequestInput = {
    appId: e.appId,
    entitlementId: e.entitlementId,
    ...(forOther && person ? { forPersonId: person.id } : {}),
    ...(emergency ? {} : { durationMinutes: duration === PERMANENT ? null : Number(duration) }),
    reason: reason.trim(),
    emergency,
  };
  const ready = !forOther || person !== null;
  // Debounced as text: a new object every render is no change.
  const [asked] = useDebouncedValue(JSON.stringify({ ...input, reason: PREVIEW_REASON }), 250);
  const preview = useQuery({
    queryKey: ['request-preview', asked],
    queryFn: () => api<RequestPreview>('POST', '/requests/preview', JSON.parse(asked) as RequestInput),
    enabled: ready,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 10_000,
  });
  const create = useMutation({
    mutationFn: () => api<AccessRequestDetail>('POST', '/requests', input),
    onSuccess: async (r) => {
      await refreshRequests(queryClient);
      onCreated(r);
    },
  });
  const reasonMissing = (e.reasonRequired || emergency) && !reason.trim();
  const refused = preview.isError;
  const outcome = preview.data?.outcome.kind;
  const label = emergency ? 'Take emergency access' : outcome === 'approve' ? 'Request (granted at once)' : outcome === 'deny' ? 'Request anyway' : 'Submit request';
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (ready && !reasonMissing && !refused) create.mutate();
  };

  return (
    <Modal opened onClose={onClose} title={`Request ${e.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group gap="xs">
            <Badge variant="light" tt="none">
              {e.appName}
            </Badge>
            <Badge variant="outline" color="gray" tt="none">
              {e.resourceType}
            </Badge>
            <Text size="xs" c="dimmed">
              {e.maxDurationMinutes === null ? 'may be asked permanently' : `at most ${durationText(e.maxDurationMinutes)}`}
            </Text>
          </Group>
          {e.onBehalfAllowed && (
            <Stack gap={4}>
              <SegmentedControl
                aria-label="Who needs it"
                value={forOther ? 'other' : 'me'}
                onChange={(v) => setForOther(v === 'other')}
                data={[
                  { value: 'me', label: 'For me' },
                  { value: 'other', label: 'For someone else' },
                ]}
              />
              {forOther && <SearchSelect<RequestPerson> label="Who needs it" placeholder="Name or email" queryKey={['request-people']} search={searchPeople} option={personOption} value={person} onChange={setPerson} required />}
            </Stack>
          )}
          {emergency ? (
            <Text size="sm">
              <b>Duration:</b> the emergency duration{preview.data ? `, ${durationText(preview.data.durationMinutes)}` : ''} (set by the entitlement’s owners).
            </Text>
          ) : (
            <Select label="For how long" data={choices} value={duration} onChange={(v) => v && setDuration(v)} allowDeselect={false} description="Counted from the moment the access is granted; give it back earlier when you are done." />
          )}
          <Textarea
            label="Why you need it"
            placeholder="The ticket, incident or task it is for"
            required={e.reasonRequired || emergency}
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(ev) => setReason(ev.currentTarget.value)}
            data-autofocus
          />
          {e.emergencyAllowed && (
            <Stack gap={6}>
              <Switch color="red" label="Emergency (break-glass) access" checked={emergency} onChange={(ev) => setEmergency(ev.currentTarget.checked)} description="Only when something is broken and nobody can approve in time." />
              {emergency && (
                <Alert color="red" variant="filled" title="Break-glass access" role="alert" data-testid="emergency-warning">
                  It is granted at once, without approval, for a short time. The administrators and the app’s owners are told right away, and its use is reviewed afterwards. Say exactly why
                  (the incident).
                </Alert>
              )}
            </Stack>
          )}
          <div>
            <Text size="sm" fw={500} mb={4}>
              What will happen
            </Text>
            <PreviewResult preview={ready ? preview.data : undefined} error={ready ? preview.error : undefined} loading={preview.isFetching} emergency={emergency} />
          </div>
          {create.error && <ErrorState error={create.error} />}
          <DialogActions label={label} onCancel={onClose} busy={create.isPending} disabled={!ready || reasonMissing || refused} />
        </Stack>
      </form>
    </Modal>
  );
}

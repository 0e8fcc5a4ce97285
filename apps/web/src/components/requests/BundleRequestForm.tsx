/**
 * Asking for a bundle from the catalog: one duration and one reason for all its entitlements
 * (each one's own default, or a duration no longer than the shortest maximum among them), then
 * each entitlement is asked through its own policy. The server checks them all first: if one cannot
 * be asked, nothing is, and the answer says which and why. After asking, the form shows each
 * request made (approved at once, waiting for approvers, or denied by its policy with its message)
 * and what was left out because it is held or asked for already.
 */
import { Alert, Button, Group, List, Modal, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type BundleRequested, type BundleRequestInput, type CatalogEntry, type RequestBundle } from '../../api';
import { DialogActions } from '../DialogActions';
import { AnchorLink } from '../links';
import { ErrorState } from '../QueryState';
import { entitlementKey, entitlementLabel } from './EntitlementsPicker';
import { durationChoices, durationText, PERMANENT, refreshRequests } from './model';
import { RequestStateBadge } from './RequestBadges';

/** The duration choice that leaves each entitlement its own default. */
const EACH_DEFAULT = 'default';

/** What the catalog says of a bundle's entitlements: the longest duration all allow, whether any needs a reason, which are not requestable. */
export function bundleTerms(b: RequestBundle, catalog: Map<string, CatalogEntry>) {
  const entries = b.items.map((i) => catalog.get(entitlementKey(i)));
  const known = entries.filter((e): e is CatalogEntry => e !== undefined);
  const maxes = known.map((e) => e.maxDurationMinutes).filter((m): m is number => m !== null);
  return {
    max: maxes.length ? Math.min(...maxes) : null,
    shortestDefault: known.length ? Math.min(...known.map((e) => e.defaultDurationMinutes)) : 60,
    reasonRequired: known.some((e) => e.reasonRequired),
    notRequestable: b.items.filter((_, n) => entries[n] === undefined),
  };
}

export function BundleRequestForm({ bundle: b, catalog, onClose }: { bundle: RequestBundle; catalog: Map<string, CatalogEntry>; onClose: () => void }) {
  const queryClient = useQueryClient();
  const terms = bundleTerms(b, catalog);
  const [duration, setDuration] = useState(EACH_DEFAULT);
  const [reason, setReason] = useState('');
  const choices = [{ value: EACH_DEFAULT, label: 'Each entitlement’s default' }, ...durationChoices(terms.max, terms.shortestDefault)];
  const ask = useMutation({
    mutationFn: () => {
      const body: BundleRequestInput = { bundleId: b.id, reason: reason.trim(), ...(duration === EACH_DEFAULT ? {} : { durationMinutes: duration === PERMANENT ? null : Number(duration) }) };
      return api<BundleRequested>('POST', '/requests/bundle', body);
    },
    onSuccess: () => refreshRequests(queryClient),
  });
  const reasonMissing = terms.reasonRequired && !reason.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reasonMissing) ask.mutate();
  };
  if (ask.data) return <BundleResult bundle={b} result={ask.data} onClose={onClose} />;
  return (
    <Modal opened onClose={onClose} title={`Request ${b.name}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {b.description && <Text size="sm">{b.description}</Text>}
          <div>
            <Text size="sm" fw={500}>
              {b.items.length} entitlement{b.items.length === 1 ? '' : 's'}, each asked through its own policy
            </Text>
            <List size="sm">
              {b.items.map((i) => (
                <List.Item key={entitlementKey(i)}>{entitlementLabel(i)}</List.Item>
              ))}
            </List>
          </div>
          {terms.notRequestable.length > 0 && (
            <Alert color="orange" title="Not requestable" role="alert">
              {terms.notRequestable.map(entitlementLabel).join(', ')} cannot be requested now: asking for the bundle will be refused. Ask the app’s owners to make {terms.notRequestable.length === 1 ? 'it' : 'them'} requestable.
            </Alert>
          )}
          <Select
            label="For how long"
            data={choices}
            value={duration}
            onChange={(v) => v && setDuration(v)}
            allowDeselect={false}
            description={`The same for every entitlement${terms.max === null ? '' : `: at most ${durationText(terms.max)}, the shortest maximum among them`}; counted from the moment each is granted.`}
          />
          <Textarea
            label="Why you need it"
            placeholder="The ticket, incident or task it is for"
            required={terms.reasonRequired}
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          {ask.error && <ErrorState error={ask.error} />}
          <DialogActions label="Request the bundle" onCancel={onClose} busy={ask.isPending} disabled={reasonMissing} />
        </Stack>
      </form>
    </Modal>
  );
}

function BundleResult({ bundle: b, result, onClose }: { bundle: RequestBundle; result: BundleRequested; onClose: () => void }) {
  const denied = result.requests.filter((r) => r.state === 'denied');
  return (
    <Modal opened onClose={onClose} title={`Requested: ${b.name}`} size="lg">
      <Stack data-testid="bundle-result">
        <Text size="sm">
          {result.requests.length} request{result.requests.length === 1 ? '' : 's'} made
          {denied.length ? `, ${denied.length} denied by ${denied.length === 1 ? 'its' : 'their'} policy` : ''}
          {result.skipped.length ? `; ${result.skipped.length} left out` : ''}.
        </Text>
        <Table aria-label="Requests made" verticalSpacing={6}>
          <Table.Tbody>
            {result.requests.map((r) => (
              <Table.Tr key={r.id} data-bundle-request={r.entitlement.name} data-state={r.state}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.entitlement.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.app.name}
                    {r.state === 'pending' ? ` · waiting for ${r.approvers.length ? r.approvers.map((a) => a.name).join(', ') : 'an approver'}` : ''}
                  </Text>
                  {r.policy.message && (
                    <Text size="xs" c="red" data-testid="deny-message">
                      {r.policy.message}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={180}>
                  <AnchorLink to="/requests/$requestId" params={{ requestId: r.id }} aria-label={`The request for ${r.entitlement.name}`}>
                    <RequestStateBadge state={r.state} />
                  </AnchorLink>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {result.skipped.length > 0 && (
          <Alert color="gray" title="Left out" data-testid="bundle-skipped">
            <List size="sm">
              {result.skipped.map((s) => (
                <List.Item key={entitlementKey(s)}>{s.reason}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="space-between">
          <AnchorLink to="/requests" size="sm">
            My requests
          </AnchorLink>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Out of office: while a reviewer is away, the review items assigned to them go to a stand-in (items
 * they already have stay; they reassign those). Lists the delegations from and to the signed-in
 * user, sets one, ends one.
 */
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, type Delegation, type ReviewerUser } from '../../api';
import { useMe } from '../../auth';
import { ErrorState } from '../QueryState';
import { SearchSelect } from '../SearchSelect';
import { dateInput, day, endOfDay, startOfDay } from './model';
import { reviewerOption, searchReviewers } from './ReassignDialog';

export function OutOfOffice() {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const delegations = useQuery({ queryKey: ['reviews', 'delegations'], queryFn: () => get<{ items: Delegation[] }>('/reviews/delegations') });
  const [editing, setEditing] = useState(false);
  const end = useMutation({ mutationFn: (id: string) => api('DELETE', `/reviews/delegations/${id}`), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews', 'delegations'] }) });
  const mine = (delegations.data?.items ?? []).filter((d) => d.user.id === me?.id);
  const forOthers = (delegations.data?.items ?? []).filter((d) => d.delegate.id === me?.id);
  return (
    <Card withBorder padding="sm" aria-label="Out of office">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            Out of office
          </Title>
          {!editing && (
            <Button size="compact-sm" variant="light" onClick={() => setEditing(true)}>
              {mine.length ? 'Add another' : 'Set a delegate'}
            </Button>
          )}
        </Group>
        {delegations.isError && <ErrorState error={delegations.error} onRetry={() => void delegations.refetch()} />}
        {mine.length === 0 && forOthers.length === 0 && !editing && (
          <Text size="sm" c="dimmed">
            Away for a while? Name a delegate: review items assigned to you meanwhile go to them.
          </Text>
        )}
        {mine.map((d) => (
          <Group key={d.id} justify="space-between" wrap="nowrap" data-delegation={d.id}>
            <Text size="sm">
              {d.active ? 'Now: ' : ''}new items go to <b>{d.delegate.name}</b> from {day(d.startsAt)} until {day(d.endsAt)}
            </Text>
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => end.mutate(d.id)} loading={end.isPending && end.variables === d.id} aria-label={`End the delegation to ${d.delegate.name}`}>
              End
            </Button>
          </Group>
        ))}
        {forOthers.map((d) => (
          <Text key={d.id} size="sm">
            You stand in for <b>{d.user.name}</b> from {day(d.startsAt)} until {day(d.endsAt)}.
          </Text>
        ))}
        {end.error && <ErrorState error={end.error} />}
        {editing && <DelegationForm onClose={() => setEditing(false)} exclude={me?.id} />}
      </Stack>
    </Card>
  );
}

function DelegationForm({ onClose, exclude }: { onClose: () => void; exclude?: string }) {
  const queryClient = useQueryClient();
  const today = dateInput(new Date());
  const [delegate, setDelegate] = useState<ReviewerUser | null>(null);
  const [from, setFrom] = useState(today);
  const [until, setUntil] = useState(dateInput(new Date(Date.now() + 7 * 86_400_000)));
  const save = useMutation({
    mutationFn: () =>
      api<Delegation>('POST', '/reviews/delegations', {
        delegateId: delegate!.id,
        // From today means from now.
        startsAt: (from <= today ? new Date() : startOfDay(from)).toISOString(),
        endsAt: endOfDay(until).toISOString(),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['reviews', 'delegations'] });
      onClose();
    },
  });
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}`)?.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (delegate) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <SearchSelect
          label="Delegate"
          placeholder="Name or email"
          queryKey={['reviews', 'reviewers', 'delegate']}
          search={async (q) => (await searchReviewers(q)).filter((u) => u.id !== exclude)}
          option={reviewerOption}
          value={delegate}
          onChange={setDelegate}
          required
        />
        <Group grow>
          <TextInput type="date" label="From" value={from} min={today} onChange={(e) => setFrom(e.currentTarget.value)} error={fieldError('startsAt')} />
          <TextInput type="date" label="Until" value={until} min={from} onChange={(e) => setUntil(e.currentTarget.value)} error={fieldError('endsAt')} required />
        </Group>
        {save.error && !(save.error instanceof ApiError && save.error.errors.length) && <ErrorState error={save.error} />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="xs" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={save.isPending} disabled={!delegate || !until}>
            Save delegation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

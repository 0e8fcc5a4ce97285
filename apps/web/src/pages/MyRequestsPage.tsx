/**
 * My requests: what I asked for (and what others asked for me), newest first, open ones by default
 * (the filter in the URL): each with its state, who it waits for, the time left on active access;
 * withdraw a pending one, give back active access ("I'm done"), ask for more time.
 */
import { Alert, Button, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { get, query, type AccessRequest, type Me } from '../api';
import { useMe } from '../auth';
import { ButtonLink, AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { durationText, moving, OPEN_STATES, REQUEST_STATE_LABEL, REQUEST_STATES } from '../components/requests/model';
import { ConfirmRequestDialog, ExtendDialog } from '../components/requests/RequestDialogs';
import { ConflictList, Countdown, EmergencyBadge, RequestStateBadge } from '../components/requests/RequestBadges';
import { useRequestActions } from '../components/requests/useRequestActions';
import { ago } from '../components/time';

const route = getRouteApi('/requests');
type Search = ReturnType<typeof route.useSearch>;
type Acting = { kind: 'release' | 'cancel' | 'extend'; request: AccessRequest };

export const isMine = (me: Me | undefined, r: AccessRequest) => Boolean(me && r.person.email.toLowerCase() === me.email.toLowerCase());

export function MyRequestsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/requests' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const me = useMe().data;
  const requests = useQuery({
    queryKey: ['requests', 'mine', search.state ?? 'any'],
    queryFn: () => get<{ items: AccessRequest[] }>(`/requests${query({ kind: 'mine', state: search.state, limit: 500 })}`),
    refetchInterval: (q) => (moving(q.state.data?.items) ? 2000 : 30_000),
  });
  const [acting, setActing] = useState<Acting>();
  const [notice, setNotice] = useState<string>();
  const actions = useRequestActions();
  const open = (a: Acting) => {
    actions.release.reset();
    actions.cancel.reset();
    actions.extend.reset();
    setActing(a);
  };
  const all = search.show === 'all' || Boolean(search.state);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>My requests</Title>
          <Text c="dimmed" size="sm">
            Access you asked for, and access asked for you. Give it back when you are done.
          </Text>
        </div>
        <ButtonLink to="/access/request">Request access</ButtonLink>
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <Group align="flex-end">
        <SegmentedControl
          aria-label="Which requests"
          value={all ? 'all' : 'open'}
          onChange={(v) => set({ show: v === 'all' ? 'all' : undefined, state: undefined })}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'all', label: 'All' },
          ]}
        />
        <Select label="State" placeholder="Any state" data={REQUEST_STATES.map((s) => ({ value: s, label: REQUEST_STATE_LABEL[s] }))} value={search.state ?? null} onChange={(v) => set({ state: (v ?? undefined) as Search['state'] })} clearable w={220} />
      </Group>
      <QueryState query={requests}>
        {({ items }) => {
          const rows = all ? items : items.filter((r) => OPEN_STATES.includes(r.state));
          if (!rows.length) {
            return (
              <Text c="dimmed" py="lg">
                {items.length ? 'No open request: see all of them above.' : search.state ? 'No request in this state.' : 'You have not asked for anything yet.'}
              </Text>
            );
          }
          return (
            <Table aria-label="My requests" verticalSpacing="sm" highlightOnHover miw={860}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Access</Table.Th>
                  <Table.Th w={190}>State</Table.Th>
                  <Table.Th w={220}>When</Table.Th>
                  <Table.Th w={260}>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <RequestRow key={r.id} request={r} me={me} onAct={(kind) => open({ kind, request: r })} />
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
      {acting && (acting.kind === 'release' || acting.kind === 'cancel') && (
        <ConfirmRequestDialog
          request={acting.request}
          action={acting.kind}
          busy={actions[acting.kind].isPending}
          error={actions[acting.kind].error}
          onClose={() => setActing(undefined)}
          onConfirm={() =>
            actions[acting.kind as 'release' | 'cancel'].mutate(acting.request.id, {
              onSuccess: () => {
                setActing(undefined);
                setNotice(acting.kind === 'release' ? `${acting.request.entitlement.name} is being removed.` : 'Request withdrawn.');
              },
            })
          }
        />
      )}
      {acting?.kind === 'extend' && (
        <ExtendDialog
          request={acting.request}
          busy={actions.extend.isPending}
          error={actions.extend.error}
          onClose={() => setActing(undefined)}
          onSubmit={(v) =>
            actions.extend.mutate(
              { id: acting.request.id, ...v },
              {
                onSuccess: (x) => {
                  setActing(undefined);
                  setNotice(x.state === 'pending' ? 'More time asked: it waits for approval.' : x.state === 'denied' ? 'The extension was denied by policy.' : `Extended by ${durationText(x.durationMinutes)}.`);
                },
              },
            )
          }
        />
      )}
    </Stack>
  );
}

function RequestRow({ request: r, me, onAct }: { request: AccessRequest; me: Me | undefined; onAct: (kind: Acting['kind']) => void }) {
  const forMe = isMine(me, r);
  const askedByMe = r.requester.id === me?.id;
  return (
    <Table.Tr data-request-id={r.id} data-state={r.state} aria-label={`${r.entitlement.name} (${r.app.name})`}>
      <Table.Td>
        <AnchorLink to="/requests/$requestId" params={{ requestId: r.id }} fw={500}>
          {r.entitlement.name}
        </AnchorLink>
        <Text size="xs" c="dimmed">
          {r.app.name}
          {forMe ? '' : ` · for ${r.person.name}`}
          {askedByMe ? '' : ` · asked by ${r.requester.name}`} · {durationText(r.durationMinutes)}
          {r.extendsId ? ' · extension' : ''}
        </Text>
        {r.reason && (
          <Text size="xs" lineClamp={1} title={r.reason} fs="italic">
            “{r.reason}”
          </Text>
        )}
        <ConflictList conflicts={r.conflicts} />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <RequestStateBadge state={r.state} extended={Boolean(r.extendsId && r.grantedAt)} />
          {r.emergency && <EmergencyBadge />}
        </Group>
      </Table.Td>
      <Table.Td>
        {r.state === 'active' ? (
          r.expiresAt ? (
            <Countdown expiresAt={r.expiresAt} />
          ) : (
            <Text size="sm">permanent</Text>
          )
        ) : r.state === 'pending' ? (
          <Text size="sm">
            asked {ago(r.createdAt)}
            <Text span size="xs" c="dimmed" display="block">
              {r.approvers.length ? `waiting for ${r.approvers.map((a) => a.name).join(', ')}` : 'waiting for an approver'}
              {r.policy.steps > 1 ? ` (step ${r.step + 1} of ${r.policy.steps})` : ''}
            </Text>
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {ago(r.updatedAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6}>
          {r.state === 'pending' && askedByMe && (
            <Button size="compact-sm" variant="default" onClick={() => onAct('cancel')} aria-label={`Withdraw ${r.entitlement.name}`}>
              Withdraw
            </Button>
          )}
          {r.state === 'active' && (
            <Button size="compact-sm" color="orange" variant="light" onClick={() => onAct('release')} aria-label={`Give back ${r.entitlement.name}`}>
              I’m done: give back
            </Button>
          )}
          {r.state === 'active' && r.expiresAt && (
            <Button size="compact-sm" variant="default" onClick={() => onAct('extend')} aria-label={`Extend ${r.entitlement.name}`}>
              Extend
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

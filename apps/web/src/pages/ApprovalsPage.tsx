/**
 * Approvals: the requests waiting for the signed-in user's decision, oldest first, each with what
 * it takes to decide at once (who, what in which app, for how long, why, the access conflicts it
 * would create, break-glass, the step and when it times out). Approve (an optional comment) or
 * deny (a reason) one, or a selection; the list takes keyboard shortcuts (see SHORTCUTS, or ?).
 */
import { Alert, Badge, Button, Checkbox, Group, Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, type AccessRequest } from '../api';
import { AnchorLink } from '../components/links';
import { ErrorState, Loading } from '../components/QueryState';
import { approvalsQuery, durationText, requestLabel } from '../components/requests/model';
import { RequestDecisionDialog, type DecisionAsk } from '../components/requests/RequestDialogs';
import { ConflictList, EmergencyBadge } from '../components/requests/RequestBadges';
import { useRequestActions } from '../components/requests/useRequestActions';
import { ago } from '../components/time';

export const SHORTCUTS: [string, string][] = [
  ['j  ↓', 'next request'],
  ['k  ↑', 'previous request'],
  ['a', 'approve (a comment if you like, Enter to confirm)'],
  ['d', 'deny (asks why)'],
  ['x', 'select or unselect'],
  ['Enter', 'the request’s page'],
  ['?', 'these shortcuts'],
];

interface Asking {
  ask: DecisionAsk;
  /** The row to focus after: the next one when done, this one when cancelled. */
  next?: string;
  cancelled?: string;
}
type Notice = { text: string; color?: string };

export function ApprovalsPage() {
  const navigate = useNavigate();
  const list = useQuery({ ...approvalsQuery, refetchInterval: 15_000 });
  // Oldest first: who has waited longest is decided first.
  const rows = useMemo(() => [...(list.data?.items ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [list.data]);
  const actions = useRequestActions();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string>();
  const [asking, setAsking] = useState<Asking>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [notice, setNotice] = useState<Notice>();
  const [help, setHelp] = useState(false);
  const focusAfter = useRef<string | undefined>(undefined);

  const rowEl = (id: string | undefined) => (id ? document.querySelector<HTMLElement>(`tr[data-request-id="${CSS.escape(id)}"]`) : null);
  const focusRow = (id: string | undefined) => rowEl(id)?.focus();
  // After a decision (the dialog gone, the decided request out of the list), on to the one after it.
  useEffect(() => {
    const id = focusAfter.current;
    if (!asking && id && rows.some((r) => r.id === id)) {
      focusAfter.current = undefined;
      focusRow(id);
    }
  }, [rows, asking]);

  const ask = (requests: AccessRequest[], decision: DecisionAsk['decision'], after?: { next?: string; cancelled?: string }) => {
    setFailure(undefined);
    setAsking({ ask: { decision, what: requests.length === 1 ? requestLabel(requests[0]!) : `${requests.length} selected requests`, requests }, ...after });
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  /** Decides each request in turn; the ones refused are said, the others done. */
  const decide = async (a: Asking, text: string) => {
    setBusy(true);
    setFailure(undefined);
    const { decision, requests } = a.ask;
    const refused: string[] = [];
    let last: unknown;
    for (const r of requests) {
      try {
        if (decision === 'approve') await actions.approve.mutateAsync({ id: r.id, comment: text || undefined });
        else await actions.deny.mutateAsync({ id: r.id, reason: text });
      } catch (err) {
        last = err;
        refused.push(`${requestLabel(r)}: ${err instanceof ApiError ? err.detail || err.title : (err as Error).message}`);
      }
    }
    setBusy(false);
    if (requests.length === 1 && refused.length) return setFailure(last);
    focusAfter.current = a.next;
    setAsking(undefined);
    setSelected(new Set());
    const ok = requests.length - refused.length;
    const verb = decision === 'approve' ? 'Approved' : 'Denied';
    setNotice({ text: `${verb} ${ok} request${ok === 1 ? '' : 's'}.${refused.length ? ` Not decided: ${refused.join('; ')}` : ''}`, color: refused.length ? 'orange' : decision === 'approve' ? 'green' : 'blue' });
  };

  // The keyboard: one listener for the page, acting on the focused row (see SHORTCUTS).
  const latest = useRef<(e: KeyboardEvent) => void>(() => undefined);
  latest.current = (e: KeyboardEvent) => {
    if (asking || help) return;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-request-id]');
    const item = row ? rows.find((r) => r.id === row.dataset.requestId) : undefined;
    const index = item ? rows.indexOf(item) : -1;
    const act = (fn: () => void) => {
      e.preventDefault();
      fn();
    };
    switch (e.key) {
      case '?':
        return act(() => setHelp(true));
      case 'j':
      case 'ArrowDown':
        if (!item && e.key === 'ArrowDown') return;
        return act(() => focusRow(rows[Math.min(index + 1, rows.length - 1)]?.id));
      case 'k':
      case 'ArrowUp':
        if (!item) return;
        return act(() => focusRow(rows[Math.max(index - 1, 0)]?.id));
    }
    if (!item) return;
    const after = { next: rows[index + 1]?.id ?? rows[index - 1]?.id, cancelled: item.id };
    switch (e.key) {
      case 'a':
        return act(() => ask([item], 'approve', after));
      case 'd':
        return act(() => ask([item], 'deny', after));
      case 'x':
        return act(() => toggle(item.id));
      case 'Enter':
      case 'o':
        if (target !== row) return;
        return act(() => void navigate({ to: '/requests/$requestId', params: { requestId: item.id } }));
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
      if ((e.target as HTMLElement).closest('input:not([type="checkbox"]), textarea, select, [contenteditable="true"], [role="dialog"], [role="listbox"]')) return;
      latest.current(e);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const picked = rows.filter((r) => selected.has(r.id));
  const allPicked = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Approvals</Title>
          <Text c="dimmed" size="sm">
            Access requests waiting for your decision. An approval grants the access in the app right away (or passes it to the next step).
          </Text>
        </div>
        <Button variant="subtle" size="xs" onClick={() => setHelp(true)} rightSection={<Kbd size="xs">?</Kbd>}>
          Keyboard shortcuts
        </Button>
      </Group>
      {notice && (
        <Alert color={notice.color ?? 'green'} role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice.text}
        </Alert>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" py="xl">
          Nothing waits for your approval. Requests that do are also in your inbox.
        </Text>
      ) : (
        <>
          <Group gap="xs" aria-label="Bulk actions" mih={30}>
            {picked.length > 0 ? (
              <>
                <Text size="sm" fw={500}>
                  {picked.length} selected:
                </Text>
                <Button size="xs" color="green" onClick={() => ask(picked, 'approve')}>
                  Approve {picked.length}
                </Button>
                <Button size="xs" color="red" variant="light" onClick={() => ask(picked, 'deny')}>
                  Deny {picked.length}…
                </Button>
                <Button size="xs" variant="subtle" onClick={() => setSelected(new Set())}>
                  Unselect
                </Button>
              </>
            ) : (
              <Text size="xs" c="dimmed">
                Select requests to approve or deny them together; press j to start on the keyboard.
              </Text>
            )}
          </Group>
          <Table aria-label="Requests waiting for you" layout="fixed" verticalSpacing={8} miw={960} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox aria-label="Select every request" checked={allPicked} indeterminate={!allPicked && picked.length > 0} onChange={() => setSelected(allPicked ? new Set() : new Set(rows.map((r) => r.id)))} />
                </Table.Th>
                <Table.Th w="20%">Who</Table.Th>
                <Table.Th>Access</Table.Th>
                <Table.Th w={120}>For how long</Table.Th>
                <Table.Th w="22%">Why</Table.Th>
                <Table.Th w={150}>Waiting</Table.Th>
                <Table.Th w={150}>Decision</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => {
                const label = requestLabel(r);
                const after = { next: rows[i + 1]?.id ?? rows[i - 1]?.id, cancelled: r.id };
                return (
                  <Table.Tr
                    key={r.id}
                    tabIndex={0}
                    data-request-id={r.id}
                    aria-label={label}
                    aria-selected={selected.has(r.id)}
                    onFocus={() => setFocused(r.id)}
                    style={{ outline: 'none', background: focused === r.id ? 'var(--mantine-primary-color-light)' : selected.has(r.id) ? 'var(--mantine-color-yellow-light)' : undefined, boxShadow: focused === r.id ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined }}
                  >
                    <Table.Td>
                      <Checkbox aria-label={`Select ${label}`} checked={selected.has(r.id)} onChange={() => toggle(r.id)} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {r.person.name}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {r.person.email}
                      </Text>
                      {r.requester.email.toLowerCase() !== r.person.email.toLowerCase() && (
                        <Text size="xs" c="orange.8">
                          asked by {r.requester.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500} lineClamp={2}>
                          {r.entitlement.name}
                        </Text>
                        {r.emergency && <EmergencyBadge />}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {r.app.name}
                        {r.extendsId ? ' · more time on access held' : ''}
                      </Text>
                      <ConflictList conflicts={r.conflicts} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={r.durationMinutes === null ? 'orange.8' : undefined} fw={r.durationMinutes === null ? 600 : undefined}>
                        {durationText(r.durationMinutes)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {r.reason ? (
                        <Text size="sm" lineClamp={3} title={r.reason}>
                          {r.reason}
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          no reason given
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{ago(r.createdAt, 'narrow')}</Text>
                      <Text size="xs" c="dimmed">
                        {r.policy.steps > 1 ? `step ${r.step + 1} of ${r.policy.steps}` : 'one step'}
                        {r.stepDueAt ? ` · times out ${ago(r.stepDueAt, 'narrow')}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" color="green" aria-label={`Approve ${label}`} onClick={() => ask([r], 'approve', after)}>
                            Approve
                          </Button>
                          <Button size="compact-xs" color="red" variant="light" aria-label={`Deny ${label}`} onClick={() => ask([r], 'deny', after)}>
                            Deny
                          </Button>
                        </Group>
                        <AnchorLink to="/requests/$requestId" params={{ requestId: r.id }} size="xs" aria-label={`Details of ${label}`}>
                          Details and history
                        </AnchorLink>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {rows.length}
            </Badge>
            <Text size="xs" c="dimmed">
              waiting for you
            </Text>
          </Group>
        </>
      )}
      {asking && (
        <RequestDecisionDialog
          ask={asking.ask}
          busy={busy}
          error={failure}
          onClose={() => {
            const a = asking;
            setAsking(undefined);
            focusRow(a.cancelled);
          }}
          onSubmit={(text) => void decide(asking, text)}
        />
      )}
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </Stack>
  );
}

function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title="Keyboard shortcuts">
      <Table aria-label="Keyboard shortcuts">
        <Table.Tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <Table.Tr key={keys}>
              <Table.Td w={120}>
                {keys.split('  ').map((k) => (
                  <Kbd key={k} mr={4}>
                    {k}
                  </Kbd>
                ))}
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed" mt="sm">
        They act on the focused request: click a row, or press j to start at the first.
      </Text>
    </Modal>
  );
}

/**
 * An app's accounts (paged, virtualised), each with the person it belongs to and its status. Those
 * who may provision the app create accounts and deprovision them; an account with a deprovision
 * under way (or done and not yet seen by a sync) says so and links to its task.
 */
import { Badge, Button, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { get, query, type AccountRow, type Page, type Task } from '../../api';
import { can, useMe } from '../../auth';
import { InfiniteTable } from '../InfiniteTable';
import { AnchorLink } from '../links';
import { isLive } from '../tasks/model';
import { TaskStateBadge } from '../tasks/TaskBadges';
import { CreateAccountDialog } from './CreateAccountDialog';
import { DeprovisionDialog } from './DeprovisionDialog';

/** Vendors name an account that cannot sign in differently; these are the usual words. */
const INACTIVE = /deprovisioned|disabled|inactive|deactivated|suspended|deleted/i;

/**
 * Deprovision tasks the catalog may not show yet: open ones, and succeeded ones the next sync has
 * not confirmed (the catalog keeps the vendor's last status until then). By account, newest first.
 */
function useDeprovisions(appId: string, enabled: boolean) {
  const tasks = useQuery({
    queryKey: ['account-tasks', appId],
    queryFn: () => get<Page<Task>>(`/tasks${query({ appId, kind: 'deprovision_account', state: 'pending,running,manual,succeeded', limit: 200 })}`),
    enabled,
    refetchInterval: (q) => (q.state.data?.items.some((t) => isLive(t.state)) ? 2000 : false),
  });
  return useMemo(() => {
    const byAccount = new Map<string, Task>();
    for (const t of tasks.data?.items ?? []) {
      const accountId = typeof t.input.accountId === 'string' ? t.input.accountId : undefined;
      if (!accountId || byAccount.has(accountId)) continue;
      if (t.state !== 'succeeded' || t.verification === 'pending' || t.verification === 'read_confirmed') byAccount.set(accountId, t);
    }
    return byAccount;
  }, [tasks.data]);
}

export function AppAccounts({ appId, appName }: { appId: string; appName: string }) {
  const me = useMe().data;
  const mayProvision = can(me, 'provision', appId);
  const deprovisions = useDeprovisions(appId, can(me, 'tasks:read'));
  const [creating, setCreating] = useState(false);
  const [deprovisioning, setDeprovisioning] = useState<AccountRow>();
  const columns = useMemo<ColumnDef<AccountRow, unknown>[]>(
    () => [
      {
        header: 'Account',
        id: 'account',
        cell: ({ row: { original: a } }) =>
          a.personId ? (
            <AnchorLink to="/people/$personId" params={{ personId: a.personId }} size="sm">
              {a.displayName}
            </AnchorLink>
          ) : (
            <span>
              {a.displayName}{' '}
              <Text span size="xs" c="dimmed">
                (no person)
              </Text>
            </span>
          ),
      },
      { header: 'Email or login', id: 'email', cell: ({ row: { original: a } }) => a.email ?? a.login ?? '' },
      {
        header: 'Status',
        id: 'status',
        size: 300,
        cell: ({ row: { original: a } }) => {
          const task = deprovisions.get(a.accountId);
          return (
            <Group gap={4} wrap="nowrap">
              {a.status && (
                <Badge variant="light" color={INACTIVE.test(a.status) ? 'gray' : 'green'} size="sm" style={{ flexShrink: 0 }}>
                  {a.status}
                </Badge>
              )}
              {task && (
                <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="xs" aria-label={`Deprovision task of ${a.displayName}`}>
                  <Group gap={2} wrap="nowrap">
                    deprovision <TaskStateBadge state={task.state} size="sm" />
                  </Group>
                </AnchorLink>
              )}
            </Group>
          );
        },
      },
      {
        header: '',
        id: 'actions',
        size: 130,
        cell: ({ row: { original: a } }) => {
          const task = deprovisions.get(a.accountId);
          const underWay = task && task.state !== 'succeeded';
          return mayProvision && !underWay && !(a.status && /deleted/i.test(a.status)) ? (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeprovisioning(a)} aria-label={`Deprovision ${a.displayName}`}>
              Deprovision
            </Button>
          ) : null;
        },
      },
    ],
    [deprovisions, mayProvision],
  );
  return (
    <>
      <Group justify="space-between">
        <Title order={3} size="h4">
          Accounts
        </Title>
        {mayProvision && (
          <Button size="xs" onClick={() => setCreating(true)}>
            Create account
          </Button>
        )}
      </Group>
      <InfiniteTable
        label="Accounts"
        queryKey={['accounts', appId]}
        fetchPage={(cursor) => get<Page<AccountRow>>(`/accounts${query({ appId, cursor, limit: 200 })}`)}
        columns={columns}
        rowKey={(a) => a.accountId}
        height={420}
        empty="No account synced yet."
      />
      {creating && <CreateAccountDialog appId={appId} appName={appName} onClose={() => setCreating(false)} />}
      {deprovisioning && <DeprovisionDialog account={deprovisioning} onClose={() => setDeprovisioning(undefined)} />}
    </>
  );
}

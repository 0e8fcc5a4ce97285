/**
 * One access request: who asked, for whom, what and for how long, why; where it stands (live while
 * a task runs) with the time left on active access; the policy that decided and the approval steps,
 * with who may decide now; its grant and revoke tasks; the access conflicts it creates; and its
 * whole history. The actions the viewer may take are at the top: approve or deny (its approvers),
 * withdraw, give back, extend.
 */
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { get, type AccessRequestDetail, type TaskState } from '../api';
import { can, useMe } from '../auth';
import { AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { durationText, requestLabel } from '../components/requests/model';
import { ConfirmRequestDialog, ExtendDialog, RequestDecisionDialog } from '../components/requests/RequestDialogs';
import { Countdown, EmergencyBadge, RequestStateBadge, severityColor } from '../components/requests/RequestBadges';
import { useRequestActions } from '../components/requests/useRequestActions';
import { TaskStateBadge, VerificationBadge } from '../components/tasks/TaskBadges';
import { ago, when } from '../components/time';
import { isMine } from './MyRequestsPage';

const route = getRouteApi('/requests/$requestId');
type Acting = 'approve' | 'deny' | 'release' | 'cancel' | 'extend';

export function RequestPage() {
  const { requestId } = route.useParams();
  const request = useQuery({
    queryKey: ['request', requestId],
    queryFn: () => get<AccessRequestDetail>(`/requests/${requestId}`),
    refetchInterval: (q) => (q.state.data?.state === 'provisioning' || q.state.data?.state === 'revoking' ? 1500 : 15_000),
  });
  return <QueryState query={request}>{(r) => <RequestView request={r} />}</QueryState>;
}

const HISTORY_COLOR: Record<string, string> = { approved: 'green', active: 'green', denied: 'red', failed: 'red', revoke_failed: 'red', conflicts: 'red', cancelled: 'gray', expired: 'gray', ended: 'gray', escalated: 'orange', revoking: 'orange', extended: 'teal' };

function RequestView({ request: r }: { request: AccessRequestDetail }) {
  const me = useMe().data;
  const actions = useRequestActions();
  const [acting, setActing] = useState<Acting>();
  const [notice, setNotice] = useState<string>();
  const approver = r.state === 'pending' && r.approvers.some((a) => a.id === me?.id);
  const holder = isMine(me, r) || r.requester.id === me?.id;
  const act = (a: Acting) => {
    for (const m of Object.values(actions)) m.reset();
    setActing(a);
  };
  const done = (text: string) => () => {
    setActing(undefined);
    setNotice(text);
  };

  return (
    <Stack>
      <AnchorLink to="/requests" size="sm">
        ← My requests
      </AnchorLink>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>
            {r.entitlement.name} <Text span c="dimmed" inherit fw={400}>in {r.app.name}</Text>
          </Title>
          <Group gap="xs" mt={4}>
            <RequestStateBadge state={r.state} size="md" extended={Boolean(r.extendsId && r.grantedAt)} />
            {r.emergency && <EmergencyBadge size="md" />}
            {r.state === 'active' && r.expiresAt && <Countdown expiresAt={r.expiresAt} />}
            <Text size="sm" c="dimmed">
              for {r.person.name} · {durationText(r.durationMinutes)} · asked {ago(r.createdAt)}
            </Text>
          </Group>
        </div>
        <Group gap="xs">
          {approver && (
            <>
              <Button color="green" onClick={() => act('approve')}>
                Approve
              </Button>
              <Button color="red" variant="light" onClick={() => act('deny')}>
                Deny…
              </Button>
            </>
          )}
          {r.state === 'pending' && r.requester.id === me?.id && (
            <Button variant="default" onClick={() => act('cancel')}>
              Withdraw
            </Button>
          )}
          {r.state === 'active' && holder && (
            <Button color="orange" variant="light" onClick={() => act('release')}>
              I’m done: give back
            </Button>
          )}
          {r.state === 'active' && holder && r.expiresAt && (
            <Button variant="default" onClick={() => act('extend')}>
              Extend
            </Button>
          )}
        </Group>
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <Where request={r} />
      {r.conflicts.length > 0 && (
        <Alert color="red" title={`It creates ${r.conflicts.length === 1 ? 'an access conflict' : `${r.conflicts.length} access conflicts`}`} data-testid="request-conflicts">
          <Group gap={6}>
            {r.conflicts.map((c) => (
              <Badge key={c.ruleId} color={severityColor(c.severity)} variant="light" tt="none">
                {c.name} · {c.severity}
              </Badge>
            ))}
          </Group>
          <Text size="sm" mt={6}>
            {r.person.name} holds access on the other side of {r.conflicts.length === 1 ? 'this separation of duties rule' : 'these rules'}: the rule’s owner decides.
          </Text>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Facts request={r} />
        <Card withBorder>
          <Title order={3} size="h5" mb="sm">
            History
          </Title>
          <Timeline bulletSize={12} lineWidth={2} active={r.history.length} aria-label="History">
            {r.history.map((h, i) => (
              <Timeline.Item key={i} color={HISTORY_COLOR[h.kind] ?? 'indigo'} title={<Text size="sm" fw={500}>{h.kind.replace('_', ' ')}</Text>} data-history={h.kind}>
                <Text size="sm">{h.detail}</Text>
                <Text size="xs" c="dimmed">
                  {when(h.at)}
                  {h.actor ? ` · ${h.actor.name}` : ' · Gatehouse'}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Card>
      </SimpleGrid>

      {(acting === 'approve' || acting === 'deny') && (
        <RequestDecisionDialog
          ask={{ decision: acting, what: requestLabel(r), requests: [r] }}
          busy={actions[acting].isPending}
          error={actions[acting].error}
          onClose={() => setActing(undefined)}
          onSubmit={(text) =>
            acting === 'approve'
              ? actions.approve.mutate({ id: r.id, comment: text || undefined }, { onSuccess: done('Approved.') })
              : actions.deny.mutate({ id: r.id, reason: text }, { onSuccess: done('Denied: the requester is told.') })
          }
        />
      )}
      {(acting === 'release' || acting === 'cancel') && (
        <ConfirmRequestDialog
          request={r}
          action={acting}
          busy={actions[acting].isPending}
          error={actions[acting].error}
          onClose={() => setActing(undefined)}
          onConfirm={() => actions[acting].mutate(r.id, { onSuccess: done(acting === 'release' ? 'Being removed from the app now.' : 'Withdrawn.') })}
        />
      )}
      {acting === 'extend' && (
        <ExtendDialog
          request={r}
          busy={actions.extend.isPending}
          error={actions.extend.error}
          onClose={() => setActing(undefined)}
          onSubmit={(v) => actions.extend.mutate({ id: r.id, ...v }, { onSuccess: (x) => done(x.state === 'pending' ? 'More time asked: it waits for approval.' : x.state === 'denied' ? 'The extension was denied by policy.' : 'Extended.')() })}
        />
      )}
    </Stack>
  );
}

/** Where the request stands, in words. */
function Where({ request: r }: { request: AccessRequestDetail }) {
  switch (r.state) {
    case 'pending':
      return (
        <Alert color="yellow" title={`Waiting for approval${r.policy.steps > 1 ? `: step ${r.step + 1} of ${r.policy.steps}` : ''}`}>
          {r.approvers.length ? `${r.approvers.map((a) => a.name).join(', ')} ${r.approvers.length === 1 ? 'decides' : 'decide (any one of them)'}` : 'Nobody could be found to approve this step: it times out and is escalated or denied.'}
          {r.stepDueAt ? `; this step times out ${ago(r.stepDueAt)}.` : '.'} Undecided, the request expires {ago(r.decideBy)}.
        </Alert>
      );
    case 'provisioning':
      return (
        <Alert color="blue" title="Being granted">
          The grant task is running in {r.app.name}; this page follows it.
        </Alert>
      );
    case 'active':
      return (
        <Alert color="green" title="Active">
          Granted {when(r.grantedAt)}; {r.expiresAt ? `removed automatically ${when(r.expiresAt)}` : 'permanent: it stays until given back or removed'}.
        </Alert>
      );
    case 'revoking':
      return (
        <Alert color="orange" title="Being removed">
          The revoke task is running in {r.app.name}.
        </Alert>
      );
    default:
      return null;
  }
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={150} fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function TaskRef({ task, label }: { task: AccessRequestDetail['task']; label: string }) {
  const me = useMe().data;
  if (!task) return null;
  return (
    <Group gap={6}>
      {can(me, 'tasks:read') ? (
        <AnchorLink to="/tasks/$taskId" params={{ taskId: task.id }} size="sm">
          {label}
        </AnchorLink>
      ) : (
        <Text size="sm">{label}</Text>
      )}
      <TaskStateBadge state={task.state as TaskState} size="sm" />
      <VerificationBadge verification={task.verification} />
    </Group>
  );
}

function Facts({ request: r }: { request: AccessRequestDetail }) {
  const decided = r.policy.rule ? `rule “${r.policy.rule}”` : 'the policy’s baseline';
  const outcome = r.policy.outcome === 'approve' ? 'approved at once' : r.policy.outcome === 'deny' ? 'denied' : `${r.policy.steps} approval step${r.policy.steps === 1 ? '' : 's'}`;
  return (
    <Card withBorder>
      <Table aria-label="The request" verticalSpacing={6}>
        <Table.Tbody>
          <Row label="For">
            {r.person.name} <Text span size="xs" c="dimmed">{r.person.email}</Text>
          </Row>
          {r.requester.email.toLowerCase() !== r.person.email.toLowerCase() && (
            <Row label="Asked by">
              {r.requester.name} <Text span size="xs" c="dimmed">{r.requester.email}</Text>
            </Row>
          )}
          <Row label="Access">
            {r.entitlement.name} in {r.app.name}
          </Row>
          <Row label="Duration">{r.emergency ? `${durationText(r.durationMinutes)} (emergency)` : durationText(r.durationMinutes)}</Row>
          <Row label="Reason">{r.reason ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</Text> : <Text size="sm" c="dimmed">none given</Text>}</Row>
          <Row label="Policy">
            {decided}: {outcome}
          </Row>
          {r.state === 'pending' && (
            <Row label="Approvers now">
              {r.approvers.length ? r.approvers.map((a) => `${a.name} <${a.email}>`).join(', ') : <Text size="sm" c="orange.8">nobody found</Text>}
            </Row>
          )}
          {r.extendsId && (
            <Row label="Extends">
              <AnchorLink to="/requests/$requestId" params={{ requestId: r.extendsId }} size="sm">
                the earlier request
              </AnchorLink>
            </Row>
          )}
          {r.grantedAt && <Row label="Granted">{when(r.grantedAt)}</Row>}
          {r.expiresAt && <Row label={r.extendsId && r.state === 'ended' ? 'The access now ends' : r.state === 'active' || r.state === 'provisioning' ? 'Ends' : 'Was to end'}>{when(r.expiresAt)}</Row>}
          {r.state === 'ended' && !r.extendsId && <Row label="Ended">{when(r.updatedAt)}</Row>}
          {(r.task || r.revokeTask) && (
            <Row label="Tasks">
              <Stack gap={4}>
                <TaskRef task={r.task} label="Grant" />
                <TaskRef task={r.revokeTask} label="Revoke" />
              </Stack>
            </Row>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

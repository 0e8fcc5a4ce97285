/** One review item in full: the holder, the access, the review so far (steps, decisions, reassignments) and its revocation tasks. */
import { Badge, Drawer, Group, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { get, type ReviewItemDetail } from '../../api';
import { can, useMe } from '../../auth';
import { AnchorLink } from '../links';
import { QueryState } from '../QueryState';
import { TaskStateBadge, VerificationBadge } from '../tasks/TaskBadges';
import { ago, when } from '../time';
import { day, holdText, holderName } from './model';
import { ItemStateBadge, RecommendationBadge } from './ReviewBadges';

export function ItemDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const item = useQuery({ queryKey: ['reviews', 'item', id], queryFn: () => get<ReviewItemDetail>(`/reviews/items/${id}`) });
  return (
    <Drawer opened onClose={onClose} position="right" size="lg" title={item.data ? `${holderName(item.data)}: ${item.data.entitlement.name}` : 'Review item'}>
      <QueryState query={item}>{(i) => <ItemDetail item={i} />}</QueryState>
    </Drawer>
  );
}

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <Table.Tr>
    <Table.Th w={160} fw={500} c="dimmed">
      {label}
    </Table.Th>
    <Table.Td>{children}</Table.Td>
  </Table.Tr>
);

const KIND: Record<string, string> = { decision: 'decided', reassign: 'reassigned', removed: 'saw it removed outside the campaign', due: 'closed it at the due date', remediation: 'noted about the revocation' };

export function ItemDetail({ item: i }: { item: ReviewItemDetail }) {
  const me = useMe().data;
  const p = i.person;
  return (
    <Stack>
      <Group gap="xs">
        <ItemStateBadge state={i.state} />
        {i.decision && i.state === 'pending' && (
          <Badge size="sm" variant="light" color={i.decision === 'revoke' ? 'red' : 'green'} tt="none">
            draft: {i.decision}
          </Badge>
        )}
        <RecommendationBadge recommendation={i.recommendation} withReason />
        {i.recommendation && (
          <Text size="sm" c="dimmed">
            {i.recommendation.reason}
          </Text>
        )}
      </Group>
      <Title order={4}>Who</Title>
      <Table aria-label="Holder">
        <Table.Tbody>
          <Row label="Account">
            {i.principal.name} <Text span size="xs" c="dimmed">({i.principal.type} {i.principal.id})</Text>
          </Row>
          {p ? (
            <>
              <Row label="Person">
                {p.name} &lt;{p.email}&gt;
              </Row>
              <Row label="Title, department">{[p.title, p.department].filter(Boolean).join(' · ') || '–'}</Row>
              <Row label="Manager">{p.manager ? `${p.manager}${p.managerEmail ? ` <${p.managerEmail}>` : ''}` : '–'}</Row>
              <Row label="Directory status">{p.status}</Row>
            </>
          ) : (
            <Row label="Person">No person is linked to this account</Row>
          )}
          <Row label="Account status">{i.account.status ?? 'not reported'}</Row>
          <Row label="Last use">{i.account.lastUse ? `${ago(i.account.lastUse)} (${when(i.account.lastUse)})` : 'not reported by the app'}</Row>
        </Table.Tbody>
      </Table>
      <Title order={4}>Access</Title>
      <Table aria-label="Access">
        <Table.Tbody>
          <Row label="App">{i.app.name}</Row>
          <Row label="Entitlement">
            {i.entitlement.name} <Text span size="xs" c="dimmed">({i.entitlement.id})</Text>
          </Row>
          <Row label="Held">{holdText(i)}</Row>
          <Row label="Since">{i.firstSeen ? day(i.firstSeen) : 'before Gatehouse first synced it'}</Row>
          <Row label="Peers">{i.peers ? `${i.peers.holding} of ${i.peers.total} with the same title and department hold it` : '–'}</Row>
          <Row label="Last review">{i.previousDecision ?? 'not reviewed before'}</Row>
        </Table.Tbody>
      </Table>
      <Title order={4}>Review</Title>
      <Table aria-label="Review">
        <Table.Tbody>
          <Row label="Campaign">
            {i.campaignName} · due {day(i.dueAt)}
          </Row>
          <Row label="Step">
            {i.step + 1} of {i.steps}: {i.stepName}
          </Row>
          <Row label="Reviewer">
            {i.reviewer?.name ?? 'nobody yet'}
            {i.assignedBecause && (
              <Text span size="xs" c="dimmed">
                {' '}
                ({i.assignedBecause})
              </Text>
            )}
          </Row>
          {i.comment && <Row label="Comment">{i.comment}</Row>}
        </Table.Tbody>
      </Table>
      {i.history.length > 0 && (
        <>
          <Title order={4}>History</Title>
          <Timeline bulletSize={14} lineWidth={2} aria-label="History">
            {i.history.map((h, k) => (
              <Timeline.Item key={k} title={`${h.actor?.name ?? 'Gatehouse'} ${KIND[h.kind] ?? h.kind}${h.decision ? `: ${h.decision}` : ''}${h.kind === 'reassign' && h.reviewer ? ` to ${h.reviewer.name}` : ''}`}>
                <Text size="xs" c="dimmed">
                  step {h.step + 1} · {when(h.at)}
                </Text>
                {h.comment && <Text size="sm">{h.comment}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </>
      )}
      {i.tasks.length > 0 && (
        <>
          <Title order={4}>Revocation</Title>
          {i.tasks.map((t) => (
            <Group key={t.id} gap="xs">
              <TaskStateBadge state={t.state as Parameters<typeof TaskStateBadge>[0]['state']} size="sm" />
              <VerificationBadge verification={t.verification} />
              {can(me, 'tasks:read') ? (
                <AnchorLink to="/tasks/$taskId" params={{ taskId: t.id }} size="sm">
                  {t.summary}
                </AnchorLink>
              ) : (
                <Text size="sm">{t.summary}</Text>
              )}
              {t.error && (
                <Text size="xs" c="red">
                  {t.error}
                </Text>
              )}
            </Group>
          ))}
        </>
      )}
    </Stack>
  );
}

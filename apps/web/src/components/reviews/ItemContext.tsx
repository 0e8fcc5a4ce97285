/**
 * The context beside a review item, so that a decision is quick: who holds the access (title,
 * department, manager, whether they are still active), how (direct or through a group, since
 * when), whether the account is used, how many peers hold it, what the last review decided.
 */
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ReviewItem } from '../../api';
import { ago, when } from '../time';
import { day, holdText } from './model';

const INACTIVE = /^(deprovisioned|suspended|disabled|deleted|inactive|not in directory)$/i;
const UNUSED_DAYS = 90;

export function PersonCell({ item: i }: { item: ReviewItem }) {
  const p = i.person;
  if (!p) {
    return (
      <Stack gap={0}>
        <Text size="sm" fw={500} truncate>
          {i.principal.name}
        </Text>
        <Text size="xs" c="orange.8">
          {i.principal.type === 'user' ? 'No person linked to this account' : `${i.principal.type} ${i.principal.id}`}
        </Text>
      </Stack>
    );
  }
  const role = [p.title, p.department].filter(Boolean).join(' · ');
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500} truncate title={p.email}>
          {p.name}
        </Text>
        {INACTIVE.test(p.status) && (
          <Badge size="xs" color="red" variant="light" tt="none">
            {p.status}
          </Badge>
        )}
      </Group>
      {role && (
        <Text size="xs" c="dimmed" truncate>
          {role}
        </Text>
      )}
      <Text size="xs" c="dimmed" truncate title={p.managerEmail ?? undefined}>
        {p.manager ? `Manager: ${p.manager}` : 'No manager in the directory'}
      </Text>
    </Stack>
  );
}

export function AccessCell({ item: i }: { item: ReviewItem }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} truncate title={i.entitlement.id}>
        {i.entitlement.name}
      </Text>
      <Group gap={6} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {i.app.name}
        </Text>
        <Badge size="xs" variant="light" color={i.direct ? 'indigo' : 'cyan'} tt="none" title={holdText(i)} style={{ maxWidth: 180 }}>
          {holdText(i)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" title={when(i.firstSeen)}>
        {i.firstSeen ? `Since ${day(i.firstSeen)}` : 'Since before the first sync'}
      </Text>
    </Stack>
  );
}

/** Account status, last use, peers, last review: one short line each. */
export function SignalsCell({ item: i }: { item: ReviewItem }) {
  const lastUse = i.account.lastUse;
  const unusedDays = lastUse ? Math.floor((Date.now() - Date.parse(lastUse)) / 86_400_000) : undefined;
  const status = i.account.status;
  const accountOff = status && /disabled|deleted|suspended|deprovisioned|inactive/i.test(status);
  return (
    <Stack gap={2}>
      <Text size="xs" c={accountOff ? 'red.7' : undefined}>
        {status ? `Account ${status.toLowerCase()}` : 'Account status unknown'}
      </Text>
      <Text size="xs" c={unusedDays !== undefined && unusedDays >= UNUSED_DAYS ? 'orange.8' : 'dimmed'} title={lastUse ? when(lastUse) : undefined}>
        {lastUse ? `Last used ${ago(lastUse)}` : 'Last use not reported'}
      </Text>
      {i.peers && (
        <Tooltip label="People with the same title and department (the holder among them) who hold it" openDelay={300}>
          <Text size="xs" c={i.peers.total >= 3 && i.peers.holding <= 1 ? 'orange.8' : 'dimmed'}>
            {i.peers.total > 1 ? `${i.peers.holding} of ${i.peers.total} peers hold it` : 'No peer to compare with'}
          </Text>
        </Tooltip>
      )}
      {i.previousDecision && (
        <Text size="xs" c={i.previousDecision === 'revoked' ? 'orange.8' : 'dimmed'}>
          {i.previousDecision === 'revoked' ? 'Revoked in the last review (back again)' : `Last review: ${i.previousDecision}`}
        </Text>
      )}
      {i.conflicts.map((c) => (
        <Tooltip key={c.ruleId} label="The holder holds both sides of this separation-of-duties rule now" openDelay={300}>
          <Text size="xs" c="red.7" fw={500}>
            Access conflict: {c.name} ({c.severity})
          </Text>
        </Tooltip>
      ))}
    </Stack>
  );
}

export function SuggestionCell({ item: i }: { item: ReviewItem }) {
  if (!i.recommendation) {
    return (
      <Text size="xs" c="dimmed">
        No suggestion
      </Text>
    );
  }
  const revoke = i.recommendation.decision === 'revoke';
  return (
    <Stack gap={2}>
      <Badge color={revoke ? 'red' : 'teal'} variant="outline" size="sm" tt="none" data-recommendation={i.recommendation.decision}>
        {revoke ? 'Suggest revoke' : 'Suggest approve'}
      </Badge>
      <Text size="xs" c="dimmed" lineClamp={2} title={i.recommendation.reason}>
        {i.recommendation.reason}
      </Text>
    </Stack>
  );
}

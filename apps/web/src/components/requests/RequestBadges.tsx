/** Access requests' states, emergency flag, access conflicts and expiry countdown, as badges and text. */
import { Badge, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { RequestState, Severity } from '../../api';
import { when } from '../time';
import { REQUEST_STATE_COLOR, REQUEST_STATE_LABEL, SEVERITY_COLOR, timeLeft } from './model';

/** A request's state; an extension that was granted (it "ends" at once, moving the expiry of the access it extends) says so. */
export function RequestStateBadge({ state, size = 'sm', extended }: { state: RequestState; size?: 'sm' | 'md'; extended?: boolean }) {
  const busy = state === 'provisioning' || state === 'revoking';
  const granted = extended && state === 'ended';
  return (
    <Badge color={granted ? 'teal' : REQUEST_STATE_COLOR[state]} variant="light" size={size} tt="none" leftSection={busy ? <Loader size={10} color={REQUEST_STATE_COLOR[state]} /> : undefined} data-request-state={state} style={{ flexShrink: 0 }}>
      {granted ? 'Extension granted' : REQUEST_STATE_LABEL[state]}
    </Badge>
  );
}

export function EmergencyBadge({ size = 'sm' }: { size?: 'sm' | 'md' }) {
  return (
    <Tooltip label="Break-glass access: granted at once without approval, announced to the administrators and the app’s owners, reviewed afterwards" multiline maw={320} openDelay={200}>
      <Badge color="red" variant="filled" size={size} tt="none" data-emergency="true" style={{ flexShrink: 0 }}>
        Emergency
      </Badge>
    </Tooltip>
  );
}

export const severityColor = (severity: string) => SEVERITY_COLOR[severity as Severity] ?? 'red';

export function SeverityBadge({ severity, size = 'sm' }: { severity: string; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge color={severityColor(severity)} variant={severity === 'critical' ? 'filled' : 'light'} size={size} tt="none" data-severity={severity} style={{ flexShrink: 0 }}>
      {severity}
    </Badge>
  );
}

/** The access conflicts a request creates (or would), in red. */
export function ConflictList({ conflicts }: { conflicts: { ruleId: string; name: string; severity: string }[] }) {
  if (!conflicts.length) return null;
  return (
    <Group gap={4} data-testid="request-conflicts">
      <Text size="xs" c="red.8" fw={600}>
        Creates {conflicts.length === 1 ? 'an access conflict' : `${conflicts.length} access conflicts`}:
      </Text>
      {conflicts.map((c) => (
        <Tooltip key={c.ruleId} label={`Separation of duties rule “${c.name}” (${c.severity})`}>
          <Badge color="red" variant="outline" size="sm" tt="none" data-conflict={c.name}>
            {c.name} · {c.severity}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** Re-renders every `ms` while mounted (countdowns). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** "1 h 59 min left", live; orange in its last hour. */
export function Countdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow(15_000);
  const left = Date.parse(expiresAt) - now;
  return (
    <Text span size="sm" c={left < 3_600_000 ? 'orange.8' : undefined} fw={500} title={`Ends ${when(expiresAt)}`} data-testid="expires-in" data-expires-at={expiresAt}>
      {timeLeft(expiresAt, now)} left
    </Text>
  );
}

/** A task's state and what the app said afterwards (verification), as badges. */
import { Badge, Loader, Tooltip } from '@mantine/core';
import type { TaskState } from '../../api';
import { isLive, STATE_LABEL } from './model';

const STATE_COLOR: Record<TaskState, string> = { pending: 'gray', running: 'blue', succeeded: 'green', failed: 'red', manual: 'orange', cancelled: 'dark' };

export function TaskStateBadge({ state, size }: { state: TaskState; size?: 'sm' | 'md' }) {
  return (
    <Badge color={STATE_COLOR[state]} variant="light" size={size} style={{ flexShrink: 0 }} leftSection={isLive(state) ? <Loader size={10} color={STATE_COLOR[state]} /> : undefined} data-task-state={state}>
      {STATE_LABEL[state]}
    </Badge>
  );
}

/** The server's schema types verification as a string; unknown values show as they are. */
const VERIFICATION: Record<string, { label: string; color: string; variant: 'light' | 'filled'; tip: string }> = {
  pending: { label: 'awaiting sync', color: 'gray', variant: 'light', tip: 'The next sync of the app confirms the change.' },
  read_confirmed: { label: 'read back', color: 'teal', variant: 'light', tip: 'A read of the app right after the change showed it; the next sync confirms it.' },
  confirmed: { label: 'confirmed', color: 'green', variant: 'filled', tip: 'The sync after the change found it in place.' },
  drift: { label: 'drift', color: 'red', variant: 'filled', tip: 'The sync after the change did not find it: it was undone in the app, or it did not hold.' },
  not_checked: { label: 'not checked', color: 'gray', variant: 'light', tip: 'A sync cannot tell whether this change is in place.' },
};

export function VerificationBadge({ verification }: { verification: string | null }) {
  if (!verification) return null;
  const v = VERIFICATION[verification] ?? { label: verification, color: 'gray', variant: 'light' as const, tip: '' };
  return (
    <Tooltip label={v.tip} disabled={!v.tip} openDelay={300}>
      <Badge color={v.color} variant={v.variant} size="sm" tt="none" style={{ flexShrink: 0 }} data-verification={verification}>
        {v.label}
      </Badge>
    </Tooltip>
  );
}

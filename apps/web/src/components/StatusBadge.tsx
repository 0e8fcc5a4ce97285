import { Badge, Loader } from '@mantine/core';
import type { ConnectorStatus } from '../api';

const LOOK: Record<ConnectorStatus, { label: string; color: string }> = {
  not_connected: { label: 'Not connected', color: 'gray' },
  syncing: { label: 'Syncing', color: 'blue' },
  connected: { label: 'Connected', color: 'green' },
  error: { label: 'Error', color: 'red' },
};

export function StatusBadge({ status }: { status: ConnectorStatus }) {
  const look = LOOK[status] ?? LOOK.not_connected;
  return (
    <Badge color={look.color} variant="light" leftSection={status === 'syncing' ? <Loader size={10} color="blue" /> : undefined} data-status={status}>
      {look.label}
    </Badge>
  );
}

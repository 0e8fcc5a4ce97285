import { Badge, Loader } from '@mantine/core';
import type { ConnectorStatus } from '../api';

const LOOK: Record<ConnectorStatus, { label: string; color: string }> = {
  not_connected: { label: 'Not connected', color: 'gray' },
  syncing: { label: 'Syncing', color: 'blue' },
  connected: { label: 'Connected', color: 'green' },
  error: { label: 'Error', color: 'red' },
};

/** A connector's status. Connectors' schema types it as a string: an unknown one shows as Not connected. */
export function StatusBadge({ status }: { status: string }) {
  const look = LOOK[status as ConnectorStatus] ?? LOOK.not_connected;
  return (
    <Badge color={look.color} variant="light" leftSection={status === 'syncing' ? <Loader size={10} color="blue" /> : undefined} data-status={status}>
      {look.label}
    </Badge>
  );
}

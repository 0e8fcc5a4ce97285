/** Who the directory (Okta) assigns this app to, kept visible once the app is managed. */
import { Card, Group, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type Connector } from '../api';
import { AnchorLink } from './links';

interface Assignment {
  id: string;
  principalType: string;
  principalId: string;
  direct: boolean;
}

export function DirectoryAssignments({ appId, connectorId, externalId }: { appId: string; connectorId: string; externalId: string }) {
  const assignments = useQuery({ queryKey: ['directory-assignments', appId], queryFn: () => get<{ items: Assignment[] }>(`/apps/${appId}/directory-assignments`) });
  const directory = useQuery({ queryKey: ['connector', connectorId], queryFn: () => get<Connector>(`/connectors/${connectorId}`) });
  if (!assignments.data || !directory.data) return null;
  const items = assignments.data.items;
  const count = (type: string, direct: boolean) => items.filter((i) => i.principalType === type && i.direct === direct).length;
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb={4}>
        Assigned in the directory
      </Title>
      <Group gap="lg">
        <Text size="sm">
          {count('user', true)} users and {count('group', true)} groups assigned directly; {count('user', false)} users through their groups.
        </Text>
        <AnchorLink to="/explorer" search={{ tab: 'grants', app: directory.data.appId, entitlement: `app:${externalId}:access` }} size="sm">
          See them in the explorer
        </AnchorLink>
      </Group>
    </Card>
  );
}

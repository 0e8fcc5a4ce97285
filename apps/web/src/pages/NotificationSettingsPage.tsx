/**
 * Settings → Notifications: whether email is configured (from the server's environment; the
 * password is never shown), the webhooks (add, edit, test, remove), and the recent notifications
 * with the state of each delivery, so a person can see that one went out or why it did not.
 */
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get, type Delivery, type NotificationRecord, type NotificationSettings, type Page, type Webhook } from '../api';
import { can, useMe } from '../auth';
import { ErrorState, QueryState } from '../components/QueryState';
import { ago, when } from '../components/time';
import { EVENT_LABELS, WebhookForm } from '../components/WebhookForm';

const STATE_COLOR: Record<Delivery['state'], string> = { queued: 'yellow', sending: 'blue', sent: 'green', failed: 'red', cancelled: 'gray' };

export function NotificationSettingsPage() {
  const me = useMe().data;
  const settings = useQuery({ queryKey: ['notification-settings'], queryFn: () => get<NotificationSettings>('/notifications/settings') });
  const webhooks = useQuery({ queryKey: ['webhooks'], queryFn: () => get<{ items: Webhook[] }>('/webhooks') });
  const [editing, setEditing] = useState<Webhook | 'new'>();
  const [shownSecret, setShownSecret] = useState<string>();

  return (
    <Stack>
      <Title order={2}>Notifications</Title>
      <QueryState query={settings}>{(s) => <EmailCard settings={s} />}</QueryState>

      <Group justify="space-between">
        <Title order={3} size="h4">
          Webhooks
        </Title>
        <Button onClick={() => setEditing('new')} disabled={!settings.data}>
          Add webhook
        </Button>
      </Group>
      {shownSecret && (
        <Alert color="yellow" title="The webhook's signing secret" withCloseButton onClose={() => setShownSecret(undefined)}>
          <Stack gap="xs">
            <Text size="sm">Give it to the receiver now: it is shown this once and never again.</Text>
            <Group gap="xs">
              <Code data-testid="signing-secret">{shownSecret}</Code>
              <CopyButton value={shownSecret}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
      <QueryState query={webhooks}>
        {(w) =>
          w.items.length === 0 ? (
            <Text c="dimmed">No webhook yet. Add one to send notifications to Slack, a chat bot or a SIEM.</Text>
          ) : (
            <Stack gap="xs" aria-label="Webhooks">
              {w.items.map((h) => (
                <WebhookCard key={h.id} webhook={h} onEdit={() => setEditing(h)} />
              ))}
            </Stack>
          )
        }
      </QueryState>
      {editing && settings.data && <WebhookForm webhook={editing === 'new' ? undefined : editing} events={settings.data.events} onClose={() => setEditing(undefined)} onCreated={setShownSecret} />}

      {can(me, 'audit:read') && <RecentNotifications />}
    </Stack>
  );
}

function EmailCard({ settings: s }: { settings: NotificationSettings }) {
  const e = s.email;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group gap="sm">
          <Text fw={600}>Email</Text>
          <Badge color={e.configured ? 'green' : 'gray'} variant="light">
            {e.configured ? 'configured' : 'not configured'}
          </Badge>
        </Group>
        {e.configured ? (
          <Text size="sm">
            Sent through {e.host}:{e.port} ({e.secure ? 'TLS' : e.requireTls ? 'STARTTLS required' : 'STARTTLS when offered'}) as {e.from}
            {e.user ? `, signed in as ${e.user} (password ${e.password})` : ', without signing in'}.
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Notifications reach the in-app inbox and webhooks only. To send email, set GATEHOUSE_SMTP_URL (smtp://user:password@host:587) or GATEHOUSE_SMTP_HOST, _PORT, _USER, _PASSWORD, and GATEHOUSE_SMTP_FROM, then restart the server.
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Links in notifications start with {s.publicUrl ?? 'the address the server listens on'} (GATEHOUSE_PUBLIC_URL). Webhooks may reach public https URLs
          {s.outboundAllow.length ? `, and ${s.outboundAllow.join(', ')}` : ''} (GATEHOUSE_OUTBOUND_ALLOW).
        </Text>
      </Stack>
    </Card>
  );
}

function WebhookCard({ webhook: h, onEdit }: { webhook: Webhook; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const test = useMutation({ mutationFn: () => api<{ delivered: boolean; status: number | null; error: string | null }>('POST', `/webhooks/${h.id}/test`) });
  const remove = useMutation({ mutationFn: () => api('DELETE', `/webhooks/${h.id}`), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }) });
  const toggle = useMutation({ mutationFn: (enabled: boolean) => api('PATCH', `/webhooks/${h.id}`, { enabled }), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['webhooks'] }) });
  return (
    <Card withBorder padding="sm" data-webhook={h.name}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={600}>{h.name}</Text>
            <Badge variant="light">{h.format === 'slack' ? 'Slack' : 'JSON'}</Badge>
            {!h.enabled && (
              <Badge color="gray" variant="light">
                disabled
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => test.mutate()} loading={test.isPending}>
              Send test
            </Button>
            <Button size="xs" variant="default" onClick={() => toggle.mutate(!h.enabled)} loading={toggle.isPending}>
              {h.enabled ? 'Disable' : 'Enable'}
            </Button>
            <Button size="xs" variant="default" onClick={onEdit}>
              Edit
            </Button>
            <Button size="xs" color="red" variant="subtle" onClick={() => window.confirm(`Remove the webhook ${h.name}?`) && remove.mutate()} loading={remove.isPending}>
              Remove
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {h.url}
        </Text>
        <Text size="sm">{h.events.map((e) => EVENT_LABELS[e] ?? e).join(' · ')}</Text>
        <Text size="xs" c="dimmed">
          Signing secret {h.secret}
        </Text>
        {test.data &&
          (test.data.delivered ? (
            <Alert color="green" title="Test delivered">
              The receiver answered {test.data.status}.
            </Alert>
          ) : (
            <Alert color="red" title="Test not delivered" role="alert">
              {test.data.error}
            </Alert>
          ))}
        {(test.error || remove.error || toggle.error) && <ErrorState error={test.error ?? remove.error ?? toggle.error} />}
      </Stack>
    </Card>
  );
}

function RecentNotifications() {
  const recent = useQuery({ queryKey: ['notifications', 'recent'], queryFn: () => get<Page<NotificationRecord>>('/notifications?limit=50'), refetchInterval: 15_000 });
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Recent notifications
      </Title>
      <QueryState query={recent}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">Nothing was notified yet.</Text>
          ) : (
            <Table striped aria-label="Recent notifications">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Deliveries</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td title={when(n.createdAt)}>{ago(n.createdAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{n.subject}</Text>
                      <Text size="xs" c="dimmed">
                        {n.event}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{n.recipients.map((r) => r.email ?? r.userId).join(', ') || '–'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {n.deliveries.length === 0 && <Text size="sm">in-app only</Text>}
                        {n.deliveries.map((d) => (
                          <Tooltip key={d.id} label={deliveryDetail(d)} multiline w={320}>
                            <Badge color={STATE_COLOR[d.state]} variant="light" data-delivery-state={d.state}>
                              {d.channel === 'email' ? '✉' : '↗'} {d.target}: {d.state}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

function deliveryDetail(d: Delivery): string {
  const parts = [`${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`];
  if (d.sentAt) parts.push(`sent ${when(d.sentAt)}${d.response ? ` (${d.response})` : ''}`);
  if (d.lastError) parts.push(`last error: ${d.lastError}`);
  if (d.nextAttemptAt) parts.push(`next attempt ${when(d.nextAttemptAt)}`);
  return parts.join(' · ');
}

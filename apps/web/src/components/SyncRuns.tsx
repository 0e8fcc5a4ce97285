/** A connector's sync runs, newest first, live while one is queued or running; each opens to its warnings and log. */
import { Accordion, Badge, Code, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type Connector, type SyncRun } from '../api';
import { QueryState } from './QueryState';
import { duration, when } from './time';

const COLOR: Record<string, string> = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red' };

// A run's counts and warnings are free-form in the API's schema (the engine adds to them as it
// learns more): read what is there as numbers and messages.
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A count, or the sum of a count per type (`resources: { user: 3, group: 2 }`). */
function total(v: unknown): number {
  if (v && typeof v === 'object') return Object.values(v).reduce((a: number, b) => a + num(b), 0);
  return num(v);
}

function warningText(w: unknown): string {
  return w && typeof w === 'object' && 'message' in w ? String(w.message) : String(w);
}

export function SyncRuns({ connector }: { connector: Connector }) {
  const runs = useQuery({
    queryKey: ['sync-runs', connector.id],
    queryFn: () => get<{ items: SyncRun[] }>(`/connectors/${connector.id}/sync-runs?limit=20`),
    refetchInterval: (q) => (connector.status === 'syncing' || q.state.data?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : 15_000),
  });
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        Sync runs
      </Title>
      <QueryState query={runs}>
        {(data) =>
          data.items.length === 0 ? (
            <Text c="dimmed">No sync yet.</Text>
          ) : (
            <Accordion variant="separated" aria-label="Sync runs">
              {data.items.map((r) => (
                <Accordion.Item key={r.id} value={r.id} data-run-status={r.status}>
                  <Accordion.Control>
                    <Group gap="sm" wrap="wrap">
                      <Badge color={COLOR[r.status]} variant="light">
                        {r.status}
                      </Badge>
                      <Text size="sm">{when(r.startedAt ?? r.queuedAt)}</Text>
                      <Text size="sm" c="dimmed">
                        {r.trigger} · {duration(r.startedAt, r.endedAt)} · {r.apiCalls.toLocaleString()} API calls
                      </Text>
                      {r.status === 'succeeded' && (
                        <Text size="sm">
                          {total(r.counts.resources).toLocaleString()} resources · {num(r.counts.grants).toLocaleString()} grants ·{' '}
                          <Text span c="green.8">
                            +{r.grantsAdded}
                          </Text>{' '}
                          <Text span c="red.8">
                            −{r.grantsRemoved}
                          </Text>
                        </Text>
                      )}
                      {r.warnings.length > 0 && (
                        <Badge color="orange" variant="light">
                          {r.warnings.length} warning{r.warnings.length > 1 ? 's' : ''}
                        </Badge>
                      )}
                    </Group>
                    {r.status === 'running' && num(r.counts.lists) ? <Progress mt={6} value={(100 * num(r.counts.listsDone)) / num(r.counts.lists)} aria-label="Sync progress" animated /> : null}
                  </Accordion.Control>
                  <Accordion.Panel>
                    <Stack gap="xs">
                      {r.error && (
                        <Text c="red" size="sm">
                          {r.error}
                        </Text>
                      )}
                      {r.warnings.map((w, i) => (
                        <Text key={i} size="sm" c="orange.8">
                          {warningText(w)}
                        </Text>
                      ))}
                      <Code block style={{ maxHeight: 280, overflow: 'auto' }}>
                        {r.log || 'no log'}
                      </Code>
                    </Stack>
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )
        }
      </QueryState>
    </Stack>
  );
}

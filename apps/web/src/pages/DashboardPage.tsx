/** The dashboard: apps by connector status, grants per app (a chart), and what is left unmatched. */
import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Navigate } from '@tanstack/react-router';
import { get, type Stats } from '../api';
import { can, useMe } from '../auth';
import { QueryState } from '../components/QueryState';
import { AnchorLink } from '../components/links';

const STATUS = [
  { key: 'connected', label: 'Connected', color: 'green.6' },
  { key: 'syncing', label: 'Syncing', color: 'blue.6' },
  { key: 'error', label: 'Error', color: 'red.6' },
  { key: 'not_connected', label: 'Not connected', color: 'gray.5' },
] as const;

function Figure({ label, value, to, search }: { label: string; value: number; to: string; search?: Record<string, string> }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <AnchorLink to={to} search={search} fz={28} fw={700} aria-label={`${label}: ${value}`}>
        {value.toLocaleString()}
      </AnchorLink>
    </Card>
  );
}

export function DashboardPage() {
  const me = useMe().data;
  // Basic users read no catalog: their home is their reviews.
  if (me && !can(me, 'catalog:read')) return <Navigate to="/reviews" replace />;
  return <Dashboard />;
}

function Dashboard() {
  const stats = useQuery({
    queryKey: ['stats'],
    queryFn: () => get<Stats>('/stats'),
    // While something syncs the figures move: keep them current.
    refetchInterval: (q) => ((q.state.data?.apps.byStatus.syncing ?? 0) > 0 ? 2000 : 15_000),
  });
  return (
    <Stack>
      <Title order={2}>Dashboard</Title>
      <QueryState query={stats}>
        {(s) => (
          <>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Figure label="Apps" value={s.apps.total} to="/apps" />
              <Figure label="People" value={s.people.total} to="/people" />
              <Figure label="Accounts without a person" value={s.accounts.withoutPerson} to="/accounts/unmatched" />
              <Figure label="People without a directory account" value={s.people.withoutDirectoryAccount} to="/people" />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Title order={3} size="h4" mb="sm">
                  Apps by status
                </Title>
                <Group wrap="nowrap" align="center">
                  <DonutChart
                    size={150}
                    thickness={24}
                    withTooltip
                    data={STATUS.map((st) => ({ name: st.label, value: s.apps.byStatus[st.key] ?? 0, color: st.color }))}
                    aria-label="Apps by connector status"
                  />
                  <Stack gap={4}>
                    {STATUS.map((st) => (
                      <Text key={st.key} size="sm" data-testid={`apps-${st.key}`}>
                        {st.label}: <b>{s.apps.byStatus[st.key] ?? 0}</b>
                      </Text>
                    ))}
                    {s.apps.discovered > 0 && (
                      <AnchorLink to="/apps" search={{ view: 'discovered' }} size="sm">
                        {s.apps.discovered} discovered apps not yet managed
                      </AnchorLink>
                    )}
                  </Stack>
                </Group>
              </Card>
              <Card withBorder>
                <Title order={3} size="h4" mb="sm">
                  Grants per app
                </Title>
                {s.grantsPerApp.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    No grants yet: add an app and a connector, then sync it.
                  </Text>
                ) : (
                  <BarChart
                    h={Math.max(160, Math.min(12, s.grantsPerApp.length) * 36)}
                    data={s.grantsPerApp.slice(0, 12).map((g) => ({ app: g.name, Direct: g.grants - g.inherited, Inherited: g.inherited }))}
                    dataKey="app"
                    orientation="vertical"
                    type="stacked"
                    withLegend
                    // interval 0: every bar keeps its app's name (by default the axis drops labels it finds crowded).
                    yAxisProps={{ width: 110, interval: 0 }}
                    series={[
                      { name: 'Direct', color: 'indigo.6' },
                      { name: 'Inherited', color: 'cyan.4' },
                    ]}
                    aria-label="Grants per app, direct and inherited"
                  />
                )}
              </Card>
            </SimpleGrid>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

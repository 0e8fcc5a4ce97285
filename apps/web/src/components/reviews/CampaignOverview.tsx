/**
 * A started campaign at a glance: its counts, the burndown of items still open per day against a
 * steady pace to the due date, what is left per reviewer and per app (the dashboard's charts), and
 * where its revocations are (done, in progress, waiting for an app owner, failed, undone: drift).
 */
import { BarChart, LineChart } from '@mantine/charts';
import { Card, Group, Progress, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, type CampaignDetail, type CampaignProgress, type Remediation } from '../../api';
import { AnchorLink } from '../links';
import { QueryState } from '../QueryState';
import { decidedCount } from './model';

function Figure({ label, value, color, hint, testId }: { label: string; value: number | string; color?: string; hint?: string; testId?: string }) {
  const card = (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} c={color} data-testid={testId} aria-label={`${label}: ${value}`}>
        {typeof value === 'number' ? value.toLocaleString() : value}
      </Text>
    </Card>
  );
  return hint ? (
    <Tooltip label={hint} openDelay={300} multiline maw={280}>
      {card}
    </Tooltip>
  ) : (
    card
  );
}

export function CampaignCounts({ campaign: c }: { campaign: CampaignDetail }) {
  const n = c.counts;
  const decided = decidedCount(c);
  const pct = (x: number) => (n.items ? (x / n.items) * 100 : 0);
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
        <Figure label="Items" value={n.items} testId="count-items" />
        <Figure label="Decided" value={`${n.items ? Math.round((decided / n.items) * 100) : 0}%`} hint={`${decided} of ${n.items} items closed`} />
        <Figure label="Pending" value={n.pending} testId="count-pending" hint={`${n.drafted} with a decision not submitted yet${n.unassigned ? `; ${n.unassigned} without a reviewer` : ''}`} />
        <Figure label="Approved" value={n.approved} color="green.8" testId="count-approved" />
        <Figure label="Revoked" value={n.revoked} color="red.8" testId="count-revoked" />
        <Figure label="Not reviewed" value={n.notReviewed} color="orange.8" hint="Closed at the due date or by a cancel, undecided" />
        <Figure label="Removed outside" value={n.removed} hint="The access went away in the app before anyone decided" />
      </SimpleGrid>
      <Progress.Root size="lg" aria-label={`${decided} of ${n.items} decided`}>
        <Progress.Section value={pct(n.approved)} color="green" title={`${n.approved} approved`} />
        <Progress.Section value={pct(n.revoked)} color="red" title={`${n.revoked} revoked`} />
        <Progress.Section value={pct(n.notReviewed)} color="orange" title={`${n.notReviewed} not reviewed`} />
        <Progress.Section value={pct(n.removed)} color="gray" title={`${n.removed} removed outside`} />
      </Progress.Root>
    </Stack>
  );
}

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Items still open at the end of each day since the start (days are UTC, as the server counts them), and a steady pace to the due date. */
export function burndown(p: CampaignProgress, now = Date.now()): { day: string; Remaining: number | null; 'Steady pace': number | null }[] {
  if (!p.startedAt) return [];
  const start = Date.parse(`${p.startedAt.slice(0, 10)}T00:00:00Z`);
  const due = Date.parse(`${p.dueAt.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${utcDay(now)}T00:00:00Z`);
  const lastActivity = p.perDay.length ? Date.parse(`${p.perDay[p.perDay.length - 1]!.day}T00:00:00Z`) : start;
  const end = Math.max(due, today, lastActivity);
  const byDay = new Map(p.perDay.map((d) => [d.day, d.remaining]));
  const span = Math.max(1, (due - start) / DAY);
  const out: ReturnType<typeof burndown> = [];
  let remaining = p.items;
  // A campaign over a long time keeps a point a day for a year at most.
  for (let t = start; t <= end && out.length < 366; t += DAY) {
    const d = utcDay(t);
    remaining = byDay.get(d) ?? remaining;
    const k = (t - start) / DAY;
    out.push({
      day: new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }),
      Remaining: t <= Math.max(today, lastActivity) ? remaining : null,
      'Steady pace': t <= due ? Math.max(0, Math.round(p.items * (1 - k / span))) : null,
    });
  }
  return out;
}

export function CampaignCharts({ campaign: c }: { campaign: CampaignDetail }) {
  const progress = useQuery({
    queryKey: ['campaign-progress', c.id],
    queryFn: () => get<CampaignProgress>(`/campaigns/${c.id}/progress`),
    refetchInterval: c.state === 'running' ? 15_000 : false,
  });
  return (
    <QueryState query={progress}>
      {(p) => (
        <SimpleGrid cols={{ base: 1, lg: 3 }}>
          <Card withBorder>
            <Title order={3} size="h5" mb="sm">
              Burndown: items still open
            </Title>
            <LineChart
              h={220}
              data={burndown(p)}
              dataKey="day"
              withLegend
              withDots={false}
              curveType="linear"
              connectNulls={false}
              series={[
                { name: 'Remaining', color: 'indigo.6' },
                { name: 'Steady pace', color: 'gray.5', strokeDasharray: '5 5' },
              ]}
              aria-label="Burndown: items still open per day"
            />
          </Card>
          <PendingDoneBars title="Per reviewer" rows={p.perReviewer} label="Items per reviewer, done and pending" />
          <PendingDoneBars title="Per app" rows={p.perApp} label="Items per app, done and pending" />
        </SimpleGrid>
      )}
    </QueryState>
  );
}

function PendingDoneBars({ title, rows, label }: { title: string; rows: { id: string; name: string; pending: number; done: number }[]; label: string }) {
  // Who is behind first.
  const top = [...rows].sort((a, b) => b.pending - a.pending || b.done - a.done).slice(0, 12);
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="sm">
        {title}
        {rows.length > top.length ? ` (the ${top.length} with most left, of ${rows.length})` : ''}
      </Title>
      {top.length === 0 ? (
        <Text size="sm" c="dimmed">
          No item.
        </Text>
      ) : (
        <BarChart
          h={Math.max(160, top.length * 34)}
          data={top.map((r) => ({ name: r.name, Done: r.done, Pending: r.pending }))}
          dataKey="name"
          orientation="vertical"
          type="stacked"
          withLegend
          yAxisProps={{ width: 120, interval: 0 }}
          series={[
            { name: 'Done', color: 'teal.6' },
            { name: 'Pending', color: 'gray.4' },
          ]}
          aria-label={label}
        />
      )}
    </Card>
  );
}

const REMEDIATION: { key: keyof Remediation; label: string; color?: string; hint: string }[] = [
  { key: 'total', label: 'Revocations', hint: 'Revoked items that need a change in an app' },
  { key: 'inProgress', label: 'In progress', color: 'blue.7', hint: 'Tasks waiting to run or running' },
  { key: 'succeeded', label: 'Done', color: 'green.8', hint: 'The app made the change' },
  { key: 'verified', label: 'Verified', color: 'green.9', hint: 'A later sync confirmed the access is gone' },
  { key: 'manual', label: 'Manual', color: 'orange.8', hint: 'Gatehouse cannot make this change itself: the app’s owners were asked to' },
  { key: 'failed', label: 'Failed', color: 'red.8', hint: 'The app refused, or a task was cancelled: retry it from Tasks' },
  { key: 'drift', label: 'Drift', color: 'red.9', hint: 'The access came back after it was removed' },
];

export function RemediationCard({ campaign: c }: { campaign: CampaignDetail }) {
  const r = c.remediation;
  return (
    <Card withBorder aria-label="Remediation">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Remediation
        </Title>
        {r.total > 0 && (
          <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: c.id }} search={{ tab: 'items', state: 'revoked' }} size="sm">
            See the revoked items
          </AnchorLink>
        )}
      </Group>
      {r.total === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing revoked yet. Revocations become tasks carried out in the apps as reviewers submit.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
          {REMEDIATION.map((x) => (
            <Tooltip key={x.key} label={x.hint} openDelay={300} multiline maw={260}>
              <div data-remediation={x.key} data-value={r[x.key]}>
                <Text size="xs" c="dimmed">
                  {x.label}
                </Text>
                <Text fw={700} fz={20} c={r[x.key] && x.key !== 'total' ? x.color : undefined}>
                  {r[x.key]}
                </Text>
              </div>
            </Tooltip>
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

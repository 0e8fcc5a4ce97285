/**
 * Access conflicts (separation of duties): the rules, each with its severity, its two sides, its
 * owner and how many people violate it now (conflict managers create, edit, check and delete
 * them); and the violations — who holds what of each side, since when — with their state and
 * exemptions, filtered by state and rule in the URL. An open one can be exempted until a date.
 */
import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, get, query, type ConflictRule, type ConflictSideEntry, type Violation, type ViolationState } from '../api';
import { can, useMe } from '../auth';
import { ExemptDialog } from '../components/conflicts/ExemptDialog';
import { RuleEditor } from '../components/conflicts/RuleEditor';
import { AnchorLink } from '../components/links';
import { DialogActions } from '../components/DialogActions';
import { ErrorState, QueryState } from '../components/QueryState';
import { SeverityBadge } from '../components/requests/RequestBadges';
import { day } from '../components/reviews/model';
import { ago } from '../components/time';

const route = getRouteApi('/conflicts');
type Search = ReturnType<typeof route.useSearch>;

export const VIOLATION_STATE_LABEL: Record<ViolationState, string> = { open: 'Open', resolved: 'Resolved', exempted: 'Exempted' };
const VIOLATION_STATE_COLOR: Record<ViolationState, string> = { open: 'red', resolved: 'green', exempted: 'gray' };

const rulesQuery = { queryKey: ['conflict-rules'], queryFn: () => get<{ items: ConflictRule[] }>('/conflict-rules') };

export function ConflictsPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/conflicts' });
  const set = (patch: Partial<Search>) => void navigate({ search: (s) => ({ ...s, ...patch }), replace: true });
  const me = useMe().data;
  const manage = can(me, 'conflicts:manage');
  const [editing, setEditing] = useState<ConflictRule | 'new'>();
  const [notice, setNotice] = useState<string>();
  const tab = search.tab ?? 'rules';
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Access conflicts</Title>
          <Text c="dimmed" size="sm">
            Separation of duties: access nobody may hold together, and who does. Violations are looked for when a rule is saved and after every sync.
          </Text>
        </div>
        {manage && <Button onClick={() => setEditing('new')}>New rule</Button>}
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => set({ tab: v === 'violations' ? 'violations' : undefined })}>
        <Tabs.List>
          <Tabs.Tab value="rules">Rules</Tabs.Tab>
          <Tabs.Tab value="violations">Violations</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {tab === 'rules' ? <Rules manage={manage} onEdit={setEditing} onViolations={(rule) => set({ tab: 'violations', rule, state: undefined })} setNotice={setNotice} /> : <Violations search={search} set={set} manage={manage} setNotice={setNotice} />}
      {editing && <RuleEditor rule={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={(r) => setNotice(`“${r.name}” saved: ${r.openViolations} open violation${r.openViolations === 1 ? '' : 's'} now.`)} />}
    </Stack>
  );
}

function SideCell({ side }: { side: ConflictSideEntry[] }) {
  return (
    <Stack gap={2}>
      {side.slice(0, 4).map((e) => (
        <Text key={`${e.appId}\u0000${e.entitlementId}`} size="sm" lineClamp={1} title={e.entitlementId}>
          <Text span c="dimmed" inherit>
            {e.appName}:
          </Text>{' '}
          {e.entitlementName ?? e.entitlementId}
        </Text>
      ))}
      {side.length > 4 && (
        <Text size="xs" c="dimmed">
          and {side.length - 4} more
        </Text>
      )}
    </Stack>
  );
}

function Rules({ manage, onEdit, onViolations, setNotice }: { manage: boolean; onEdit: (r: ConflictRule) => void; onViolations: (ruleId: string) => void; setNotice: (s: string) => void }) {
  const queryClient = useQueryClient();
  const rules = useQuery(rulesQuery);
  const [deleting, setDeleting] = useState<ConflictRule>();
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['conflict-rules'] }), queryClient.invalidateQueries({ queryKey: ['violations'] })]);
  const evaluate = useMutation({ mutationFn: (id: string) => api<{ opened: number; resolved: number }>('POST', `/conflict-rules/${id}/evaluate`), onSuccess: async (r) => {
    await refresh();
    setNotice(`Checked: ${r.opened} new violation${r.opened === 1 ? '' : 's'}, ${r.resolved} resolved.`);
  } });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/conflict-rules/${id}`), onSuccess: async () => {
    await refresh();
    setDeleting(undefined);
  } });
  return (
    <QueryState query={rules}>
      {({ items }) =>
        items.length === 0 ? (
          <Text c="dimmed">{manage ? 'No rule yet. Name two sets of entitlements nobody may hold together (who creates payments and who approves them).' : 'No rule yet.'}</Text>
        ) : (
          <>
            {evaluate.error && <ErrorState error={evaluate.error} />}
            <Table aria-label="Conflict rules" verticalSpacing="sm" highlightOnHover miw={900}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th w={100}>Severity</Table.Th>
                  <Table.Th>Side A</Table.Th>
                  <Table.Th>Side B</Table.Th>
                  <Table.Th w={160}>Owner</Table.Th>
                  <Table.Th w={110}>Open</Table.Th>
                  {manage && <Table.Th w={170} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id} data-rule={r.name} data-open={r.openViolations}>
                    <Table.Td>
                      <Group gap={6}>
                        <Text size="sm" fw={500}>
                          {r.name}
                        </Text>
                        {!r.enabled && (
                          <Badge size="xs" color="gray" variant="outline">
                            disabled
                          </Badge>
                        )}
                      </Group>
                      {r.description && (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          {r.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <SeverityBadge severity={r.severity} />
                    </Table.Td>
                    <Table.Td>
                      <SideCell side={r.sideA} />
                    </Table.Td>
                    <Table.Td>
                      <SideCell side={r.sideB} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={r.owner.email}>
                        {r.owner.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant={r.openViolations ? 'light' : 'subtle'} color={r.openViolations ? 'red' : 'gray'} onClick={() => onViolations(r.id)} aria-label={`${r.openViolations} open violations of ${r.name}`}>
                        {r.openViolations} open
                      </Button>
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="default" onClick={() => onEdit(r)} aria-label={`Edit ${r.name}`}>
                            Edit
                          </Button>
                          <Tooltip label="Look for violations now (syncs do it after every ingest)">
                            <Button size="compact-xs" variant="subtle" loading={evaluate.isPending && evaluate.variables === r.id} onClick={() => evaluate.mutate(r.id)} aria-label={`Check ${r.name} now`}>
                              Check now
                            </Button>
                          </Tooltip>
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(r)} aria-label={`Delete ${r.name}`}>
                            Delete
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {deleting && (
              <Modal opened onClose={() => setDeleting(undefined)} title={`Delete “${deleting.name}”?`}>
                <Stack>
                  <Text size="sm">The rule and its {deleting.openViolations} open violation{deleting.openViolations === 1 ? '' : 's'} (and their history) are deleted. Nobody’s access changes.</Text>
                  {remove.error && <ErrorState error={remove.error} />}
                  <DialogActions label="Delete rule" onCancel={() => setDeleting(undefined)} onConfirm={() => remove.mutate(deleting.id)} busy={remove.isPending} />
                </Stack>
              </Modal>
            )}
          </>
        )
      }
    </QueryState>
  );
}

function Violations({ search, set, manage, setNotice }: { search: Search; set: (p: Partial<Search>) => void; manage: boolean; setNotice: (s: string) => void }) {
  const me = useMe().data;
  const rules = useQuery(rulesQuery);
  const state = search.state === 'all' ? undefined : (search.state ?? 'open');
  const violations = useQuery({ queryKey: ['violations', state, search.rule], queryFn: () => get<{ items: Violation[] }>(`/violations${query({ state, ruleId: search.rule, limit: 1000 })}`) });
  const [exempting, setExempting] = useState<Violation>();
  const ruleById = new Map((rules.data?.items ?? []).map((r) => [r.id, r]));
  const name = (ruleId: string, appId: string, entitlementId: string) => {
    const r = ruleById.get(ruleId);
    const e = [...(r?.sideA ?? []), ...(r?.sideB ?? [])].find((x) => x.appId === appId && x.entitlementId === entitlementId);
    return { app: e?.appName ?? appId, entitlement: e?.entitlementName ?? entitlementId };
  };
  const held = (v: Violation, side: Violation['sideA']) => (
    <Stack gap={2}>
      {side.map((h) => {
        const n = name(v.rule.id, h.appId, h.entitlementId);
        return (
          <Text key={`${h.appId}\u0000${h.entitlementId}\u0000${h.accountId}`} size="sm" lineClamp={2}>
            <Text span c="dimmed" inherit>
              {n.app}:
            </Text>{' '}
            {n.entitlement}
            <Text span size="xs" c="dimmed">
              {' '}
              {h.through.length ? `(through ${h.through.length === 1 ? 'a group' : `${h.through.length} groups`})` : '(direct)'}
            </Text>
          </Text>
        );
      })}
    </Stack>
  );
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label="State"
          data={[
            { value: 'open', label: 'Open' },
            { value: 'exempted', label: 'Exempted' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'Any state' },
          ]}
          value={search.state ?? 'open'}
          onChange={(v) => set({ state: v === 'open' || !v ? undefined : (v as Search['state']) })}
          allowDeselect={false}
          w={180}
        />
        <Select label="Rule" placeholder="Every rule" data={(rules.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))} value={search.rule ?? null} onChange={(v) => set({ rule: v ?? undefined })} clearable searchable miw={260} />
      </Group>
      <QueryState query={violations}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">{state === 'open' ? 'Nobody is in violation.' : 'No violation matches.'}</Text>
          ) : (
            <Table aria-label="Violations" verticalSpacing="sm" highlightOnHover miw={960}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="18%">Who</Table.Th>
                  <Table.Th w="16%">Rule</Table.Th>
                  <Table.Th>Holds of side A</Table.Th>
                  <Table.Th>Holds of side B</Table.Th>
                  <Table.Th w={130}>Since</Table.Th>
                  <Table.Th w={200}>State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((v) => (
                  <Table.Tr key={v.id} data-violation={v.person.name} data-state={v.state}>
                    <Table.Td>
                      {can(me, 'catalog:read') ? (
                        <AnchorLink to="/people/$personId" params={{ personId: v.person.id }} size="sm" fw={500}>
                          {v.person.name}
                        </AnchorLink>
                      ) : (
                        <Text size="sm" fw={500}>
                          {v.person.name}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed" truncate>
                        {v.person.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{v.rule.name}</Text>
                      <SeverityBadge severity={v.rule.severity} size="xs" />
                    </Table.Td>
                    <Table.Td>
                      {held(v, v.sideA)}
                    </Table.Td>
                    <Table.Td>
                      {held(v, v.sideB)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={v.firstSeenAt}>
                        {day(v.firstSeenAt)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {v.state === 'resolved' && v.resolvedAt ? `resolved ${ago(v.resolvedAt)}` : ago(v.firstSeenAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Badge color={VIOLATION_STATE_COLOR[v.state]} variant="light" size="sm" data-violation-state={v.state}>
                          {VIOLATION_STATE_LABEL[v.state]}
                        </Badge>
                        {v.exemption && (
                          <Text size="xs" c="dimmed" lineClamp={3} title={v.exemption.reason}>
                            until {day(v.exemption.until)}: {v.exemption.reason}
                          </Text>
                        )}
                        {manage && v.state === 'open' && (
                          <Button size="compact-xs" variant="default" onClick={() => setExempting(v)} aria-label={`Exempt ${v.person.name} from ${v.rule.name}`}>
                            Exempt…
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      {exempting && <ExemptDialog violation={exempting} onClose={() => setExempting(undefined)} onDone={() => setNotice(`${exempting.person.name} is exempted from “${exempting.rule.name}”.`)} />}
    </Stack>
  );
}

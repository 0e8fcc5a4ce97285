/**
 * An app's request settings, on its page: which entitlements may be requested (each one's own
 * settings, or the app's defaults for every entitlement), for how long, with which policy, whether
 * a reason is needed, break-glass and asking for someone else, and who may ask (everyone, people of
 * some departments, holders of some entitlements across apps). Its managers
 * (apps:manage on the app) change them; catalog readers see them.
 */
import { Alert, Badge, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Switch, Table, TagsInput, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, get, query, type CatalogEntry, type Department, type EntitlementRow, type Page, type RequestPolicy, type RequestSettings, type RequestSettingsRow } from '../../api';
import { can, useMe } from '../../auth';
import { DialogActions } from '../DialogActions';
import { ErrorState, QueryState } from '../QueryState';
import { SearchSelect } from '../SearchSelect';
import { EntitlementsPicker, entitlementLabel, type PickedEntitlement } from './EntitlementsPicker';
import { durationChoices, durationText, PERMANENT, refreshRequests } from './model';

const DEFAULTS: RequestSettings = {
  requestable: true,
  whoMay: { everyone: true, holdersOf: [], departments: [] },
  maxDurationMinutes: 480,
  defaultDurationMinutes: 60,
  reasonRequired: true,
  policyId: null,
  emergencyAllowed: false,
  emergencyDurationMinutes: 60,
  onBehalfAllowed: false,
};
const DEFAULT_POLICY = 'Default: the entitlement’s owners approve (else the app’s)';

export function AppRequestSettings({ appId, appName }: { appId: string; appName: string }) {
  const me = useMe().data;
  const canEdit = can(me, 'apps:manage', appId);
  const rows = useQuery({ queryKey: ['request-settings', appId], queryFn: () => get<{ items: RequestSettingsRow[] }>(`/apps/${appId}/request-settings`) });
  // Names of the requestable entitlements (the catalog people browse); any other shows its id.
  const catalog = useQuery({ queryKey: ['request-catalog', 'app', appId], queryFn: () => get<{ items: CatalogEntry[] }>(`/request-catalog${query({ appId, limit: 1000 })}`) });
  const policies = useQuery({ queryKey: ['request-policies'], queryFn: () => get<{ items: RequestPolicy[] }>('/request-policies'), enabled: can(me, 'requests:read') });
  const [editing, setEditing] = useState<RequestSettingsRow | 'new'>();
  const names = new Map((catalog.data?.items ?? []).map((e) => [e.entitlementId, e.name]));
  const policyName = (id: string | null) => (id ? (policies.data?.items.find((p) => p.id === id)?.name ?? 'a policy') : 'Default (owners approve)');

  return (
    <Card withBorder aria-label="Access requests">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={3} size="h4">
              Access requests
            </Title>
            <Text size="sm" c="dimmed">
              What people may ask for in {appName}, for how long, and who approves it.
            </Text>
          </div>
          {canEdit && (
            <Button variant="light" onClick={() => setEditing('new')}>
              Make requestable
            </Button>
          )}
        </Group>
        <QueryState query={rows}>
          {({ items }) =>
            items.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing of {appName} can be requested yet.
              </Text>
            ) : (
              <Table aria-label="Request settings" verticalSpacing={6}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Entitlement</Table.Th>
                    <Table.Th>Duration</Table.Th>
                    <Table.Th>Policy</Table.Th>
                    <Table.Th>Also</Table.Th>
                    {canEdit && <Table.Th w={80} />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r) => {
                    const s = r.settings;
                    const label = r.entitlementId ? (names.get(r.entitlementId) ?? r.entitlementId) : `Every entitlement of ${appName} (defaults)`;
                    return (
                      <Table.Tr key={r.entitlementId ?? ''} data-settings={label}>
                        <Table.Td>
                          <Text size="sm" fw={r.entitlementId ? 500 : 600}>
                            {label}
                          </Text>
                          {!s.requestable && (
                            <Badge size="xs" color="gray" variant="outline">
                              not requestable
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {durationText(s.defaultDurationMinutes)}, {s.maxDurationMinutes === null ? 'permanent allowed' : `at most ${durationText(s.maxDurationMinutes)}`}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{policyName(s.policyId)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {s.reasonRequired && <Badge size="xs" variant="light" tt="none">reason</Badge>}
                            {s.emergencyAllowed && (
                              <Badge size="xs" color="red" variant="light" tt="none">
                                break-glass {durationText(s.emergencyDurationMinutes)}
                              </Badge>
                            )}
                            {s.onBehalfAllowed && <Badge size="xs" color="gray" variant="light" tt="none">for others</Badge>}
                            {!s.whoMay.everyone && (
                              <Badge size="xs" color="orange" variant="light" tt="none" title={r.holdersOf.map(entitlementLabel).join('\n') || undefined}>
                                only {[...s.whoMay.departments, ...(r.holdersOf.length ? [`holders of ${r.holdersOf.length === 1 ? entitlementLabel(r.holdersOf[0]!) : `${r.holdersOf.length} entitlements`}`] : [])].join(', ') || 'nobody'}
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        {canEdit && (
                          <Table.Td>
                            <Button size="compact-xs" variant="default" onClick={() => setEditing(r)} aria-label={`Edit the request settings of ${label}`}>
                              Edit
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Stack>
      {editing && (
        <SettingsDialog
          appId={appId}
          appName={appName}
          row={editing === 'new' ? undefined : editing}
          name={editing !== 'new' && editing.entitlementId ? (names.get(editing.entitlementId) ?? editing.entitlementId) : undefined}
          policies={policies.data?.items}
          hasDefaults={(rows.data?.items ?? []).some((r) => r.entitlementId === null)}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Card>
  );
}

function SettingsDialog({ appId, appName, row, name, policies, hasDefaults, onClose }: { appId: string; appName: string; row?: RequestSettingsRow; name?: string; policies?: RequestPolicy[]; hasDefaults: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [scope, setScope] = useState<'one' | 'app'>(row && row.entitlementId === null ? 'app' : 'one');
  const [entitlement, setEntitlement] = useState<EntitlementRow | null>(null);
  const [s, setS] = useState<RequestSettings>(row?.settings ?? DEFAULTS);
  // Who may ask by holding something: kept with their names, sent as ids.
  const [holders, setHolders] = useState<PickedEntitlement[]>(row?.holdersOf ?? []);
  const patch = (p: Partial<RequestSettings>) => setS((x) => ({ ...x, ...p }));
  const departments = useQuery({ queryKey: ['people', 'departments'], queryFn: () => get<{ items: Department[] }>('/people/departments'), enabled: can(me, 'catalog:read') && !s.whoMay.everyone });
  const entitlementId = row ? row.entitlementId : scope === 'app' ? null : (entitlement?.id ?? undefined);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['request-settings', appId] }), refreshRequests(queryClient)]);
  const done = async () => {
    await refresh();
    onClose();
  };
  const save = useMutation({
    mutationFn: () => api('PUT', `/apps/${appId}/request-settings`, { entitlementId, settings: { ...s, whoMay: { ...s.whoMay, holdersOf: s.whoMay.everyone ? [] : holders.map((h) => ({ appId: h.appId, entitlementId: h.entitlementId })) } } }),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: () => api('PUT', `/apps/${appId}/request-settings`, { entitlementId: row!.entitlementId, settings: null }), onSuccess: done });

  const maxChoices = [...durationChoices(null, 480, 15).filter((c) => c.value !== PERMANENT), { value: PERMANENT, label: 'No maximum: permanent access may be asked' }];
  const defaultChoices = durationChoices(s.maxDurationMinutes, s.defaultDurationMinutes).filter((c) => c.value !== PERMANENT);
  const tooLong = s.maxDurationMinutes !== null && s.defaultDurationMinutes > s.maxDurationMinutes;
  const incomplete = entitlementId === undefined || tooLong || (!s.whoMay.everyone && !s.whoMay.departments.length && !holders.length);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!incomplete) save.mutate();
  };
  const title = row ? `Request settings: ${name ?? `every entitlement of ${appName}`}` : `Make ${appName} requestable`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {!row && (
            <>
              <SegmentedControl
                aria-label="What may be requested"
                value={scope}
                onChange={(v) => setScope(v as 'one' | 'app')}
                data={[
                  { value: 'one', label: 'One entitlement' },
                  { value: 'app', label: 'Every entitlement (the app’s defaults)' },
                ]}
              />
              {scope === 'one' ? (
                <SearchSelect<EntitlementRow>
                  label="Entitlement"
                  placeholder="Search by name"
                  queryKey={['entitlements', 'pick', appId]}
                  search={(q) => get<Page<EntitlementRow>>(`/entitlements${query({ appId, q, limit: 20 })}`).then((p) => p.items)}
                  option={(e) => ({ value: e.id, label: e.displayName })}
                  value={entitlement}
                  onChange={setEntitlement}
                  required
                  autoFocus
                />
              ) : (
                <Text size="sm" c={hasDefaults ? 'orange.8' : 'dimmed'}>
                  {hasDefaults ? 'These replace the app’s current defaults. ' : ''}Every entitlement without its own settings follows these.
                </Text>
              )}
            </>
          )}
          <Switch label="Requestable" description={scope === 'one' ? 'Off: this entitlement cannot be requested, whatever the app’s defaults say.' : undefined} checked={s.requestable} onChange={(e) => patch({ requestable: e.currentTarget.checked })} />
          <Group grow align="flex-start">
            <Select
              label="Longest grant"
              data={maxChoices}
              value={s.maxDurationMinutes === null ? PERMANENT : String(s.maxDurationMinutes)}
              onChange={(v) => v && patch({ maxDurationMinutes: v === PERMANENT ? null : Number(v) })}
              allowDeselect={false}
            />
            <Select label="Default duration" data={defaultChoices} value={String(s.defaultDurationMinutes)} onChange={(v) => v && patch({ defaultDurationMinutes: Number(v) })} allowDeselect={false} error={tooLong ? 'longer than the longest grant' : undefined} />
          </Group>
          <Select
            label="Request policy"
            description={policies ? 'Who approves: its rules decide, else its baseline.' : 'Your role cannot list the request policies.'}
            data={[{ value: '', label: DEFAULT_POLICY }, ...(policies ?? []).map((p) => ({ value: p.id, label: p.name }))]}
            value={s.policyId ?? ''}
            onChange={(v) => patch({ policyId: v ? v : null })}
            allowDeselect={false}
            disabled={!policies}
          />
          <Switch label="A reason is required" checked={s.reasonRequired} onChange={(e) => patch({ reasonRequired: e.currentTarget.checked })} />
          <Switch label="People may ask for someone else" checked={s.onBehalfAllowed} onChange={(e) => patch({ onBehalfAllowed: e.currentTarget.checked })} />
          <Group align="flex-end">
            <Switch color="red" label="Emergency (break-glass) access" description="Granted at once, without approval; announced and reviewed afterwards." checked={s.emergencyAllowed} onChange={(e) => patch({ emergencyAllowed: e.currentTarget.checked })} />
            {s.emergencyAllowed && (
              <Select
                label="Emergency access lasts"
                data={durationChoices(1440, s.emergencyDurationMinutes, 15).filter((c) => c.value !== PERMANENT)}
                value={String(s.emergencyDurationMinutes)}
                onChange={(v) => v && patch({ emergencyDurationMinutes: Number(v) })}
                allowDeselect={false}
                w={200}
              />
            )}
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Who may ask
            </Text>
            <SegmentedControl
              aria-label="Who may ask"
              value={s.whoMay.everyone ? 'everyone' : 'some'}
              onChange={(v) => patch({ whoMay: { ...s.whoMay, everyone: v === 'everyone' } })}
              data={[
                { value: 'everyone', label: 'Everyone' },
                { value: 'some', label: 'Some departments, or holders of some entitlements' },
              ]}
            />
            {!s.whoMay.everyone && (
              <TagsInput
                label="Departments"
                placeholder="Type and press Enter"
                data={(departments.data?.items ?? []).map((d) => d.name)}
                value={s.whoMay.departments}
                onChange={(departments) => patch({ whoMay: { ...s.whoMay, departments } })}
              />
            )}
            {!s.whoMay.everyone && (
              <EntitlementsPicker label="Holders of" description="Whoever holds one of these, directly or through a group, may ask, whatever their department." value={holders} onChange={setHolders} />
            )}
            {!s.whoMay.everyone && !s.whoMay.departments.length && !holders.length && (
              <Text size="xs" c="orange.8">
                Name a department or an entitlement: otherwise nobody may ask.
              </Text>
            )}
          </Stack>
          {tooLong && <Alert color="orange">The default duration is longer than the longest grant.</Alert>}
          {(save.error ?? remove.error) && <ErrorState error={save.error ?? remove.error} />}
          <Group justify="space-between">
            {row ? (
              <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                Remove these settings
              </Button>
            ) : (
              <span />
            )}
            <DialogActions label="Save" onCancel={onClose} busy={save.isPending} disabled={incomplete} />
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

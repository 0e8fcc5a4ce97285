/**
 * Request policies: each one's rules in order (condition and outcome) and baseline, in words; create,
 * edit and delete them (requests:manage); and test one: pick a requestable entitlement and someone
 * of the directory (by default oneself) and see what asking would do under the saved policy, and
 * who would be asked at each step. Below them, the bundles people ask for together.
 */
import { Alert, Badge, Button, Card, Code, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get, query, type CatalogEntry, type PlatformGroup, type PreviewInput, type RequestPerson, type RequestPolicy, type RequestPreview } from '../api';
import { can, useMe } from '../auth';
import { DialogActions } from '../components/DialogActions';
import { ErrorState, QueryState } from '../components/QueryState';
import { durationChoices, outcomeText, PERMANENT } from '../components/requests/model';
import { PreviewResult } from '../components/requests/PreviewResult';
import { personOption, searchPeople } from '../components/requests/RequestForm';
import { RequestBundles } from '../components/requests/RequestBundles';
import { RequestPolicyEditor } from '../components/requests/RequestPolicyEditor';
import { SearchSelect } from '../components/SearchSelect';
import { ago } from '../components/time';

export function RequestPoliciesPage() {
  const me = useMe().data;
  const manage = can(me, 'requests:manage');
  const policies = useQuery({ queryKey: ['request-policies'], queryFn: () => get<{ items: RequestPolicy[] }>('/request-policies') });
  // Group steps by the groups' names, for roles that may list them.
  const groups = useQuery({ queryKey: ['platform-groups'], queryFn: () => get<{ items: PlatformGroup[] }>('/platform-groups'), enabled: can(me, 'users:read') });
  const groupNames = groups.data ? (ids: string[]) => ids.map((id) => groups.data.items.find((g) => g.id === id)?.name ?? 'a deleted group').join(', ') : undefined;
  const [editing, setEditing] = useState<RequestPolicy | 'new'>();
  const [testing, setTesting] = useState<RequestPolicy>();
  const [deleting, setDeleting] = useState<RequestPolicy>();
  const [notice, setNotice] = useState<string>();
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Request policies</Title>
          <Text c="dimmed" size="sm">
            Who approves an access request: rules in CEL, checked in order, then a baseline. An app’s request settings choose the policy of each entitlement; without one, its owners approve.
          </Text>
        </div>
        {manage && <Button onClick={() => setEditing('new')}>New policy</Button>}
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(undefined)}>
          {notice}
        </Alert>
      )}
      <QueryState query={policies}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">No request policy yet: requestable entitlements go to their owners for approval.</Text>
          ) : (
            <Stack>
              {items.map((p) => (
                <Card key={p.id} withBorder padding="sm" aria-label={p.name} data-policy={p.name}>
                  <Group justify="space-between" align="flex-start" wrap="nowrap">
                    <div>
                      <Text fw={600}>{p.name}</Text>
                      {p.description && (
                        <Text size="sm" c="dimmed">
                          {p.description}
                        </Text>
                      )}
                      <Text size="xs" c="dimmed">
                        changed {ago(p.updatedAt)}
                      </Text>
                    </div>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setTesting(p)} aria-label={`Test ${p.name}`}>
                        Test
                      </Button>
                      {manage && (
                        <>
                          <Button size="xs" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                            Edit
                          </Button>
                          <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>
                            Delete
                          </Button>
                        </>
                      )}
                    </Group>
                  </Group>
                  <Table mt="xs" verticalSpacing={4} aria-label={`Rules of ${p.name}`}>
                    <Table.Tbody>
                      {p.rules.map((r, i) => (
                        <Table.Tr key={i}>
                          <Table.Td w={30} c="dimmed">
                            {i + 1}
                          </Table.Td>
                          <Table.Td w="25%">
                            <Text size="sm" fw={500}>
                              {r.name}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Code>{r.condition}</Code>
                          </Table.Td>
                          <Table.Td w="30%">
                            <Text size="sm">{outcomeText(r.outcome, groupNames)}</Text>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                      <Table.Tr>
                        <Table.Td />
                        <Table.Td>
                          <Badge size="sm" variant="light" color="gray" tt="none">
                            baseline
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {p.rules.length ? 'when no rule matches' : 'always'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{outcomeText(p.baseline, groupNames)}</Text>
                        </Table.Td>
                      </Table.Tr>
                    </Table.Tbody>
                  </Table>
                </Card>
              ))}
            </Stack>
          )
        }
      </QueryState>
      <RequestBundles manage={manage} />
      {editing && <RequestPolicyEditor policy={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={(p) => setNotice(`“${p.name}” saved.`)} />}
      {testing && <TestPolicy policy={testing} onClose={() => setTesting(undefined)} />}
      {deleting && <DeletePolicy policy={deleting} onClose={() => setDeleting(undefined)} />}
    </Stack>
  );
}

function DeletePolicy({ policy: p, onClose }: { policy: RequestPolicy; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/request-policies/${p.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['request-policies'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Delete “${p.name}”?`}>
      <Stack>
        <Text size="sm">A policy that requestable entitlements use cannot be deleted: choose another for them first (on their apps’ pages).</Text>
        {remove.error && <ErrorState error={remove.error} />}
        <DialogActions label="Delete policy" onCancel={onClose} onConfirm={() => remove.mutate()} busy={remove.isPending} />
      </Stack>
    </Modal>
  );
}

/** "Test this policy": what asking for an entitlement would do under this (saved) policy, for oneself or someone of the directory. Nothing is asked. */
function TestPolicy({ policy: p, onClose }: { policy: RequestPolicy; onClose: () => void }) {
  const me = useMe().data;
  // Testing as someone else, and with this policy rather than the entitlement's, is for policy administrators.
  const admin = can(me, 'requests:manage');
  const [entry, setEntry] = useState<CatalogEntry | null>(null);
  const [who, setWho] = useState<'me' | 'other'>('me');
  const [person, setPerson] = useState<RequestPerson | null>(null);
  const [duration, setDuration] = useState<string | null>(null);
  const [emergency, setEmergency] = useState(false);
  const chosen = duration ?? (entry ? String(entry.defaultDurationMinutes) : null);
  const body: PreviewInput | undefined =
    entry && (who === 'me' || person)
      ? {
          appId: entry.appId,
          entitlementId: entry.entitlementId,
          reason: '(policy test)',
          emergency,
          ...(emergency ? {} : { durationMinutes: chosen === PERMANENT ? null : Number(chosen) }),
          ...(admin ? { policyId: p.id } : {}),
          ...(who === 'other' && person ? { asPersonId: person.id } : {}),
        }
      : undefined;
  const preview = useQuery({
    queryKey: ['request-preview', 'test', body],
    queryFn: () => api<RequestPreview>('POST', '/requests/preview', body),
    enabled: body !== undefined,
    retry: false,
    placeholderData: keepPreviousData,
  });
  return (
    <Modal opened onClose={onClose} title={`Test “${p.name}”`} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          What asking would do under this policy as saved — nothing is asked. It is evaluated {who === 'me' ? `for you (${me?.email})` : 'as if the person chosen asked'}: their department, manager, what they hold, whether they
          are on call.
        </Text>
        <SearchSelect<CatalogEntry>
          label="Entitlement"
          placeholder="Search what may be requested"
          queryKey={['request-catalog', 'test']}
          search={async (q) => (await get<{ items: CatalogEntry[] }>(`/request-catalog${query({ q, limit: 30 })}`)).items}
          option={(e) => ({ value: `${e.appId}\u0000${e.entitlementId}`, label: `${e.name} (${e.appName})` })}
          value={entry}
          onChange={(e) => {
            setEntry(e);
            setDuration(null);
          }}
          required
          autoFocus
        />
        {admin && (
          <Stack gap={4}>
            <SegmentedControl
              aria-label="Asked by"
              value={who}
              onChange={(v) => setWho(v as 'me' | 'other')}
              data={[
                { value: 'me', label: 'Asked by me' },
                { value: 'other', label: 'Asked by someone of the directory' },
              ]}
            />
            {who === 'other' && <SearchSelect<RequestPerson> label="Person" placeholder="Name or email" queryKey={['request-people', 'test']} search={searchPeople} option={personOption} value={person} onChange={setPerson} required />}
          </Stack>
        )}
        {entry && (
          <Group align="flex-end">
            {!emergency && <Select label="For how long" data={durationChoices(entry.maxDurationMinutes, entry.defaultDurationMinutes)} value={chosen} onChange={setDuration} allowDeselect={false} w={260} />}
            {entry.emergencyAllowed && (
              <SegmentedControl
                aria-label="Emergency"
                value={emergency ? 'yes' : 'no'}
                onChange={(v) => setEmergency(v === 'yes')}
                data={[
                  { value: 'no', label: 'Normal' },
                  { value: 'yes', label: 'Emergency' },
                ]}
              />
            )}
          </Group>
        )}
        {!admin && <Alert color="gray">Your role tests the policy each entitlement has (not necessarily this one), as yourself.</Alert>}
        {body && <PreviewResult preview={preview.data} error={preview.error} loading={preview.isFetching} emergency={emergency} />}
      </Stack>
    </Modal>
  );
}

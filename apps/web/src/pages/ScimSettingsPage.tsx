/**
 * Settings → SCIM provisioning: the base URL and bearer tokens to give an identity provider (Okta,
 * Entra ID) so it pushes users and groups to Gatehouse; each client's last use; rotating and
 * deleting tokens (a token is shown once); the group → role map; and who of the directory can sign
 * in, and how.
 */
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../api';
import type { paths } from '../api-types';
import { DialogActions } from '../components/DialogActions';
import { ErrorState, QueryState } from '../components/QueryState';

type Client = paths['/api/v1/scim-clients']['get']['responses'][200]['content']['application/json']['items'][number];
type WithToken = paths['/api/v1/scim-clients']['post']['responses'][201]['content']['application/json'];
type RoleMap = paths['/api/v1/scim-role-map']['get']['responses'][200]['content']['application/json'];
type SignIn = paths['/api/v1/people/sign-in']['get']['responses'][200]['content']['application/json'];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

export function ScimSettingsPage() {
  const clients = useQuery({ queryKey: ['scim-clients'], queryFn: () => get<{ items: Client[] }>('/scim-clients') });
  const roleMap = useQuery({ queryKey: ['scim-role-map'], queryFn: () => get<RoleMap>('/scim-role-map') });
  const [token, setToken] = useState<WithToken>();
  const [creating, setCreating] = useState(false);
  const base = `${window.location.origin}/scim/v2`;
  return (
    <Stack>
      <Title order={2}>SCIM provisioning</Title>
      <Text size="sm" c="dimmed">
        Your identity provider pushes its users and groups to Gatehouse: give it the base URL below and a client&rsquo;s bearer token (in Okta: a SCIM 2.0 app with &ldquo;HTTP Header&rdquo; authentication; in Entra ID: Provisioning → Tenant URL and Secret Token). Deactivated users cannot sign in, and their sessions end.
      </Text>
      <Card withBorder>
        <Group gap="xs">
          <Text fw={500}>Base URL</Text>
          <Code data-testid="scim-base-url">{base}</Code>
          <CopyButton value={base}>{({ copied, copy }) => <Button size="compact-xs" variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}</CopyButton>
        </Group>
      </Card>
      <Group justify="space-between">
        <Title order={3}>Clients</Title>
        <Button onClick={() => setCreating(true)}>New SCIM client</Button>
      </Group>
      <QueryState query={clients}>{(c) => <ClientsTable clients={c.items} onToken={setToken} />}</QueryState>
      <Title order={3}>Groups that give a role</Title>
      <QueryState query={roleMap}>
        {(m) => (
          <Stack gap="xs">
            <Text size="sm" c="dimmed">
              {m.source === 'environment' ? 'Set by GATEHOUSE_SCIM_ROLE_MAP on the server.' : 'A SCIM group with one of these names gives its members the role (the highest of a user\u2019s groups wins).'}
            </Text>
            {m.entries.length ? (
              <Table withTableBorder aria-label="SCIM role map">
                <Table.Tbody>
                  {m.entries.map((e) => (
                    <Table.Tr key={e.group}>
                      <Table.Td>{e.group}</Table.Td>
                      <Table.Td>
                        <Badge variant="light">{e.role}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            ) : (
              <Text size="sm">No group gives a role: users pushed by SCIM are Basic users unless an administrator changes them.</Text>
            )}
          </Stack>
        )}
      </QueryState>
      <WhoCanSignIn />
      <CreateDialog opened={creating} onClose={() => setCreating(false)} onToken={setToken} />
      <Modal opened={Boolean(token)} onClose={() => setToken(undefined)} title={`Token for ${token?.name ?? ''}`}>
        <Stack>
          <Alert color="yellow">Copy it now: Gatehouse keeps only its hash and shows it once.</Alert>
          <Code block data-testid="scim-token">
            {token?.token}
          </Code>
          <CopyButton value={token?.token ?? ''}>{({ copied, copy }) => <Button onClick={copy}>{copied ? 'Copied' : 'Copy the token'}</Button>}</CopyButton>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ClientsTable({ clients, onToken }: { clients: Client[]; onToken: (t: WithToken) => void }) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['scim-clients'] });
  const rotate = useMutation({ mutationFn: (id: string) => api<WithToken>('POST', `/scim-clients/${id}/rotate`), onSuccess: (t) => (onToken(t), refresh()) });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/scim-clients/${id}`), onSuccess: refresh });
  if (!clients.length) return <Text size="sm">No SCIM client yet.</Text>;
  return (
    <Stack gap="xs">
      {(rotate.error ?? remove.error) && <ErrorState error={(rotate.error ?? remove.error)!} />}
      <Table withTableBorder aria-label="SCIM clients">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Token rotated</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {clients.map((c) => (
            <Table.Tr key={c.id} data-client-id={c.id}>
              <Table.Td>{c.name}</Table.Td>
              <Table.Td>{when(c.createdAt)}</Table.Td>
              <Table.Td>{when(c.rotatedAt)}</Table.Td>
              <Table.Td>{when(c.lastUsedAt)}</Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end">
                  <Button size="compact-sm" variant="light" onClick={() => rotate.mutate(c.id)} loading={rotate.isPending && rotate.variables === c.id}>
                    Rotate token
                  </Button>
                  <Button size="compact-sm" variant="light" color="red" onClick={() => window.confirm(`Delete ${c.name}? Its token stops at once.`) && remove.mutate(c.id)}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function CreateDialog({ opened, onClose, onToken }: { opened: boolean; onClose: () => void; onToken: (t: WithToken) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api<WithToken>('POST', '/scim-clients', { name }),
    onSuccess: (t) => {
      void queryClient.invalidateQueries({ queryKey: ['scim-clients'] });
      setName('');
      onClose();
      onToken(t);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New SCIM client">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Name" description="The identity provider that will use it, e.g. Okta production" value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus />
          {create.error && <Text c="red" size="sm">{create.error instanceof ApiError ? create.error.message : String(create.error)}</Text>}
          <DialogActions label="Create" onCancel={onClose} busy={create.isPending} disabled={!name.trim()} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Who of the directory can sign in, and how (for administrators who read users). */
function WhoCanSignIn() {
  const list = useQuery({ queryKey: ['people-sign-in'], queryFn: () => get<SignIn>('/people/sign-in?limit=1000') });
  return (
    <Stack gap="xs">
      <Title order={3}>Who can sign in</Title>
      <QueryState query={list}>
        {(l) => {
          const left = l.items.filter((p) => !p.canSignIn).length;
          return (
            <>
              <Text size="sm" c="dimmed">
                {l.providers.length ? `Single sign-on through ${l.providers.join(', ')}` : 'No single sign-on provider is enabled'}; local passwords {l.localPasswords ? 'on' : 'off (the break-glass administrator only)'}. {left} of {l.items.length} people cannot sign in.
              </Text>
              <Table withTableBorder aria-label="Who can sign in">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Platform user</Table.Th>
                    <Table.Th>Signs in with</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {l.items.map((p) => (
                    <Table.Tr key={p.personId} data-person-id={p.personId} data-can-sign-in={p.canSignIn}>
                      <Table.Td>
                        <Text size="sm">{p.name}</Text>
                        <Text size="xs" c="dimmed">
                          {p.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>{p.user ? `${p.user.role}${p.user.disabled ? ' (disabled)' : ''}` : <Text size="sm" c="dimmed">none yet</Text>}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {p.methods.length ? p.methods.map((m) => <Badge key={m} variant="light" color={m === 'sso' ? 'indigo' : m === 'scim' ? 'teal' : 'gray'}>{m === 'sso' ? 'single sign-on' : m === 'scim' ? 'SCIM' : 'password'}</Badge>) : <Text size="sm" c="red.7">cannot sign in</Text>}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}

/**
 * Settings → Single sign-on: the OpenID Connect providers people sign in with (add, edit, enable,
 * remove; the client secret is write-only: "set" or not, empty keeps it), each one's redirect URI
 * to register at the provider, and whether local passwords sign in at all (the break-glass
 * administrator always may).
 */
import { ActionIcon, Alert, Badge, Button, Card, Code, Group, Modal, PasswordInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../api';
import type { paths } from '../api-types';
import { DialogActions } from '../components/DialogActions';
import { ErrorState, QueryState } from '../components/QueryState';

type Provider = paths['/api/v1/sso/providers/{id}']['get']['responses'][200]['content']['application/json'];
type SsoSettings = paths['/api/v1/sso/settings']['get']['responses'][200]['content']['application/json'];
type Role = Provider['roleMapping'][number]['role'];

const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: 'super_admin', label: 'Super Administrator' },
  { value: 'connector_admin', label: 'Connector Administrator' },
  { value: 'app_owner', label: 'App owner' },
  { value: 'campaign_admin', label: 'Campaign Administrator' },
  { value: 'read_only', label: 'Read-only' },
  { value: 'basic_user', label: 'Basic user' },
];
const roleLabel = (r: Role) => ROLE_OPTIONS.find((o) => o.value === r)?.label ?? r;

export function SsoSettingsPage() {
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => get<{ items: Provider[] }>('/sso/providers') });
  const settings = useQuery({ queryKey: ['sso-settings'], queryFn: () => get<SsoSettings>('/sso/settings') });
  const [editing, setEditing] = useState<Provider | 'new'>();
  return (
    <Stack>
      <Title order={2}>Single sign-on</Title>
      <Text size="sm" c="dimmed">
        People sign in with an OpenID Connect provider (Okta, PingOne, Entra ID, Google, Keycloak). They are found by email or created at their first sign-in, with the role their groups map to (else Basic user), set again at every sign-in.
      </Text>
      <QueryState query={settings}>{(s) => <PasswordsCard settings={s} />}</QueryState>
      <Group justify="space-between">
        <Title order={3} size="h4">
          Providers
        </Title>
        <Button onClick={() => setEditing('new')}>Add provider</Button>
      </Group>
      <QueryState query={providers}>
        {(p) =>
          p.items.length === 0 ? (
            <Text c="dimmed">No provider yet: people sign in with their Gatehouse passwords.</Text>
          ) : (
            <Stack gap="xs" aria-label="Single sign-on providers">
              {p.items.map((x) => (
                <ProviderCard key={x.id} provider={x} onEdit={() => setEditing(x)} />
              ))}
            </Stack>
          )
        }
      </QueryState>
      {editing && <ProviderForm provider={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}

function PasswordsCard({ settings }: { settings: SsoSettings }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (localPasswords: boolean) => api<SsoSettings>('PUT', '/sso/settings', { localPasswords }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sso-settings'] }),
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Switch
          label="Local passwords sign in"
          description="Off: only single sign-on, but for the break-glass Super Administrator, whose password sign-ins are audited."
          checked={settings.localPasswords}
          onChange={(e) => save.mutate(e.currentTarget.checked)}
          disabled={save.isPending}
        />
        {save.error && <ErrorState error={save.error} />}
      </Stack>
    </Card>
  );
}

function ProviderCard({ provider: p, onEdit }: { provider: Provider; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({ mutationFn: () => api('DELETE', `/sso/providers/${p.id}`), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sso-providers'] }) });
  return (
    <Card withBorder padding="sm" data-provider={p.name}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={600}>{p.name}</Text>
            {!p.enabled && (
              <Badge color="gray" variant="light">
                disabled
              </Badge>
            )}
            <Badge variant="light" color={p.clientSecret === 'set' ? 'green' : 'gray'}>
              client secret {p.clientSecret}
            </Badge>
          </Group>
          <Group gap="xs">
            <Button size="xs" variant="default" onClick={onEdit}>
              Edit
            </Button>
            <Button size="xs" color="red" variant="subtle" onClick={() => window.confirm(`Remove ${p.name}? People who sign in with it will have to use another way.`) && remove.mutate()} loading={remove.isPending}>
              Remove
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>
          {p.issuer} · client {p.clientId} · scopes {p.scopes.join(' ')}
        </Text>
        <Text size="sm">
          Redirect URI to register: <Code>{p.redirectUri}</Code>; after logout: <Code>{p.postLogoutRedirectUri}</Code>
        </Text>
        <Text size="sm">
          {p.roleMapping.length === 0 ? `Everyone signs in as a Basic user (claim "${p.groupsClaim}").` : `Groups (claim "${p.groupsClaim}"): ${p.roleMapping.map((m) => `${m.group} → ${roleLabel(m.role)}`).join(' · ')}; others are Basic users.`}
        </Text>
        {remove.error && <ErrorState error={remove.error} />}
      </Stack>
    </Card>
  );
}

function ProviderForm({ provider, onClose }: { provider?: Provider; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(provider?.name ?? '');
  const [issuer, setIssuer] = useState(provider?.issuer ?? '');
  const [clientId, setClientId] = useState(provider?.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [scopes, setScopes] = useState((provider?.scopes ?? ['openid', 'email', 'profile', 'groups']).join(' '));
  const [groupsClaim, setGroupsClaim] = useState(provider?.groupsClaim ?? 'groups');
  const [mapping, setMapping] = useState<{ group: string; role: Role }[]>(provider?.roleMapping ?? []);
  const [enabled, setEnabled] = useState(provider?.enabled ?? true);
  const save = useMutation({
    mutationFn: () => {
      const body = { name, issuer, clientId, scopes: scopes.split(/\s+/).filter(Boolean), groupsClaim, roleMapping: mapping.filter((m) => m.group.trim()), enabled, ...(secret ? { clientSecret: secret } : {}) };
      return provider ? api<Provider>('PUT', `/sso/providers/${provider.id}`, body) : api<Provider>('POST', '/sso/providers', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sso-providers'] });
      onClose();
    },
  });
  const fieldError = (field: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${field}` || e.field.startsWith(`body.${field}.`))?.message : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={provider ? `Edit ${provider.name}` : 'Add an OpenID Connect provider'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) && <ErrorState error={save.error} />}
          <TextInput label="Name" description='Shown on the sign-in page: "Sign in with <name>"' required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <TextInput label="Issuer URL" description="Its discovery document is <issuer>/.well-known/openid-configuration" placeholder="https://acme.okta.com" required value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} error={fieldError('issuer')} />
          <TextInput label="Client id" required value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} error={fieldError('clientId')} />
          <PasswordInput
            label="Client secret"
            description={provider ? (provider.clientSecret === 'set' ? 'Set; leave empty to keep it (enter it again when the issuer changes)' : 'Not set (a public client)') : 'Leave empty for a public client (PKCE only)'}
            placeholder={provider?.clientSecret === 'set' ? '•••••••• (set)' : ''}
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            error={fieldError('clientSecret')}
          />
          <TextInput label="Scopes" description="Space-separated; openid is always asked for" value={scopes} onChange={(e) => setScopes(e.currentTarget.value)} error={fieldError('scopes')} />
          <TextInput label="Groups claim" description="The claim listing the person's groups (Entra ID sends group object ids)" value={groupsClaim} onChange={(e) => setGroupsClaim(e.currentTarget.value)} error={fieldError('groupsClaim')} />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Group → role
            </Text>
            {mapping.map((m, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <TextInput aria-label={`Group ${i + 1}`} placeholder="gatehouse-admins" value={m.group} onChange={(e) => setMapping(mapping.map((x, j) => (j === i ? { ...x, group: e.currentTarget.value } : x)))} style={{ flex: 1 }} />
                <Select aria-label={`Role ${i + 1}`} data={ROLE_OPTIONS} value={m.role} onChange={(v) => v && setMapping(mapping.map((x, j) => (j === i ? { ...x, role: v as Role } : x)))} allowDeselect={false} />
                <ActionIcon variant="subtle" color="red" aria-label={`Remove group ${i + 1}`} onClick={() => setMapping(mapping.filter((_, j) => j !== i))}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            {fieldError('roleMapping') && (
              <Alert color="red" p="xs">
                {fieldError('roleMapping')}
              </Alert>
            )}
            <Button variant="light" size="xs" onClick={() => setMapping([...mapping, { group: '', role: 'read_only' }])} style={{ alignSelf: 'flex-start' }}>
              Add a group
            </Button>
          </Stack>
          <Switch label="Enabled (listed on the sign-in page)" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          <DialogActions label={provider ? 'Save' : 'Add provider'} onCancel={onClose} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

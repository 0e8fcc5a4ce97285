/**
 * Add or edit a connector with a form generated from the connector type's config fields. Secret
 * fields are write-only: the form shows whether they are set, and leaving one empty keeps it.
 * The server validates; its errors are shown next to the fields they concern.
 */
import { Modal, MultiSelect, NumberInput, PasswordInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, type ConfigField, type Connector, type ConnectorType } from '../api';
import { can, useMe } from '../auth';
import { ErrorState } from './QueryState';
import { DialogActions } from './DialogActions';

/** "domain" → "Domain", "apiToken" → "API token". */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  const text = words.map((w) => (['api', 'url', 'id', 'scim'].includes(w) ? w.toUpperCase() : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface Props {
  appId: string;
  types: ConnectorType[];
  connector?: Connector;
  onClose: () => void;
}

export function ConnectorForm({ appId, types, connector, onClose }: Props) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [typeName, setTypeName] = useState(connector?.type ?? types[0]?.type ?? '');
  const type = types.find((t) => t.type === typeName);
  const [values, setValues] = useState<Record<string, unknown>>(() => ({ ...(connector?.config ?? {}) }));
  const [provisioning, setProvisioning] = useState(connector?.provisioning ?? false);
  const [schedule, setSchedule] = useState(connector?.schedule ?? '0 * * * *');
  const [missing, setMissing] = useState<Record<string, string>>({});
  // Owners are chosen from the platform users, which only some roles may list; without them the field is left alone.
  const [owners, setOwners] = useState<string[]>(connector?.owners ?? []);
  const me = useMe().data;
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ items: { id: string; email: string; name: string }[] }>('/users'), enabled: can(me, 'users:read') });

  const save = useMutation({
    mutationFn: async () => {
      const config: Record<string, unknown> = {};
      for (const f of type?.fields ?? []) {
        const v = values[f.key];
        if (v === undefined || v === '') continue;
        config[f.key] = v;
      }
      const ownership = users.data ? { owners } : {};
      return connector
        ? api<Connector>('PATCH', `/connectors/${connector.id}`, { config, provisioning, schedule, ...ownership })
        : api<Connector & { syncRunId: string | null }>('POST', `/apps/${appId}/connectors`, { type: typeName, config, provisioning, schedule, ...ownership });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['app', appId] });
      await queryClient.invalidateQueries({ queryKey: ['apps'] });
      onClose();
      await navigate({ to: '/apps/$appId', params: { appId }, search: { connector: saved.id }, replace: true });
    },
  });

  // Server errors name fields as `config.<key>` or `body.schedule`.
  const serverErrors: Record<string, string> = {};
  if (save.error instanceof ApiError) for (const e of save.error.errors) serverErrors[e.field.replace(/^(body\.)?(config\.)?/, '')] = e.message;
  const errorOf = (key: string) => missing[key] ?? serverErrors[key];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m: Record<string, string> = {};
    for (const f of type?.fields ?? []) {
      const isSetSecret = f.secret && connector?.secrets[f.key] === 'set';
      if (f.required && !isSetSecret && (values[f.key] === undefined || values[f.key] === '')) m[f.key] = 'required';
    }
    setMissing(m);
    if (Object.keys(m).length === 0) save.mutate();
  };

  return (
    <Modal opened onClose={onClose} title={connector ? `Edit the ${type?.displayName ?? connector.type} connector` : 'Add a connector'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) && <ErrorState error={save.error} />}
          {save.error instanceof ApiError && save.error.errors.length > 0 && (
            <Text c="red" size="sm" role="alert">
              {save.error.detail || 'Some fields are invalid'}: see below.
            </Text>
          )}
          <Select
            label="Connector type"
            data={types.map((t) => ({ value: t.type, label: t.displayName }))}
            value={typeName}
            onChange={(v) => {
              setTypeName(v ?? '');
              setValues({});
            }}
            disabled={Boolean(connector)}
            allowDeselect={false}
          />
          {type && (
            <Text size="sm" c="dimmed">
              {type.description}
            </Text>
          )}
          {type?.fields.map((f) => (
            <FieldInput key={f.key} field={f} value={values[f.key]} secretState={connector?.secrets[f.key]} error={errorOf(f.key)} onChange={(v) => setValues((s) => ({ ...s, [f.key]: v }))} />
          ))}
          <TextInput label="Sync schedule (cron)" description="When to sync; the default is hourly" value={schedule} onChange={(e) => setSchedule(e.currentTarget.value)} error={errorOf('schedule')} />
          {users.data && (
            <MultiSelect
              label="Owners"
              description="People who look after this connector: each one newly named gets an email asking for their help to finish the setup, and they hear when it fails"
              data={users.data.items.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
              value={owners}
              onChange={setOwners}
              searchable
              error={errorOf('owners')}
            />
          )}
          <Switch label="Provisioning: let Gatehouse grant and revoke access through this connector" checked={provisioning} onChange={(e) => setProvisioning(e.currentTarget.checked)} />
          <DialogActions label={connector ? 'Save' : 'Add and sync'} onCancel={onClose} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function FieldInput({ field: f, value, secretState, error, onChange }: { field: ConfigField; value: unknown; secretState?: 'set' | 'not set'; error?: string; onChange: (v: unknown) => void }) {
  const label = fieldLabel(f.key);
  const description = [f.description, f.example ? `e.g. ${f.example}` : ''].filter(Boolean).join(' — ');
  if (f.secret) {
    return (
      <PasswordInput
        label={label}
        description={secretState === 'set' ? `${description} (set; leave empty to keep it)` : description}
        placeholder={secretState === 'set' ? '•••••••• (set)' : 'not set'}
        required={f.required && secretState !== 'set'}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        autoComplete="new-password"
      />
    );
  }
  if (f.kind === 'boolean') {
    return <Switch label={label} description={description} checked={value === undefined ? Boolean(f.default) : Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />;
  }
  if (f.kind === 'enum') {
    return <Select label={label} description={description} data={f.choices ?? []} value={typeof value === 'string' ? value : ((f.default as string | undefined) ?? null)} onChange={(v) => onChange(v ?? undefined)} error={error} required={f.required} />;
  }
  if (f.kind === 'number') {
    return <NumberInput label={label} description={description} value={typeof value === 'number' ? value : ''} placeholder={f.default === undefined ? undefined : String(f.default)} onChange={(v) => onChange(v === '' ? undefined : v)} error={error} required={f.required} />;
  }
  return <TextInput label={label} description={description} placeholder={f.default === undefined ? undefined : String(f.default)} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value)} error={error} required={f.required} />;
}

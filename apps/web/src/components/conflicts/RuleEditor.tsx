/**
 * A separation of duties rule: its name, severity and owner (told of new violations, asked about
 * requests that would create one), and its two sides: entitlements, across apps, that nobody may
 * hold together. Each side is built by picking an app, then searching its entitlements.
 */
import { ActionIcon, Badge, Card, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, query, type AppSummary, type ConflictRule, type ConflictRuleInput, type EntitlementRow, type Page, type ReviewerUser, type Severity } from '../../api';
import { useMe } from '../../auth';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { SEVERITIES, SEVERITY_LABEL } from '../requests/model';
import { reviewerOption, searchReviewers } from '../reviews/ReassignDialog';
import { SearchSelect } from '../SearchSelect';

export interface SideItem {
  appId: string;
  appName: string;
  entitlementId: string;
  entitlementName: string | null;
}

const key = (e: Pick<SideItem, 'appId' | 'entitlementId'>) => `${e.appId}\u0000${e.entitlementId}`;

export function RuleEditor({ rule, onClose, onSaved }: { rule?: ConflictRule; onClose: () => void; onSaved: (r: ConflictRule) => void }) {
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [severity, setSeverity] = useState<Severity>(rule?.severity ?? 'high');
  const [owner, setOwner] = useState<ReviewerUser | null>(rule ? rule.owner : me ? { id: me.id, name: me.name, email: me.email } : null);
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [sideA, setSideA] = useState<SideItem[]>(rule?.sideA ?? []);
  const [sideB, setSideB] = useState<SideItem[]>(rule?.sideB ?? []);
  const save = useMutation({
    mutationFn: () => {
      const body: ConflictRuleInput = {
        name: name.trim(),
        description: description.trim(),
        severity,
        ownerId: owner!.id,
        enabled,
        sideA: sideA.map((e) => ({ appId: e.appId, entitlementId: e.entitlementId })),
        sideB: sideB.map((e) => ({ appId: e.appId, entitlementId: e.entitlementId })),
      };
      return rule ? api<ConflictRule>('PUT', `/conflict-rules/${rule.id}`, body) : api<ConflictRule>('POST', '/conflict-rules', body);
    },
    onSuccess: async (r) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['conflict-rules'] }), queryClient.invalidateQueries({ queryKey: ['violations'] })]);
      onSaved(r);
      onClose();
    },
  });
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}`)?.message : undefined);
  const both = sideA.filter((a) => sideB.some((b) => key(a) === key(b)));
  const incomplete = !name.trim() || !owner || !sideA.length || !sideB.length || both.length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!incomplete) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={rule ? `Edit “${rule.name}”` : 'New access conflict rule'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Rule name" placeholder="Create and approve payments" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <Textarea label="Description" placeholder="Why nobody may hold both" autosize minRows={1} maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Group grow align="flex-start">
            <Select label="Severity" data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))} value={severity} onChange={(v) => v && setSeverity(v as Severity)} allowDeselect={false} />
            <SearchSelect<ReviewerUser>
              label="Owner"
              description="Told of new violations; approves requests that would create one. Any role but Basic user."
              placeholder="Name or email"
              queryKey={['reviews', 'reviewers', 'conflict-owner']}
              search={searchReviewers}
              option={reviewerOption}
              value={owner}
              onChange={setOwner}
              required
            />
          </Group>
          <Text size="sm" c="dimmed">
            Whoever holds something of side A and something of side B — directly or through a group, in any of their accounts — is in violation.
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <SidePicker label="Side A" items={sideA} onChange={setSideA} error={fieldError('sideA')} />
            <SidePicker label="Side B" items={sideB} onChange={setSideB} error={fieldError('sideB')} />
          </SimpleGrid>
          {both.length > 0 && (
            <Text size="sm" c="red" role="alert">
              {both[0]!.entitlementName ?? both[0]!.entitlementId} is on both sides: anyone holding it would conflict with themselves.
            </Text>
          )}
          <Switch label="Enabled (violations are looked for now and after every sync)" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />
          {save.error && <ErrorState error={save.error} />}
          <DialogActions label={rule ? 'Save rule' : 'Create rule'} onCancel={onClose} busy={save.isPending} disabled={incomplete} />
        </Stack>
      </form>
    </Modal>
  );
}

/** One side: the entitlements chosen, and an app then an entitlement (searched) to add. */
function SidePicker({ label, items, onChange, error }: { label: string; items: SideItem[]; onChange: (items: SideItem[]) => void; error?: string }) {
  const apps = useQuery({ queryKey: ['apps', 'managed', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps?managed=true') });
  const [appId, setAppId] = useState<string | null>(null);
  const app = apps.data?.items.find((a) => a.id === appId);
  const [adding, setAdding] = useState(0);
  const add = (e: EntitlementRow | null) => {
    if (!e || items.some((i) => key(i) === key({ appId: e.appId, entitlementId: e.id }))) return;
    onChange([...items, { appId: e.appId, appName: e.appName, entitlementId: e.id, entitlementName: e.displayName }]);
    // A fresh search box for the next one.
    setAdding((n) => n + 1);
  };
  return (
    <Card withBorder padding="sm" aria-label={label} data-side={label}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{label}</Text>
          <Badge variant="light" color="gray">
            {items.length}
          </Badge>
        </Group>
        {items.length === 0 && (
          <Text size="sm" c={error ? 'red' : 'dimmed'}>
            {error ?? 'No entitlement yet: choose an app, then search its entitlements.'}
          </Text>
        )}
        {items.map((i) => (
          <Group key={key(i)} justify="space-between" wrap="nowrap" gap="xs" data-side-item={i.entitlementName ?? i.entitlementId}>
            <Text size="sm" lineClamp={1}>
              <Text span c="dimmed" inherit>
                {i.appName}:
              </Text>{' '}
              {i.entitlementName ?? i.entitlementId}
            </Text>
            <ActionIcon variant="subtle" color="red" size="sm" aria-label={`Remove ${i.entitlementName ?? i.entitlementId} from ${label}`} onClick={() => onChange(items.filter((x) => key(x) !== key(i)))}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Select label="App" placeholder="Choose an app" data={(apps.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} value={appId} onChange={setAppId} searchable />
        {app && (
          <SearchSelect<EntitlementRow>
            key={`${app.id}-${adding}`}
            label="Add an entitlement"
            placeholder={`Search ${app.name}’s entitlements`}
            queryKey={['entitlements', 'pick', app.id]}
            search={(q) => get<Page<EntitlementRow>>(`/entitlements${query({ appId: app.id, q, limit: 20 })}`).then((p) => p.items)}
            option={(e) => ({ value: e.id, label: e.displayName })}
            value={null}
            onChange={add}
          />
        )}
      </Stack>
    </Card>
  );
}

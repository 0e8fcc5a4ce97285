/**
 * A new review policy: its ordered steps, each with who reviews (the holder's manager, the app's or
 * the entitlement's owners, named people, the members of a platform group, the holder themselves), who reviews when nobody is found
 * (fallback reviewers; else the campaign's owner), and whether a reviewer may decide on their own
 * access. An approval at one step passes the item to the next; a revoke ends it.
 */
import { ActionIcon, Button, Card, Group, Modal, MultiSelect, Select, Stack, Switch, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, type PlatformGroup, type PolicyInput, type ReviewerUser, type ReviewPolicy } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState } from '../QueryState';
import { SearchMultiSelect } from '../SearchMultiSelect';
import { REVIEWER_KIND_LABEL, REVIEWER_KINDS, type ReviewerKind } from './model';
import { reviewerOption, searchReviewers } from './ReassignDialog';

interface StepDraft {
  key: number;
  name: string;
  kind: ReviewerKind;
  users: ReviewerUser[];
  groupIds: string[];
  fallback: ReviewerUser[];
  allowSelfReview: boolean;
}

const KIND_HELP: Record<ReviewerKind, string> = {
  manager: 'The manager the directory names for the holder (a platform user with the manager’s email).',
  app_owners: 'The owners named on the app.',
  entitlement_owners: 'The owners named on each entitlement (else the app’s owners’ fallback below).',
  users: 'These people; the items are spread among them.',
  group: 'The members of the identity provider’s groups (pushed by SCIM); the items are spread among them.',
  self: 'The holder attests their own access.',
};

let nextKey = 1;
const newStep = (kind: ReviewerKind = 'manager'): StepDraft => ({ key: nextKey++, name: '', kind, users: [], groupIds: [], fallback: [], allowSelfReview: false });

export function PolicyEditor({ onClose, onCreated }: { onClose: () => void; onCreated: (p: ReviewPolicy) => void }) {
  const queryClient = useQueryClient();
  const groups = useQuery({ queryKey: ['platform-groups'], queryFn: () => get<{ items: PlatformGroup[] }>('/platform-groups') });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [steps, setSteps] = useState<StepDraft[]>([newStep()]);
  const update = (key: number, patch: Partial<StepDraft>) => setSteps((s) => s.map((x) => (x.key === key ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) =>
    setSteps((s) => {
      const next = [...s];
      const [x] = next.splice(i, 1);
      next.splice(i + by, 0, x!);
      return next;
    });
  const save = useMutation({
    mutationFn: () => {
      const body: PolicyInput = {
        name: name.trim(),
        description: description.trim(),
        steps: steps.map((s) => ({
          ...(s.name.trim() ? { name: s.name.trim() } : {}),
          reviewers: s.kind === 'users' ? { kind: 'users', userIds: s.users.map((u) => u.id) } : s.kind === 'group' ? { kind: 'group', groupIds: s.groupIds } : { kind: s.kind },
          fallbackUserIds: s.fallback.map((u) => u.id),
          allowSelfReview: s.allowSelfReview,
        })),
      };
      return api<ReviewPolicy>('POST', '/review-policies', body);
    },
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: ['review-policies'] });
      onCreated(p);
      onClose();
    },
  });
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}`)?.message : undefined);
  const incomplete = !name.trim() || steps.some((s) => (s.kind === 'users' && s.users.length === 0) || (s.kind === 'group' && s.groupIds.length === 0));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!incomplete) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title="New review policy" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Policy name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <Textarea label="Description" autosize minRows={1} maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Text size="sm" c="dimmed">
            Each item goes through the steps in order: an approval passes it to the next step, a revoke ends it. Nobody reviews their own access unless a step allows it.
          </Text>
          {steps.map((s, i) => (
            <Card key={s.key} withBorder padding="sm" aria-label={`Step ${i + 1}`} data-step={i + 1}>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600}>Step {i + 1}</Text>
                  <Group gap={4}>
                    <Tooltip label="Earlier">
                      <ActionIcon variant="subtle" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move step ${i + 1} earlier`}>
                        ↑
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Later">
                      <ActionIcon variant="subtle" disabled={i === steps.length - 1} onClick={() => move(i, 1)} aria-label={`Move step ${i + 1} later`}>
                        ↓
                      </ActionIcon>
                    </Tooltip>
                    <Button size="compact-xs" variant="subtle" color="red" disabled={steps.length === 1} onClick={() => setSteps((x) => x.filter((y) => y.key !== s.key))}>
                      Remove
                    </Button>
                  </Group>
                </Group>
                <Group grow align="flex-start">
                  <TextInput label="Step name" placeholder={i === 0 ? 'Manager review' : 'Owner review'} value={s.name} onChange={(e) => update(s.key, { name: e.currentTarget.value })} />
                  <Select
                    label="Reviewers"
                    data={REVIEWER_KINDS.map((k) => ({ value: k, label: REVIEWER_KIND_LABEL[k] }))}
                    value={s.kind}
                    onChange={(v) => v && update(s.key, { kind: v as ReviewerKind })}
                    allowDeselect={false}
                    description={KIND_HELP[s.kind]}
                  />
                </Group>
                {s.kind === 'users' && (
                  <SearchMultiSelect
                    label="Named reviewers"
                    placeholder="Name or email"
                    required
                    queryKey={['reviews', 'reviewers', 'policy']}
                    search={searchReviewers}
                    option={reviewerOption}
                    value={s.users}
                    onChange={(users) => update(s.key, { users })}
                    error={fieldError(`steps.${i}`)}
                  />
                )}
                {s.kind === 'group' && (
                  <MultiSelect
                    label="Platform groups"
                    description={groups.data?.items.length === 0 ? 'No group yet: the identity provider pushes its groups through SCIM provisioning.' : 'Groups with no member who can sign in send their items to the fallback reviewers.'}
                    placeholder={groups.isError ? 'groups could not be loaded' : 'Choose groups'}
                    required
                    data={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.members === 0 ? 'no member' : `${g.members} member${g.members === 1 ? '' : 's'}`})` }))}
                    value={s.groupIds}
                    onChange={(groupIds) => update(s.key, { groupIds })}
                    searchable
                    error={fieldError(`steps.${i}.reviewers.groupIds`)}
                  />
                )}
                <SearchMultiSelect
                  label="Fallback reviewers"
                  description="When the step finds nobody (no manager, no owner), or only the holder themselves. None: the campaign’s owner."
                  placeholder="Name or email"
                  queryKey={['reviews', 'reviewers', 'fallback']}
                  search={searchReviewers}
                  option={reviewerOption}
                  value={s.fallback}
                  onChange={(fallback) => update(s.key, { fallback })}
                />
                {s.kind !== 'self' && <Switch label="Reviewers may decide on their own access at this step" checked={s.allowSelfReview} onChange={(e) => update(s.key, { allowSelfReview: e.currentTarget.checked })} />}
              </Stack>
            </Card>
          ))}
          <Group>
            <Button variant="light" size="xs" onClick={() => setSteps((s) => [...s, newStep('app_owners')])} disabled={steps.length >= 10}>
              Add a step
            </Button>
          </Group>
          {save.error && <ErrorState error={save.error} />}
          <DialogActions label="Create policy" onCancel={onClose} busy={save.isPending} disabled={incomplete} />
        </Stack>
      </form>
    </Modal>
  );
}

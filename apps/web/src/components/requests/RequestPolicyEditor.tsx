/**
 * A request policy: its rules in order — each a CEL condition over the request and an outcome
 * (approve at once, deny with a message, or approval steps) — and the baseline when no rule
 * matches. The server checks every condition when the policy is saved and refuses one that does not
 * parse (or names an unknown variable), with the error's position: shown under that condition.
 */
import { ActionIcon, Button, Card, Code, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, type ApprovalStep, type Outcome, type PlatformGroup, type RequestPolicy, type RequestPolicyInput, type ReviewerUser } from '../../api';
import { can, useMe } from '../../auth';
import { DialogActions } from '../DialogActions';
import { ErrorState, Loading } from '../QueryState';
import { reviewerOption, searchReviewers } from '../reviews/ReassignDialog';
import { SearchMultiSelect } from '../SearchMultiSelect';
import { APPROVER_KIND_LABEL, APPROVER_KINDS, type ApproverKind } from './model';

interface StepDraft {
  key: number;
  name: string;
  approvers: ApproverKind;
  users: ReviewerUser[];
  groupIds: string[];
  timeoutHours: number;
  onTimeout: 'deny' | 'escalate';
  escalateTo: ReviewerUser[];
}
interface OutcomeDraft {
  kind: Outcome['kind'];
  message: string;
  steps: StepDraft[];
}
interface RuleDraft {
  key: number;
  name: string;
  condition: string;
  outcome: OutcomeDraft;
}

let nextKey = 1;
const newStep = (approvers: ApproverKind = 'manager'): StepDraft => ({ key: nextKey++, name: '', approvers, users: [], groupIds: [], timeoutHours: 72, onTimeout: 'deny', escalateTo: [] });
const newOutcome = (kind: Outcome['kind'] = 'steps'): OutcomeDraft => ({ kind, message: '', steps: [newStep()] });

const APPROVER_HELP: Record<ApproverKind, string> = {
  manager: 'The manager the directory names for the person the access is for (a platform user with the manager’s email).',
  app_owners: 'The owners named on the app.',
  entitlement_owners: 'The owners named on the entitlement, else the app’s owners.',
  users: 'These people; any one of them decides.',
  group: 'Anyone in these groups (your identity provider’s, pushed through SCIM) as they are when the step starts; any one of them decides.',
};

/** Examples of conditions, shown under each condition field. */
export const CEL_EXAMPLES = ['onCall && durationMinutes != null && durationMinutes <= 240', 'requester.department == "Engineering" && !forSomeoneElse', 'size(conflicts) > 0', 'entitlement.name.contains("Admin") || durationMinutes == null', 'now.hour >= 8 && now.hour < 18 && now.weekday >= 1 && now.weekday <= 5'];

export function RequestPolicyEditor({ policy, onClose, onSaved }: { policy?: RequestPolicy; onClose: () => void; onSaved: (p: RequestPolicy) => void }) {
  const me = useMe().data;
  // Named approvers by id, for a policy edited (its steps name users by id): their names first.
  const named = Boolean(policy && [...policy.rules.map((r) => r.outcome), policy.baseline].some((o) => o.kind === 'steps' && o.steps.some((x) => x.userIds.length || x.escalateTo.length)));
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ items: ReviewerUser[] }>('/users'), enabled: named && can(me, 'users:read') });
  if (named && users.isLoading) {
    return (
      <Modal opened onClose={onClose} title={`Edit “${policy!.name}”`} size="xl">
        <Loading />
      </Modal>
    );
  }
  return <Editor policy={policy} users={users.data?.items ?? []} onClose={onClose} onSaved={onSaved} />;
}

function Editor({ policy, users, onClose, onSaved }: { policy?: RequestPolicy; users: ReviewerUser[]; onClose: () => void; onSaved: (p: RequestPolicy) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(policy?.name ?? '');
  const [description, setDescription] = useState(policy?.description ?? '');
  const [rules, setRules] = useState<RuleDraft[]>(() => {
    const byId = new Map(users.map((u) => [u.id, u]));
    return (policy?.rules ?? []).map((r) => ({ key: nextKey++, name: r.name, condition: r.condition, outcome: toDraft(r.outcome, byId) }));
  });
  const [baseline, setBaseline] = useState<OutcomeDraft>(() => (policy ? toDraft(policy.baseline, new Map(users.map((u) => [u.id, u]))) : newOutcome()));
  const updateRule = (key: number, patch: Partial<RuleDraft>) => setRules((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) =>
    setRules((rs) => {
      const next = [...rs];
      const [x] = next.splice(i, 1);
      next.splice(i + by, 0, x!);
      return next;
    });

  const save = useMutation({
    mutationFn: () => {
      const body: RequestPolicyInput = { name: name.trim(), description: description.trim(), rules: rules.map((r) => ({ name: r.name.trim(), condition: r.condition.trim(), outcome: fromDraft(r.outcome) })), baseline: fromDraft(baseline) };
      return policy ? api<RequestPolicy>('PUT', `/request-policies/${policy.id}`, body) : api<RequestPolicy>('POST', '/request-policies', body);
    },
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: ['request-policies'] });
      onSaved(p);
      onClose();
    },
  });
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}` || e.field.startsWith(`body.${f}.`))?.message : undefined);
  const incomplete = !name.trim() || rules.some((r) => !r.name.trim() || !r.condition.trim() || !outcomeComplete(r.outcome)) || !outcomeComplete(baseline);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!incomplete) save.mutate();
  };
  // A refusal about a field is shown at the field; the others above the buttons.
  const generalError = save.error instanceof ApiError && save.error.errors.some((e) => /^body\.rules\.\d+\.condition$/.test(e.field)) ? undefined : save.error;

  return (
    <Modal opened onClose={onClose} title={policy ? `Edit “${policy.name}”` : 'New request policy'} size="xl">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Policy name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError('name')} data-autofocus />
          <Textarea label="Description" autosize minRows={1} maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <Text size="sm" c="dimmed">
            The rules are checked in order: the first whose condition holds decides. When none does, the baseline decides. A request that would create an access conflict goes to the conflict rule’s
            owner even when a rule approves it.
          </Text>
          {rules.map((r, i) => (
            <Card key={r.key} withBorder padding="sm" aria-label={`Rule ${i + 1}`} data-rule={i + 1}>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text fw={600}>Rule {i + 1}</Text>
                  <Group gap={4}>
                    <Tooltip label="Earlier">
                      <ActionIcon variant="subtle" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move rule ${i + 1} earlier`}>
                        ↑
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Later">
                      <ActionIcon variant="subtle" disabled={i === rules.length - 1} onClick={() => move(i, 1)} aria-label={`Move rule ${i + 1} later`}>
                        ↓
                      </ActionIcon>
                    </Tooltip>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRules((rs) => rs.filter((x) => x.key !== r.key))}>
                      Remove
                    </Button>
                  </Group>
                </Group>
                <TextInput label="Rule name" placeholder="On call, short" required value={r.name} onChange={(e) => updateRule(r.key, { name: e.currentTarget.value })} error={fieldError(`rules.${i}.name`)} />
                <Textarea
                  label="Condition (CEL)"
                  description={
                    <>
                      Over <Code>requester</Code>, <Code>target</Code> (email, department, title, manager, holds), <Code>forSomeoneElse</Code>, <Code>entitlement</Code>, <Code>app</Code>, <Code>durationMinutes</Code>{' '}
                      (null: permanent), <Code>emergency</Code>, <Code>now</Code> (hour, weekday, UTC), <Code>onCall</Code>, <Code>conflicts</Code>. E.g. <Code>{CEL_EXAMPLES[i % CEL_EXAMPLES.length]}</Code>
                    </>
                  }
                  required
                  autosize
                  minRows={1}
                  maxLength={2000}
                  value={r.condition}
                  onChange={(e) => updateRule(r.key, { condition: e.currentTarget.value })}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' }, error: { whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  error={fieldError(`rules.${i}.condition`)}
                  spellCheck={false}
                />
                <OutcomeEditor label={`Then (rule ${i + 1})`} value={r.outcome} onChange={(outcome) => updateRule(r.key, { outcome })} />
              </Stack>
            </Card>
          ))}
          <Group>
            <Button variant="light" size="xs" onClick={() => setRules((rs) => [...rs, { key: nextKey++, name: '', condition: '', outcome: newOutcome('approve') }])}>
              Add a rule
            </Button>
          </Group>
          <Card withBorder padding="sm" aria-label="Baseline" bg="var(--mantine-color-default-hover)">
            <Stack gap="xs">
              <Text fw={600}>Baseline: when no rule matches</Text>
              <OutcomeEditor label="Baseline" value={baseline} onChange={setBaseline} />
            </Stack>
          </Card>
          {generalError && <ErrorState error={generalError} />}
          <DialogActions label={policy ? 'Save policy' : 'Create policy'} onCancel={onClose} busy={save.isPending} disabled={incomplete} />
        </Stack>
      </form>
    </Modal>
  );
}

function toDraft(o: Outcome, users: Map<string, ReviewerUser>): OutcomeDraft {
  const user = (id: string): ReviewerUser => users.get(id) ?? { id, name: id, email: '' };
  return o.kind === 'steps'
    ? { kind: 'steps', message: '', steps: o.steps.map((s) => ({ key: nextKey++, name: s.name ?? '', approvers: s.approvers, users: s.userIds.map(user), groupIds: s.groupIds ?? [], timeoutHours: s.timeoutHours, onTimeout: s.onTimeout, escalateTo: s.escalateTo.map(user) })) }
    : { kind: o.kind, message: o.kind === 'deny' ? o.message : '', steps: [newStep()] };
}

function outcomeComplete(o: OutcomeDraft): boolean {
  if (o.kind === 'deny') return o.message.trim().length > 0;
  if (o.kind === 'steps') return o.steps.length > 0 && o.steps.every((s) => (s.approvers !== 'users' || s.users.length > 0) && (s.approvers !== 'group' || s.groupIds.length > 0) && s.timeoutHours >= 0.1);
  return true;
}

function fromDraft(o: OutcomeDraft): Outcome {
  if (o.kind === 'approve') return { kind: 'approve' };
  if (o.kind === 'deny') return { kind: 'deny', message: o.message.trim() };
  return {
    kind: 'steps',
    steps: o.steps.map(
      (s): ApprovalStep => ({
        ...(s.name.trim() ? { name: s.name.trim() } : {}),
        approvers: s.approvers,
        userIds: s.approvers === 'users' ? s.users.map((u) => u.id) : [],
        ...(s.approvers === 'group' ? { groupIds: s.groupIds } : {}),
        timeoutHours: s.timeoutHours,
        onTimeout: s.onTimeout,
        escalateTo: s.onTimeout === 'escalate' ? s.escalateTo.map((u) => u.id) : [],
      }),
    ),
  };
}

function OutcomeEditor({ label, value: o, onChange }: { label: string; value: OutcomeDraft; onChange: (o: OutcomeDraft) => void }) {
  const step = (key: number, patch: Partial<StepDraft>) => onChange({ ...o, steps: o.steps.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  return (
    <Stack gap="xs">
      <SegmentedControl
        aria-label={`${label}: outcome`}
        value={o.kind}
        onChange={(v) => onChange({ ...o, kind: v as Outcome['kind'] })}
        data={[
          { value: 'approve', label: 'Approve at once' },
          { value: 'steps', label: 'Approval steps' },
          { value: 'deny', label: 'Deny' },
        ]}
      />
      {o.kind === 'deny' && <TextInput label="Message to the requester" placeholder="Ask the security team instead" required value={o.message} onChange={(e) => onChange({ ...o, message: e.currentTarget.value })} />}
      {o.kind === 'steps' &&
        o.steps.map((s, i) => (
          <Card key={s.key} withBorder padding="xs" aria-label={`${label}: step ${i + 1}`}>
            <Stack gap={6}>
              <Group justify="space-between">
                <Text size="sm" fw={500}>
                  Step {i + 1}
                </Text>
                <Button size="compact-xs" variant="subtle" color="red" disabled={o.steps.length === 1} onClick={() => onChange({ ...o, steps: o.steps.filter((x) => x.key !== s.key) })}>
                  Remove step
                </Button>
              </Group>
              <Group grow align="flex-start">
                <TextInput label="Step name" placeholder={i === 0 ? 'Manager' : 'Security'} value={s.name} onChange={(e) => step(s.key, { name: e.currentTarget.value })} />
                <Select label="Approvers" data={APPROVER_KINDS.map((k) => ({ value: k, label: APPROVER_KIND_LABEL[k] }))} value={s.approvers} onChange={(v) => v && step(s.key, { approvers: v as ApproverKind })} allowDeselect={false} description={APPROVER_HELP[s.approvers]} />
              </Group>
              {s.approvers === 'users' && (
                <SearchMultiSelect label="Named approvers" placeholder="Name or email" required queryKey={['reviews', 'reviewers', 'approvers']} search={searchReviewers} option={reviewerOption} value={s.users} onChange={(users) => step(s.key, { users })} />
              )}
              {s.approvers === 'group' && <GroupSelect value={s.groupIds} onChange={(groupIds) => step(s.key, { groupIds })} />}
              <Group grow align="flex-start">
                <NumberInput label="Times out after (hours)" min={0.1} max={720} step={1} decimalScale={1} value={s.timeoutHours} onChange={(v) => step(s.key, { timeoutHours: typeof v === 'number' ? v : Number(v) || 0 })} />
                <Select
                  label="Then"
                  data={[
                    { value: 'deny', label: 'Deny the request' },
                    { value: 'escalate', label: 'Escalate' },
                  ]}
                  value={s.onTimeout}
                  onChange={(v) => v && step(s.key, { onTimeout: v as StepDraft['onTimeout'] })}
                  allowDeselect={false}
                />
              </Group>
              {s.onTimeout === 'escalate' && (
                <SearchMultiSelect
                  label="Escalate to"
                  description="None: the app’s owners."
                  placeholder="Name or email"
                  queryKey={['reviews', 'reviewers', 'escalate']}
                  search={searchReviewers}
                  option={reviewerOption}
                  value={s.escalateTo}
                  onChange={(escalateTo) => step(s.key, { escalateTo })}
                />
              )}
            </Stack>
          </Card>
        ))}
      {o.kind === 'steps' && (
        <Group>
          <Button variant="subtle" size="compact-xs" onClick={() => onChange({ ...o, steps: [...o.steps, newStep('app_owners')] })} disabled={o.steps.length >= 5}>
            Add a step
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** The platform groups whose members approve; a group deleted since the policy was saved shows as such (saving refuses it). */
function GroupSelect({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const groups = useQuery({ queryKey: ['platform-groups'], queryFn: () => get<{ items: PlatformGroup[] }>('/platform-groups') });
  const known = groups.data?.items ?? [];
  const data = [...known.map((g) => ({ value: g.id, label: `${g.name} (${g.members} ${g.members === 1 ? 'member' : 'members'})` })), ...value.filter((id) => groups.data && !known.some((g) => g.id === id)).map((id) => ({ value: id, label: `a deleted group (${id})` }))];
  return (
    <MultiSelect
      label="Groups"
      placeholder={value.length ? undefined : 'Choose a group'}
      description={groups.data && !known.length ? 'No platform group yet: your identity provider pushes them through SCIM (SCIM provisioning).' : 'A group without members leaves the step to its timeout.'}
      required
      searchable
      data={data}
      value={value}
      onChange={onChange}
      error={groups.isError ? 'The groups could not be listed (your role may not read users)' : undefined}
      nothingFoundMessage={groups.isPending ? 'Loading…' : 'No such group'}
    />
  );
}

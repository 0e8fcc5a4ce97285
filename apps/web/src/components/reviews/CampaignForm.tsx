/**
 * The new-campaign wizard (and a draft's or a recurring campaign's edit): its name and owner, what
 * it reviews (apps, each whole, by entitlement type or chosen entitlements), whose access
 * (departments, managers' reports, people) and which grants (inherited too, recent, unused, orphan
 * or leavers' accounts), who reviews (a policy, or a new one), and when it is due and what happens
 * then. Saved as a draft, which the campaign's page previews and starts; or saved as recurring: a
 * schedule (quarterly, monthly, a cron expression) creates and starts a campaign at each run, due
 * a number of days later.
 */
import { Alert, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Radio, SegmentedControl, Select, Stack, Stepper, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  api,
  ApiError,
  get,
  query,
  type AppDetail,
  type AppSummary,
  type CampaignDetail,
  type CampaignInput,
  type CampaignTemplate,
  type ConnectorType,
  type Department,
  type DueAction,
  type EntitlementRow,
  type Page,
  type Person,
  type PlatformGroup,
  type PlatformUser,
  type ReviewPolicy,
  type TemplateInput,
} from '../../api';
import { can, useMe } from '../../auth';
import { ErrorState } from '../QueryState';
import { SearchMultiSelect } from '../SearchMultiSelect';
import { dateInput, DUE_ACTION_LABEL, DUE_ACTION_TEXT, endOfDay, scheduleText, stepText, type ScheduleChoice } from './model';
import { PolicyEditor } from './PolicyEditor';

/** Something chosen from a search, with the label it was shown with. */
export interface Picked {
  id: string;
  label: string;
}

type Mode = 'whole' | 'types' | 'entitlements';
export interface AppChoice {
  appId: string;
  name: string;
  mode: Mode;
  resourceTypes: string[];
  entitlements: Picked[];
}

export interface CampaignValues {
  name: string;
  description: string;
  /** null: the creator (or, editing, the owner so far). */
  ownerId: string | null;
  apps: AppChoice[];
  departments: string[];
  managers: Picked[];
  people: Picked[];
  includeInherited: boolean;
  grantedWithinDays: number | '';
  accounts: NonNullable<CampaignInput['scope']['accounts']>;
  unusedForDays: number | '';
  policyId: string | null;
  due: string;
  dueAction: DueAction;
  confirmRevokeAtDue: boolean;
  approveCommentRequired: boolean;
  /** Once (a draft due on `due`), or recurring: each run due `durationDays` after it starts. */
  runs: 'once' | 'recurring';
  schedule: ScheduleChoice;
  cron: string;
  durationDays: number | '';
}

export const emptyCampaign = (): CampaignValues => ({
  name: '',
  description: '',
  ownerId: null,
  apps: [],
  departments: [],
  managers: [],
  people: [],
  includeInherited: false,
  grantedWithinDays: '',
  accounts: 'all',
  unusedForDays: '',
  policyId: null,
  due: dateInput(new Date(Date.now() + 14 * 86_400_000)),
  dueAction: 'leave_open',
  confirmRevokeAtDue: false,
  approveCommentRequired: false,
  runs: 'once',
  schedule: 'quarterly',
  cron: '',
  durationDays: 14,
});

/** The names of what a definition chose (its scope keeps ids). */
export interface ScopeNames {
  apps: Map<string, string>;
  people: Map<string, string>;
}

type Definition = Pick<CampaignInput, 'name' | 'description' | 'scope' | 'policyId' | 'dueAction' | 'approveCommentRequired' | 'ownerId'>;

function definitionValues(d: Definition, names: ScopeNames): CampaignValues {
  const s = d.scope;
  const person = (id: string) => ({ id, label: names.people.get(id) ?? id });
  return {
    ...emptyCampaign(),
    name: d.name,
    description: d.description ?? '',
    ownerId: d.ownerId ?? null,
    apps: (s.apps ?? []).map((a) => ({
      appId: a.appId,
      name: names.apps.get(a.appId) ?? a.appId,
      mode: a.entitlementIds?.length ? 'entitlements' : a.resourceTypes?.length ? 'types' : 'whole',
      resourceTypes: a.resourceTypes ?? [],
      entitlements: (a.entitlementIds ?? []).map((id) => ({ id, label: id })),
    })),
    departments: s.people?.departments ?? [],
    managers: (s.people?.managerIds ?? []).map(person),
    people: (s.people?.personIds ?? []).map(person),
    includeInherited: s.includeInherited ?? false,
    grantedWithinDays: s.grantedWithinDays ?? '',
    accounts: s.accounts ?? 'all',
    unusedForDays: s.unusedForDays ?? '',
    policyId: d.policyId,
    dueAction: d.dueAction ?? 'leave_open',
    confirmRevokeAtDue: d.dueAction === 'revoke',
    approveCommentRequired: d.approveCommentRequired ?? false,
  };
}

/** A draft's values, for editing it (people and entitlements are named by id until looked up). */
export function valuesOf(c: CampaignDetail, names: ScopeNames): CampaignValues {
  return { ...definitionValues({ ...c, policyId: c.policy.id, ownerId: c.owner.id }, names), due: dateInput(new Date(c.dueAt)) };
}

/** A recurring campaign's values, for editing it. */
export function templateValues(t: CampaignTemplate, names: ScopeNames): CampaignValues {
  const known = t.schedule === 'quarterly' || t.schedule === 'monthly';
  return { ...definitionValues({ ...t.campaign, name: t.name }, names), runs: 'recurring', schedule: known ? (t.schedule as ScheduleChoice) : 'cron', cron: known ? '' : t.schedule, durationDays: t.campaign.durationDays };
}

export function inputOf(v: CampaignValues): CampaignInput {
  const people = {
    ...(v.departments.length ? { departments: v.departments } : {}),
    ...(v.managers.length ? { managerIds: v.managers.map((m) => m.id) } : {}),
    ...(v.people.length ? { personIds: v.people.map((p) => p.id) } : {}),
  };
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    scope: {
      apps: v.apps.map((a) => ({
        appId: a.appId,
        ...(a.mode === 'types' ? { resourceTypes: a.resourceTypes } : {}),
        ...(a.mode === 'entitlements' ? { entitlementIds: a.entitlements.map((e) => e.id) } : {}),
      })),
      people,
      includeInherited: v.includeInherited,
      ...(v.grantedWithinDays !== '' ? { grantedWithinDays: v.grantedWithinDays } : {}),
      accounts: v.accounts,
      ...(v.unusedForDays !== '' ? { unusedForDays: v.unusedForDays } : {}),
    },
    policyId: v.policyId ?? '',
    ...(v.ownerId ? { ownerId: v.ownerId } : {}),
    dueAt: endOfDay(v.due).toISOString(),
    dueAction: v.dueAction,
    ...(v.dueAction === 'revoke' ? { confirmRevokeAtDue: v.confirmRevokeAtDue } : {}),
    approveCommentRequired: v.approveCommentRequired,
  };
}

/** A recurring campaign: the same definition without a due date, each run due `durationDays` after it starts. */
export function templateInputOf(v: CampaignValues, enabled: boolean): TemplateInput {
  const { dueAt: _dueAt, ...campaign } = inputOf(v);
  return { name: v.name.trim(), schedule: v.schedule === 'cron' ? v.cron.trim() : v.schedule, enabled, campaign: { ...campaign, durationDays: v.durationDays === '' ? 0 : v.durationDays } };
}

const STEPS = ['Basics', 'Apps', 'People and grants', 'Reviewers', 'Due date'] as const;

/** What keeps a step from being done, in words (undefined: it is done). */
function problem(step: number, v: CampaignValues): string | undefined {
  switch (step) {
    case 0:
      return v.name.trim() ? undefined : 'Give the campaign a name.';
    case 1: {
      const a = v.apps.find((x) => (x.mode === 'types' && !x.resourceTypes.length) || (x.mode === 'entitlements' && !x.entitlements.length));
      return a ? `${a.name}: choose ${a.mode === 'types' ? 'at least one entitlement type' : 'at least one entitlement'}, or review the whole app.` : undefined;
    }
    case 2:
      return v.apps.length || v.departments.length || v.managers.length || v.people.length ? undefined : 'Choose apps, people, or both: a campaign without either would review everything.';
    case 3:
      return v.policyId ? undefined : 'Choose who reviews: a review policy.';
    case 4:
      if (v.runs === 'recurring') {
        if (v.schedule === 'cron' && !v.cron.trim()) return 'Write the cron expression of the schedule, or choose quarterly or monthly.';
        if (v.durationDays === '' || v.durationDays < 1 || v.durationDays > 365) return 'Say how many days (1 to 365) each campaign runs before it is due.';
      } else if (!v.due || endOfDay(v.due).getTime() <= Date.now()) return 'The due date must be in the future.';
      return v.dueAction === 'revoke' && !v.confirmRevokeAtDue ? 'Confirm that undecided access is revoked at the due date, or choose another action.' : undefined;
  }
  return undefined;
}

/** What saving made: a draft campaign, or a recurring campaign. */
export type Saved = { campaign: CampaignDetail } | { template: CampaignTemplate };

/**
 * `campaignId`: editing that draft (it stays a single campaign). `template`: editing that
 * recurring campaign. Neither: a new campaign, once or recurring.
 */
export function CampaignForm({ initial, campaignId, template, onSaved }: { initial: CampaignValues; campaignId?: string; template?: Pick<CampaignTemplate, 'id' | 'enabled'>; onSaved: (s: Saved) => void }) {
  const [v, setValues] = useState(initial);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<string>();
  const save = useMutation({
    mutationFn: async (): Promise<Saved> => {
      if (v.runs === 'recurring') {
        const body = templateInputOf(v, template?.enabled ?? true);
        return { template: await (template ? api<CampaignTemplate>('PUT', `/campaign-templates/${template.id}`, body) : api<CampaignTemplate>('POST', '/campaign-templates', body)) };
      }
      return { campaign: await (campaignId ? api<CampaignDetail>('PUT', `/campaigns/${campaignId}`, inputOf(v)) : api<CampaignDetail>('POST', '/campaigns', inputOf(v))) };
    },
    onSuccess: onSaved,
  });
  // A change answers what was said about the last attempt: its refusal goes with it.
  const set = (patch: Partial<CampaignValues>) => {
    setShown(undefined);
    save.reset();
    setValues((x) => ({ ...x, ...patch }));
  };
  const next = () => {
    const p = problem(step, v);
    if (p) return setShown(p);
    if (step < STEPS.length - 1) setStep(step + 1);
    else {
      const first = STEPS.findIndex((_, i) => problem(i, v));
      if (first >= 0) {
        setStep(first);
        setShown(problem(first, v));
      } else save.mutate();
    }
  };
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}`)?.message : undefined);
  const saveLabel = template ? 'Save recurring campaign' : v.runs === 'recurring' ? 'Save as recurring' : campaignId ? 'Save draft' : 'Save as draft';
  return (
    <Stack>
      <Stepper
        active={step}
        onStepClick={(i) => {
          // Back freely; forward only past steps that are done.
          if (i < step || STEPS.slice(0, i).every((_, k) => !problem(k, v))) {
            setShown(undefined);
            setStep(i);
          }
        }}
        size="sm"
      >
        <Stepper.Step label="Basics" description="Name, owner">
          <Basics v={v} set={set} />
        </Stepper.Step>
        <Stepper.Step label="Apps" description="What is reviewed">
          <AppsStep v={v} set={set} />
        </Stepper.Step>
        <Stepper.Step label="People and grants" description="Whose access">
          <PeopleStep v={v} set={set} />
        </Stepper.Step>
        <Stepper.Step label="Reviewers" description="The policy">
          <PolicyStep v={v} set={set} />
        </Stepper.Step>
        <Stepper.Step label={template ? 'Schedule' : 'Due date'} description="And then">
          <DueStep v={v} set={set} recurring={campaignId ? 'never' : template ? 'always' : 'either'} scheduleError={fieldError('schedule')} />
        </Stepper.Step>
      </Stepper>
      {shown && (
        <Alert color="orange" role="alert">
          {shown}
        </Alert>
      )}
      {save.error && <ErrorState error={save.error} />}
      <Group justify="space-between">
        <Button variant="default" onClick={() => setStep(step - 1)} disabled={step === 0}>
          Back
        </Button>
        <Button onClick={next} loading={save.isPending}>
          {step < STEPS.length - 1 ? 'Next' : saveLabel}
        </Button>
      </Group>
    </Stack>
  );
}

type StepProps = { v: CampaignValues; set: (p: Partial<CampaignValues>) => void };

const OWNER_ROLES = new Set<PlatformUser['role']>(['campaign_admin', 'super_admin']);

function Basics({ v, set }: StepProps) {
  const me = useMe().data;
  // Choosing another owner needs the list of users; without it the owner is the creator.
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ items: PlatformUser[] }>('/users'), enabled: can(me, 'users:read') });
  const owners = (users.data?.items ?? []).filter((u) => OWNER_ROLES.has(u.role) && !u.disabled);
  return (
    <Stack maw={720} pt="md">
      <TextInput label="Campaign name" placeholder="Okta groups, Q3" required value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} maxLength={200} data-autofocus />
      <Textarea
        label="Description"
        description="Shown to reviewers in the kick-off notification: what they review and why"
        placeholder="Quarterly SOX review of who is in each Okta group."
        autosize
        minRows={3}
        maxLength={5000}
        value={v.description}
        onChange={(e) => set({ description: e.currentTarget.value })}
      />
      {can(me, 'users:read') && (
        <Select
          label="Owner"
          description="Runs the campaign: decides what nobody else can review, and receives its summary. A Campaign Administrator or a Super Administrator."
          placeholder={users.isError ? 'users could not be loaded' : 'Choose the owner'}
          data={owners.map((u) => ({ value: u.id, label: `${u.name} <${u.email}>${u.id === me?.id ? ' (you)' : ''}` }))}
          value={v.ownerId ?? me?.id ?? null}
          onChange={(ownerId) => ownerId && set({ ownerId })}
          allowDeselect={false}
          searchable
          maw={480}
        />
      )}
    </Stack>
  );
}

function AppsStep({ v, set }: StepProps) {
  const apps = useQuery({ queryKey: ['apps', 'managed', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps?managed=true') });
  const chosen = new Set(v.apps.map((a) => a.appId));
  const update = (appId: string, patch: Partial<AppChoice>) => set({ apps: v.apps.map((a) => (a.appId === appId ? { ...a, ...patch } : a)) });
  return (
    <Stack maw={900} pt="md">
      <Text size="sm" c="dimmed">
        Choose the apps to review. No app chosen: every managed app, for the people you choose on the next step.
      </Text>
      {v.apps.map((a) => (
        <AppScopeCard key={a.appId} app={a} onChange={(patch) => update(a.appId, patch)} onRemove={() => set({ apps: v.apps.filter((x) => x.appId !== a.appId) })} />
      ))}
      <Select
        label="Add an app"
        placeholder={apps.isError ? 'apps could not be loaded' : 'Choose an app'}
        data={(apps.data?.items ?? []).filter((a) => !chosen.has(a.id)).map((a) => ({ value: a.id, label: a.name }))}
        value={null}
        onChange={(id) => {
          const app = apps.data?.items.find((a) => a.id === id);
          if (app) set({ apps: [...v.apps, { appId: app.id, name: app.name, mode: 'whole', resourceTypes: [], entitlements: [] }] });
        }}
        searchable
        maw={360}
      />
    </Stack>
  );
}

/** What each trait of a resource type means in a review. */
const TRAIT_HINT: Record<string, string> = { group: 'who is in each group', app: 'who is assigned each app', role: 'who holds each role', team: 'who is in each team', project: 'who has each project' };

function AppScopeCard({ app: a, onChange, onRemove }: { app: AppChoice; onChange: (p: Partial<AppChoice>) => void; onRemove: () => void }) {
  const detail = useQuery({ queryKey: ['app', a.appId], queryFn: () => get<AppDetail>(`/apps/${a.appId}`) });
  const types = useQuery({ queryKey: ['connector-types'], queryFn: () => get<{ items: ConnectorType[] }>('/connector-types'), staleTime: Infinity });
  const connectorTypes = new Set((detail.data?.connectors ?? []).map((c) => c.type));
  const resourceTypes = [...new Map((types.data?.items ?? []).filter((t) => connectorTypes.has(t.type)).flatMap((t) => t.resourceTypes.filter((r) => !r.traits.includes('user')).map((r) => [r.id, r] as const)))].map(([, r]) => r);
  return (
    <Card withBorder padding="sm" data-scope-app={a.name}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{a.name}</Text>
          <Button size="compact-xs" variant="subtle" color="red" onClick={onRemove} aria-label={`Remove ${a.name}`}>
            Remove
          </Button>
        </Group>
        <SegmentedControl
          aria-label={`What of ${a.name} is reviewed`}
          value={a.mode}
          onChange={(m) => onChange({ mode: m as Mode })}
          data={[
            { value: 'whole', label: 'The whole app' },
            { value: 'types', label: 'Entitlement types' },
            { value: 'entitlements', label: 'Chosen entitlements' },
          ]}
        />
        {a.mode === 'types' && (
          <MultiSelect
            label="Entitlement types"
            description="Every entitlement of these types: one item per holder"
            placeholder={resourceTypes.length ? 'Choose' : 'the app’s connector names none'}
            data={resourceTypes.map((r) => ({ value: r.id, label: `${r.displayName}${TRAIT_HINT[r.traits[0] ?? ''] ? ` (${TRAIT_HINT[r.traits[0]!]})` : ''}` }))}
            value={a.resourceTypes}
            onChange={(resourceTypes) => onChange({ resourceTypes })}
          />
        )}
        {a.mode === 'entitlements' && (
          <SearchMultiSelect
            label="Entitlements"
            placeholder="Search the app’s entitlements"
            queryKey={['entitlements', 'pick', a.appId]}
            search={async (q) => (await get<Page<EntitlementRow>>(`/entitlements${query({ appId: a.appId, q, limit: 30 })}`)).items.map((e) => ({ id: e.id, label: `${e.displayName} (${e.resourceType})` }))}
            option={(e) => ({ value: e.id, label: e.label })}
            value={a.entitlements}
            onChange={(entitlements) => onChange({ entitlements })}
          />
        )}
      </Stack>
    </Card>
  );
}

const searchPeople = async (q: string) => (await get<Page<Person>>(`/people${query({ q, limit: 20 })}`)).items.map((p) => ({ id: p.id, label: `${p.displayName} <${p.email}>` }));
const pickedOption = (p: Picked) => ({ value: p.id, label: p.label });

function PeopleStep({ v, set }: StepProps) {
  const departments = useQuery({ queryKey: ['people', 'departments'], queryFn: () => get<{ items: Department[] }>('/people/departments') });
  const known = new Set((departments.data?.items ?? []).map((d) => d.name));
  return (
    <Stack maw={900} pt="md">
      <Text fw={600}>Whose access</Text>
      <Text size="sm" c="dimmed" mt={-8}>
        Nothing chosen: everyone’s. Otherwise the access of people in any of the departments, reporting to any of the managers, or chosen by name.
      </Text>
      <MultiSelect
        label="Departments"
        placeholder={departments.isError ? 'departments could not be loaded' : 'Any department'}
        data={[...(departments.data?.items ?? []).map((d) => ({ value: d.name, label: `${d.name} (${d.people})` })), ...v.departments.filter((d) => !known.has(d)).map((d) => ({ value: d, label: d }))]}
        value={v.departments}
        onChange={(departments) => set({ departments })}
        searchable
        clearable
      />
      <SearchMultiSelect label="Managers" description="Their direct reports’ access" placeholder="Name or email" queryKey={['people', 'pick', 'managers']} search={searchPeople} option={pickedOption} value={v.managers} onChange={(managers) => set({ managers })} />
      <SearchMultiSelect label="People" placeholder="Name or email" queryKey={['people', 'pick', 'people']} search={searchPeople} option={pickedOption} value={v.people} onChange={(people) => set({ people })} />
      <Text fw={600} mt="sm">
        Which grants
      </Text>
      <Switch
        label="Include access held through groups (inherited)"
        description="Off: direct grants only. On: also what people get from a group they are in; revoking such an item removes them from the group"
        checked={v.includeInherited}
        onChange={(e) => set({ includeInherited: e.currentTarget.checked })}
      />
      <Group grow align="flex-start">
        <NumberInput label="Granted within the last … days" description="Empty: whenever it was granted" min={1} max={3650} value={v.grantedWithinDays} onChange={(n) => set({ grantedWithinDays: typeof n === 'number' ? n : '' })} allowDecimal={false} />
        <NumberInput label="Unused for … days or more" description="Empty: used or not. Needs the app to report last use" min={1} max={3650} value={v.unusedForDays} onChange={(n) => set({ unusedForDays: typeof n === 'number' ? n : '' })} allowDecimal={false} />
      </Group>
      <Radio.Group label="Accounts" value={v.accounts} onChange={(a) => set({ accounts: a as CampaignValues['accounts'] })}>
        <Stack gap={6} mt={6}>
          <Radio value="all" label="All accounts" />
          <Radio value="without_person" label="Only accounts without a person (orphaned, service or unmatched accounts)" />
          <Radio value="of_inactive_people" label="Only accounts of inactive people (left, disabled or gone from the directory)" />
        </Stack>
      </Radio.Group>
    </Stack>
  );
}

function PolicyStep({ v, set }: StepProps) {
  const me = useMe().data;
  const policies = useQuery({ queryKey: ['review-policies'], queryFn: () => get<{ items: ReviewPolicy[] }>('/review-policies') });
  const chosen = policies.data?.items.find((p) => p.id === v.policyId);
  const names = useQuery({ queryKey: ['platform-groups'], queryFn: () => get<{ items: PlatformGroup[] }>('/platform-groups'), enabled: can(me, 'users:read') && Boolean(chosen?.steps.some((s) => s.reviewers.kind === 'group')) });
  const groups = new Map((names.data?.items ?? []).map((g) => [g.id, g.name]));
  const groupNames = names.data ? (ids: string[]) => ids.map((id) => groups.get(id) ?? 'a deleted group').join(', ') : undefined;
  const [creating, setCreating] = useState(false);
  return (
    <Stack maw={720} pt="md">
      <Group align="flex-end">
        <Select
          label="Review policy"
          description="Who reviews each item, step by step. An app’s or an entitlement’s own preferred policy wins over this one for its items."
          placeholder={policies.isError ? 'policies could not be loaded' : policies.data?.items.length === 0 ? 'No policy yet: create one' : 'Choose a policy'}
          data={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={v.policyId}
          onChange={(policyId) => set({ policyId })}
          searchable
          style={{ flex: 1 }}
        />
        <Button variant="light" onClick={() => setCreating(true)}>
          New policy
        </Button>
      </Group>
      {chosen && (
        <Card withBorder padding="sm" aria-label="Policy steps">
          <Stack gap={4}>
            {chosen.description && (
              <Text size="sm" c="dimmed">
                {chosen.description}
              </Text>
            )}
            {chosen.steps.map((s, i) => (
              <Text key={i} size="sm">
                {i + 1}. {stepText(s, undefined, groupNames)}
              </Text>
            ))}
          </Stack>
        </Card>
      )}
      {creating && <PolicyEditor onClose={() => setCreating(false)} onCreated={(p) => set({ policyId: p.id })} />}
    </Stack>
  );
}

/** How each schedule the wizard offers reads. */
const SCHEDULES: { value: ScheduleChoice; label: string; description: string }[] = [
  { value: 'quarterly', label: 'Quarterly', description: '1 January, April, July and October, at 09:00' },
  { value: 'monthly', label: 'Monthly', description: 'The 1st of each month, at 09:00' },
  { value: 'cron', label: 'Cron expression', description: 'Any schedule: minute, hour, day of the month, month, day of the week' },
];

function DueStep({ v, set, recurring, scheduleError }: StepProps & { recurring: 'never' | 'either' | 'always'; scheduleError?: string }) {
  return (
    <Stack maw={720} pt="md">
      {recurring === 'either' && (
        <SegmentedControl
          aria-label="How often"
          value={v.runs}
          onChange={(runs) => set({ runs: runs as CampaignValues['runs'] })}
          data={[
            { value: 'once', label: 'Once' },
            { value: 'recurring', label: 'Recurring' },
          ]}
          w={260}
        />
      )}
      {v.runs === 'once' ? (
        <TextInput type="date" label="Due date" description="Reviewers are reminded as it nears, and daily once it has passed" required value={v.due} min={dateInput(new Date())} onChange={(e) => set({ due: e.currentTarget.value })} w={220} />
      ) : (
        <Card withBorder padding="sm" aria-label="Schedule">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              Each run creates the campaign “{v.name.trim() || 'its name'} — date” and starts it at once; data not synced in the last 48 hours does not hold it back (the audit log says which).
            </Text>
            <Radio.Group label="Schedule" value={v.schedule} onChange={(schedule) => set({ schedule: schedule as ScheduleChoice })}>
              <Stack gap={6} mt={6}>
                {SCHEDULES.map((x) => (
                  <Radio key={x.value} value={x.value} label={x.label} description={x.description} />
                ))}
              </Stack>
            </Radio.Group>
            {v.schedule === 'cron' && (
              <TextInput
                label="Cron expression"
                description={v.cron.trim() ? scheduleText(v.cron.trim()) : 'On the server’s clock. “0 9 * * 1”: every Monday at 09:00; “0 9 1 */2 *”: every other month on the 1st'}
                placeholder="0 9 1 */2 *"
                required
                value={v.cron}
                onChange={(e) => set({ cron: e.currentTarget.value })}
                error={scheduleError}
                ff="monospace"
                maw={360}
              />
            )}
            <NumberInput label="Each campaign is due after … days" description="Counted from its start" min={1} max={365} value={v.durationDays} onChange={(n) => set({ durationDays: typeof n === 'number' ? n : '' })} allowDecimal={false} w={280} />
          </Stack>
        </Card>
      )}
      <Radio.Group label="At the due date, undecided items" value={v.dueAction} onChange={(a) => set({ dueAction: a as DueAction, confirmRevokeAtDue: false })}>
        <Stack gap="xs" mt={6}>
          {(['leave_open', 'close', 'revoke'] as const).map((a) => (
            <Radio key={a} value={a} label={DUE_ACTION_LABEL[a]} description={DUE_ACTION_TEXT[a]} color={a === 'revoke' ? 'red' : undefined} />
          ))}
        </Stack>
      </Radio.Group>
      {v.dueAction === 'revoke' && (
        <Alert color="red" title="Access will be taken away without review" role="alert">
          <Stack gap="xs">
            <Text size="sm">At the due date{v.runs === 'recurring' ? ' of every run' : ''}, every item nobody decided on is revoked in its app, unreviewed. People who still need that access lose it until someone grants it again.</Text>
            <Checkbox label="I understand: undecided access is revoked at the due date" checked={v.confirmRevokeAtDue} onChange={(e) => set({ confirmRevokeAtDue: e.currentTarget.checked })} color="red" />
          </Stack>
        </Alert>
      )}
      <Switch label="Reviewers must comment on every approval" description="A revoke always needs a comment" checked={v.approveCommentRequired} onChange={(e) => set({ approveCommentRequired: e.currentTarget.checked })} />
    </Stack>
  );
}

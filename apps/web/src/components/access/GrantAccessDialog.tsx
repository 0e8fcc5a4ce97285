/**
 * Grant access: choose the app, then the entitlement (searched), then who gets it — on a person's
 * page their account in that app, in the explorer any user or group of the app (searched) — and
 * say why. The task it creates is followed in the dialog until it ends.
 */
import { Alert, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, query, type AppSummary, type EntitlementRow, type Page, type PersonDetail, type ResourceRow } from '../../api';
import { can, useMe } from '../../auth';
import { SearchSelect } from '../SearchSelect';
import { AskTaskDialog, type ChangeRequest } from '../tasks/AskTaskDialog';

type Account = PersonDetail['accounts'][number];

/** Without a person: anyone of the app. With one: their account in the app chosen. */
export function GrantAccessDialog({ person, appId, onClose }: { person?: PersonDetail; appId?: string; onClose: () => void }) {
  const me = useMe().data;
  const apps = useQuery({ queryKey: ['apps', 'managed', undefined], queryFn: () => get<{ items: AppSummary[] }>('/apps?managed=true'), enabled: !person });
  const choices = person
    ? [...new Map(person.accounts.map((a) => [a.appId, a.appName])).entries()].map(([value, label]) => ({ value, label }))
    : (apps.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }));
  const allowed = choices.filter((c) => can(me, 'provision', c.value));
  const [app, setApp] = useState<string | null>(appId && allowed.some((c) => c.value === appId) ? appId : null);
  const [entitlement, setEntitlement] = useState<EntitlementRow | null>(null);
  const [principalType, setPrincipalType] = useState('user');
  const [principal, setPrincipal] = useState<{ type: string; id: string } | null>(null);
  const accounts = person?.accounts.filter((a) => a.appId === app) ?? [];
  const [accountId, setAccountId] = useState<string | null>(null);
  const account = accounts.find((a) => a.accountId === accountId) ?? accounts[0];
  // Empty means the connector grants it to nobody itself (a manual task then): offer users.
  const types = entitlement?.grantableTo.length ? entitlement.grantableTo : ['user'];

  const chooseApp = (v: string | null) => {
    setApp(v);
    setEntitlement(null);
    setPrincipal(null);
    setAccountId(null);
  };
  const chooseEntitlement = (e: EntitlementRow | null) => {
    setEntitlement(e);
    if (e?.grantableTo.length && !e.grantableTo.includes(principalType)) {
      setPrincipalType(e.grantableTo[0]!);
      setPrincipal(null);
    }
  };

  const who = person ? (account ? { type: 'user', id: account.accountId } : null) : principal;
  const change: ChangeRequest | null = app && entitlement && who ? { kind: 'grant', appId: app, input: { entitlementId: entitlement.id, principal: who } } : null;
  const title = person ? `Grant access to ${person.displayName}` : 'Grant access';

  return (
    <AskTaskDialog title={title} label="Grant" change={change} onClose={onClose}>
      {allowed.length === 0 && !apps.isPending && (
        <Alert color="gray">{person ? `${person.displayName} has no account in an app you may change. Create the account from the app's page first.` : 'You may not change access in any app.'}</Alert>
      )}
      <Select label="App" placeholder="Choose an app" data={allowed} value={app} onChange={chooseApp} searchable required data-autofocus />
      {person && allowed.length < choices.length && (
        <Text size="xs" c="dimmed">
          Only the apps where {person.displayName} has an account and you may change access are listed.
        </Text>
      )}
      {app && (
        <SearchSelect<EntitlementRow>
          key={app}
          label="Entitlement"
          placeholder="Search by name"
          queryKey={['entitlements', 'pick', app]}
          search={(q) => get<Page<EntitlementRow>>(`/entitlements${query({ appId: app, q, limit: 20 })}`).then((p) => p.items.filter((e) => !person || !e.grantableTo.length || e.grantableTo.includes('user')))}
          option={(e) => ({ value: e.id, label: e.displayName })}
          value={entitlement}
          onChange={chooseEntitlement}
          required
        />
      )}
      {app && person && <AccountChoice accounts={accounts} account={account} onChange={setAccountId} />}
      {app && !person && entitlement && (
        <PrincipalChoice
          key={`${app}|${principalType}`}
          appId={app}
          types={types}
          type={principalType}
          onType={(t) => {
            setPrincipalType(t);
            setPrincipal(null);
          }}
          onChange={setPrincipal}
        />
      )}
    </AskTaskDialog>
  );
}

function AccountChoice({ accounts, account, onChange }: { accounts: Account[]; account: Account | undefined; onChange: (id: string | null) => void }) {
  if (accounts.length > 1) {
    return <Select label="Account" data={accounts.map((a) => ({ value: a.accountId, label: `${a.displayName} (${a.email ?? a.login ?? a.accountId})` }))} value={account?.accountId ?? null} onChange={onChange} required />;
  }
  return account ? (
    <Text size="sm">
      To the account <b>{account.displayName}</b> ({account.email ?? account.login ?? account.accountId})
    </Text>
  ) : null;
}

function PrincipalChoice({ appId, types, type, onType, onChange }: { appId: string; types: string[]; type: string; onType: (t: string) => void; onChange: (p: { type: string; id: string } | null) => void }) {
  const [picked, setPicked] = useState<ResourceRow | null>(null);
  return (
    <Stack gap={4}>
      {types.length > 1 && (
        <SegmentedControl aria-label="Grant to a" size="xs" value={type} onChange={onType} data={types.map((t) => ({ value: t, label: t === 'user' ? 'User' : t === 'group' ? 'Group' : t }))} />
      )}
      <SearchSelect<ResourceRow>
        label="Grant to"
        placeholder={type === 'user' ? 'Search by name, email or login' : `Search ${type}s by name`}
        queryKey={['resources', 'pick', appId, type]}
        search={(q) => get<Page<ResourceRow>>(`/resources${query({ appId, type, q, limit: 20 })}`).then((p) => p.items)}
        option={(r) => ({ value: r.id, label: r.email && r.email !== r.displayName ? `${r.displayName} (${r.email})` : r.displayName })}
        value={picked}
        onChange={(r) => {
          setPicked(r);
          onChange(r ? { type: r.type, id: r.id } : null);
        }}
        required
      />
    </Stack>
  );
}

/**
 * A person: their correlated accounts in every app, and all their access, direct and inherited.
 * Those who may provision an app grant access to the person's account there and revoke direct
 * grants; an inherited grant names the membership to change instead.
 */
import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { api, get, type AccessRow, type PersonDetail } from '../api';
import { can, useMe } from '../auth';
import { GrantAccessDialog } from '../components/access/GrantAccessDialog';
import { RevokeDialog, type RevocableGrant } from '../components/access/RevokeDialog';
import { ErrorState, QueryState } from '../components/QueryState';
import { ago } from '../components/time';
import { AnchorLink } from '../components/links';

const route = getRouteApi('/people/$personId');

export function PersonPage() {
  const { personId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/people/$personId' });
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<RevocableGrant>();
  const person = useQuery({ queryKey: ['person', personId], queryFn: () => get<PersonDetail>(`/people/${personId}`) });
  const access = useQuery({ queryKey: ['person-access', personId], queryFn: () => get<{ items: AccessRow[] }>(`/people/${personId}/access`) });
  const unlink = useMutation({
    mutationFn: (a: { appId: string; accountId: string }) => api('POST', '/accounts/unlink', a),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['person', personId] }), queryClient.invalidateQueries({ queryKey: ['person-access', personId] }), queryClient.invalidateQueries({ queryKey: ['unmatched'] })]),
  });

  const rows = useMemo(
    () => (access.data?.items ?? []).filter((r) => (!search.app || r.appId === search.app) && (search.how === undefined || r.inherited === (search.how === 'inherited'))),
    [access.data, search.app, search.how],
  );
  const perApp = useMemo(() => {
    const m = new Map<string, { name: string; count: number }>();
    for (const r of access.data?.items ?? []) m.set(r.appId, { name: r.appName, count: (m.get(r.appId)?.count ?? 0) + 1 });
    return [...m.entries()];
  }, [access.data]);

  return (
    <QueryState query={person}>
      {(p) => (
        <Stack>
          <div>
            <Title order={2}>{p.displayName}</Title>
            <Text c="dimmed">
              {p.email} · {p.status}
              {p.manager && (
                <>
                  {' '}
                  · manager{' '}
                  <AnchorLink to="/people/$personId" params={{ personId: p.manager.id }}>
                    {p.manager.displayName}
                  </AnchorLink>
                </>
              )}
            </Text>
          </div>

          <Card withBorder>
            <Title order={3} size="h4" mb="xs">
              Accounts
            </Title>
            {unlink.error && <ErrorState error={unlink.error} />}
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Accounts">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>App</Table.Th>
                    <Table.Th>Account</Table.Th>
                    <Table.Th>Matched by</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Last sign-in</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.accounts.map((a) => (
                    <Table.Tr key={`${a.appId}|${a.accountId}`}>
                      <Table.Td>{a.appName}</Table.Td>
                      <Table.Td>
                        {a.displayName}
                        <Text size="xs" c="dimmed">
                          {a.email ?? a.login}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={a.matchedBy === 'manual' ? 'grape' : 'gray'}>
                          {a.matchedBy}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{a.status ?? '–'}</Table.Td>
                      <Table.Td>{a.lastLogin ? ago(a.lastLogin) : '–'}</Table.Td>
                      <Table.Td ta="right">
                        {can(me, 'accounts:link') && (
                          <Button size="xs" variant="subtle" color="red" loading={unlink.isPending} onClick={() => unlink.mutate({ appId: a.appId, accountId: a.accountId })}>
                            Unlink
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>

          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Group gap="sm">
                <Title order={3} size="h4">
                  Access across apps
                </Title>
                {p.accounts.some((a) => can(me, 'provision', a.appId)) && (
                  <Button size="xs" onClick={() => setGranting(true)}>
                    Grant access
                  </Button>
                )}
              </Group>
              <SegmentedControl
                aria-label="Direct or inherited"
                size="xs"
                value={search.how ?? 'all'}
                onChange={(v) => void navigate({ search: (s) => ({ ...s, how: v === 'all' ? undefined : (v as 'direct' | 'inherited') }), replace: true })}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'direct', label: 'Direct' },
                  { value: 'inherited', label: 'Inherited' },
                ]}
              />
            </Group>
            <Group gap="xs" mb="sm">
              <Button size="compact-sm" variant={search.app ? 'default' : 'filled'} onClick={() => void navigate({ search: (s) => ({ ...s, app: undefined }), replace: true })}>
                All apps
              </Button>
              {perApp.map(([id, a]) => (
                <Button key={id} size="compact-sm" variant={search.app === id ? 'filled' : 'default'} onClick={() => void navigate({ search: (s) => ({ ...s, app: id }), replace: true })} data-testid="access-app">
                  {a.name} ({a.count})
                </Button>
              ))}
            </Group>
            <QueryState query={access}>
              {() =>
                rows.length === 0 ? (
                  <Text c="dimmed">No access here.</Text>
                ) : (
                  <Table.ScrollContainer minWidth={640}>
                    <Table aria-label="Access" striped>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>App</Table.Th>
                          <Table.Th>Entitlement</Table.Th>
                          <Table.Th>On</Table.Th>
                          <Table.Th>How</Table.Th>
                          <Table.Th />
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {rows.map((r) => (
                          <Table.Tr key={`${r.appId}|${r.grantId}`} data-app-name={r.appName}>
                            <Table.Td>{r.appName}</Table.Td>
                            <Table.Td>{r.entitlementName ?? r.entitlementId}</Table.Td>
                            <Table.Td>
                              {r.resourceName ?? r.resourceId}{' '}
                              <Text span size="xs" c="dimmed">
                                ({r.resourceType})
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              {r.inherited ? (
                                <Badge variant="light" color="cyan" tt="none">
                                  inherited via {r.sourceNames.join(', ')}
                                </Badge>
                              ) : (
                                <Badge variant="light" color="indigo">
                                  direct
                                </Badge>
                              )}
                            </Table.Td>
                            <Table.Td ta="right">{can(me, 'provision', r.appId) && <ChangeAccess row={r} person={p} onRevoke={setRevoking} />}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )
              }
            </QueryState>
          </Card>
          {granting && <GrantAccessDialog person={p} onClose={() => setGranting(false)} />}
          {revoking && <RevokeDialog grant={revoking} onClose={() => setRevoking(undefined)} />}
        </Stack>
      )}
    </QueryState>
  );
}

/** Revoke for a direct grant; for an inherited one, the memberships to change (listed on this page too). */
function ChangeAccess({ row: r, person, onRevoke }: { row: AccessRow; person: PersonDetail; onRevoke: (g: RevocableGrant) => void }) {
  if (r.inherited) {
    return (
      <Text size="xs" c="dimmed">
        to remove, revoke {r.sourceNames.join(', ') || r.sources.join(', ')}
      </Text>
    );
  }
  const what = r.entitlementName ?? r.entitlementId;
  const account = person.accounts.find((a) => a.appId === r.appId && a.accountId === r.accountId);
  return (
    <Button
      size="compact-xs"
      variant="subtle"
      color="red"
      aria-label={`Revoke ${what}`}
      onClick={() => onRevoke({ appId: r.appId, appName: r.appName, entitlementId: r.entitlementId, entitlementName: r.entitlementName, principal: { type: 'user', id: r.accountId }, principalName: account?.displayName ?? person.displayName })}
    >
      Revoke
    </Button>
  );
}

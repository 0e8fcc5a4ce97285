/** The frame around every page: navigation, the signed-in user, sign-out; sends strangers to sign-in. */
import { AppShell, Badge, Burger, Button, Center, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { api, ApiError, get, type MyCampaign } from '../api';
import { can, useMe } from '../auth';
import { InboxBell } from './InboxBell';
import { approvalsQuery } from './requests/model';
import { ErrorState } from './QueryState';
import { AnchorLink, NavLinkLink } from './links';

// Basic users hold no catalog permission: they see their reviews and their inbox.
const NAV = [
  { to: '/', label: 'Dashboard', exact: true, permission: 'catalog:read' as const },
  { to: '/me/access', label: 'My access' },
  { to: '/reviews', label: 'Reviews' },
  { to: '/access/request', label: 'Request access' },
  { to: '/requests', label: 'My requests' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/apps', label: 'Apps', permission: 'catalog:read' as const },
  { to: '/explorer', label: 'Access explorer', permission: 'catalog:read' as const },
  { to: '/people', label: 'People', permission: 'catalog:read' as const },
  { to: '/accounts/unmatched', label: 'Unmatched accounts', permission: 'catalog:read' as const },
  { to: '/campaigns', label: 'Campaigns', permission: 'campaigns:read' as const },
  { to: '/conflicts', label: 'Access conflicts', permission: 'conflicts:read' as const },
  { to: '/request-policies', label: 'Request policies', permission: 'requests:manage' as const },
  { to: '/tasks', label: 'Tasks', permission: 'tasks:read' as const },
  { to: '/audit', label: 'Audit log', permission: 'audit:read' as const },
  { to: '/inbox', label: 'Inbox' },
  { to: '/settings/notifications', label: 'Notifications', permission: 'settings:manage' as const },
  { to: '/settings/sso', label: 'Single sign-on', permission: 'settings:manage' as const },
  { to: '/settings/scim', label: 'SCIM provisioning', permission: 'users:manage' as const },
] as const;

export function Shell() {
  const location = useLocation();
  if (location.pathname === '/login') return <Outlet />;
  return <SignedIn />;
}

function SignedIn() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure();

  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to="/login" search={{ next: location.href }} replace />;
  if (me.error) {
    return (
      <Center h="100vh" p="md">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    );
  }

  const signOut = async () => {
    // A session from single sign-on ends at the identity provider too (RP-initiated logout): the
    // server answers with the provider's logout URL, which sends the browser back to /login.
    const out = await api<{ logoutUrl?: string } | undefined>('POST', '/auth/logout').catch(() => undefined);
    queryClient.clear();
    if (out?.logoutUrl) {
      window.location.assign(out.logoutUrl);
      return;
    }
    await navigate({ to: '/login' });
  };
  const isActive = (to: string, exact?: boolean) => (exact ? location.pathname === to : location.pathname === to || location.pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <AnchorLink to="/" underline="never" c="inherit" fw={700} fz="xl" aria-label="Gatehouse: dashboard">
              Gatehouse
            </AnchorLink>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <InboxBell />
            <Stack gap={0} visibleFrom="xs" align="flex-end">
              <Text size="sm" fw={500} data-testid="current-user">
                {me.data.email}
              </Text>
              <Text size="xs" c="dimmed">
                {me.data.roleLabel}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {/* Twenty entries for an administrator: the list scrolls on a short screen rather than losing its last ones. */}
        <AppShell.Section grow component={ScrollArea}>
          {NAV.filter((n) => !('permission' in n) || can(me.data, n.permission)).map((n) => (
            <NavLinkLink key={n.to} to={n.to} label={n.label} active={isActive(n.to, 'exact' in n && n.exact)} onClick={close} rightSection={n.to === '/reviews' ? <ReviewsCount /> : n.to === '/approvals' ? <ApprovalsCount /> : undefined} />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** How many review items wait for the signed-in user, beside "Reviews". */
function ReviewsCount() {
  const summary = useQuery({ queryKey: ['reviews', 'summary'], queryFn: () => get<{ items: MyCampaign[] }>('/reviews'), refetchInterval: 60_000 });
  const left = (summary.data?.items ?? []).reduce((n, c) => n + c.pending - c.decided, 0);
  if (!left) return null;
  return (
    <Badge size="sm" variant="filled" color={summary.data?.items.some((c) => c.overdue) ? 'red' : 'indigo'} aria-label={`${left} to review`} data-testid="reviews-count">
      {left}
    </Badge>
  );
}

/** How many access requests wait for the signed-in user's approval, beside "Approvals" (red when one is break-glass or creates a conflict). */
function ApprovalsCount() {
  const list = useQuery({ ...approvalsQuery, refetchInterval: 30_000 });
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Badge size="sm" variant="filled" color={items.some((r) => r.emergency || r.conflicts.length) ? 'red' : 'indigo'} aria-label={`${items.length} to approve`} data-testid="approvals-count">
      {items.length}
    </Badge>
  );
}

/**
 * Sign-in: with an identity provider (OpenID Connect; each enabled provider a button that goes to
 * the server's /auth/sso/<id>/start) or with a local account. A failed single sign-on comes back as
 * /login?error=<code>, explained here in words (the code is never shown as given).
 */
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get } from '../api';
import type { paths } from '../api-types';

type SsoProviders = paths['/api/v1/auth/sso/providers']['get']['responses'][200]['content']['application/json'];

/** What a failed single sign-on (`/login?error=<code>`) means, for the person signing in. */
const SSO_ERRORS: Record<string, string> = {
  sso_provider: 'That sign-in provider is not available. Choose another, or ask your administrator.',
  sso_state: 'The sign-in expired or was started in another window. Try again.',
  sso_unavailable: 'The identity provider did not answer. Try again in a moment, or ask your administrator.',
  sso_denied: 'The identity provider did not let you sign in.',
  sso_rejected: 'The identity provider refused the sign-in (it was used already or has expired). Try again.',
  sso_token: "The identity provider's answer could not be verified. Try again, or ask your administrator.",
  sso_email: 'The identity provider did not share your email address, which Gatehouse needs. Ask your administrator.',
  sso_email_unverified: 'The identity provider has not verified your email address.',
  sso_disabled: 'Your Gatehouse account is disabled. Ask your administrator.',
  sso_failed: 'Single sign-on failed. Try again, or ask your administrator.',
};

/** The error a single sign-on came back with, from the address (the router keeps only `next`). */
function ssoErrorOf(search: string): string | undefined {
  const code = new URLSearchParams(search).get('error');
  if (!code) return undefined;
  return SSO_ERRORS[code] ?? SSO_ERRORS.sso_failed;
}

const route = getRouteApi('/login');

export function LoginPage() {
  const { next } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [ssoError] = useState(() => ssoErrorOf(window.location.search));
  const providers = useQuery({ queryKey: ['auth', 'sso', 'providers'], queryFn: () => get<SsoProviders>('/auth/sso/providers'), retry: false });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/auth/login', { email, password });
      queryClient.clear();
      // Only ever go back to a page of this app.
      const target = next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
      await navigate({ href: target, replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Wrong email or password.' : err instanceof ApiError && err.status === 400 ? 'Enter a valid email address and your password.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} component="main">
        <Stack>
          <div>
            <Title order={1} size="h2">
              Gatehouse
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to govern who has access to what.
            </Text>
          </div>
          {ssoError && (
            <Alert color="red" role="alert" title="Could not sign in" data-testid="sso-error">
              {ssoError}
            </Alert>
          )}
          {providers.data && providers.data.items.length > 0 && (
            <Stack gap="xs" data-testid="sso-providers">
              {providers.data.items.map((p) => (
                <Button key={p.id} component="a" href={`/api/v1/auth/sso/${encodeURIComponent(p.id)}/start`} variant="default" fullWidth>
                  Sign in with {p.name}
                </Button>
              ))}
            </Stack>
          )}
          {providers.data && providers.data.items.length > 0 && <Divider label="Or with your Gatehouse account" labelPosition="center" />}
          {providers.data?.localPasswords === false && (
            <Text size="xs" c="dimmed" ta="center">
              Password sign-in is turned off: it is kept for the break-glass administrator.
            </Text>
          )}
          <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
            <Stack>
              {error && (
                <Alert color="red" role="alert" title="Could not sign in">
                  {error}
                </Alert>
              )}
              <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} data-autofocus autoFocus />
              <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}

/** Sign-in with a local account. The lower section is where single sign-on providers will be listed. */
import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';

const route = getRouteApi('/login');

export function LoginPage() {
  const { next } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

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
          <Divider label="Single sign-on" labelPosition="center" />
          <Text size="xs" c="dimmed" ta="center" data-testid="sso-providers">
            No single sign-on provider is configured. Sign in with your Gatehouse account.
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}

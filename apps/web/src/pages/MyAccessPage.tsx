/** My access: the signed-in user's own person page (what they hold in every app), for every role. */
import { Stack, Text, Title } from '@mantine/core';
import { Navigate } from '@tanstack/react-router';
import { useMe } from '../auth';
import { ButtonLink } from '../components/links';
import { QueryState } from '../components/QueryState';

export function MyAccessPage() {
  return (
    <QueryState query={useMe()}>
      {(me) =>
        me.personId ? (
          <Navigate to="/people/$personId" params={{ personId: me.personId }} replace />
        ) : (
          <Stack align="flex-start">
            <Title order={2}>My access</Title>
            <Text c="dimmed">No person of the directory has your email ({me.email}), so Gatehouse knows no access of yours. It shows here once a directory (Okta, PingOne) syncs an account with your email.</Text>
            <ButtonLink to="/access/request" variant="light">
              Request access
            </ButtonLink>
          </Stack>
        )
      }
    </QueryState>
  );
}

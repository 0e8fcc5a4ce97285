/** Loading and error states: an API error is always shown, with what the server said, never a blank page. */
import { Alert, Button, Center, List, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const e = error instanceof ApiError ? error : undefined;
  const title = e ? (e.status === 403 ? 'Not allowed' : e.status === 404 ? 'Not found' : e.title) : 'Something went wrong';
  return (
    <Alert color="red" title={title} role="alert" w="100%" maw={720}>
      <Stack gap="xs">
        <Text size="sm">{e?.detail || (error as Error)?.message || String(error)}</Text>
        {e && e.errors.length > 0 && (
          <List size="sm">
            {e.errors.map((f) => (
              <List.Item key={f.field}>
                {f.field}: {f.message}
              </List.Item>
            ))}
          </List>
        )}
        {onRetry && (
          <div>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}

export function Loading() {
  return (
    <Center py="xl">
      <Loader aria-label="Loading" />
    </Center>
  );
}

/** Renders children with the data once a query has it; a loader before; the error if it failed. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}

/** The signed-in user's notifications, newest first: open one (which marks it read), or mark them all read. */
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { api, get, query, type InboxItem, type Page } from '../api';
import { ErrorState, Loading } from '../components/QueryState';
import { ago, when } from '../components/time';

const route = getRouteApi('/inbox');

export function InboxPage() {
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/inbox' });
  const router = useRouter();
  const queryClient = useQueryClient();
  const unread = search.show === 'unread';
  const inbox = useInfiniteQuery({
    queryKey: ['inbox', 'list', unread],
    queryFn: ({ pageParam }) => get<Page<InboxItem>>(`/inbox${query({ unread: unread || undefined, cursor: pageParam, limit: 50 })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox'] });
  const markRead = useMutation({ mutationFn: (id: string) => api<InboxItem>('POST', `/inbox/${id}/read`), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api<{ marked: number }>('POST', '/inbox/read-all'), onSuccess: refresh });
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];

  const open = async (n: InboxItem) => {
    if (!n.readAt) await markRead.mutateAsync(n.id).catch(() => undefined);
    // Links are paths of this UI, query string included (`/apps/…?connector=…`).
    if (n.link) router.history.push(n.link);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Inbox</Title>
        <Group>
          <SegmentedControl
            aria-label="Show"
            value={unread ? 'unread' : 'all'}
            data={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: 'Unread' },
            ]}
            onChange={(v) => void navigate({ search: v === 'unread' ? { show: 'unread' } : {}, replace: true })}
          />
          <Button variant="default" onClick={() => markAll.mutate()} loading={markAll.isPending}>
            Mark all read
          </Button>
        </Group>
      </Group>
      {(markRead.error || markAll.error) && <ErrorState error={markRead.error ?? markAll.error} />}
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{unread ? 'Nothing unread.' : 'No notification yet. You will find here what needs you: access reviews, manual tasks, failed tasks, connectors you own.'}</Text>
      ) : (
        <Stack gap="xs" aria-label="Notifications">
          {items.map((n) => (
            <Card key={n.id} withBorder padding="sm" data-unread={n.readAt ? undefined : 'true'} style={n.readAt ? undefined : { borderLeft: '3px solid var(--mantine-primary-color-filled)' }}>
              <Group justify="space-between" align="flex-start" wrap="nowrap">
                <Stack gap={4}>
                  <Group gap="xs">
                    <Text fw={n.readAt ? 400 : 600}>{n.subject}</Text>
                    <Badge variant="light" size="sm">
                      {n.event}
                    </Badge>
                  </Group>
                  <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                    {n.text}
                  </Text>
                  <Text size="xs" c="dimmed" title={when(n.createdAt)}>
                    {ago(n.createdAt)}
                    {n.readAt ? ` · read ${ago(n.readAt)}` : ''}
                  </Text>
                </Stack>
                <Group gap="xs" wrap="nowrap">
                  {n.link && (
                    <Button size="xs" onClick={() => void open(n)}>
                      Open
                    </Button>
                  )}
                  {!n.readAt && (
                    <Button size="xs" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                      Mark read
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          ))}
          {inbox.hasNextPage && (
            <Button variant="default" onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
              Show older
            </Button>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** The header's inbox bell: the signed-in user's unread notifications, counted every half minute. */
import { Indicator } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api';
import { ButtonLink } from './links';

export const unreadQuery = { queryKey: ['inbox', 'unread-count'], queryFn: () => get<{ count: number }>('/inbox/unread-count'), refetchInterval: 30_000 };

export function InboxBell() {
  const unread = useQuery(unreadQuery);
  const count = unread.data?.count ?? 0;
  const label = count ? `Inbox: ${count} unread` : 'Inbox: nothing unread';
  return (
    <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} offset={4} color="red">
      <ButtonLink to="/inbox" variant="subtle" size="xs" aria-label={label} title={label} data-testid="inbox-bell">
        <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
      </ButtonLink>
    </Indicator>
  );
}

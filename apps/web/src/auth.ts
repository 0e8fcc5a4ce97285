/** The signed-in user and what they may do: pages hide the actions their role would be refused. */
import { useQuery } from '@tanstack/react-query';
import { get, type Me, type Permission } from './api';

export const meQuery = { queryKey: ['me'], queryFn: () => get<Me>('/auth/me'), staleTime: 60_000 };

export function useMe() {
  return useQuery(meQuery);
}

/** Whether the user may do `permission`, on `appId` when the permission is app-scoped. */
export function can(me: Me | undefined, permission: Permission, appId?: string): boolean {
  if (!me || !me.permissions.includes(permission)) return false;
  if (me.role === 'app_owner' && permission === 'apps:manage') return appId !== undefined && me.ownedApps.includes(appId);
  return true;
}

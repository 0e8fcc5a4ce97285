/** The signed-in user and what they may do: pages hide the actions their role would be refused. */
import { useQuery } from '@tanstack/react-query';
import { get, type Me, type Permission } from './api';

export const meQuery = { queryKey: ['me'], queryFn: () => get<Me>('/auth/me'), staleTime: 60_000 };

export function useMe() {
  return useQuery(meQuery);
}

/** Permissions an App owner holds only on the apps they own (the server narrows them the same way). */
const APP_SCOPED: Permission[] = ['apps:manage', 'provision'];

/**
 * Whether the user may do `permission`, on `appId` when the permission is app-scoped. Without an
 * app, an App owner "may provision" when they own any app (to show a Grant access button at all).
 */
export function can(me: Me | undefined, permission: Permission, appId?: string): boolean {
  if (!me || !me.permissions.includes(permission)) return false;
  if (me.role === 'app_owner' && APP_SCOPED.includes(permission)) return appId === undefined ? permission === 'provision' && me.ownedApps.length > 0 : me.ownedApps.includes(appId);
  return true;
}

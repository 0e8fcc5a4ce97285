/** What one does with a request: approve, deny, withdraw, give back, extend; each refreshes every view of requests. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type AccessRequestDetail } from '../../api';
import { refreshRequests } from './model';

export function useRequestActions() {
  const queryClient = useQueryClient();
  const onSettled = () => refreshRequests(queryClient);
  return {
    approve: useMutation({ mutationFn: ({ id, comment }: { id: string; comment?: string }) => api<AccessRequestDetail>('POST', `/requests/${id}/approve`, comment ? { comment } : {}), onSettled }),
    deny: useMutation({ mutationFn: ({ id, reason }: { id: string; reason: string }) => api<AccessRequestDetail>('POST', `/requests/${id}/deny`, { reason }), onSettled }),
    cancel: useMutation({ mutationFn: (id: string) => api<AccessRequestDetail>('POST', `/requests/${id}/cancel`), onSettled }),
    release: useMutation({ mutationFn: (id: string) => api<AccessRequestDetail>('POST', `/requests/${id}/release`), onSettled }),
    extend: useMutation({ mutationFn: ({ id, durationMinutes, reason }: { id: string; durationMinutes: number; reason: string }) => api<AccessRequestDetail>('POST', `/requests/${id}/extend`, { durationMinutes, reason }), onSettled }),
  };
}

export type RequestActions = ReturnType<typeof useRequestActions>;

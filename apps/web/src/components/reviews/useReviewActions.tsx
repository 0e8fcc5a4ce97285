/**
 * What a reviewer does to their items: decide (approve, revoke with a comment, clear) by ids or over
 * a filter, reassign, submit. Decisions by ids update the loaded lists in place (the row stays where
 * it is, so the keyboard keeps its place); decisions over a filter reload them. Lists are
 * refreshed without waiting: a submit that empties the list unmounts the view that asked, and the
 * caller's own callbacks must run first.
 */
import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { api, type DecisionsBody, type Page, type ReviewItem, type Submitted } from '../../api';

export const reviewItemsKey = ['reviews', 'items'] as const;

function patchItems(queryClient: QueryClient, ids: Set<string>, patch: Partial<ReviewItem>) {
  queryClient.setQueriesData<InfiniteData<Page<ReviewItem>>>({ queryKey: reviewItemsKey }, (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((i) => (ids.has(i.id) ? { ...i, ...patch } : i)) })) } : data,
  );
}

export function useReviewActions() {
  const queryClient = useQueryClient();
  const refresh = (...keys: (readonly string[])[]) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  const decide = useMutation({
    mutationFn: (body: DecisionsBody) => api<{ updated: number }>('POST', '/reviews/decisions', body),
    onSuccess: (_r, body) => {
      if (body.ids?.length) {
        const comment = body.comment?.trim() || null;
        patchItems(queryClient, new Set(body.ids), { decision: body.decision, comment: body.decision ? comment : null, decidedAt: body.decision ? new Date().toISOString() : null });
      } else refresh(reviewItemsKey);
      refresh(['reviews', 'summary'], ['reviews', 'item']);
    },
  });
  const reassign = useMutation({
    mutationFn: (body: { ids: string[]; toUserId: string; reason: string }) => api<{ reassigned: number }>('POST', '/reviews/reassign', body),
    onSuccess: () => refresh(['reviews']),
  });
  const submit = useMutation({
    mutationFn: (campaignId: string) => api<Submitted>('POST', '/reviews/submit', { campaignId }),
    onSuccess: () => refresh(['reviews'], ['inbox'], ['campaign']),
  });
  return { decide, reassign, submit };
}

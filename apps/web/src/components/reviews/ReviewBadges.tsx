/** Access reviews' states, suggestions and decisions, as badges. */
import { Badge, Loader, Tooltip } from '@mantine/core';
import type { CampaignState, ReviewItem, ReviewItemState } from '../../api';
import { CAMPAIGN_STATE_COLOR, CAMPAIGN_STATE_LABEL, day, ITEM_STATE_COLOR, ITEM_STATE_LABEL } from './model';

export function CampaignStateBadge({ state, size }: { state: CampaignState; size?: 'sm' | 'md' }) {
  return (
    <Badge color={CAMPAIGN_STATE_COLOR[state]} variant="light" size={size} leftSection={state === 'starting' ? <Loader size={10} color="blue" /> : undefined} data-campaign-state={state} style={{ flexShrink: 0 }}>
      {CAMPAIGN_STATE_LABEL[state]}
    </Badge>
  );
}

export function OverdueBadge({ dueAt, size = 'sm' }: { dueAt: string; size?: 'sm' | 'md' }) {
  return (
    <Tooltip label={`Was due ${day(dueAt)}`} openDelay={300}>
      <Badge color="red" variant="filled" size={size} data-overdue="true" style={{ flexShrink: 0 }}>
        Overdue
      </Badge>
    </Tooltip>
  );
}

export function ItemStateBadge({ state }: { state: ReviewItemState }) {
  return (
    <Badge color={ITEM_STATE_COLOR[state]} variant="light" size="sm" tt="none" data-item-state={state} style={{ flexShrink: 0 }}>
      {ITEM_STATE_LABEL[state]}
    </Badge>
  );
}

/** Gatehouse's suggestion, with its reason beside or in a tooltip. */
export function RecommendationBadge({ recommendation, withReason }: { recommendation: ReviewItem['recommendation']; withReason?: boolean }) {
  if (!recommendation) return null;
  const revoke = recommendation.decision === 'revoke';
  const badge = (
    <Badge color={revoke ? 'red' : 'teal'} variant="outline" size="sm" tt="none" data-recommendation={recommendation.decision} style={{ flexShrink: 0 }}>
      {revoke ? 'Suggest revoke' : 'Suggest approve'}
    </Badge>
  );
  return withReason ? (
    badge
  ) : (
    <Tooltip label={recommendation.reason} openDelay={200} multiline maw={320}>
      {badge}
    </Tooltip>
  );
}

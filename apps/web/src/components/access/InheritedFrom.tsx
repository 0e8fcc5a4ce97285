/**
 * An inherited grant cannot be revoked on its own: the membership it comes through must change.
 * This names that membership (its entitlement, by name) and links to it, where it can be revoked.
 */
import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { get, query, type EntitlementRow, type Page } from '../../api';
import { AnchorLink } from '../links';

/** `group:00g1:member` → its resource (the id may itself hold colons). */
function parseEntitlementId(id: string): { resourceType: string; resourceId: string } | undefined {
  const parts = id.split(':');
  return parts.length >= 3 ? { resourceType: parts[0]!, resourceId: parts.slice(1, -1).join(':') } : undefined;
}

function useEntitlementName(appId: string, id: string): string {
  const ref = parseEntitlementId(id);
  const found = useQuery({
    queryKey: ['entitlement-name', appId, id],
    queryFn: () => get<Page<EntitlementRow>>(`/entitlements${query({ appId, ...ref, limit: 10 })}`),
    enabled: Boolean(ref),
    staleTime: 5 * 60_000,
  });
  return found.data?.items.find((e) => e.id === id)?.displayName ?? id;
}

function SourceLink({ appId, source, principal }: { appId: string; source: string; principal: { type: string; id: string } }) {
  const name = useEntitlementName(appId, source);
  return (
    <AnchorLink to="/explorer" search={{ tab: 'grants', app: appId, entitlement: source, principalType: principal.type, principal: principal.id }} size="sm">
      {name}
    </AnchorLink>
  );
}

/** In the explorer: links to each membership the grant comes through. */
export function InheritedFrom({ appId, sources, principal }: { appId: string; sources: string[]; principal: { type: string; id: string } }) {
  return (
    <Group gap={4} wrap="nowrap" data-testid="inherited-from">
      <Text size="sm" c="dimmed" span>
        change
      </Text>
      {sources.map((s) => (
        <SourceLink key={s} appId={appId} source={s} principal={principal} />
      ))}
    </Group>
  );
}

/** Revoke one direct grant, with a reason; the task it creates is followed until it ends. */
import { Text } from '@mantine/core';
import { AskTaskDialog } from '../tasks/AskTaskDialog';

export interface RevocableGrant {
  appId: string;
  appName: string;
  entitlementId: string;
  entitlementName: string | null;
  principal: { type: string; id: string };
  principalName: string | null;
}

export function RevokeDialog({ grant: g, onClose }: { grant: RevocableGrant; onClose: () => void }) {
  const what = g.entitlementName ?? g.entitlementId;
  const who = g.principalName ?? `${g.principal.type} ${g.principal.id}`;
  return (
    <AskTaskDialog title={`Revoke ${what}`} label="Revoke" change={{ kind: 'revoke', appId: g.appId, input: { entitlementId: g.entitlementId, principal: g.principal } }} onClose={onClose}>
      <Text size="sm">
        Remove <b>{what}</b> from <b>{who}</b> in {g.appName}.
      </Text>
    </AskTaskDialog>
  );
}

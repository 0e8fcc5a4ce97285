/** Deprovision an account (deactivate it; the app keeps it) or delete it for good, with a reason. */
import { Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { AccountRow } from '../../api';
import { AskTaskDialog } from '../tasks/AskTaskDialog';

export function DeprovisionDialog({ account: a, onClose }: { account: AccountRow; onClose: () => void }) {
  const [mode, setMode] = useState<'deprovision' | 'delete'>('deprovision');
  return (
    <AskTaskDialog
      title={`Deprovision ${a.displayName}`}
      label={mode === 'delete' ? 'Delete account' : 'Deprovision'}
      change={{ kind: 'deprovision_account', appId: a.appId, input: { accountId: a.accountId, mode } }}
      onClose={onClose}
    >
      <Text size="sm">
        The account <b>{a.displayName}</b> ({a.email ?? a.login ?? a.accountId}) in {a.appName}.
      </Text>
      <Radio.Group label="How" value={mode} onChange={(v) => setMode(v as 'deprovision' | 'delete')}>
        <Stack gap={6} mt={4}>
          <Radio value="deprovision" label="Deprovision: deactivate it, the app keeps it (it can be reactivated)" />
          <Radio value="delete" label="Delete it for good" />
        </Stack>
      </Radio.Group>
    </AskTaskDialog>
  );
}

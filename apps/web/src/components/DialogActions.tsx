/** The Cancel / confirm buttons at the bottom of every dialog. Without `onConfirm` the confirm button submits the form. */
import { Button, Group } from '@mantine/core';

export function DialogActions({ label, onCancel, onConfirm, busy, disabled }: { label: string; onCancel: () => void; onConfirm?: () => void; busy?: boolean; disabled?: boolean }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type={onConfirm ? 'button' : 'submit'} onClick={onConfirm} loading={busy} disabled={disabled}>
        {label}
      </Button>
    </Group>
  );
}

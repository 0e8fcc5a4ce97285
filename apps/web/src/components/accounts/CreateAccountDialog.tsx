/** Create an account in an app (email, name, reason); an email the app already has is refused, naming the account. */
import { Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { AskTaskDialog } from '../tasks/AskTaskDialog';

export function CreateAccountDialog({ appId, appName, onClose }: { appId: string; appName: string; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const trimmed = { email: email.trim(), firstName: firstName.trim(), lastName: lastName.trim() };
  // The server checks the address; this only waits for something that looks like one.
  const complete = /^[^@\s]+@[^@\s]+$/.test(trimmed.email);
  const input = { email: trimmed.email, ...(trimmed.firstName && { firstName: trimmed.firstName }), ...(trimmed.lastName && { lastName: trimmed.lastName }) };
  return (
    <AskTaskDialog title={`Create an account in ${appName}`} label="Create account" change={complete ? { kind: 'create_account', appId, input } : null} onClose={onClose}>
      <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} data-autofocus />
      <Group grow>
        <TextInput label="First name" value={firstName} onChange={(e) => setFirstName(e.currentTarget.value)} />
        <TextInput label="Last name" value={lastName} onChange={(e) => setLastName(e.currentTarget.value)} />
      </Group>
    </AskTaskDialog>
  );
}

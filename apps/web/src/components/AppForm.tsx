/** Edit an app: name, description, owners (platform users who manage it), directory flag. */
import { Checkbox, Modal, MultiSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, get, type AppDetail } from '../api';
import { ErrorState } from './QueryState';
import { DialogActions } from './DialogActions';

export function AppForm({ app, onClose }: { app: AppDetail; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(app.name);
  const [description, setDescription] = useState(app.description);
  const [owners, setOwners] = useState<string[]>(app.owners);
  const [isDirectory, setIsDirectory] = useState(app.isDirectory);
  const users = useQuery({ queryKey: ['users'], queryFn: () => get<{ items: { id: string; email: string; name: string }[] }>('/users') });
  const save = useMutation({
    mutationFn: () => api('PATCH', `/apps/${app.id}`, { name, description, owners, isDirectory }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['app', app.id] });
      await queryClient.invalidateQueries({ queryKey: ['apps'] });
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={`Edit ${app.name}`}>
      <form onSubmit={submit}>
        <Stack>
          {save.error && <ErrorState error={save.error} />}
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <MultiSelect
            label="Owners"
            description="Platform users who manage this app and its connectors"
            data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
            value={owners}
            onChange={setOwners}
            searchable
            placeholder={users.isError ? 'users could not be loaded' : 'Choose owners'}
            disabled={users.isError}
          />
          <Checkbox label="This app is the company directory (its accounts are the people)" checked={isDirectory} onChange={(e) => setIsDirectory(e.currentTarget.checked)} />
          <DialogActions label="Save" onCancel={onClose} busy={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

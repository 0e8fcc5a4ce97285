/**
 * Bundles (access profiles) on the request policies page: named sets of entitlements across apps
 * that people ask for together from the catalog ("On-call SRE": the PagerDuty team, an Okta group,
 * a PingOne role). Each entitlement of a bundle is still asked through its own settings and policy.
 * Request policy administrators (requests:manage) create and delete them.
 */
import { Badge, Button, Card, Group, List, Modal, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, get, type RequestBundle, type RequestBundleInput } from '../../api';
import { DialogActions } from '../DialogActions';
import { ErrorState, QueryState } from '../QueryState';
import { EntitlementsPicker, entitlementKey, entitlementLabel, type PickedEntitlement } from './EntitlementsPicker';

export const bundlesQuery = { queryKey: ['request-bundles'], queryFn: () => get<{ items: RequestBundle[] }>('/request-bundles') };

export function RequestBundles({ manage }: { manage: boolean }) {
  const bundles = useQuery(bundlesQuery);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<RequestBundle>();
  return (
    <Card withBorder aria-label="Bundles">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={3} size="h4">
              Bundles
            </Title>
            <Text size="sm" c="dimmed">
              Entitlements across apps that people ask for together from the catalog, in one form; each one still goes through its own request settings and policy.
            </Text>
          </div>
          {manage && (
            <Button variant="light" onClick={() => setCreating(true)}>
              New bundle
            </Button>
          )}
        </Group>
        <QueryState query={bundles}>
          {({ items }) =>
            items.length === 0 ? (
              <Text size="sm" c="dimmed">
                No bundle yet.
              </Text>
            ) : (
              <Stack gap="xs">
                {items.map((b) => (
                  <Card key={b.id} withBorder padding="xs" data-bundle={b.name}>
                    <Group justify="space-between" align="flex-start" wrap="nowrap">
                      <div>
                        <Group gap="xs">
                          <Text fw={600}>{b.name}</Text>
                          <Badge size="sm" variant="light" color="gray">
                            {b.items.length}
                          </Badge>
                        </Group>
                        {b.description && (
                          <Text size="sm" c="dimmed">
                            {b.description}
                          </Text>
                        )}
                        <List size="sm" mt={4}>
                          {b.items.map((i) => (
                            <List.Item key={entitlementKey(i)}>{entitlementLabel(i)}</List.Item>
                          ))}
                        </List>
                      </div>
                      {manage && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => setDeleting(b)} aria-label={`Delete ${b.name}`}>
                          Delete
                        </Button>
                      )}
                    </Group>
                  </Card>
                ))}
              </Stack>
            )
          }
        </QueryState>
      </Stack>
      {creating && <BundleEditor onClose={() => setCreating(false)} />}
      {deleting && <DeleteBundle bundle={deleting} onClose={() => setDeleting(undefined)} />}
    </Card>
  );
}

function BundleEditor({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [items, setItems] = useState<PickedEntitlement[]>([]);
  const save = useMutation({
    mutationFn: () => {
      const body: RequestBundleInput = { name: name.trim(), description: description.trim(), items: items.map((i) => ({ appId: i.appId, entitlementId: i.entitlementId })) };
      return api<RequestBundle>('POST', '/request-bundles', body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['request-bundles'] });
      onClose();
    },
  });
  const fieldError = (f: string) => (save.error instanceof ApiError ? save.error.errors.find((e) => e.field === `body.${f}` || e.field.startsWith(`body.${f}.`))?.message : undefined);
  const incomplete = !name.trim() || !items.length;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!incomplete) save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title="New bundle" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Bundle name" placeholder="On-call SRE" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
          <Textarea label="Description" placeholder="What the bundle is for" autosize minRows={1} maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <EntitlementsPicker
            label="Entitlements"
            description="From any app. Make each one requestable on its app’s page: a bundle with one that is not cannot be asked for."
            value={items}
            onChange={setItems}
            required
            error={fieldError('items')}
          />
          {save.error && <ErrorState error={save.error} />}
          <DialogActions label="Create bundle" onCancel={onClose} busy={save.isPending} disabled={incomplete} />
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteBundle({ bundle: b, onClose }: { bundle: RequestBundle; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/request-bundles/${b.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['request-bundles'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Delete “${b.name}”?`}>
      <Stack>
        <Text size="sm">It leaves the catalog. Requests already made through it go on.</Text>
        {remove.error && <ErrorState error={remove.error} />}
        <DialogActions label="Delete bundle" onCancel={onClose} onConfirm={() => remove.mutate()} busy={remove.isPending} />
      </Stack>
    </Modal>
  );
}

/**
 * Recurring campaigns on the Campaigns page: each with its schedule in words, when it runs next,
 * the campaign its last run made, and whether it runs (paused ones do not). Campaign
 * Administrators pause and resume, edit (in the wizard) and delete them; the campaigns they made
 * stay.
 */
import { Badge, Button, Group, Modal, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, get, type CampaignTemplate } from '../../api';
import { DialogActions } from '../DialogActions';
import { AnchorLink, ButtonLink } from '../links';
import { ErrorState, QueryState } from '../QueryState';
import { ago, when } from '../time';
import { day, scheduleText } from './model';
import { CampaignStateBadge } from './ReviewBadges';

export function CampaignTemplates({ manage }: { manage: boolean }) {
  const templates = useQuery({ queryKey: ['campaign-templates'], queryFn: () => get<{ items: CampaignTemplate[] }>('/campaign-templates') });
  return (
    <Stack gap="xs" mt="lg">
      <div>
        <Title order={3}>Recurring campaigns</Title>
        <Text c="dimmed" size="sm">
          Each run creates a campaign from the definition and starts it. {manage ? 'To add one, choose “Recurring” on the last step of a new campaign.' : ''}
        </Text>
      </div>
      <QueryState query={templates}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed" size="sm">
              No recurring campaign yet.
            </Text>
          ) : (
            <Table aria-label="Recurring campaigns" verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Schedule</Table.Th>
                  <Table.Th w={200}>Next run</Table.Th>
                  <Table.Th w={260}>Last run</Table.Th>
                  <Table.Th w={120}>Runs</Table.Th>
                  {manage && <Table.Th w={150} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((t) => (
                  <TemplateRow key={t.id} template={t} manage={manage} />
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}

function TemplateRow({ template: t, manage }: { template: CampaignTemplate; manage: boolean }) {
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['campaign-templates'] });
  const toggle = useMutation({ mutationFn: (enabled: boolean) => api<CampaignTemplate>('PATCH', `/campaign-templates/${t.id}`, { enabled }), onSuccess: refresh });
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/campaign-templates/${t.id}`),
    onSuccess: async () => {
      setDeleting(false);
      await refresh();
    },
  });
  const words = scheduleText(t.schedule);
  return (
    <Table.Tr data-template={t.name} data-enabled={String(t.enabled)}>
      <Table.Td>
        <Text fw={500}>{t.name}</Text>
        <Text size="xs" c="dimmed">
          due {t.campaign.durationDays} day{t.campaign.durationDays === 1 ? '' : 's'} after each start
        </Text>
      </Table.Td>
      <Table.Td data-testid="template-schedule">
        <Text size="sm">{words}</Text>
        {!words.startsWith('Cron') && t.schedule !== 'quarterly' && t.schedule !== 'monthly' && (
          <Text size="xs" c="dimmed" ff="monospace" data-cron>
            {t.schedule}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {t.enabled ? (
          <>
            <Text size="sm">{when(t.nextRunAt)}</Text>
            <Text size="xs" c="dimmed">
              {t.nextRunAt ? ago(t.nextRunAt) : 'never'}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            paused
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {t.lastCampaign ? (
          <Group gap={6} wrap="nowrap">
            <AnchorLink to="/campaigns/$campaignId" params={{ campaignId: t.lastCampaign.id }} size="sm" lineClamp={1}>
              {t.lastCampaign.name}
            </AnchorLink>
            <CampaignStateBadge state={t.lastCampaign.state} size="sm" />
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            not run yet
          </Text>
        )}
        {t.lastRunAt && (
          <Text size="xs" c="dimmed">
            {day(t.lastRunAt)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {manage ? (
          <Switch aria-label={`${t.name} runs on its schedule`} label={t.enabled ? 'On' : 'Paused'} checked={t.enabled} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.currentTarget.checked)} />
        ) : (
          <Badge color={t.enabled ? 'green' : 'gray'} variant="light">
            {t.enabled ? 'on' : 'paused'}
          </Badge>
        )}
        {toggle.error && <ErrorState error={toggle.error} />}
      </Table.Td>
      {manage && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <ButtonLink to="/campaigns/templates/$templateId/edit" params={{ templateId: t.id }} size="compact-sm" variant="light" aria-label={`Edit ${t.name}`}>
              Edit
            </ButtonLink>
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(true)} aria-label={`Delete ${t.name}`}>
              Delete
            </Button>
          </Group>
          {deleting && (
            <Modal opened onClose={() => setDeleting(false)} title={`Delete “${t.name}”?`}>
              <Stack>
                <Text size="sm">It runs no more. The campaigns it made stay, with their items and evidence.</Text>
                {remove.error && <ErrorState error={remove.error} />}
                <DialogActions label="Delete" onCancel={() => setDeleting(false)} busy={remove.isPending} onConfirm={() => remove.mutate()} />
              </Stack>
            </Modal>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/**
 * A campaign's evidence for auditors: reports written on demand (every item and its outcome, every
 * decision, every revocation and whether it held), each file with its size and SHA-256, and the
 * manifest that lists them, signed with the server's audit key. Files download as they are.
 */
import { Alert, Button, Card, Code, CopyButton, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type CampaignDetail, type EvidenceReport } from '../../api';
import { can, useMe } from '../../auth';
import { QueryState, ErrorState } from '../QueryState';
import { ago, when } from '../time';
import { bytes } from './model';

const fileUrl = (campaignId: string, reportId: string, file: string) => `/api/v1/campaigns/${encodeURIComponent(campaignId)}/reports/${encodeURIComponent(reportId)}/${encodeURIComponent(file)}`;

export function Evidence({ campaign: c }: { campaign: CampaignDetail }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const reports = useQuery({ queryKey: ['campaign-reports', c.id], queryFn: () => get<{ items: EvidenceReport[] }>(`/campaigns/${c.id}/reports`) });
  const create = useMutation({ mutationFn: () => api<EvidenceReport>('POST', `/campaigns/${c.id}/reports`), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaign-reports', c.id] }) });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h4">
            Evidence
          </Title>
          <Text size="sm" c="dimmed">
            {c.state === 'running' || c.state === 'starting'
              ? 'A report now shows the campaign as it stands; create another when it completes.'
              : 'What an auditor asks for: the campaign as run, every item and its outcome, every decision and every revocation.'}{' '}
            Each report’s manifest lists its files’ SHA-256 and is signed with the server’s audit key: a changed byte shows.
          </Text>
        </div>
        {can(me, 'campaigns:manage') && (
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={c.state === 'draft'}>
            Create report
          </Button>
        )}
      </Group>
      {create.error && <ErrorState error={create.error} />}
      <QueryState query={reports}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="dimmed">No report yet.</Text>
          ) : (
            <Stack>
              {items.map((r) => (
                <ReportCard key={r.id} campaignId={c.id} report={r} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function ReportCard({ campaignId, report: r }: { campaignId: string; report: EvidenceReport }) {
  const total = r.files.reduce((n, f) => n + f.bytes, 0);
  return (
    <Card withBorder padding="sm" data-report={r.id} aria-label={`Report of ${when(r.generatedAt)}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} title={when(r.generatedAt)}>
            Report of {when(r.generatedAt)}{' '}
            <Text span size="sm" c="dimmed" fw={400}>
              ({ago(r.generatedAt)}, {r.files.length} files, {bytes(total)})
            </Text>
          </Text>
          <Button component="a" href={fileUrl(campaignId, r.id, 'manifest.json')} download="manifest.json" size="xs" variant="light" aria-label="Download manifest.json">
            manifest.json
          </Button>
        </Group>
        <Table aria-label="Report files" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>File</Table.Th>
              <Table.Th>What it holds</Table.Th>
              <Table.Th w={90}>Size</Table.Th>
              <Table.Th w={330}>SHA-256</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.files.map((f) => (
              <Table.Tr key={f.name} data-file={f.name}>
                <Table.Td>
                  <a href={fileUrl(campaignId, r.id, f.name)} download={f.name} aria-label={`Download ${f.name}`}>
                    {f.name}
                  </a>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{f.description}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={`${f.bytes} bytes`}>
                    {bytes(f.bytes)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Tooltip label={f.sha256} openDelay={300}>
                      <Code style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0, flex: 1 }} data-sha256={f.sha256}>
                        {f.sha256}
                      </Code>
                    </Tooltip>
                    <CopyButton value={f.sha256}>
                      {({ copied, copy }) => (
                        <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`Copy the SHA-256 of ${f.name}`}>
                          {copied ? 'Copied' : 'Copy'}
                        </Button>
                      )}
                    </CopyButton>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Alert color="gray" variant="light" p="xs">
          <Text size="xs">
            Keep the files together with manifest.json. Its Ed25519 signature covers every file’s name, size and SHA-256 and the audit log’s head when the report was made; the signing key is the server’s audit key (Audit log, checkpoints), so a copy verifies anywhere.
          </Text>
        </Alert>
      </Stack>
    </Card>
  );
}

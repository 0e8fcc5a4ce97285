/** A new campaign (the wizard), and a draft's edit: saved as a draft, then previewed and started on the campaign's page. */
import { Alert, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { get, type AppSummary, type CampaignDetail, type PersonDetail } from '../api';
import { AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { CampaignForm, emptyCampaign, valuesOf } from '../components/reviews/CampaignForm';
import { campaignQuery } from '../components/reviews/model';

export function CampaignNewPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <Stack>
      <AnchorLink to="/campaigns" size="sm">
        ← All campaigns
      </AnchorLink>
      <div>
        <Title order={2}>New campaign</Title>
        <Text c="dimmed" size="sm">
          Saved as a draft: you see what it would create (items per app and per reviewer, stale data) before you start it.
        </Text>
      </div>
      <CampaignForm
        initial={emptyCampaign()}
        onSaved={async (c) => {
          await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
          await navigate({ to: '/campaigns/$campaignId', params: { campaignId: c.id } });
        }}
      />
    </Stack>
  );
}

const editRoute = getRouteApi('/campaigns/$campaignId/edit');

export function CampaignEditPage() {
  const { campaignId } = editRoute.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const campaign = useQuery(campaignQuery(campaignId));
  // The names of what the draft chose (its scope keeps ids).
  const names = useQuery({
    queryKey: ['campaign-names', campaignId],
    enabled: Boolean(campaign.data),
    queryFn: async () => {
      const c = campaign.data!;
      const apps = await get<{ items: AppSummary[] }>('/apps');
      const ids = [...(c.scope.people?.managerIds ?? []), ...(c.scope.people?.personIds ?? [])];
      const people = await Promise.all(ids.map((id) => get<PersonDetail>(`/people/${id}`).then((p) => [id, `${p.displayName} <${p.email}>`] as const, () => [id, id] as const)));
      return { apps: new Map(apps.items.map((a) => [a.id, a.name])), people: new Map(people) };
    },
    staleTime: Infinity,
  });
  return (
    <Stack>
      <AnchorLink to="/campaigns/$campaignId" params={{ campaignId }} size="sm">
        ← Back to the campaign
      </AnchorLink>
      <QueryState query={campaign}>
        {(c: CampaignDetail) =>
          c.state !== 'draft' ? (
            <Alert color="orange">This campaign is {c.state}: only a draft can be edited.</Alert>
          ) : (
            <>
              <Title order={2}>Edit {c.name}</Title>
              <QueryState query={names}>
                {(n) => (
                  <CampaignForm
                    initial={valuesOf(c, n)}
                    campaignId={c.id}
                    onSaved={async () => {
                      await queryClient.invalidateQueries({ queryKey: ['campaign'] });
                      await queryClient.invalidateQueries({ queryKey: ['campaign-preview', c.id] });
                      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
                      await navigate({ to: '/campaigns/$campaignId', params: { campaignId: c.id } });
                    }}
                  />
                )}
              </QueryState>
            </>
          )
        }
      </QueryState>
    </Stack>
  );
}

/**
 * A new campaign (the wizard): saved as a draft, then previewed and started on the campaign's page;
 * or saved as recurring, listed on the Campaigns page. Also a draft's edit and a recurring
 * campaign's edit, in the same wizard.
 */
import { Alert, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { get, type AppSummary, type CampaignDetail, type CampaignScope, type CampaignTemplate, type PersonDetail } from '../api';
import { AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { CampaignForm, emptyCampaign, templateValues, valuesOf, type Saved, type ScopeNames } from '../components/reviews/CampaignForm';
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
          Saved as a draft: you see what it would create (items per app and per reviewer, stale data) before you start it. Or recurring: it starts on its schedule.
        </Text>
      </div>
      <CampaignForm
        initial={emptyCampaign()}
        onSaved={async (s: Saved) => {
          if ('template' in s) {
            await queryClient.invalidateQueries({ queryKey: ['campaign-templates'] });
            await navigate({ to: '/campaigns' });
            return;
          }
          await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
          await navigate({ to: '/campaigns/$campaignId', params: { campaignId: s.campaign.id } });
        }}
      />
    </Stack>
  );
}

/** The names of the apps and people a scope chose (it keeps ids), looked up once. */
function useScopeNames(key: unknown[], scope: CampaignScope | undefined) {
  return useQuery({
    queryKey: ['scope-names', ...key],
    enabled: Boolean(scope),
    queryFn: async (): Promise<ScopeNames> => {
      const apps = await get<{ items: AppSummary[] }>('/apps');
      const ids = [...(scope!.people?.managerIds ?? []), ...(scope!.people?.personIds ?? [])];
      const people = await Promise.all(ids.map((id) => get<PersonDetail>(`/people/${id}`).then((p) => [id, `${p.displayName} <${p.email}>`] as const, () => [id, id] as const)));
      return { apps: new Map(apps.items.map((a) => [a.id, a.name])), people: new Map(people) };
    },
    staleTime: Infinity,
  });
}

const editRoute = getRouteApi('/campaigns/$campaignId/edit');

export function CampaignEditPage() {
  const { campaignId } = editRoute.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const campaign = useQuery(campaignQuery(campaignId));
  const names = useScopeNames(['campaign', campaignId], campaign.data?.scope);
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

const templateRoute = getRouteApi('/campaigns/templates/$templateId/edit');

export function CampaignTemplateEditPage() {
  const { templateId } = templateRoute.useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const template = useQuery({ queryKey: ['campaign-template', templateId], queryFn: () => get<CampaignTemplate>(`/campaign-templates/${templateId}`) });
  const names = useScopeNames(['template', templateId], template.data?.campaign.scope);
  return (
    <Stack>
      <AnchorLink to="/campaigns" size="sm">
        ← All campaigns
      </AnchorLink>
      <QueryState query={template}>
        {(t: CampaignTemplate) => (
          <>
            <div>
              <Title order={2}>Edit {t.name}</Title>
              <Text c="dimmed" size="sm">
                A recurring campaign: the next runs follow this definition; the campaigns it made stay as they are.
              </Text>
            </div>
            <QueryState query={names}>
              {(n) => (
                <CampaignForm
                  initial={templateValues(t, n)}
                  template={t}
                  onSaved={async () => {
                    await queryClient.invalidateQueries({ queryKey: ['campaign-templates'] });
                    await queryClient.invalidateQueries({ queryKey: ['campaign-template', t.id] });
                    await navigate({ to: '/campaigns' });
                  }}
                />
              )}
            </QueryState>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

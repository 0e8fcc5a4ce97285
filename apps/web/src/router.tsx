/**
 * Routes. Filters live in the query string (validated here), so every view can be bookmarked and
 * shared. Pages read their search params through `getRouteApi(path)`.
 */
import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { REQUEST_STATES } from './components/requests/model';
import { CAMPAIGN_STATES, ITEM_STATES } from './components/reviews/model';
import { Shell } from './components/Shell';
import { TASK_KINDS, TASK_STATES } from './components/tasks/model';
import { AppPage } from './pages/AppPage';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { AppsPage } from './pages/AppsPage';
import { AuditPage } from './pages/AuditPage';
import { CampaignEditPage, CampaignNewPage, CampaignTemplateEditPage } from './pages/CampaignNewPage';
import { CampaignPage } from './pages/CampaignPage';
import { CampaignsPage } from './pages/CampaignsPage';
import { DashboardPage } from './pages/DashboardPage';
import { ExplorerPage } from './pages/ExplorerPage';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { MyAccessPage } from './pages/MyAccessPage';
import { MyRequestsPage } from './pages/MyRequestsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationSettingsPage } from './pages/NotificationSettingsPage';
import { ScimSettingsPage } from './pages/ScimSettingsPage';
import { SsoSettingsPage } from './pages/SsoSettingsPage';
import { PeoplePage } from './pages/PeoplePage';
import { PersonPage } from './pages/PersonPage';
import { RequestAccessPage } from './pages/RequestAccessPage';
import { RequestPage } from './pages/RequestPage';
import { ReviewsPage } from './pages/ReviewsPage';
import { TaskPage } from './pages/TaskPage';
import { TasksPage } from './pages/TasksPage';
import { UnmatchedPage } from './pages/UnmatchedPage';

type Search = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined => (values.includes(v as T) ? (v as T) : undefined);
/** Search params are all optional: links set only the ones they mean, and unset ones leave the URL. */
const optional = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const ITEM_SORTS = ['person', 'app', 'entitlement'] as const;
const DECISIONS = ['approve', 'revoke'] as const;

// Pages for governance administrators only, loaded when first opened (the main bundle stays under Vite's size warning).
const ConflictsPage = lazyRouteComponent(() => import('./pages/ConflictsPage'), 'ConflictsPage');
const RequestPoliciesPage = lazyRouteComponent(() => import('./pages/RequestPoliciesPage'), 'RequestPoliciesPage');

const rootRoute = createRootRoute({ component: Shell, notFoundComponent: NotFoundPage });

const routes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: DashboardPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage, validateSearch: (s: Search) => optional({ next: str(s.next) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/apps', component: AppsPage, validateSearch: (s: Search) => optional({ view: oneOf(s.view, ['managed', 'discovered'] as const), q: str(s.q) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/apps/$appId', component: AppPage, validateSearch: (s: Search) => optional({ connector: str(s.connector) }) }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/explorer',
    component: ExplorerPage,
    validateSearch: (s: Search) => optional({
      tab: oneOf(s.tab, ['grants', 'entitlements', 'resources'] as const),
      app: str(s.app),
      type: str(s.type),
      q: str(s.q),
      how: oneOf(s.how, ['direct', 'inherited'] as const),
      entitlement: str(s.entitlement),
      principalType: str(s.principalType),
      principal: str(s.principal),
    }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/people', component: PeoplePage, validateSearch: (s: Search) => optional({ q: str(s.q) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/people/$personId', component: PersonPage, validateSearch: (s: Search) => optional({ app: str(s.app), how: oneOf(s.how, ['direct', 'inherited'] as const) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/accounts/unmatched', component: UnmatchedPage, validateSearch: (s: Search) => optional({ app: str(s.app) }) }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/tasks',
    component: TasksPage,
    validateSearch: (s: Search) => optional({ state: oneOf(s.state, TASK_STATES), app: str(s.app), kind: oneOf(s.kind, TASK_KINDS) }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/tasks/$taskId', component: TaskPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/reviews',
    component: ReviewsPage,
    validateSearch: (s: Search) => optional({
      campaign: str(s.campaign),
      sort: oneOf(s.sort, ITEM_SORTS),
      q: str(s.q),
      suggested: oneOf(s.suggested, DECISIONS),
      show: oneOf(s.show, ['undecided', 'decided'] as const),
    }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/campaigns', component: CampaignsPage, validateSearch: (s: Search) => optional({ state: oneOf(s.state, CAMPAIGN_STATES) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/campaigns/new', component: CampaignNewPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/campaigns/$campaignId',
    component: CampaignPage,
    validateSearch: (s: Search) => optional({
      tab: oneOf(s.tab, ['overview', 'items', 'evidence'] as const),
      state: oneOf(s.state, ITEM_STATES),
      reviewer: str(s.reviewer),
      app: str(s.app),
      suggested: oneOf(s.suggested, DECISIONS),
      q: str(s.q),
      sort: oneOf(s.sort, ITEM_SORTS),
    }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/campaigns/$campaignId/edit', component: CampaignEditPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/campaigns/templates/$templateId/edit', component: CampaignTemplateEditPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/access/request',
    component: RequestAccessPage,
    validateSearch: (s: Search) => optional({ q: str(s.q), app: str(s.app), askApp: str(s.askApp), ask: str(s.ask) }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/me/access', component: MyAccessPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/requests', component: MyRequestsPage, validateSearch: (s: Search) => optional({ show: oneOf(s.show, ['all'] as const), state: oneOf(s.state, REQUEST_STATES) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/requests/$requestId', component: RequestPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/approvals', component: ApprovalsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/request-policies', component: RequestPoliciesPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/conflicts',
    component: ConflictsPage,
    validateSearch: (s: Search) => optional({ tab: oneOf(s.tab, ['rules', 'violations'] as const), state: oneOf(s.state, ['open', 'resolved', 'exempted', 'all'] as const), rule: str(s.rule) }),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/inbox', component: InboxPage, validateSearch: (s: Search) => optional({ show: oneOf(s.show, ['unread'] as const) }) }),
  createRoute({ getParentRoute: () => rootRoute, path: '/settings/notifications', component: NotificationSettingsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/settings/sso', component: SsoSettingsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/settings/scim', component: ScimSettingsPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/audit', component: AuditPage, validateSearch: (s: Search) => optional({ action: str(s.action), targetType: str(s.targetType), targetId: str(s.targetId) }) }),
];

export const router = createRouter({ routeTree: rootRoute.addChildren(routes), defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

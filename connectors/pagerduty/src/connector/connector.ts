/**
 * The PagerDuty connector: syncs users (with their base role), teams (with each member's team
 * role), schedules (who is in a rotation, who is on call now), and provisions team membership,
 * base roles and accounts.
 *
 * PagerDuty refuses `offset + limit` beyond 10000. An account with more users is listed in parts
 * that the API can page through: `query` matches user emails, and every email contains exactly one
 * "<last character of the local part>@", so the queries "a@", "b@", … "9@", "_@" split the users
 * into disjoint parts, each far below the cap, listed side by side (forks of the listing). A part
 * still over the cap is split again on the character before. The totals of the parts are checked
 * against the account's total, so a user that no part reached is reported rather than silently
 * missed (within one run: a resumed sync does not know the totals seen before it).
 */
import {
  NotFoundError,
  UnsupportedOperationError,
  decodeToken,
  encodeToken,
  grantOf,
  httpOptions,
  parseEntitlementId,
  type AccountInput,
  type ChangeResult,
  type Connector,
  type ConnectorContext,
  type DeleteMode,
  type Entitlement,
  type Grant,
  type HttpClient,
  type Page,
  type Resource,
  type ResourceRef,
  type ResourceType,
} from '@gatehouse/sdk';
import { createPagerDutyClient, MAX_LIMIT, OFFSET_CAP, type PdPage } from './api.js';
import { pagerdutyBaseUrl, type PagerDutyConfig } from './config.js';
import {
  BASE_ROLES,
  TEAM_ROLES,
  entitlementsOf,
  roleGrant,
  roleResource,
  scheduleResource,
  teamResource,
  userResource,
  type PdOnCall,
  type PdSchedule,
  type PdTeam,
  type PdUser,
} from './mapping.js';

/** Characters an email's local part can end with (RFC 5321 atext that addresses use in practice). */
export const LOCAL_PART_ENDINGS = 'abcdefghijklmnopqrstuvwxyz0123456789._-+';

interface UserListState {
  /** The part listed (empty string: the whole account). */
  query: string;
  offset: number;
}

/** What this run has seen of the parts of a split user listing. */
interface PartsSeen {
  expected: number;
  covered: number;
  open: Set<string>;
}

export class PagerDutyConnector implements Connector {
  readonly api: HttpClient;
  private parts?: PartsSeen;

  constructor(
    private readonly config: PagerDutyConfig,
    private readonly ctx: ConnectorContext,
  ) {
    this.api = createPagerDutyClient(pagerdutyBaseUrl(config), config.apiKey, httpOptions(ctx));
  }

  apiCalls(): number {
    return this.api.apiCalls();
  }

  async close(): Promise<void> {
    await this.api.close();
  }

  async validate(): Promise<void> {
    await this.api.get('users', { query: { limit: 1 } });
  }

  /** One page of a classic PagerDuty listing. */
  private async page<T>(path: string, key: string, offset: number, query: Record<string, string | number | boolean | undefined> = {}): Promise<{ items: T[]; page: PdPage }> {
    const res = await this.api.get<PdPage & Record<string, unknown>>(path, { query: { ...query, limit: MAX_LIMIT, offset } });
    return { items: (res.body[key] as T[] | undefined) ?? [], page: res.body };
  }

  /** The next offset of a listing, or undefined at its end; a listing cut by the cap is reported. */
  private nextOffset(page: PdPage, what: string): number | undefined {
    if (!page.more) return undefined;
    const next = page.offset + page.limit;
    if (next + MAX_LIMIT > OFFSET_CAP) {
      this.ctx.warn(`offset-cap:${what}`, `PagerDuty lists at most ${OFFSET_CAP} ${what} through offset paging; the rest were not synced`);
      return undefined;
    }
    return next;
  }

  // ---- sync: resources -------------------------------------------------------------------------

  async listResources(type: ResourceType, pageToken?: string): Promise<Page<Resource>> {
    switch (type.id) {
      case 'user':
        return this.listUsers(pageToken);
      case 'role':
        return { items: Object.keys(BASE_ROLES).map(roleResource) };
      case 'team': {
        const offset = pageToken ? Number(pageToken) : 0;
        const { items, page } = await this.page<PdTeam>('teams', 'teams', offset);
        const next = this.nextOffset(page, 'teams');
        return { items: items.map(teamResource), nextPageToken: next === undefined ? undefined : String(next) };
      }
      case 'schedule': {
        const offset = pageToken ? Number(pageToken) : 0;
        const { items, page } = await this.page<PdSchedule>('schedules', 'schedules', offset);
        const next = this.nextOffset(page, 'schedules');
        // A schedule lists the users of its layers: the `member` grants come with it.
        const grants = items.flatMap((s) => (s.users ?? []).map((u) => grantOf({ type: 'schedule', id: s.id }, 'member', { type: 'user', id: u.id })));
        return { items: items.map(scheduleResource), grants, nextPageToken: next === undefined ? undefined : String(next) };
      }
      default:
        throw new Error(`pagerduty has no resource type "${type.id}"`);
    }
  }

  private async listUsers(pageToken?: string): Promise<Page<Resource>> {
    const state = decodeToken<UserListState>(pageToken, { query: '', offset: 0 });
    const { query } = state;
    const first = state.offset === 0;
    const { items, page } = await this.page<PdUser>('users', 'users', state.offset, { query: query || undefined, total: first ? true : undefined });
    const total = page.total ?? 0;

    if (first && total > OFFSET_CAP) {
      // Too many to page through: split this part (the whole account, or a part still too big).
      const parts = query === '' ? [...LOCAL_PART_ENDINGS].map((c) => `${c}@`) : [...LOCAL_PART_ENDINGS].map((c) => c + query);
      if (query === '') this.parts = { expected: total, covered: 0, open: new Set() };
      this.parts?.open.delete(query);
      for (const part of parts) this.parts?.open.add(part);
      return { items: [], forks: parts.map((part) => encodeToken({ query: part, offset: 0 } satisfies UserListState)) };
    }

    // A part keeps only the users its email puts in it (a name could contain the query too).
    const mine = query === '' ? items : items.filter((u) => u.email.toLowerCase().includes(query));
    if (first && query !== '' && this.parts) this.parts.covered += total;
    const more = page.more && page.offset + page.limit + MAX_LIMIT <= OFFSET_CAP;
    if (!more && query !== '') this.partDone(query);
    return {
      items: mine.map(userResource),
      grants: mine.map(roleGrant),
      nextPageToken: more ? encodeToken({ query, offset: page.offset + page.limit } satisfies UserListState) : undefined,
    };
  }

  private partDone(query: string): void {
    const parts = this.parts;
    if (!parts || !parts.open.delete(query) || parts.open.size > 0) return;
    if (parts.covered < parts.expected) {
      this.ctx.warn(
        'pagerduty:users-unlisted',
        `${parts.expected - parts.covered} of ${parts.expected} users could not be reached through PagerDuty's search (their email's local part ends with an unusual character)`,
      );
    }
  }

  async listEntitlements(resource: Resource): Promise<Page<Entitlement>> {
    return { items: entitlementsOf(resource) };
  }

  // ---- sync: grants ---------------------------------------------------------------------------

  async listGrants(resource: Resource, pageToken?: string): Promise<Page<Grant>> {
    if (resource.id.type !== 'team') return { items: [] }; // roles come with users, schedule members with schedules
    const offset = pageToken ? Number(pageToken) : 0;
    const { items, page } = await this.page<{ user: { id: string }; role: string }>(`teams/${resource.id.id}/members`, 'members', offset);
    const next = this.nextOffset(page, `members of team ${resource.id.id}`);
    return {
      items: items.map((m) => grantOf(resource.id, m.role, { type: 'user', id: m.user.id })),
      nextPageToken: next === undefined ? undefined : String(next),
    };
  }

  /** Who is on call now, for every schedule, from the bulk on-call listing. */
  async listTypeGrants(type: ResourceType, pageToken?: string): Promise<Page<Grant>> {
    if (type.id !== 'schedule') return { items: [] };
    const offset = pageToken ? Number(pageToken) : 0;
    const { items, page } = await this.page<PdOnCall>('oncalls', 'oncalls', offset);
    const next = this.nextOffset(page, 'on-call entries');
    const seen = new Set<string>();
    const grants: Grant[] = [];
    for (const entry of items) {
      if (!entry.schedule?.id) continue; // on call through an escalation policy directly, not a schedule
      const grant = grantOf({ type: 'schedule', id: entry.schedule.id }, 'on-call', { type: 'user', id: entry.user.id }, { data: { escalationLevel: entry.escalation_level, start: entry.start, end: entry.end } });
      if (seen.has(grant.id)) continue;
      seen.add(grant.id);
      grants.push(grant);
    }
    return { items: grants, nextPageToken: next === undefined ? undefined : String(next) };
  }

  // ---- provisioning -----------------------------------------------------------------------------

  private target(entitlementIdValue: string, principal: ResourceRef): { type: 'team' | 'role'; id: string; slug: string } {
    const { resource, slug } = parseEntitlementId(entitlementIdValue);
    if (principal.type !== 'user') throw new UnsupportedOperationError(`pagerduty grants go to users, not to a ${principal.type}`);
    if (resource.type === 'team') {
      if (!(TEAM_ROLES as readonly string[]).includes(slug)) throw new UnsupportedOperationError(`pagerduty team entitlements are ${TEAM_ROLES.join(', ')}, not "${slug}"`);
      return { type: 'team', id: resource.id, slug };
    }
    if (resource.type === 'role') {
      if (slug !== 'assigned') throw new UnsupportedOperationError(`pagerduty role entitlements are "assigned", not "${slug}"`);
      if (!(resource.id in BASE_ROLES)) throw new UnsupportedOperationError(`"${resource.id}" is not a PagerDuty base role (${Object.keys(BASE_ROLES).join(', ')})`);
      if (resource.id === 'owner') throw new UnsupportedOperationError('the owner role cannot be granted or revoked: ownership is transferred in the PagerDuty web app');
      return { type: 'role', id: resource.id, slug };
    }
    if (resource.type === 'schedule') throw new UnsupportedOperationError('schedules are synced only: rotations are edited in PagerDuty');
    throw new UnsupportedOperationError(`pagerduty cannot grant entitlements of resource type "${resource.type}"`);
  }

  async grant(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const t = this.target(entitlementIdValue, principal);
    if (t.type === 'team') {
      const current = await this.teamRole(t.id, principal.id);
      if (current === t.slug) return { changed: false };
      // PUT sets the member's role: granting another team role replaces the current one.
      await this.api.put(`teams/${t.id}/users/${principal.id}`, { body: { role: t.slug } });
      return { changed: true, detail: current ? `team role ${current} replaced by ${t.slug}` : undefined };
    }
    const user = await this.user(principal.id);
    if (user.role === t.id) return { changed: false };
    if (user.role === 'owner') throw new UnsupportedOperationError("the account owner's role cannot be changed: transfer ownership in the PagerDuty web app first");
    await this.api.put(`users/${principal.id}`, { body: { user: { type: 'user', role: t.id } } });
    return { changed: true, detail: `base role ${user.role} replaced by ${t.id}` };
  }

  async revoke(entitlementIdValue: string, principal: ResourceRef): Promise<ChangeResult> {
    const t = this.target(entitlementIdValue, principal);
    if (t.type === 'team') {
      const current = await this.teamRole(t.id, principal.id);
      if (current !== t.slug) return { changed: false, detail: current ? `the user is ${current} of this team, not ${t.slug}` : undefined };
      await this.api.delete(`teams/${t.id}/users/${principal.id}`);
      return { changed: true };
    }
    const user = await this.user(principal.id);
    if (user.role !== t.id) return { changed: false };
    const fallback = this.config.revokeRoleTo;
    if (fallback === t.id) {
      throw new UnsupportedOperationError(`every PagerDuty user holds one base role and ${t.id} is the role revoked roles fall back to (revokeRoleTo): grant the user another role instead`);
    }
    await this.api.put(`users/${principal.id}`, { body: { user: { type: 'user', role: fallback } } });
    return { changed: true, detail: `base role set to ${fallback}` };
  }

  private async user(id: string): Promise<PdUser> {
    return (await this.api.get<{ user: PdUser }>(`users/${id}`)).body.user;
  }

  private async teamRole(teamId: string, userId: string): Promise<string | undefined> {
    for (let offset: number | undefined = 0; offset !== undefined; ) {
      const { items, page } = await this.page<{ user: { id: string }; role: string }>(`teams/${teamId}/members`, 'members', offset);
      const found = items.find((m) => m.user.id === userId);
      if (found) return found.role;
      offset = this.nextOffset(page, `members of team ${teamId}`);
    }
    return undefined;
  }

  // ---- accounts ---------------------------------------------------------------------------------

  /** Creates a user (PagerDuty sends the invitation). An account with the same email is returned unchanged. */
  async createAccount(input: AccountInput): Promise<Resource> {
    const email = input.email.trim();
    const found = await this.page<PdUser>('users', 'users', 0, { query: email });
    const existing = found.items.find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (existing) return userResource(existing);
    if (!this.config.fromEmail) {
      throw new UnsupportedOperationError('creating PagerDuty users needs fromEmail (an admin\'s email, sent as the From header): set --from-email or GATEHOUSE_PAGERDUTY_FROM_EMAIL');
    }
    const name = input.displayName || [input.firstName, input.lastName].filter(Boolean).join(' ') || email.split('@')[0]!;
    const role = typeof input.options?.role === 'string' ? input.options.role : 'user';
    const user: Record<string, unknown> = { type: 'user', name, email, role };
    if (typeof input.options?.timeZone === 'string') user.time_zone = input.options.timeZone;
    const created = await this.api.post<{ user: PdUser }>('users', { body: { user }, headers: { from: this.config.fromEmail } });
    return userResource(created.body.user);
  }

  /** PagerDuty has no disabled state: deprovisioning deletes the user (its history stays in incidents). */
  async deleteAccount(user: ResourceRef, _mode: DeleteMode): Promise<ChangeResult> {
    if (user.type !== 'user') throw new UnsupportedOperationError(`pagerduty accounts are users, not ${user.type}`);
    try {
      await this.api.delete(`users/${user.id}`);
    } catch (err) {
      if (err instanceof NotFoundError) return { changed: false, detail: 'no such user' };
      throw err;
    }
    return { changed: true, detail: 'deleted' };
  }
}

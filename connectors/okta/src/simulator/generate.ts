/**
 * Deterministic, realistic org data: the same seed and sizes always give the same org. Names come
 * from faker (seeded); structure (statuses, memberships, assignments) from our own PRNG so that it
 * stays stable across faker releases.
 */
import { en, Faker } from '@faker-js/faker';
import { pastDates, Random } from '@gatehouse/sdk/simkit';
import { oktaId } from './ids.js';
import { OktaStore, TOKEN_KINDS, type SimApp, type SimGroup, type SimUser, type UserStatus } from './store.js';

export interface OrgSize {
  seed: number;
  users: number;
  groups: number;
  apps: number;
  /** Company domain for logins and emails. */
  domain?: string;
}

export const DEFAULT_SIZE: OrgSize = { seed: 1, users: 200, groups: 25, apps: 12 };

const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Security', 'IT', 'People', 'Legal', 'Product', 'Design', 'Operations'];
const TITLES = ['Engineer', 'Senior Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Associate', 'Lead', 'Coordinator', 'Consultant'];
const APP_CATALOG: { name: string; label: string; signOnMode: SimApp['signOnMode'] }[] = [
  { name: 'salesforce', label: 'Salesforce', signOnMode: 'SAML_2_0' },
  { name: 'slack', label: 'Slack', signOnMode: 'SAML_2_0' },
  { name: 'github_enterprise', label: 'GitHub Enterprise', signOnMode: 'SAML_2_0' },
  { name: 'zoomus', label: 'Zoom', signOnMode: 'SAML_2_0' },
  { name: 'atlassian', label: 'Atlassian Cloud', signOnMode: 'SAML_2_0' },
  { name: 'pagerduty', label: 'PagerDuty', signOnMode: 'SAML_2_0' },
  { name: 'aws_account_federation', label: 'AWS Account Federation', signOnMode: 'SAML_2_0' },
  { name: 'oidc_client', label: 'Internal Portal', signOnMode: 'OPENID_CONNECT' },
  { name: 'bookmark', label: 'Benefits Portal', signOnMode: 'BOOKMARK' },
  { name: 'template_swa', label: 'Expense Tool', signOnMode: 'AUTO_LOGIN' },
  { name: 'workday', label: 'Workday', signOnMode: 'SAML_2_0' },
  { name: 'google', label: 'Google Workspace', signOnMode: 'SAML_2_0' },
];

const STATUS_WEIGHTS: Record<UserStatus, number> = {
  ACTIVE: 860,
  PROVISIONED: 30,
  STAGED: 20,
  RECOVERY: 10,
  PASSWORD_EXPIRED: 10,
  LOCKED_OUT: 15,
  SUSPENDED: 15,
  DEPROVISIONED: 40,
};

export function generateOrg(size: OrgSize, now: () => Date = () => new Date('2026-11-01T12:00:00.000Z')): OktaStore {
  const store = new OktaStore(size.seed, now);
  const random = new Random(size.seed);
  const faker = new Faker({ locale: [en] });
  faker.seed(size.seed);
  const domain = size.domain ?? 'acme.example';
  const daysAgo = pastDates(random, now());

  for (const kind of TOKEN_KINDS) store.tokens.set(`00${kind.replace(/-/g, '')}-${oktaId(random, '')}`, kind);

  const everyone: SimGroup = {
    id: oktaId(random, '00g'),
    type: 'BUILT_IN',
    created: daysAgo(2000),
    lastUpdated: daysAgo(2000),
    lastMembershipUpdated: daysAgo(10),
    profile: { name: 'Everyone', description: 'All users in your organization' },
    members: new Set(),
  };
  store.addGroup(everyone);

  // Users. Emails are unique: a second "Jane Doe" becomes jane.doe2@.
  const emailsTaken = new Map<string, number>();
  const userIds: string[] = [];
  for (let i = 0; i < size.users; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const n = (emailsTaken.get(local) ?? 0) + 1;
    emailsTaken.set(local, n);
    const email = `${local}${n > 1 ? n : ''}@${domain}`;
    const status = random.weighted(STATUS_WEIGHTS);
    const created = daysAgo(1500);
    const activated = status === 'STAGED' ? null : created;
    const neverSignedIn = status === 'STAGED' || status === 'PROVISIONED';
    const user: SimUser = {
      id: oktaId(random, '00u'),
      status,
      created,
      activated,
      statusChanged: status === 'ACTIVE' ? activated : daysAgo(300),
      lastLogin: neverSignedIn ? null : daysAgo(status === 'ACTIVE' ? 30 : 400),
      lastUpdated: daysAgo(60),
      passwordChanged: neverSignedIn ? null : daysAgo(200),
      profile: {
        login: email,
        email,
        firstName,
        lastName,
        displayName: `${firstName} ${lastName}`,
        department: random.pick(DEPARTMENTS),
        title: random.pick(TITLES),
        employeeNumber: String(10000 + i),
      },
    };
    store.users.set(user.id, user);
    everyone.members.add(user.id);
    userIds.push(user.id);
  }
  store.userIndex.invalidate();
  // Managers: about one in twelve people manages others.
  const managers = userIds.filter(() => random.chance(1 / 12));
  if (managers.length) {
    for (const id of userIds) {
      const manager = store.users.get(random.pick(managers))!;
      if (manager.id === id) continue;
      const u = store.users.get(id)!;
      u.profile.managerId = manager.id;
      u.profile.manager = manager.profile.login;
    }
  }
  const live = userIds.filter((id) => store.users.get(id)!.status !== 'DEPROVISIONED');

  // Groups: a heavy tail of sizes (a few big department groups, many small teams), about seven
  // memberships per user overall.
  const groupIds: string[] = [];
  const namesTaken = new Set<string>(['Everyone']);
  const weights: number[] = [];
  for (let i = 1; i < size.groups; i++) weights.push(1 / Math.pow(i, 0.8) + random.next() * 0.02);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const targetMemberships = size.users * 7;
  for (let i = 1; i < size.groups; i++) {
    const appGroup = random.chance(0.15);
    let name = appGroup
      ? `${random.pick(APP_CATALOG).label} ${faker.word.noun()}`
      : `${random.pick(DEPARTMENTS)} - ${faker.word.adjective()} ${faker.word.noun()}`;
    name = name.replace(/\b\w/g, (c) => c.toUpperCase());
    let unique = name;
    for (let k = 2; namesTaken.has(unique); k++) unique = `${name} ${k}`;
    namesTaken.add(unique);
    const group: SimGroup = {
      id: oktaId(random, '00g'),
      type: appGroup ? 'APP_GROUP' : 'OKTA_GROUP',
      created: daysAgo(1500),
      lastUpdated: daysAgo(300),
      lastMembershipUpdated: daysAgo(30),
      profile: { name: unique, description: appGroup ? 'Imported from an application' : `${unique} team` },
      members: new Set(),
    };
    const want = Math.min(size.users, Math.max(1, Math.round((targetMemberships * weights[i - 1]!) / weightSum)));
    while (group.members.size < want) group.members.add(userIds[random.int(0, userIds.length)]!);
    store.groups.set(group.id, group);
    groupIds.push(group.id);
  }
  store.groupIndex.invalidate();

  // Apps: most active, some inactive; direct assignments and group assignments.
  for (let i = 0; i < size.apps; i++) {
    const entry = APP_CATALOG[i % APP_CATALOG.length]!;
    const round = Math.floor(i / APP_CATALOG.length);
    const app: SimApp = {
      id: oktaId(random, '0oa'),
      name: entry.name,
      label: round === 0 ? entry.label : `${entry.label} (${faker.company.buzzNoun()} ${round + 1})`,
      status: random.chance(0.1) ? 'INACTIVE' : 'ACTIVE',
      signOnMode: entry.signOnMode,
      created: daysAgo(1500),
      lastUpdated: daysAgo(200),
      users: new Map(),
      groups: new Map(),
    };
    const direct = Math.min(live.length, random.int(0, Math.max(2, Math.round((size.users * 2) / Math.max(1, size.apps)))));
    for (let k = 0; k < direct; k++) app.users.set(live[random.int(0, live.length)]!, daysAgo(700));
    const groupCount = i < 2 ? 1 : random.int(0, 3);
    for (let k = 0; k < groupCount && groupIds.length; k++) {
      // The first two apps go to everyone, as in most orgs (the portal, the chat tool).
      const groupId = i < 2 ? everyone.id : groupIds[Math.min(groupIds.length - 1, Math.floor(Math.pow(random.next(), 2) * groupIds.length))]!;
      app.groups.set(groupId, { priority: app.groups.size, at: daysAgo(700) });
    }
    store.apps.set(app.id, app);
  }
  store.appIndex.invalidate();

  // Admin roles: a handful of each standard role to users, a few roles to groups, and custom roles.
  const customRoles = [
    { label: 'Access Reviewer', description: 'Reads users and groups for access reviews' },
    { label: 'Helpdesk Tier 2', description: 'Resets passwords and unlocks users' },
  ];
  for (const c of customRoles) {
    const at = daysAgo(800);
    const id = oktaId(random, 'cr0');
    store.customRoles.set(id, { id, label: c.label, description: c.description, created: at, lastUpdated: at });
  }
  const customIds = [...store.customRoles.keys()];
  const activeUsers = userIds.filter((id) => store.users.get(id)!.status === 'ACTIVE');
  const scale = Math.max(1, Math.round(size.users / 5000));
  const roleCounts: Record<string, number> = {
    SUPER_ADMIN: 2,
    ORG_ADMIN: 3,
    APP_ADMIN: 4,
    USER_ADMIN: 3,
    GROUP_MEMBERSHIP_ADMIN: 3,
    HELP_DESK_ADMIN: 6,
    READ_ONLY_ADMIN: 4,
    REPORT_ADMIN: 2,
  };
  const assign = (target: 'user' | 'group', id: string, type: string, role?: string) => {
    const list = (target === 'user' ? store.userRoles : store.groupRoles).get(id) ?? [];
    if (list.some((r) => r.type === type && r.role === role)) return;
    const at = daysAgo(500);
    list.push({ id: oktaId(random, target === 'user' ? 'ra1' : 'ra2'), type, role, resourceSet: role ? 'iamResourceSetAll0' : undefined, created: at, lastUpdated: at });
    (target === 'user' ? store.userRoles : store.groupRoles).set(id, list);
  };
  if (activeUsers.length) {
    for (const [type, count] of Object.entries(roleCounts)) {
      for (let k = 0; k < count * scale; k++) assign('user', random.pick(activeUsers), type);
    }
    for (let k = 0; k < 2 * scale; k++) assign('user', random.pick(activeUsers), 'CUSTOM', random.pick(customIds));
  }
  const okta = groupIds.filter((id) => store.groups.get(id)!.type === 'OKTA_GROUP');
  if (okta.length) {
    assign('group', okta[okta.length - 1]!, 'HELP_DESK_ADMIN');
    assign('group', okta[Math.floor(okta.length / 2)]!, 'READ_ONLY_ADMIN');
    assign('group', okta[0]!, 'CUSTOM', customIds[0]);
  }
  return store;
}

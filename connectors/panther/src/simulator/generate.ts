/**
 * A deterministic Panther tenant: the same seed and size give the same data. Panther's three
 * built-in roles plus a few custom ones, users spread over them (most through SSO, some invited
 * and never signed in, a few deactivated), and API tokens with varied permissions.
 */
import { en, Faker } from '@faker-js/faker';
import { People, Random } from '@gatehouse/sdk/simkit';
import { PantherStore, PERMISSIONS, type Permission, type SimRole, type SimUser } from './store.js';

export interface TenantSize {
  seed: number;
  users: number;
  domain?: string;
  /** Use these people for the first users (the demo: the same people as the other apps). */
  people?: { firstName: string; lastName: string; email: string }[];
}

const READ = PERMISSIONS.filter((p) => p.endsWith('Read'));
/**
 * The built-in roles' names are Panther's (Admin, Analyst, AnalystReadOnly); their exact
 * permission sets are not published, so these are plausible: all, detection work, read only.
 */
const ROLES: { name: string; permissions: readonly Permission[]; weight: number }[] = [
  { name: 'Admin', permissions: PERMISSIONS, weight: 6 },
  { name: 'Analyst', permissions: [...READ, 'AlertModify', 'RuleModify', 'PolicyModify', 'DataAnalyticsModify', 'RunPantherAI'], weight: 50 },
  { name: 'AnalystReadOnly', permissions: READ, weight: 30 },
  { name: 'Detection Engineer', permissions: [...READ, 'RuleModify', 'PolicyModify', 'LookupModify', 'BulkUpload'], weight: 8 },
  { name: 'Incident Responder', permissions: ['AlertRead', 'AlertModify', 'DataAnalyticsRead', 'SummaryRead'], weight: 6 },
];

/** The permissions a token needs for everything the connector and SCIM do. */
export const FULL_TOKEN: Permission[] = ['UserRead', 'UserModify', 'GeneralSettingsRead', 'OrganizationAPITokenRead'];

export function generateTenant(size: TenantSize, now: () => Date = () => new Date('2026-11-01T12:00:00.000Z')): PantherStore {
  const store = new PantherStore(size.seed, now);
  const random = new Random(size.seed);
  const faker = new Faker({ locale: [en] });
  faker.seed(size.seed);
  const domain = size.domain ?? 'acme.example';
  const at = (daysAgo: number) => new Date(now().getTime() - daysAgo * 86_400_000 - random.int(0, 86_400_000)).toISOString();

  const roles: SimRole[] = ROLES.map((r) => {
    const created = at(700 + random.int(0, 200));
    return { id: store.newId(), name: r.name, permissions: [...r.permissions], logTypeAccessKind: 'ALLOW_ALL', logTypeAccess: null, createdAt: created, updatedAt: created };
  });
  // One custom role limited to some log types, as Panther allows.
  roles[4]!.logTypeAccessKind = 'ALLOW';
  roles[4]!.logTypeAccess = ['AWS.CloudTrail', 'Okta.SystemLog'];
  for (const r of roles) store.roles.set(r.id, r);
  const totalWeight = ROLES.reduce((n, r) => n + r.weight, 0);
  const pickRole = (): SimRole => {
    let n = random.int(0, totalWeight);
    for (let i = 0; i < ROLES.length; i++) {
      n -= ROLES[i]!.weight;
      if (n < 0) return roles[i]!;
    }
    return roles[1]!;
  };
  const people = new People(faker, domain, size.people);
  const users: SimUser[] = [];
  for (let i = 0; i < size.users; i++) {
    const { firstName: givenName, lastName: familyName, email } = people.at(i);
    const created = at(random.int(1, 600));
    const kind = random.int(0, 100);
    // 80% SSO users, 12% invited and never signed in, 8% password users; 5% are deactivated.
    const status: SimUser['status'] = kind < 80 ? 'EXTERNAL_PROVIDER' : kind < 92 ? 'FORCE_CHANGE_PASSWORD' : 'CONFIRMED';
    const user: SimUser = {
      id: store.newId(),
      email,
      givenName,
      familyName,
      // The first user administers the tenant.
      roleId: i === 0 ? roles[0]!.id : pickRole().id,
      enabled: i === 0 || random.int(0, 100) >= 5,
      status,
      createdAt: created,
      lastLoggedInAt: status === 'FORCE_CHANGE_PASSWORD' ? null : at(random.int(0, 60)),
      updatedAt: created,
    };
    users.push(user);
    store.users.set(user.id, user);
  }

  const creator = () => (users.length ? users[random.int(0, Math.min(users.length, 5))]!.id : null);
  const token = (name: string, key: string, permissions: Permission[], lastUsedDaysAgo: number | null, expiresInDays: number | null) => {
    const id = store.newId();
    store.tokens.set(id, {
      id,
      name,
      key,
      permissions,
      createdByUserId: creator(),
      createdAt: at(300 + random.int(0, 100)),
      lastUsedAt: lastUsedDaysAgo === null ? null : at(lastUsedDaysAgo),
      expiresAt: expiresInDays === null ? null : new Date(now().getTime() + expiresInDays * 86_400_000).toISOString(),
    });
  };
  const secret = () => Array.from({ length: 40 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[random.int(0, 62)]).join('');
  token('Gatehouse', secret(), FULL_TOKEN, 0, null);
  token('Gatehouse (read only)', secret(), ['UserRead', 'GeneralSettingsRead', 'OrganizationAPITokenRead'], 2, null);
  token('Okta SCIM', secret(), ['UserModify'], 1, null);
  token('Detections CI', secret(), ['RuleRead', 'RuleModify', 'PolicyRead', 'PolicyModify', 'BulkUpload'], 3, 180);
  token('SIEM export', secret(), ['AlertRead', 'DataAnalyticsRead'], null, 30);
  return store;
}

/**
 * A deterministic PingOne environment: the same seed and sizes always give the same data. Names
 * come from faker (seeded), structure from our own PRNG. Several populations, groups nested two
 * levels deep, disabled, locked and unverified users, and PingOne's standard admin roles assigned
 * at each scope type.
 */
import { en, Faker } from '@faker-js/faker';
import { pastDates, People, Random } from '@gatehouse/sdk/simkit';
import { STANDARD_ROLES } from './roles.js';
import { ALL_SCOPES, PingOneStore, type ScopeType, type SimGroup, type SimUser } from './store.js';

export interface EnvironmentSize {
  seed: number;
  users: number;
  groups: number;
  /** Company domain for usernames and emails. */
  domain?: string;
  /** Use these people for the first accounts (the demo: the same people as the other apps). */
  people?: { firstName: string; lastName: string; email: string }[];
}

export const DEFAULT_CLIENT = { id: 'gatehouse-worker', secret: 'worker-secret-0' };

const POPULATIONS = [
  { name: 'Default', description: 'Default population', weight: 5 },
  { name: 'Employees', description: 'Full-time staff', weight: 75 },
  { name: 'Contractors', description: 'Contractors and temporary staff', weight: 15 },
  { name: 'Partners', description: 'Partner organisations', weight: 5 },
];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Finance', 'Support', 'Security', 'IT', 'People', 'Legal', 'Product'];
const TITLES = ['Engineer', 'Manager', 'Analyst', 'Specialist', 'Director', 'Associate', 'Lead', 'Consultant'];

export function generateEnvironment(size: EnvironmentSize, now: () => Date = () => new Date('2026-11-01T12:00:00.000Z')): PingOneStore {
  const store = new PingOneStore(size.seed, now);
  const random = new Random(size.seed);
  const faker = new Faker({ locale: [en] });
  faker.seed(size.seed);
  const domain = size.domain ?? 'acme.example';
  const daysAgo = pastDates(random, now());

  store.clients.set(DEFAULT_CLIENT.id, { secret: DEFAULT_CLIENT.secret, scopes: new Set(ALL_SCOPES) });
  for (const r of STANDARD_ROLES) store.roles.set(store.newId(), { id: '', ...r });
  for (const [id, role] of store.roles) role.id = id;
  for (let i = 0; i < 3; i++) store.applications.push(store.newId());

  const populationIds: string[] = [];
  const weights: Record<string, number> = {};
  for (const [i, p] of POPULATIONS.entries()) {
    const at = daysAgo(1500);
    const id = store.newId();
    store.addPopulation({ id, name: p.name, description: p.description, default: i === 0, createdAt: at, updatedAt: at });
    populationIds.push(id);
    weights[id] = p.weight;
  }

  // Users. Usernames are unique: a second "Jane Doe" becomes jane.doe2.
  const people = new People(faker, domain, size.people);
  const userIds: string[] = [];
  for (let i = 0; i < size.users; i++) {
    const { firstName: given, lastName: family, email } = people.at(i);
    const createdAt = daysAgo(1500);
    const locked = random.chance(0.02);
    const user: SimUser = {
      id: store.newId(),
      username: email,
      email,
      name: { given, family, formatted: `${given} ${family}` },
      title: `${random.pick(DEPARTMENTS)} ${random.pick(TITLES)}`,
      enabled: !random.chance(0.03),
      lifecycleStatus: random.chance(0.02) ? 'VERIFICATION_REQUIRED' : 'ACCOUNT_OK',
      accountStatus: locked ? 'LOCKED' : 'OK',
      lockedAt: locked ? daysAgo(20) : undefined,
      populationId: random.weighted(weights),
      groups: new Set(),
      createdAt,
      updatedAt: daysAgo(90),
      lastSignOn: random.chance(0.85) ? { at: daysAgo(60), remoteIp: `10.${random.int(0, 256)}.${random.int(0, 256)}.${random.int(1, 255)}` } : undefined,
      mfaEnabled: random.chance(0.7),
      externalId: random.chance(0.5) ? String(100000 + i) : undefined,
    };
    store.addUser(user);
    userIds.push(user.id);
  }

  // Groups: a heavy tail of sizes, about three direct memberships per user. The first 5% are
  // top-level groups, the next 10% sit inside one of them, the next 15% inside one of those:
  // nesting two levels deep.
  const groupCount = Math.max(6, size.groups);
  const groupIds: string[] = [];
  const names = new Set<string>();
  const groupWeights = Array.from({ length: groupCount }, (_, i) => 1 / Math.pow(i + 1, 0.8) + random.next() * 0.02);
  const weightSum = groupWeights.reduce((a, b) => a + b, 0);
  const top = Math.max(1, Math.round(groupCount * 0.05));
  const middle = Math.max(1, Math.round(groupCount * 0.1));
  const leaf = Math.max(1, Math.round(groupCount * 0.15));
  for (let i = 0; i < groupCount; i++) {
    let name = `${random.pick(DEPARTMENTS)} ${faker.word.adjective()} ${faker.word.noun()}`.replace(/\b\w/g, (c) => c.toUpperCase());
    for (let k = 2; names.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    names.add(name);
    const at = daysAgo(1500);
    const group: SimGroup = {
      id: store.newId(),
      name,
      description: `${name} team`,
      populationId: random.chance(0.2) ? random.pick(populationIds) : undefined,
      parents: new Set(),
      createdAt: at,
      updatedAt: daysAgo(300),
    };
    if (i >= top && i < top + middle) group.parents.add(groupIds[random.int(0, top)]!);
    else if (i >= top + middle && i < top + middle + leaf) group.parents.add(groupIds[top + random.int(0, middle)]!);
    store.addGroup(group);
    groupIds.push(group.id);
  }
  for (const [i, gid] of groupIds.entries()) {
    const want = Math.min(userIds.length, Math.max(1, Math.round((size.users * 3 * groupWeights[i]!) / weightSum)));
    for (let k = 0; k < want; k++) store.addToGroup(userIds[random.int(0, userIds.length)]!, gid);
  }

  // Admin roles: a few holders of each standard role, at the scope types the role allows.
  const active = userIds.filter((id) => store.users.get(id)!.enabled);
  const scale = Math.max(1, Math.round(size.users / 5000));
  const scopeId = (type: ScopeType) =>
    type === 'ORGANIZATION' ? store.organizationId : type === 'ENVIRONMENT' ? store.environmentId : type === 'POPULATION' ? random.pick(populationIds) : random.pick(store.applications);
  const assign = (principal: { type: 'user' | 'group'; id: string }, roleId: string, type: ScopeType) => {
    const scope = { type, id: scopeId(type) };
    const held = store.assignmentsOf(principal).some((a) => a.roleId === roleId && a.scope.type === scope.type && a.scope.id === scope.id);
    if (!held) store.addAssignment({ roleId, scope, principal, readOnly: false });
  };
  if (active.length) {
    for (const role of store.roles.values()) {
      const holders = role.name === 'Environment Admin' || role.name === 'Identity Data Admin' ? 3 : role.name.startsWith('PingFederate') || role.name.startsWith('Advanced') ? 0 : 1;
      for (let k = 0; k < holders * scale; k++) {
        const type = role.applicableTo.includes('ENVIRONMENT') && random.chance(0.8) ? 'ENVIRONMENT' : random.pick(role.applicableTo);
        assign({ type: 'user', id: random.pick(active) }, role.id, type);
      }
    }
    // Some admins hold a role at two scopes (a population and the environment).
    const identityAdmin = store.roleByName('Identity Data Admin')!;
    const both = random.pick(active);
    assign({ type: 'user', id: both }, identityAdmin.id, 'ENVIRONMENT');
    assign({ type: 'user', id: both }, identityAdmin.id, 'POPULATION');
    // Groups with roles: their members hold them too.
    assign({ type: 'group', id: groupIds[groupIds.length - 1]! }, store.roleByName('Identity Data Read Only')!.id, 'ENVIRONMENT');
    assign({ type: 'group', id: groupIds[top]! }, store.roleByName('Help Desk Admin')!.id, 'POPULATION');
  }
  return store;
}

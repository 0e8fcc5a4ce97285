/**
 * A deterministic PagerDuty account: the same seed and sizes always give the same data. Every
 * base role is present (one owner), teams vary in size (a member holds one team role), and each
 * schedule has two or three layers whose rotation decides who is on call at a given time.
 */
import { en, Faker } from '@faker-js/faker';
import { People, Random } from '@gatehouse/sdk/simkit';
import { PagerDutyStore, type BaseRole, type SimSchedule, type SimTeam, type SimUser, type TeamRole } from './store.js';

export interface AccountSize {
  seed: number;
  users: number;
  teams: number;
  schedules: number;
  domain?: string;
  /** Use these people for the first users (the demo: the same people as the other apps). */
  people?: { firstName: string; lastName: string; email: string }[];
}

const ROLE_WEIGHTS: Record<Exclude<BaseRole, 'owner'>, number> = {
  admin: 4,
  user: 55,
  limited_user: 20,
  observer: 6,
  restricted_access: 5,
  read_only_user: 6,
  read_only_limited_user: 4,
};
const TEAM_ROLE_WEIGHTS: Record<TeamRole, number> = { responder: 80, manager: 8, observer: 12 };
const TIME_ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney'];
const COLORS = ['green', 'red', 'purple', 'teal', 'orange', 'navy'];
const TITLES = ['SRE', 'Backend Engineer', 'Frontend Engineer', 'Engineering Manager', 'Support Engineer', 'Platform Engineer', 'Director'];
const AREAS = ['Payments', 'Search', 'Checkout', 'Identity', 'Storage', 'Mobile', 'Data', 'Edge', 'Billing', 'Messaging'];

export function generateAccount(size: AccountSize, now: () => Date = () => new Date('2026-11-01T12:00:00.000Z')): PagerDutyStore {
  const store = new PagerDutyStore(size.seed, now);
  const random = new Random(size.seed);
  const faker = new Faker({ locale: [en] });
  faker.seed(size.seed);
  const domain = size.domain ?? 'acme.example';
  store.keys.set(`u+${base(random)}`, 'full');
  store.keys.set(`u+ro${base(random)}`, 'read-only');
  const people = new People(faker, domain, size.people);
  const userIds: string[] = [];
  for (let i = 0; i < size.users; i++) {
    const { firstName: first, lastName: last, email } = people.at(i);
    const user: SimUser = {
      id: store.newId(),
      name: `${first} ${last}`,
      email,
      // Every base role is present: the first user owns the account, the next ones take each role once.
      role: i === 0 ? 'owner' : i <= 7 ? (Object.keys(ROLE_WEIGHTS)[i - 1] as BaseRole) : random.weighted(ROLE_WEIGHTS),
      timeZone: random.pick(TIME_ZONES),
      jobTitle: random.chance(0.8) ? random.pick(TITLES) : null,
      color: random.pick(COLORS),
      createdViaSso: random.chance(0.6),
      invitationSent: random.chance(0.05),
      description: null,
    };
    store.users.set(user.id, user);
    userIds.push(user.id);
  }

  // Teams: a heavy tail of sizes (a few large, many small); read-only users are never members,
  // as PagerDuty refuses them.
  const eligible = userIds.filter((id) => !store.users.get(id)!.role.startsWith('read_only'));
  const teamIds: string[] = [];
  const weights = Array.from({ length: size.teams }, (_, i) => 1 / Math.pow(i + 1, 0.7) + random.next() * 0.05);
  const sum = weights.reduce((a, b) => a + b, 0);
  const names = new Set<string>();
  for (let i = 0; i < size.teams; i++) {
    let name = `${random.pick(AREAS)} ${faker.word.noun()}`.replace(/\b\w/g, (c) => c.toUpperCase());
    for (let k = 2; names.has(name); k++) name = `${name.replace(/ \d+$/, '')} ${k}`;
    names.add(name);
    const team: SimTeam = { id: store.newId(), name, description: `${name} engineering`, members: new Map() };
    const want = Math.min(eligible.length, Math.max(1, Math.round((size.users * 1.5 * weights[i]!) / sum)));
    for (let k = 0; k < want && eligible.length; k++) team.members.set(random.pick(eligible), random.weighted(TEAM_ROLE_WEIGHTS));
    store.teams.set(team.id, team);
    teamIds.push(team.id);
  }

  // Schedules: mostly one per team among the larger ones, each with two or three layers drawn from
  // the team (a primary rotation, a secondary, sometimes an override-like short layer).
  const base0 = now().getTime() - 90 * 86_400_000;
  for (let i = 0; i < size.schedules; i++) {
    const teamId = teamIds.length ? teamIds[i % teamIds.length]! : undefined;
    const team = teamId ? store.teams.get(teamId)! : undefined;
    const pool = team && team.members.size >= 2 ? [...team.members.keys()] : eligible.slice(0, Math.min(8, eligible.length));
    const layerCount = random.chance(0.3) ? 3 : 2;
    const schedule: SimSchedule = {
      id: store.newId(),
      name: `${team?.name ?? 'Shared'} on-call${i >= teamIds.length ? ` ${Math.floor(i / Math.max(1, teamIds.length)) + 1}` : ''}`,
      description: null,
      timeZone: random.pick(TIME_ZONES),
      teamIds: teamId ? [teamId] : [],
      escalationPolicyId: store.newId(),
      layers: [],
    };
    for (let l = 0; l < layerCount && pool.length; l++) {
      const members = Math.min(pool.length, random.int(2, 7));
      const users = [...new Set(Array.from({ length: members }, () => random.pick(pool)))];
      const start = new Date(base0 + random.int(0, 30) * 86_400_000).toISOString();
      schedule.layers.push({
        id: store.newId(),
        name: l === 0 ? 'Primary' : l === 1 ? 'Secondary' : 'Weekend cover',
        start: l === 2 ? new Date(base0 + 200 * 86_400_000).toISOString() : start,
        rotationVirtualStart: start,
        turnSeconds: random.pick([86_400, 7 * 86_400, 12 * 3600]),
        users,
      });
    }
    store.schedules.set(schedule.id, schedule);
  }
  return store;
}

function base(random: Random): string {
  let s = '';
  for (let i = 0; i < 18; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[random.int(0, 36)];
  return s;
}

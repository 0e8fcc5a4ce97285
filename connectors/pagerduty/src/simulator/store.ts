/**
 * The simulated PagerDuty account: users with their base role, teams with a role per member,
 * schedules made of rotating layers, and the API keys. Who is on call follows from the layers and
 * the simulator's clock. Mutations go through methods here so routes, generator and tests share
 * one set of rules.
 */
import { base62Id, Random } from '@gatehouse/sdk/simkit';

export const BASE_ROLES = ['owner', 'admin', 'user', 'limited_user', 'observer', 'restricted_access', 'read_only_user', 'read_only_limited_user'] as const;
export type BaseRole = (typeof BASE_ROLES)[number];
export const TEAM_ROLES = ['manager', 'responder', 'observer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export interface SimUser {
  id: string;
  name: string;
  email: string;
  role: BaseRole;
  timeZone: string;
  jobTitle: string | null;
  color: string;
  createdViaSso: boolean;
  invitationSent: boolean;
  description: string | null;
}

export interface SimTeam {
  id: string;
  name: string;
  description: string | null;
  /** Members and their team role. */
  members: Map<string, TeamRole>;
}

export interface SimLayer {
  id: string;
  name: string;
  start: string;
  /** Rotation starts here; turns of `turnSeconds` go through `users` in order. */
  rotationVirtualStart: string;
  turnSeconds: number;
  users: string[];
}

export interface SimSchedule {
  id: string;
  name: string;
  description: string | null;
  timeZone: string;
  teamIds: string[];
  escalationPolicyId: string;
  /** Later layers take precedence over earlier ones, as in PagerDuty's final schedule. */
  layers: SimLayer[];
}

export type KeyKind = 'full' | 'read-only';

export class PagerDutyStore {
  readonly users = new Map<string, SimUser>();
  readonly teams = new Map<string, SimTeam>();
  readonly schedules = new Map<string, SimSchedule>();
  readonly keys = new Map<string, KeyKind>();
  private readonly random: Random;

  constructor(
    seed: number,
    readonly now: () => Date,
  ) {
    this.random = new Random(seed * 17 + 3);
  }

  /** PagerDuty ids: P and six upper-case letters or digits (PXPGF42). */
  newId(): string {
    let id = 'P';
    while (id.length < 7) id += base62Id(this.random, '', 1).toUpperCase();
    return id;
  }

  keyOf(kind: KeyKind): string {
    for (const [key, k] of this.keys) if (k === kind) return key;
    throw new Error(`no ${kind} key`);
  }

  /** Users in the order PagerDuty lists them: by name, then id (cached until the users change). */
  sortedUsers(): SimUser[] {
    const fingerprint = `${this.users.size}:${this.userVersion}`;
    if (this.sortedCache?.fingerprint !== fingerprint) {
      const users = [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
      this.sortedCache = { fingerprint, users };
    }
    return this.sortedCache.users;
  }

  /** Call after changing a user's name (adding and deleting are seen by the size). */
  touchUsers(): void {
    this.userVersion++;
  }

  teamsOf(userId: string): SimTeam[] {
    return [...this.teams.values()].filter((t) => t.members.has(userId));
  }

  private sortedCache?: { fingerprint: string; users: SimUser[] };
  private userVersion = 0;

  deleteUser(id: string): void {
    this.users.delete(id);
    this.touchUsers();
    for (const t of this.teams.values()) t.members.delete(id);
    for (const s of this.schedules.values()) for (const l of s.layers) l.users = l.users.filter((u) => u !== id);
  }

  /** The user on call in a schedule at `at`: the last layer with users decides. */
  onCall(schedule: SimSchedule, at: Date): string | undefined {
    for (let i = schedule.layers.length - 1; i >= 0; i--) {
      const layer = schedule.layers[i]!;
      if (layer.users.length === 0 || Date.parse(layer.start) > at.getTime()) continue;
      const elapsed = Math.floor((at.getTime() - Date.parse(layer.rotationVirtualStart)) / 1000);
      const turn = Math.floor(elapsed / layer.turnSeconds);
      return layer.users[((turn % layer.users.length) + layer.users.length) % layer.users.length];
    }
    return undefined;
  }

  /** Users in a schedule's layers, each once. */
  scheduleUsers(schedule: SimSchedule): string[] {
    return [...new Set(schedule.layers.flatMap((l) => l.users))];
  }
}

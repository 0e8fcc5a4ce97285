/** The people of a simulated account: given ones first (the demo shares one company's people), then invented ones. */

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

/** Where invented names come from (a seeded faker). */
export interface NameSource {
  person: { firstName(): string; lastName(): string };
}

export class People {
  private readonly taken = new Map<string, number>();

  constructor(
    private readonly names: NameSource,
    private readonly domain: string,
    private readonly given: readonly Person[] = [],
  ) {}

  /** The i-th person; invented emails are unique (a second Jane Doe is jane.doe2@). */
  at(i: number): Person {
    const person = this.given[i];
    const firstName = person?.firstName ?? this.names.person.firstName();
    const lastName = person?.lastName ?? this.names.person.lastName();
    if (person?.email) return { firstName, lastName, email: person.email };
    const local = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const n = (this.taken.get(local) ?? 0) + 1;
    this.taken.set(local, n);
    return { firstName, lastName, email: `${local}${n > 1 ? n : ''}@${this.domain}` };
  }
}

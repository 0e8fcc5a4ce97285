import { base62Id, type Random } from '@gatehouse/sdk/simkit';

/** Okta-looking ids: a 3-character type prefix and 17 base62 characters (`00u1a2b…`). */
export function oktaId(random: Random, prefix: string): string {
  return base62Id(random, prefix, 20);
}

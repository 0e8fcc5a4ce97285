/**
 * What a password must be: at least 12 characters besides spaces at either end, and not easy to
 * guess — zxcvbn's estimate (common passwords, dictionary words, names, keyboard patterns,
 * repeats, the user's own email and name) must reach "safely unguessable" (score 3: about 10^8
 * guesses, out of reach of online guessing, which the sign-in throttle limits further).
 * Checked wherever a password is set: new users, an administrator's change, the self-service
 * change, and the first admin's GATEHOUSE_ADMIN_PASSWORD.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as english, translations } from '@zxcvbn-ts/language-en';
import { InvalidError } from '../../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
const MIN_SCORE = 3;

// The dictionaries take a third of a second to load: only when a password is first set.
let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () => (estimator ??= new ZxcvbnFactory({ dictionary: { ...common, ...english }, graphs: adjacencyGraphs, translations }));

/** Why a password is refused, or undefined when it is good enough. `context`: the user's email, name. */
export function passwordWeakness(password: string, context: string[] = []): string | undefined {
  if (password.trim().length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long, not counting spaces at either end`;
  // The email's local part and the words of a name are guesses an attacker would try first.
  const words = context.flatMap((c) => [c, c.split('@')[0]!, ...c.split(/[@\s._-]+/)]).filter((w) => w.length >= 3);
  const result = zxcvbn().check(password, [...words, 'gatehouse']);
  if (result.score >= MIN_SCORE) return undefined;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `is too easy to guess${why ? `: ${why}` : ''}`;
}

/** Throws an InvalidError naming `field` when the password is too weak. */
export function checkPassword(password: string, field: string, context: string[] = []): void {
  const weakness = passwordWeakness(password, context);
  if (weakness) throw new InvalidError(`the password ${weakness}`, [{ field, message: weakness }]);
}

/**
 * Recommendations beside each review item, from what the catalog and the directory already know:
 * revoke for access of people who left or are disabled, of accounts nobody is linked to, of
 * accounts disabled in the app, unused for 90 days, or that no peer holds; approve where most
 * peers (same title and department) hold it. A hint for the reviewer, never a decision.
 */
import { inactivePersonStatus, type Decision, type ItemPerson } from './model.js';

export const UNUSED_DAYS = 90;
/** Peer groups smaller than this say nothing either way. */
const MIN_PEERS = 3;

export interface RecommendInput {
  now: Date;
  principalType: string;
  person: ItemPerson | undefined;
  accountStatus: string | null;
  lastUse: string | null;
  peersHolding: number | null;
  peersTotal: number | null;
}

export function recommend(i: RecommendInput): { decision: Decision; reason: string } | undefined {
  if (i.person && inactivePersonStatus(i.person.status)) return { decision: 'revoke', reason: `${i.person.name} is ${i.person.status.toLowerCase()} in the directory` };
  if (i.principalType === 'user' && !i.person) return { decision: 'revoke', reason: 'no person is linked to this account' };
  if (i.accountStatus === 'disabled' || i.accountStatus === 'deleted') return { decision: 'revoke', reason: `the account is ${i.accountStatus} in the app` };
  if (i.lastUse) {
    const days = Math.floor((i.now.getTime() - Date.parse(i.lastUse)) / 86_400_000);
    if (days >= UNUSED_DAYS) return { decision: 'revoke', reason: `not used for ${days} days` };
  }
  if (i.peersTotal !== null && i.peersHolding !== null && i.peersTotal >= MIN_PEERS) {
    if (i.peersHolding <= 1) return { decision: 'revoke', reason: `no peer holds it (0 of ${i.peersTotal - 1} with the same title and department)` };
    if (i.peersHolding / i.peersTotal >= 0.5) return { decision: 'approve', reason: `${i.peersHolding} of ${i.peersTotal} peers (same title and department) hold it` };
  }
  return undefined;
}

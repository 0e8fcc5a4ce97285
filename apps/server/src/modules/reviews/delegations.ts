/**
 * Delegations: a reviewer away between two dates names a stand-in, who receives the review items
 * assigned to the reviewer in that time (campaigns started, steps reached, reassignments). Items
 * assigned before stay where they are: the reviewer, or an administrator, reassigns them.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from '../../context.js';
import { ForbiddenError, InvalidError, NotFoundError } from '../../errors.js';
import { audit, type Actor } from '../audit/audit.js';

export interface DelegationView {
  id: string;
  user: { id: string; name: string };
  delegate: { id: string; name: string };
  startsAt: string;
  endsAt: string;
  active: boolean;
}

const field = (path: string, message: string) => [{ field: `body.${path}`, message }];

export async function listDelegations(ctx: Context, userId?: string): Promise<DelegationView[]> {
  let q = ctx.db.db
    .selectFrom('review_delegations as d')
    .innerJoin('platform_users as u', 'u.id', 'd.user_id')
    .innerJoin('platform_users as t', 't.id', 'd.delegate_id')
    .select(['d.id', 'd.user_id', 'u.name as user_name', 'd.delegate_id', 't.name as delegate_name', 'd.starts_at', 'd.ends_at'])
    .where('d.ends_at', '>', new Date().toISOString())
    .orderBy('d.starts_at');
  if (userId) q = q.where((w) => w.or([w('d.user_id', '=', userId), w('d.delegate_id', '=', userId)]));
  const now = new Date().toISOString();
  return (await q.execute()).map((d) => ({ id: d.id, user: { id: d.user_id, name: d.user_name }, delegate: { id: d.delegate_id, name: d.delegate_name }, startsAt: d.starts_at, endsAt: d.ends_at, active: d.starts_at <= now && now < d.ends_at }));
}

export async function createDelegation(ctx: Context, actor: Actor, input: { userId: string; delegateId: string; startsAt: string; endsAt: string }): Promise<DelegationView> {
  const startsAt = new Date(input.startsAt).toISOString();
  const endsAt = new Date(input.endsAt).toISOString();
  if (endsAt <= startsAt) throw new InvalidError('a delegation ends after it starts', field('endsAt', 'must be after startsAt'));
  if (endsAt <= new Date().toISOString()) throw new InvalidError('this delegation would already be over', field('endsAt', 'must be in the future'));
  if (input.userId === input.delegateId) throw new InvalidError('delegate to someone else', field('delegateId', 'must not be the reviewer themselves'));
  const delegate = await ctx.db.db.selectFrom('platform_users').select(['id', 'disabled']).where('id', '=', input.delegateId).executeTakeFirst();
  if (!delegate || delegate.disabled) throw new InvalidError(`no enabled platform user with id ${input.delegateId}`, field('delegateId', 'unknown user'));
  const id = randomUUID();
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.insertInto('review_delegations').values({ id, user_id: input.userId, delegate_id: input.delegateId, starts_at: startsAt, ends_at: endsAt, created_at: new Date().toISOString() }).execute();
    await audit(tx, actor, { action: 'review.delegate', targetType: 'platform_user', targetId: input.userId, after: { delegateId: input.delegateId, startsAt, endsAt } });
  });
  return (await listDelegations(ctx, input.userId)).find((d) => d.id === id)!;
}

/** Ends a delegation; its reviewer, or an administrator (`any`), may. */
export async function deleteDelegation(ctx: Context, actor: Actor, userId: string, id: string, any: boolean): Promise<void> {
  const d = await ctx.db.db.selectFrom('review_delegations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw new NotFoundError('delegation', id);
  if (!any && d.user_id !== userId) throw new ForbiddenError('only the reviewer who delegated, or a campaign administrator, ends a delegation');
  await ctx.db.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('review_delegations').where('id', '=', id).execute();
    await audit(tx, actor, { action: 'review.delegate_end', targetType: 'platform_user', targetId: d.user_id, before: { delegateId: d.delegate_id, startsAt: d.starts_at, endsAt: d.ends_at } });
  });
}

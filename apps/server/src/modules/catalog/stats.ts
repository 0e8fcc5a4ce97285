/** The dashboard's figures: apps by status, grants per app, people and accounts left unmatched. */
import type { Context } from '../../context.js';
import { catalogCounts, statusOf } from '../apps/apps.js';
import { ACCOUNT_TYPE } from '../people/matching.js';
import { inScope, type Scope } from './queries.js';

export async function dashboardStats(ctx: Context, scope: Scope) {
  const { db } = ctx.db;
  // App owners see their own apps only; an empty list must match nothing.
  const mine = scope && inScope(scope);
  const apps = await db
    .selectFrom('apps')
    .selectAll()
    .$if(!!mine, (q) => q.where('id', 'in', mine!))
    .execute();
  const connectors = await db
    .selectFrom('connectors')
    .select(['app_id', 'status'])
    .$if(!!mine, (q) => q.where('app_id', 'in', mine!))
    .execute();
  const byStatus: Record<string, number> = { not_connected: 0, syncing: 0, connected: 0, error: 0 };
  for (const a of apps.filter((x) => x.managed === 1)) byStatus[statusOf(connectors.filter((x) => x.app_id === a.id).map((x) => x.status))]!++;
  const unmatched = await db
    .selectFrom('resources as r')
    .innerJoin('apps as a', (j) => j.onRef('a.id', '=', 'r.app_id').onRef('a.catalog_generation', '=', 'r.generation'))
    .leftJoin('account_links as l', (j) => j.onRef('l.app_id', '=', 'r.app_id').onRef('l.account_id', '=', 'r.id'))
    .select([(eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.count<number>('l.person_id').as('matched')])
    .where('r.type', '=', ACCOUNT_TYPE)
    .$if(!!mine, (q) => q.where('r.app_id', 'in', mine!))
    .executeTakeFirstOrThrow();
  // People with no account in a directory app. NOT IN over the linked ids is computed once;
  // a correlated NOT EXISTS walked the directory's links again for every person.
  const linkedToDirectory = db.selectFrom('account_links as l').innerJoin('apps as d', 'd.id', 'l.app_id').select('l.person_id').where('d.is_directory', '=', 1).where('l.person_id', 'is not', null);
  const people = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const withoutDirectory = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'not in', linkedToDirectory)
    .executeTakeFirstOrThrow();
  return {
    apps: { total: apps.filter((a) => a.managed === 1).length, discovered: apps.filter((a) => a.managed === 0).length, byStatus },
    grantsPerApp: apps
      .filter((a) => a.catalog_generation > 0)
      .map((a) => ({ appId: a.id, name: a.name, grants: catalogCounts(a).grants, inherited: catalogCounts(a).inherited }))
      .sort((x, y) => y.grants - x.grants),
    people: { total: Number(people.total), withoutDirectoryAccount: Number(withoutDirectory.n) },
    accounts: { total: Number(unmatched.total), withoutPerson: Number(unmatched.total) - Number(unmatched.matched) },
  };
}

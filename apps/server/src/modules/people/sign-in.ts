/**
 * Which people of the directory can sign in, and how: a local password, single sign-on through an
 * enabled OpenID Connect provider (a first sign-in creates their platform user), or provisioned by
 * the identity provider through SCIM. An administrator reads this to see who is left out.
 */
import type { Context } from '../../context.js';
import { decodeCursor, pageOf } from '../../paging.js';
import { usersByEmails } from '../auth/users.js';
import { scimProvisioned } from '../scim/roles.js';
import { getSsoSettings, publicProviders } from '../sso/providers.js';

export async function peopleSignIn(ctx: Context, q: { limit: number; cursor?: string }) {
  let query = ctx.db.db.selectFrom('people').select(['id', 'email', 'display_name', 'status']).orderBy('email').limit(q.limit + 1);
  const c = decodeCursor(q.cursor, 1);
  if (c) query = query.where('email', '>', c[0]!);
  const page = pageOf(await query.execute(), q.limit, (r) => [r.email]);
  const users = await usersByEmails(ctx, page.items.map((p) => p.email));
  const scim = await scimProvisioned(ctx.db.db, [...users.values()].map((u) => u.id));
  const providers = await publicProviders(ctx);
  const { localPasswords, breakGlassUserId } = await getSsoSettings(ctx);
  return {
    providers: providers.map((p) => p.name),
    localPasswords,
    items: page.items.map((p) => {
      const u = users.get(p.email.toLowerCase());
      const methods: ('password' | 'sso' | 'scim')[] = [];
      // With local passwords off, only the break-glass administrator's still works.
      if (u?.password && !u.disabled && (localPasswords || u.id === breakGlassUserId)) methods.push('password');
      if (providers.length && !u?.disabled) methods.push('sso');
      if (u && scim.has(u.id)) methods.push('scim');
      return { personId: p.id, name: p.display_name, email: p.email, status: p.status, user: u ? { id: u.id, role: u.role, disabled: u.disabled } : null, methods, canSignIn: methods.some((m) => m !== 'scim') && !u?.disabled };
    }),
    nextCursor: page.nextCursor,
  };
}

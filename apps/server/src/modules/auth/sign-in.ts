/**
 * Signing in with a password. Throttled per account and per client address (`throttle.ts`);
 * an unknown email costs the same argon2 work as a wrong password (`verifyPassword`), so neither
 * the answer nor its time tells which emails exist; every refused sign-in is audited
 * (`auth.login_failed`, with the email and address tried, never the password).
 */
import type { Context } from '../../context.js';
import { UnauthenticatedError } from '../../errors.js';
import { audit } from '../audit/audit.js';
import { verifyPassword } from './credentials.js';
import { ANONYMOUS } from './principal.js';
import { createSession } from './sessions.js';
import { passwordSignInAllowed } from '../sso/providers.js';
import { attemptSucceeded, throttleAttempt, throttleKeys } from './throttle.js';
import { presentUser, type UserView } from './users.js';

export async function signIn(ctx: Context, input: { email: string; password: string; address: string }): Promise<{ user: UserView; cookie: string }> {
  const { db } = ctx.db;
  const email = input.email.trim().toLowerCase();
  const keys = throttleKeys(email, input.address);
  await throttleAttempt(ctx, keys, { email, address: input.address });
  const user = await db.selectFrom('platform_users').selectAll().where('email', '=', email).executeTakeFirst();
  const matches = await verifyPassword(user?.password_hash ?? null, input.password);
  const refusal = !user ? 'unknown email' : !user.password_hash ? 'no password set' : !matches ? 'wrong password' : user.disabled ? 'user disabled' : undefined;
  if (!user || refusal) {
    await audit(db, ANONYMOUS, { action: 'auth.login_failed', targetType: 'platform_user', targetId: user?.id ?? null, after: { email, address: input.address, reason: refusal } });
    throw new UnauthenticatedError('wrong email or password');
  }
  // Local passwords may be off (single sign-on only): then only the break-glass account signs in with one.
  const local = await passwordSignInAllowed(db, user.id);
  if (!local.allowed) {
    await audit(db, ANONYMOUS, { action: 'auth.login_failed', targetType: 'platform_user', targetId: user.id, after: { email, address: input.address, reason: 'local passwords are off' } });
    throw new UnauthenticatedError('password sign-in is turned off: sign in with your identity provider');
  }
  const cookie = await db.transaction().execute(async (tx) => {
    await attemptSucceeded(tx, keys);
    const value = await createSession(tx, user.id);
    await audit(tx, { type: 'user', id: user.id }, { action: local.breakGlass ? 'auth.break_glass_login' : 'auth.login', targetType: 'platform_user', targetId: user.id, after: { address: input.address, ...(local.breakGlass ? { breakGlass: true } : {}) } });
    return value;
  });
  return { user: presentUser(user), cookie };
}

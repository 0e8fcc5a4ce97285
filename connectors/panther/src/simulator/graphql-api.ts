/**
 * Panther's GraphQL API, executed by the graphql reference implementation over the schema in
 * schema.ts. Each field checks the calling token's permissions (reads of users need UserRead,
 * changes UserModify, roles GeneralSettingsRead, tokens OrganizationAPITokenRead) and fails the way
 * Panther does: a GraphQL error in `errors[]` with the data that could be read.
 */
import { graphql, GraphQLError, type ExecutionResult } from 'graphql';
import { pantherSchema } from './schema.js';
import { userFields, type PantherStore, type Permission, type SimRole, type SimToken, type SimUser } from './store.js';

export interface GraphQLContext {
  store: PantherStore;
  token: SimToken;
}

export type ErrorCode = 'AlreadyExists' | 'InvalidInput' | 'NotFound' | 'ServerError' | 'AccessDenied';

export function pantherError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function need(ctx: GraphQLContext, permission: Permission): void {
  if (!ctx.token.permissions.includes(permission)) {
    // The message names the permission as Panther's console shows it next to the enum value.
    throw pantherError('AccessDenied', `access denied: this API token lacks the ${permission} permission`);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function userView(store: PantherStore, u: SimUser) {
  return { __typename: 'User', ...userFields(u), role: () => roleView(store.role(u.roleId)) };
}

export function roleView(r: SimRole) {
  return { __typename: 'Role', ...r, updatedBy: null };
}

function tokenView(store: PantherStore, t: SimToken) {
  const creator = t.createdByUserId ? store.users.get(t.createdByUserId) : undefined;
  return {
    __typename: 'APIToken',
    id: t.id,
    name: t.name,
    permissions: t.permissions,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    expiresAt: t.expiresAt,
    createdBy: () => (creator ? userView(store, creator) : null),
  };
}

interface RoleInput {
  kind: 'ID' | 'NAME';
  value: string;
}

function resolveRole(store: PantherStore, input: RoleInput): SimRole {
  const role = input.kind === 'ID' ? store.roles.get(input.value) : store.roleByName(input.value);
  if (!role) throw pantherError('NotFound', `role ${input.kind === 'ID' ? 'with id' : 'named'} "${input.value}" does not exist`);
  return role;
}

function userOrFail(store: PantherStore, id: string): SimUser {
  const user = store.users.get(id);
  if (!user) throw pantherError('NotFound', `user with id "${id}" does not exist`);
  return user;
}

function checkEmail(store: PantherStore, email: string, self?: SimUser): void {
  if (!EMAIL.test(email)) throw pantherError('InvalidInput', `"${email}" is not a valid email address`);
  const other = store.userByEmail(email);
  if (other && other !== self) throw pantherError('AlreadyExists', `a user with email ${email} already exists`);
}

const root = {
  users: (_: unknown, ctx: GraphQLContext) => {
    need(ctx, 'UserRead');
    return ctx.store.sortedUsers().map((u) => userView(ctx.store, u));
  },
  userById: ({ id }: { id: string }, ctx: GraphQLContext) => {
    need(ctx, 'UserRead');
    return userView(ctx.store, userOrFail(ctx.store, id));
  },
  userByEmail: ({ email }: { email: string }, ctx: GraphQLContext) => {
    need(ctx, 'UserRead');
    const user = ctx.store.userByEmail(email);
    if (!user) throw pantherError('NotFound', `user with email "${email}" does not exist`);
    return userView(ctx.store, user);
  },
  roles: ({ input }: { input?: { nameContains?: string; sortDir?: 'ascending' | 'descending' } }, ctx: GraphQLContext) => {
    need(ctx, 'GeneralSettingsRead');
    const contains = input?.nameContains?.toLowerCase();
    return ctx.store
      .sortedRoles(input?.sortDir)
      .filter((r) => !contains || r.name.toLowerCase().includes(contains))
      .map(roleView);
  },
  roleById: ({ id }: { id: string }, ctx: GraphQLContext) => {
    need(ctx, 'GeneralSettingsRead');
    return roleView(resolveRole(ctx.store, { kind: 'ID', value: id }));
  },
  roleByName: ({ name }: { name: string }, ctx: GraphQLContext) => {
    need(ctx, 'GeneralSettingsRead');
    return roleView(resolveRole(ctx.store, { kind: 'NAME', value: name }));
  },
  apiTokens: (_: unknown, ctx: GraphQLContext) => {
    need(ctx, 'OrganizationAPITokenRead');
    return [...ctx.store.tokens.values()].sort((a, b) => a.name.localeCompare(b.name)).map((t) => tokenView(ctx.store, t));
  },
  apiToken: ({ id }: { id: string }, ctx: GraphQLContext) => {
    need(ctx, 'OrganizationAPITokenRead');
    const token = ctx.store.tokens.get(id);
    if (!token) throw pantherError('NotFound', `API token with id "${id}" does not exist`);
    return tokenView(ctx.store, token);
  },

  inviteUser: ({ input }: { input: { email: string; givenName: string; familyName: string; role: RoleInput } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    checkEmail(ctx.store, input.email);
    const role = resolveRole(ctx.store, input.role);
    const now = ctx.store.timestamp();
    const user: SimUser = {
      id: ctx.store.newId(),
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
      roleId: role.id,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      createdAt: now,
      lastLoggedInAt: null,
      updatedAt: now,
    };
    ctx.store.users.set(user.id, user);
    return { user: userView(ctx.store, user) };
  },
  updateUser: ({ input }: { input: { id: string; email?: string; givenName?: string; familyName?: string; role?: RoleInput } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    const user = userOrFail(ctx.store, input.id);
    // Check everything before changing anything: a refused update changes nothing.
    if (input.email !== undefined && input.email !== null) checkEmail(ctx.store, input.email, user);
    const role = input.role ? resolveRole(ctx.store, input.role) : undefined;
    if (input.email) user.email = input.email;
    if (typeof input.givenName === 'string') user.givenName = input.givenName;
    if (typeof input.familyName === 'string') user.familyName = input.familyName;
    if (role) user.roleId = role.id;
    user.updatedAt = ctx.store.timestamp();
    return { user: userView(ctx.store, user) };
  },
  deleteUser: ({ input }: { input: { id: string } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    userOrFail(ctx.store, input.id);
    ctx.store.users.delete(input.id);
    return { id: input.id };
  },
  createRole: ({ input }: { input: { name: string; permissions: Permission[]; logTypeAccess?: string[]; logTypeAccessKind?: SimRole['logTypeAccessKind'] } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    if (!input.name.trim()) throw pantherError('InvalidInput', 'a role needs a name');
    if (ctx.store.roleByName(input.name)) throw pantherError('AlreadyExists', `a role named "${input.name}" already exists`);
    const now = ctx.store.timestamp();
    const role: SimRole = {
      id: ctx.store.newId(),
      name: input.name,
      permissions: input.permissions,
      logTypeAccessKind: input.logTypeAccessKind ?? 'ALLOW_ALL',
      logTypeAccess: input.logTypeAccess ?? null,
      createdAt: now,
      updatedAt: now,
    };
    ctx.store.roles.set(role.id, role);
    return { role: roleView(role) };
  },
  updateRole: ({ input }: { input: { id: string; name?: string; permissions?: Permission[]; logTypeAccess?: string[]; logTypeAccessKind?: SimRole['logTypeAccessKind'] } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    const role = resolveRole(ctx.store, { kind: 'ID', value: input.id });
    if (input.name && input.name !== role.name && ctx.store.roleByName(input.name)) throw pantherError('AlreadyExists', `a role named "${input.name}" already exists`);
    if (input.name) role.name = input.name;
    if (input.permissions) role.permissions = input.permissions;
    if (input.logTypeAccess) role.logTypeAccess = input.logTypeAccess;
    if (input.logTypeAccessKind) role.logTypeAccessKind = input.logTypeAccessKind;
    role.updatedAt = ctx.store.timestamp();
    return { role: roleView(role) };
  },
  deleteRole: ({ input }: { input: { id: string } }, ctx: GraphQLContext) => {
    need(ctx, 'UserModify');
    const role = resolveRole(ctx.store, { kind: 'ID', value: input.id });
    const holders = [...ctx.store.users.values()].filter((u) => u.roleId === role.id).length;
    if (holders) throw pantherError('InvalidInput', `role "${role.name}" is held by ${holders} user(s); give them another role first`);
    ctx.store.roles.delete(role.id);
    return { id: role.id };
  },
};

export interface GraphQLRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** Runs one GraphQL request; `status` is 400 when the document cannot run at all. */
export async function executeGraphQL(request: GraphQLRequest, ctx: GraphQLContext): Promise<{ status: number; body: ExecutionResult }> {
  if (typeof request.query !== 'string' || !request.query.trim()) {
    return { status: 400, body: { errors: [new GraphQLError('Must provide query string.')] } };
  }
  const result = await graphql({
    schema: pantherSchema(),
    source: request.query,
    rootValue: root,
    contextValue: ctx,
    variableValues: request.variables && typeof request.variables === 'object' ? (request.variables as Record<string, unknown>) : undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
  });
  // Syntax and validation errors come without data: nothing ran.
  return { status: result.data === undefined && result.errors?.length ? 400 : 200, body: result };
}

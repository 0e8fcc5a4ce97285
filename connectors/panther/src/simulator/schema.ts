/**
 * The part of Panther's public GraphQL schema that concerns users, roles and API tokens, written
 * from the facts gathered in api-facts §D (type and field names as Panther's SDL has them). The API
 * token queries are not in those facts: `apiTokens` and `apiToken(id)` are this simulator's reading.
 */
import { buildSchema, type GraphQLSchema } from 'graphql';
import { PERMISSIONS } from './store.js';

export const SDL = /* GraphQL */ `
scalar DateTime
scalar Timestamp
scalar Email

enum Permission { ${PERMISSIONS.join(' ')} }
enum LogTypeAccessKind { ALLOW ALLOW_ALL DENY DENY_ALL }
enum SortDirection { ascending descending }
enum UserRoleInputKind { ID NAME }
enum ErrorCode { AlreadyExists InvalidInput NotFound ServerError }

type Error { code: ErrorCode message: String! }

"A Panther user. enabled: active or deactivated. status: the Cognito auth-related status."
type User {
  id: ID!
  email: Email!
  givenName: String
  familyName: String
  enabled: Boolean!
  status: String!
  role: Role!
  createdAt: DateTime!
  lastLoggedInAt: DateTime
}

type APIToken {
  id: ID!
  name: String!
  permissions: [Permission!]!
  createdAt: DateTime!
  createdBy: Actor
  lastUsedAt: DateTime
  expiresAt: DateTime
}

union Actor = User | APIToken

type Role {
  id: ID!
  name: String!
  permissions: [Permission!]!
  logTypeAccess: [String!]
  logTypeAccessKind: LogTypeAccessKind!
  createdAt: DateTime!
  updatedAt: Timestamp!
  updatedBy: Actor
}

input RolesInput { nameContains: String sortDir: SortDirection }
input UserRoleInput { kind: UserRoleInputKind! value: String! }
input InviteUserInput { email: Email! givenName: String! familyName: String! role: UserRoleInput! }
input UpdateUserInput { id: ID! email: Email givenName: String familyName: String role: UserRoleInput }
input DeleteUserInput { id: ID! }
input CreateRoleInput { name: String! permissions: [Permission!]! logTypeAccess: [String!] logTypeAccessKind: LogTypeAccessKind }
input UpdateRoleInput { id: ID! name: String permissions: [Permission!] logTypeAccess: [String!] logTypeAccessKind: LogTypeAccessKind }
input DeleteRoleInput { id: ID! }

type InviteUserOutput { user: User! }
type UpdateUserOutput { user: User! }
type DeleteUserOutput { id: ID! }
type CreateRoleOutput { role: Role! }
type UpdateRoleOutput { role: Role! }
type DeleteRoleOutput { id: ID! }

type Query {
  users: [User!]!
  userById(id: ID!): User!
  userByEmail(email: String!): User!
  roles(input: RolesInput): [Role!]!
  roleById(id: ID!): Role!
  roleByName(name: String!): Role!
  apiTokens: [APIToken!]!
  apiToken(id: ID!): APIToken!
}

type Mutation {
  inviteUser(input: InviteUserInput!): InviteUserOutput!
  updateUser(input: UpdateUserInput!): UpdateUserOutput!
  deleteUser(input: DeleteUserInput!): DeleteUserOutput!
  createRole(input: CreateRoleInput!): CreateRoleOutput!
  updateRole(input: UpdateRoleInput!): UpdateRoleOutput!
  deleteRole(input: DeleteRoleInput!): DeleteRoleOutput!
}
`;

let schema: GraphQLSchema | undefined;
export function pantherSchema(): GraphQLSchema {
  return (schema ??= buildSchema(SDL));
}

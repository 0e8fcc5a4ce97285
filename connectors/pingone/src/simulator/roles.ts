/**
 * PingOne's built-in admin roles (the names of the spec's EnumRoleName) and the scope types each can
 * be assigned at. The scope lists follow PingOne's role documentation where it says so; the spec
 * gives `applicableTo` no values, so the simulator's choice is recorded in the issue note.
 */
import type { ScopeType } from './store.js';

export const STANDARD_ROLES: { name: string; description: string; applicableTo: ScopeType[] }[] = [
  { name: 'Organization Admin', description: 'Manages the organization, its environments and admins', applicableTo: ['ORGANIZATION'] },
  { name: 'Environment Admin', description: 'Manages environments and their configuration', applicableTo: ['ORGANIZATION', 'ENVIRONMENT'] },
  { name: 'Identity Data Admin', description: 'Manages users, groups and populations', applicableTo: ['ENVIRONMENT', 'POPULATION'] },
  { name: 'Identity Data Read Only', description: 'Reads users, groups and populations', applicableTo: ['ENVIRONMENT', 'POPULATION'] },
  { name: 'Help Desk Admin', description: 'Unlocks users and resets their passwords and MFA', applicableTo: ['ENVIRONMENT', 'POPULATION'] },
  { name: 'Client Application Developer', description: 'Creates and manages applications', applicableTo: ['ENVIRONMENT'] },
  { name: 'Application Owner', description: 'Manages the applications it owns', applicableTo: ['APPLICATION'] },
  { name: 'Configuration Read Only', description: 'Reads the environment configuration', applicableTo: ['ORGANIZATION', 'ENVIRONMENT'] },
  { name: 'Custom Roles Admin', description: 'Manages custom admin roles', applicableTo: ['ENVIRONMENT'] },
  { name: 'DaVinci Admin', description: 'Manages DaVinci flows', applicableTo: ['ENVIRONMENT'] },
  { name: 'DaVinci Admin Read Only', description: 'Reads DaVinci flows', applicableTo: ['ENVIRONMENT'] },
  { name: 'PingFederate Administrator', description: 'Administers PingFederate', applicableTo: ['ENVIRONMENT'] },
  { name: 'PingFederate Auditor', description: 'Reads PingFederate configuration', applicableTo: ['ENVIRONMENT'] },
  { name: 'PingFederate User Administrator', description: 'Manages PingFederate admin users', applicableTo: ['ENVIRONMENT'] },
  { name: 'Advanced Identity Cloud Super Admin', description: 'Administers Advanced Identity Cloud tenants', applicableTo: ['ENVIRONMENT'] },
];

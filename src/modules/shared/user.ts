/**
 * The caller as every module sees it: a user of one agency with one role.
 * Where it comes from (a verified bearer token's claims) is identity's
 * concern (identity/claims.ts); what it may do, identity/permissions.ts.
 */
import { USER_ROLES, type UserRole } from '../../dataset/format.ts';

/** The roles, lowest first: the dataset's users carry the same ones. */
export const ROLES = USER_ROLES;
export type Role = UserRole;

export interface CurrentUser {
  id: string;
  agencyId: string;
  role: Role;
}

/** Roles are ordered: an ADMIN can do all a COORDINATOR of its agency can, a COORDINATOR all a VIEWER can. */
export function atLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

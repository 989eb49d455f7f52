/** What identity resolvers hand to their fields. */
import type { CurrentUser, Role } from '../shared/user.ts';

/** The caller, from the token. */
export type MeRecord = CurrentUser;

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  agencyId: string;
}

import type { Resolvers } from '../../generated/graphql.ts';
import { Me } from './resolvers/Me.ts';
import { me } from './resolvers/Query/me.ts';
import { User } from './resolvers/User.ts';

export const identityResolvers: Resolvers = {
  Query: { me },
  Me,
  User,
};

export { assertMaySetStatus, authorize, decide, type Action } from './permissions.ts';
export type { CurrentUser, Role } from './claims.ts';

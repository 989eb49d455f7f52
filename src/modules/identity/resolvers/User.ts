import type { UserResolvers } from '../../../generated/graphql.ts';
import { agencyOf } from '../../regions/regions.ts';

export const User: UserResolvers = {
  agency: (user, _args, ctx) => agencyOf(ctx, user.agencyId),
};

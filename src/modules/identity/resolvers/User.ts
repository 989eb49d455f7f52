import type { UserResolvers } from '../../../generated/graphql.ts';
import { notFound } from '../../shared/errors.ts';

export const User: UserResolvers = {
  agency: async (user, _args, ctx) => {
    const agency = await ctx.loaders.agencyById.load(user.agencyId);
    if (!agency) throw notFound('agency', user.agencyId);
    return agency;
  },
};

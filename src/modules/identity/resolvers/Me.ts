import type { MeResolvers } from '../../../generated/graphql.ts';

export const Me: MeResolvers = {
  agency: (me, _args, ctx) => ctx.loaders.agencyById.load(me.agencyId),
  user: (me, _args, ctx) => ctx.loaders.userById.load(me.id),
};

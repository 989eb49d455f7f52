import type { MeResolvers } from '../../../generated/graphql.ts';
import { findAgency } from '../../regions/regions.ts';
import { findUser } from '../users.ts';

export const Me: MeResolvers = {
  agency: (me, _args, ctx) => findAgency(ctx, me.agencyId),
  user: (me, _args, ctx) => findUser(ctx, me.id),
};

import type { AgencyResolvers } from '../../../generated/graphql.ts';
import { notFound } from '../../../server/errors.ts';

export const Agency: AgencyResolvers = {
  region: async (agency, _args, ctx) => {
    const region = await ctx.loaders.regionByCode.load(agency.regionCode);
    if (!region) throw notFound('region', agency.regionCode);
    return region;
  },
};

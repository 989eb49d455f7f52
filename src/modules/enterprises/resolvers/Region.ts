import type { RegionResolvers } from '../../../generated/graphql.ts';
import { enterprisesPage } from '../enterprises.ts';

/** A region's enterprises are this module's to page (enterprises.graphql extends Region): regions knows nothing of enterprises. */
export const Region: RegionResolvers = {
  enterprises: (region, args, ctx, info) => enterprisesPage(ctx, { regionCode: region.code }, args.first, args.after, info),
};

import type { AgencyResolvers } from '../../../generated/graphql.ts';
import { regionOf } from '../regions.ts';

export const Agency: AgencyResolvers = {
  region: (agency, _args, ctx) => regionOf(ctx, agency.regionCode),
};

import type { RegionResolvers } from '../../../generated/graphql.ts';
import { agenciesOf, childrenOf, findRegion, governingAgencyOf } from '../regions.ts';

export const Region: RegionResolvers = {
  parent: (region, _args, ctx) => (region.parentCode ? findRegion(ctx, region.parentCode) : null),
  children: (region, _args, ctx) => childrenOf(ctx, region.code),
  agencies: (region, _args, ctx) => agenciesOf(ctx, region.code),
  governingAgency: (region, _args, ctx) => governingAgencyOf(ctx, region.code),
};

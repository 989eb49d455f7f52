import type { RegionResolvers } from '../../../generated/graphql.ts';
import { enterprisesPage } from '../../enterprises/resolvers/Query/enterprises.ts';

export const Region: RegionResolvers = {
  parent: (region, _args, ctx) => (region.parentCode ? ctx.loaders.regionByCode.load(region.parentCode) : null),
  children: (region, _args, ctx) => ctx.loaders.childrenOfRegion.load(region.code),
  agencies: (region, _args, ctx) => ctx.loaders.agenciesOfRegion.load(region.code),
  governingAgency: (region, _args, ctx) => ctx.loaders.governingAgency.load(region.code),
  enterprises: (region, args, ctx) => enterprisesPage(ctx, { regionCode: region.code }, args.first, args.after),
};

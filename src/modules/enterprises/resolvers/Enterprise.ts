import type { EnterpriseResolvers } from '../../../generated/graphql.ts';
import { notFound } from '../../../server/errors.ts';

export const Enterprise: EnterpriseResolvers = {
  region: async (enterprise, _args, ctx) => {
    const region = await ctx.loaders.regionByCode.load(enterprise.regionCode);
    if (!region) throw notFound('region', enterprise.regionCode);
    return region;
  },
  suppliers: (enterprise, _args, ctx) => ctx.loaders.suppliesInto.load(enterprise.id),
  customers: (enterprise, _args, ctx) => ctx.loaders.suppliesFrom.load(enterprise.id),
  needs: (enterprise, _args, ctx) => ctx.loaders.needsOfEnterprise.load(enterprise.id),
  makes: (enterprise, _args, ctx) => ctx.loaders.makesOfEnterprise.load(enterprise.id),
};

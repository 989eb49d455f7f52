import type { EnterpriseResolvers } from '../../../generated/graphql.ts';
import { regionOf } from '../../regions/records.ts';

export const Enterprise: EnterpriseResolvers = {
  region: (enterprise, _args, ctx) => regionOf(ctx, enterprise.regionCode),
  suppliers: (enterprise, _args, ctx) => ctx.loaders.suppliesInto.load(enterprise.id),
  customers: (enterprise, _args, ctx) => ctx.loaders.suppliesFrom.load(enterprise.id),
  needs: (enterprise, _args, ctx) => ctx.loaders.needsOfEnterprise.load(enterprise.id),
  makes: (enterprise, _args, ctx) => ctx.loaders.makesOfEnterprise.load(enterprise.id),
};

import type { EnterpriseResolvers } from '../../../generated/graphql.ts';
import { regionOf } from '../../regions/regions.ts';
import { makesOf, needsOf, suppliesOf } from '../enterprises.ts';

export const Enterprise: EnterpriseResolvers = {
  region: (enterprise, _args, ctx) => regionOf(ctx, enterprise.regionCode),
  suppliers: (enterprise, _args, ctx) => suppliesOf(ctx, enterprise.id, 'in'),
  customers: (enterprise, _args, ctx) => suppliesOf(ctx, enterprise.id, 'out'),
  needs: (enterprise, _args, ctx) => needsOf(ctx, 'enterprise', enterprise.id),
  makes: (enterprise, _args, ctx) => makesOf(ctx, 'enterprise', enterprise.id),
};

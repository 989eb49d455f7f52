import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { regionOf } from '../../../regions/regions.ts';

export const blockingFlows: QueryResolvers['blockingFlows'] = async (_parent, args, ctx) => {
  const regionCode = args.regionCode == null ? null : regionCodeArgument(args.regionCode, 'regionCode');
  const flows = await ctx.analysis.flows(ctx, regionCode, args.asOf ?? ctx.today());
  // After the analysis, whose records include the regions: an unknown region simply has no candidates.
  if (regionCode !== null) await regionOf(ctx, regionCode, 'regionCode');
  return flows;
};

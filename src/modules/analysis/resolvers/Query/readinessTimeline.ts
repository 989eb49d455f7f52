import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { regionOf } from '../../../regions/regions.ts';
import { badUserInput } from '../../../shared/errors.ts';

export const MAX_TIMELINE_DAYS = 120;

export const readinessTimeline: QueryResolvers['readinessTimeline'] = async (_parent, args, ctx) => {
  const regionCode = regionCodeArgument(args.regionCode, 'regionCode');
  if (!Number.isInteger(args.days) || args.days < 1 || args.days > MAX_TIMELINE_DAYS) {
    throw badUserInput('days', `a timeline is 1 to ${MAX_TIMELINE_DAYS} days long, got ${args.days}`);
  }
  const days = await ctx.analysis.timeline(ctx, regionCode, args.from ?? ctx.today(), args.days);
  // After the analysis, whose records include the regions: an unknown region simply has no members.
  await regionOf(ctx, regionCode, 'regionCode');
  return days;
};

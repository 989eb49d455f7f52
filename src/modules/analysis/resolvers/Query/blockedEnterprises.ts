import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { regionCodeArgument } from '../../../regions/validation.ts';
import { decodeCursor, pageSize, toPage } from '../../../shared/pagination.ts';
import { regionOf } from '../../../regions/regions.ts';

export const blockedEnterprises: QueryResolvers['blockedEnterprises'] = async (_parent, args, ctx) => {
  const regionCode = regionCodeArgument(args.regionCode, 'regionCode');
  const size = pageSize(args.first);
  const after = decodeCursor(args.after);
  const asOf = args.asOf ?? ctx.today();
  const { totalCount, workforce, page, describe } = await ctx.analysis.blocked(ctx, regionCode, asOf);
  // After the analysis, whose records include the regions: an unknown region simply has no candidates.
  await regionOf(ctx, regionCode, 'regionCode');
  const window = page(after, size + 1);
  const details = describe(window);
  return {
    regionCode,
    asOf,
    totalCount,
    workforce,
    ...toPage(
      window.map((id) => ({ id, ...details.get(id)! })),
      size,
      (b) => b.id,
      after,
    ),
  };
};

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { notFound } from '../../../shared/errors.ts';

/** As `impact`: the answer brings the records it names. */
export const restrictionImpact: QueryResolvers['restrictionImpact'] = async (_parent, args, ctx) => {
  const asOf = args.asOf ?? ctx.today();
  const answer = await ctx.analysis.restrictionImpact(ctx, args.restrictionId, asOf);
  if (!answer) throw notFound('restriction', args.restrictionId, 'restrictionId');
  return { restrictionId: args.restrictionId, asOf, ids: answer.ids, workforce: answer.workforce, byRegion: answer.byRegion };
};

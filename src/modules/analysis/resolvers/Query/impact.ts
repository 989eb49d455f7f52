import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { notFound } from '../../../shared/errors.ts';

/** The answer brings the records it names: the subject, the page shown and the regions of the roll-up cost no round trip. */
export const impact: QueryResolvers['impact'] = async (_parent, args, ctx) => {
  const asOf = args.asOf ?? ctx.today();
  const answer = await ctx.analysis.impact(ctx, args.enterpriseId, asOf);
  if (!answer) throw notFound('enterprise', args.enterpriseId, 'enterpriseId');
  return { enterpriseId: args.enterpriseId, asOf, ids: answer.ids, workforce: answer.workforce, byRegion: answer.byRegion };
};

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { notFound } from '../../../shared/errors.ts';

/** At most two round trips: the answer hands the request a source of every enterprise and component it names. */
export const restartReadiness: QueryResolvers['restartReadiness'] = async (_parent, args, ctx) => {
  const report = await ctx.analysis.readiness(ctx, args.enterpriseId, args.asOf ?? ctx.today());
  if (!report) throw notFound('enterprise', args.enterpriseId, 'enterpriseId');
  return report;
};

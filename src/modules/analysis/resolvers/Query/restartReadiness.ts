import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { notFound } from '../../../shared/errors.ts';
import { asOfOf } from '../../arguments.ts';

/** At most two round trips: the analysis hands over a source of every enterprise and component the answer names. */
export const restartReadiness: QueryResolvers['restartReadiness'] = async (_parent, args, ctx) => {
  const { report, records } = await ctx.analysis.readiness(args.enterpriseId, asOfOf(ctx, args.asOf), ctx.requestId);
  if (!report) throw notFound('enterprise', args.enterpriseId, 'enterpriseId');
  ctx.known.add(records);
  return report;
};

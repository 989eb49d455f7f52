import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { notFound } from '../../../../server/errors.ts';
import { asOfOf } from '../../arguments.ts';

/** One round trip: the subgraph carries every enterprise and component the answer names, primed into the loaders. */
export const restartReadiness: QueryResolvers['restartReadiness'] = async (_parent, args, ctx) => {
  const { report, facts } = await ctx.analysis.readiness(args.enterpriseId, asOfOf(ctx, args.asOf), ctx.requestId);
  if (!report) throw notFound('enterprise', args.enterpriseId, 'enterpriseId');
  for (const e of facts.enterprises) {
    ctx.loaders.enterpriseById.prime(e.id, {
      id: e.id,
      name: e.name,
      industry: e.industry,
      status: e.status,
      workforce: e.workforce,
      epidemicCritical: e.epidemicCritical,
      expectedResumeDate: e.expectedResumeDate,
      note: e.note,
      regionCode: e.district,
    });
  }
  for (const c of facts.components) ctx.loaders.componentById.prime(c.id, c);
  return report;
};

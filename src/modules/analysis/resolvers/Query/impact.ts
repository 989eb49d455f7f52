import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { asOfOf, subjectOf } from '../../arguments.ts';
import type { RegionImpactRecord } from '../../mappers.ts';

export const impact: QueryResolvers['impact'] = async (_parent, args, ctx) => {
  await subjectOf(ctx, args.enterpriseId);
  const asOf = asOfOf(ctx, args.asOf);
  const { ids, enterprises } = await ctx.analysis.impact(args.enterpriseId, asOf, ctx.requestId);
  const byRegion = new Map<string, RegionImpactRecord>();
  let workforce = 0;
  for (const e of enterprises) {
    workforce += e.workforce;
    // Rolled up to city and province; a municipality is both, counted once.
    for (const code of new Set([e.city, e.province])) {
      if (!code) continue;
      const entry = byRegion.get(code) ?? { regionCode: code, count: 0, workforce: 0 };
      entry.count += 1;
      entry.workforce += e.workforce;
      byRegion.set(code, entry);
    }
  }
  return {
    enterpriseId: args.enterpriseId,
    asOf,
    ids,
    workforce,
    byRegion: [...byRegion.values()].sort((a, b) => (a.regionCode < b.regionCode ? -1 : 1)),
  };
};

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { allAgencies } from '../../cypher.ts';
import { regionCodeArgument } from '../../validation.ts';

export const agencies: QueryResolvers['agencies'] = (_parent, args, ctx) => {
  if (args.regionCode == null) {
    return ctx.db.read({ operation: 'query.agencies', requestId: ctx.requestId }, allAgencies);
  }
  return ctx.loaders.agenciesOfRegion.load(regionCodeArgument(args.regionCode, 'regionCode'));
};

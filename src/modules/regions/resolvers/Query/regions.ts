import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { listRegions } from '../../cypher.ts';
import { regionCodeArgument } from '../../validation.ts';

export const regions: QueryResolvers['regions'] = (_parent, args, ctx) => {
  const parent = args.parent == null ? null : regionCodeArgument(args.parent, 'parent');
  return ctx.db.read({ operation: 'query.regions', requestId: ctx.requestId }, (tx) => listRegions(tx, args.level ?? null, parent));
};

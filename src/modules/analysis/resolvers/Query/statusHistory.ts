import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { subjectOf } from '../../arguments.ts';
import { statusHistory as history } from '../../status.ts';

export const statusHistory: QueryResolvers['statusHistory'] = async (_parent, args, ctx) => {
  await subjectOf(ctx, args.enterpriseId);
  return ctx.db.read({ operation: 'query.statusHistory', requestId: ctx.requestId }, (tx) => history(tx, args.enterpriseId));
};

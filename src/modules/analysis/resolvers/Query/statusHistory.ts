import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { enterpriseOf } from '../../../enterprises/enterprises.ts';
import { statusChangesOf } from '../../status.ts';

export const statusHistory: QueryResolvers['statusHistory'] = async (_parent, args, ctx) => {
  await enterpriseOf(ctx, args.enterpriseId, 'enterpriseId');
  return statusChangesOf(ctx, args.enterpriseId);
};

import type { MutationResolvers } from '../../../../generated/graphql.ts';

export const loadDataset: MutationResolvers['loadDataset'] = (_parent, args, ctx) =>
  ctx.datasets.load(args.dataset, { requestId: ctx.requestId });

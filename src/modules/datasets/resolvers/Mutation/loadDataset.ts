import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { authorize } from '../../../identity/permissions.ts';

export const loadDataset: MutationResolvers['loadDataset'] = (_parent, args, ctx) => {
  authorize(ctx.user, { kind: 'import' });
  return ctx.datasets.load(args.dataset, { requestId: ctx.requestId });
};

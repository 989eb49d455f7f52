import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { changeStatus } from '../../requests.ts';
import { noteArgument } from '../../validation.ts';
import { published } from '../../publish.ts';

export const rejectRequest: MutationResolvers['rejectRequest'] = async (_parent, args, ctx) =>
  published(ctx, await changeStatus(ctx, args.id, 'REJECT', noteArgument(args.reason, 'reason', true)));

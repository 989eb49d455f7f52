import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { changeStatus } from '../../requests.ts';
import { noteArgument } from '../../validation.ts';
import { published } from '../../publish.ts';

export const acknowledgeRequest: MutationResolvers['acknowledgeRequest'] = async (_parent, args, ctx) =>
  published(ctx, await changeStatus(ctx, args.id, 'ACKNOWLEDGE', noteArgument(args.note, 'note', false)));

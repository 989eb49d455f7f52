import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { commentOn } from '../../requests.ts';
import { noteArgument } from '../../validation.ts';
import { published } from '../../publish.ts';

export const commentOnRequest: MutationResolvers['commentOnRequest'] = async (_parent, args, ctx) =>
  published(ctx, await commentOn(ctx, args.id, noteArgument(args.note, 'note', true) as string));

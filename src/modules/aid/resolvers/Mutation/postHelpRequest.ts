import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { postHelpRequest as post } from '../../aid.ts';

export const postHelpRequest: MutationResolvers['postHelpRequest'] = (_parent, args, ctx) => post(ctx, args.input);

import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { postHelpOffer as post } from '../../aid.ts';

export const postHelpOffer: MutationResolvers['postHelpOffer'] = (_parent, args, ctx) => post(ctx, args.input);

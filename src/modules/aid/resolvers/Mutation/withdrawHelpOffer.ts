import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { withdrawHelpOffer as withdraw } from '../../aid.ts';

export const withdrawHelpOffer: MutationResolvers['withdrawHelpOffer'] = (_parent, args, ctx) => withdraw(ctx, args.id);

import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { withdrawHelpRequest as withdraw } from '../../aid.ts';

export const withdrawHelpRequest: MutationResolvers['withdrawHelpRequest'] = (_parent, args, ctx) => withdraw(ctx, args.id);

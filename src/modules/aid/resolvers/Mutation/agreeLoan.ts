import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { agreeLoan as agree } from '../../aid.ts';

export const agreeLoan: MutationResolvers['agreeLoan'] = (_parent, args, ctx) => agree(ctx, args.input);

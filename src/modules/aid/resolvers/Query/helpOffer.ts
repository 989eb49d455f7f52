import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findHelpOffer } from '../../aid.ts';

export const helpOffer: QueryResolvers['helpOffer'] = (_parent, args, ctx) => findHelpOffer(ctx, args.id);

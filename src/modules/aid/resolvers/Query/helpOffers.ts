import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { helpOffersPage } from '../../aid.ts';

export const helpOffers: QueryResolvers['helpOffers'] = (_parent, args, ctx) => helpOffersPage(ctx, args.filter ?? {}, args.first, args.after);

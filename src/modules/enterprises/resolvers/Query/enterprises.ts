import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { enterprisesPage } from '../../enterprises.ts';

export const enterprises: QueryResolvers['enterprises'] = (_parent, args, ctx, info) => enterprisesPage(ctx, args.filter, args.first, args.after, info);

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { restrictionsPage } from '../../restrictions.ts';

export const restrictions: QueryResolvers['restrictions'] = (_parent, args, ctx) => restrictionsPage(ctx, args.filter ?? {}, args.first, args.after);

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { loansPage } from '../../aid.ts';

export const loans: QueryResolvers['loans'] = (_parent, args, ctx) => loansPage(ctx, args.filter ?? {}, args.first, args.after);

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { helpMatches as matches } from '../../aid.ts';

export const helpMatches: QueryResolvers['helpMatches'] = (_parent, args, ctx) => matches(ctx, args.requestId, args.asOf ?? ctx.today());

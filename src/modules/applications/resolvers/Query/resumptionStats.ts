import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { resumptionStats as statsOf } from '../../applications.ts';

export const resumptionStats: QueryResolvers['resumptionStats'] = (_parent, args, ctx) => statsOf(ctx, args.regionCode, args.from, args.to);

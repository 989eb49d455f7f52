import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { helpRequestsPage } from '../../aid.ts';

export const helpRequests: QueryResolvers['helpRequests'] = (_parent, args, ctx) => helpRequestsPage(ctx, args.filter ?? {}, args.first, args.after);

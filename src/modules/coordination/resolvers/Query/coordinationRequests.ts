import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { requestsPage } from '../../requests.ts';

export const coordinationRequests: QueryResolvers['coordinationRequests'] = (_parent, args, ctx) => requestsPage(ctx, args.filter ?? {}, args.first, args.after);

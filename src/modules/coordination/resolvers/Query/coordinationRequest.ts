import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findRequest } from '../../requests.ts';

export const coordinationRequest: QueryResolvers['coordinationRequest'] = (_parent, args, ctx) => findRequest(ctx, args.id);

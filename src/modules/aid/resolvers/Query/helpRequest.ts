import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findHelpRequest } from '../../aid.ts';

export const helpRequest: QueryResolvers['helpRequest'] = (_parent, args, ctx) => findHelpRequest(ctx, args.id);

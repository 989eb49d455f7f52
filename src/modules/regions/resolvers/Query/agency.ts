import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findAgency } from '../../regions.ts';

export const agency: QueryResolvers['agency'] = (_parent, args, ctx) => findAgency(ctx, args.id);

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findRestriction } from '../../restrictions.ts';

export const restriction: QueryResolvers['restriction'] = (_parent, args, ctx) => findRestriction(ctx, args.id);

import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findLoan } from '../../aid.ts';

export const loan: QueryResolvers['loan'] = (_parent, args, ctx) => findLoan(ctx, args.id);

import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { recordLoanReturn as record } from '../../aid.ts';

export const recordLoanReturn: MutationResolvers['recordLoanReturn'] = (_parent, args, ctx) => record(ctx, args.loanId, args.on);

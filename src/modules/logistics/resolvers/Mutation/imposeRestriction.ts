import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { imposeRestriction as impose } from '../../restrictions.ts';

export const imposeRestriction: MutationResolvers['imposeRestriction'] = (_parent, args, ctx) => impose(ctx, args.input);

import type { MutationResolvers } from '../../../../generated/graphql.ts';
import { liftRestriction as lift } from '../../restrictions.ts';

export const liftRestriction: MutationResolvers['liftRestriction'] = (_parent, args, ctx) => lift(ctx, args.id, args.on);

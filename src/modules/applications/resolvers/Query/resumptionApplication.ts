import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findApplication } from '../../applications.ts';

export const resumptionApplication: QueryResolvers['resumptionApplication'] = (_parent, args, ctx) => findApplication(ctx, args.id);

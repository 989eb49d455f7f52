import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { findEnterprise } from '../../enterprises.ts';

export const enterprise: QueryResolvers['enterprise'] = (_parent, args, ctx, info) => findEnterprise(ctx, args.id, info);

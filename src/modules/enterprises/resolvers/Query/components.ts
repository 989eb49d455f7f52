import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { searchComponents } from '../../enterprises.ts';

export const components: QueryResolvers['components'] = (_parent, args, ctx, info) => searchComponents(ctx, args.nameContains ?? null, info);

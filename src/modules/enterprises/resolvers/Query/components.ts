import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { searchComponents } from '../../enterprises.ts';

export const components: QueryResolvers['components'] = (_parent, args, ctx) => searchComponents(ctx, args.nameContains ?? null);

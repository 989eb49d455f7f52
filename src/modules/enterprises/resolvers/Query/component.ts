import type { QueryResolvers } from '../../../../generated/graphql.ts';

export const component: QueryResolvers['component'] = (_parent, args, ctx) => ctx.loaders.componentById.load(args.id);

import type { QueryResolvers } from '../../../../generated/graphql.ts';

export const coordinationRequest: QueryResolvers['coordinationRequest'] = (_parent, args, ctx) => ctx.loaders.requestById.load(args.id);

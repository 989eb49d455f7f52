import type { QueryResolvers } from '../../../../generated/graphql.ts';

export const enterprise: QueryResolvers['enterprise'] = (_parent, args, ctx) => ctx.loaders.enterpriseById.load(args.id);

import type { QueryResolvers } from '../../../../generated/graphql.ts';

export const agency: QueryResolvers['agency'] = (_parent, args, ctx) => ctx.loaders.agencyById.load(args.id);

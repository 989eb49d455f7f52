import type { QueryResolvers } from '../../../../generated/graphql.ts';

export const me: QueryResolvers['me'] = (_parent, _args, ctx) => ctx.user;

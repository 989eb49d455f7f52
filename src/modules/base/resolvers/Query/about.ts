import type { QueryResolvers } from '../../../../generated/graphql.ts';
import { about as describe } from '../../about.ts';

export const about: QueryResolvers['about'] = (_parent, _args, ctx) => describe(ctx);

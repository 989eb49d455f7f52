import type { Resolvers } from '../../generated/graphql.ts';
import { about } from './resolvers/Query/about.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars.ts';

export const baseResolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { about },
};

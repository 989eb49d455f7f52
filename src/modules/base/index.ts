import type { Resolvers } from '../../generated/graphql.ts';
import { about } from './resolvers/Query/about.ts';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';

const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { about },
};

export const baseModule: FugongModule = {
  name: 'base',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
};

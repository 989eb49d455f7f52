import type { Resolvers } from '../../generated/graphql.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createLogisticsLoaders } from './loaders.ts';
import { imposeRestriction } from './resolvers/Mutation/imposeRestriction.ts';
import { liftRestriction } from './resolvers/Mutation/liftRestriction.ts';
import { restriction } from './resolvers/Query/restriction.ts';
import { restrictionImpact } from './resolvers/Query/restrictionImpact.ts';
import { restrictions } from './resolvers/Query/restrictions.ts';
import * as types from './resolvers/types.ts';

const resolvers: Resolvers = {
  Query: { restriction, restrictions, restrictionImpact },
  Mutation: { imposeRestriction, liftRestriction },
  ...types,
};

export const logisticsModule: FugongModule = {
  name: 'logistics',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createLogisticsLoaders,
};

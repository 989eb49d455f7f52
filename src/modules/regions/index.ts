import type { Resolvers } from '../../generated/graphql.ts';
import { agencies } from './resolvers/Query/agencies.ts';
import { agency } from './resolvers/Query/agency.ts';
import { region } from './resolvers/Query/region.ts';
import { regions } from './resolvers/Query/regions.ts';
import { Agency } from './resolvers/Agency.ts';
import { Region } from './resolvers/Region.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createRegionLoaders } from './loaders.ts';

const resolvers: Resolvers = {
  Query: { region, regions, agency, agencies },
  Region,
  Agency,
};

export const regionsModule: FugongModule = {
  name: 'regions',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createRegionLoaders,
};

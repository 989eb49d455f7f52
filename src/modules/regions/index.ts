import type { Resolvers } from '../../generated/graphql.ts';
import { agencies } from './resolvers/Query/agencies.ts';
import { agency } from './resolvers/Query/agency.ts';
import { region } from './resolvers/Query/region.ts';
import { regions } from './resolvers/Query/regions.ts';
import { Agency } from './resolvers/Agency.ts';
import { Region } from './resolvers/Region.ts';

export const regionResolvers: Resolvers = {
  Query: { region, regions, agency, agencies },
  Region,
  Agency,
};

import type { Resolvers } from '../../generated/graphql.ts';
import { component } from './resolvers/Query/component.ts';
import { components } from './resolvers/Query/components.ts';
import { enterprise } from './resolvers/Query/enterprise.ts';
import { enterprises } from './resolvers/Query/enterprises.ts';
import { Enterprise } from './resolvers/Enterprise.ts';
import { Region } from './resolvers/Region.ts';
import { Component, Make, Need, Supply } from './resolvers/edges.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';
import { createEnterpriseLoaders } from './loaders.ts';

const resolvers: Resolvers = {
  Query: { enterprise, enterprises, component, components },
  Enterprise,
  EnterpriseConnection: { totalCount: (connection) => connection.count() },
  Supply,
  Need,
  Make,
  Component,
  Region,
};

export const enterprisesModule: FugongModule = {
  name: 'enterprises',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  loaders: createEnterpriseLoaders,
};

import type { Resolvers } from '../../generated/graphql.ts';
import { loadDataset } from './resolvers/Mutation/loadDataset.ts';
import { DatasetService } from './service.ts';
import { moduleTypeDefs, type FugongModule } from '../module.ts';

const resolvers: Resolvers = {
  Mutation: { loadDataset },
};

export const datasetsModule: FugongModule = {
  name: 'datasets',
  typeDefs: moduleTypeDefs(import.meta.url),
  resolvers,
  services: ({ db }) => ({ datasets: new DatasetService(db) }),
};

declare module '../context.ts' {
  interface ModuleServices {
    datasets: DatasetService;
  }
}

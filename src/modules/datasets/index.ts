import type { Resolvers } from '../../generated/graphql.ts';
import { loadDataset } from './resolvers/Mutation/loadDataset.ts';

export const datasetResolvers: Resolvers = {
  Mutation: { loadDataset },
};

import { keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';

export function createIdentityLoaders(scope: LoaderScope) {
  return {
    userById: keyedLoader(scope, 'users.byId', cypher.usersByIds, (u) => u.id),
  };
}
export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;

import { keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';

export function createIdentityLoaders(scope: LoaderScope) {
  return {
    userById: keyedLoader(scope, 'users.byId', cypher.usersByIds, (u) => u.id),
  };
}
export type IdentityLoaders = ReturnType<typeof createIdentityLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends IdentityLoaders {}
}

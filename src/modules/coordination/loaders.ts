import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';

export function createCoordinationLoaders(scope: LoaderScope) {
  return {
    requestById: keyedLoader(scope, 'requests.byId', cypher.requestsByIds, (r) => r.id),
    eventsOfRequest: groupedLoader(scope, 'requests.events', cypher.eventsOfRequests, (e) => e.requestId),
  };
}
export type CoordinationLoaders = ReturnType<typeof createCoordinationLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends CoordinationLoaders {}
}

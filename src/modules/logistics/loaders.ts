import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';
import { restrictionEvents } from './restrictions.ts';

export function createLogisticsLoaders(scope: LoaderScope) {
  return {
    restrictionById: keyedLoader(scope, 'restrictions.byId', cypher.restrictionsByIds, (r) => r.id),
    eventsOfRestriction: groupedLoader(scope, 'restrictions.events', restrictionEvents, (e) => e.restrictionId),
  };
}
export type LogisticsLoaders = ReturnType<typeof createLogisticsLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends LogisticsLoaders {}
}

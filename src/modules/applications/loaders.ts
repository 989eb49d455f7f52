import { loggedEventsOf } from '../shared/event-log.ts';
import { groupedLoader, keyedLoader, type LoaderScope } from '../shared/loaders.ts';
import * as cypher from './cypher.ts';
import type { ApplicationEventRecord } from './mappers.ts';
import type { ApplicationEventKind } from './transitions.ts';

export function createApplicationLoaders(scope: LoaderScope) {
  return {
    applicationById: keyedLoader(scope, 'applications.byId', cypher.applicationsByIds, (a) => a.id),
    eventsOfApplication: groupedLoader(
      scope,
      'applications.events',
      async (tx, ids): Promise<ApplicationEventRecord[]> =>
        (await loggedEventsOf(tx, 'ResumptionApplication', ids)).map(({ subjectId, readyPlantIds: _none, ...event }) => ({
          ...event,
          applicationId: subjectId,
          kind: event.kind as ApplicationEventKind,
        })),
      (e) => e.applicationId,
    ),
  };
}
export type ApplicationLoaders = ReturnType<typeof createApplicationLoaders>;

declare module '../context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into the context's loaders
  interface ModuleLoaders extends ApplicationLoaders {}
}

/**
 * The per-request context: the database, this request's DataLoaders, its id
 * and logger, and the clock (injected, so tests pin "today").
 */
import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Database } from '../neo4j/database.ts';
import { createEnterpriseLoaders } from '../modules/enterprises/loaders.ts';
import { createRegionLoaders } from '../modules/regions/loaders.ts';
import type { DatasetService } from '../modules/datasets/service.ts';

export interface ServerDeps {
  db: Database;
  log: Logger;
  /** Today in Asia/Shanghai as YYYY-MM-DD; the default `asOf`. */
  today: () => string;
  datasets: DatasetService;
}

export function createLoaders(db: Database, requestId: string) {
  const scope = { db, requestId };
  return { ...createRegionLoaders(scope), ...createEnterpriseLoaders(scope) };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface GraphQLContext extends ServerDeps {
  requestId: string;
  loaders: Loaders;
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

export function createContextFactory(deps: ServerDeps) {
  return (initial: YogaInitialContext): GraphQLContext => {
    const requestId = requestIdOf(initial.request);
    return {
      ...deps,
      requestId,
      log: deps.log.child({ requestId }),
      loaders: createLoaders(deps.db, requestId),
    };
  };
}

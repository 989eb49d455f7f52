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
import { createCoordinationLoaders } from '../modules/coordination/loaders.ts';
import type { RequestEventBus } from '../modules/coordination/events.ts';
import type { CurrentUser } from '../modules/identity/claims.ts';
import { createIdentityLoaders } from '../modules/identity/loaders.ts';
import { KnownRecords } from '../modules/shared/loaders.ts';
import { authenticatedUser } from './auth.ts';
import type { AnalysisService } from '../modules/analysis/service.ts';
import type { DatasetService } from '../modules/datasets/service.ts';

export interface ServerDeps {
  db: Database;
  log: Logger;
  /** Today in Asia/Shanghai as YYYY-MM-DD; the default `asOf`. */
  today: () => string;
  datasets: DatasetService;
  analysis: AnalysisService;
  /** The live inbox: publish request events here after their transaction commits. */
  requestEvents: RequestEventBus;
}

export function createLoaders(db: Database, requestId: string, known: KnownRecords) {
  const scope = { db, requestId, known };
  return { ...createRegionLoaders(scope), ...createEnterpriseLoaders(scope), ...createIdentityLoaders(scope), ...createCoordinationLoaders(scope) };
}
export type Loaders = ReturnType<typeof createLoaders>;

export interface GraphQLContext extends ServerDeps {
  requestId: string;
  loaders: Loaders;
  /** Records this request's answers already hold: the loaders look here before asking Neo4j. */
  known: KnownRecords;
  /** The caller, from the verified bearer token: the only source of the acting agency and role. */
  user: CurrentUser;
}

export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
}

export function createContextFactory(deps: ServerDeps) {
  return (initial: YogaInitialContext): GraphQLContext => {
    const requestId = requestIdOf(initial.request);
    const known = new KnownRecords();
    return {
      ...deps,
      requestId,
      log: deps.log.child({ requestId }),
      known,
      loaders: createLoaders(deps.db, requestId, known),
      user: authenticatedUser(initial as unknown as Record<string, unknown>),
    };
  };
}

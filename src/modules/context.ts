/**
 * What a resolver is handed: the process's services and this request's
 * loaders, id, logger, caller and clock. The type lives below the modules
 * and names none of them: each module declares what it adds to
 * `ModuleLoaders` (in its loaders.ts) and `ModuleServices` (beside its
 * service), so the server's factory (server/context.ts) and the registry
 * (./registry.ts) fill in what the modules declare.
 */
import type { Logger } from 'pino';
import type { Database } from '../neo4j/database.ts';
import type { KnownRecords } from './shared/loaders.ts';
import type { CurrentUser } from './shared/user.ts';

/** This request's DataLoaders, by name; every module adds its own. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleLoaders {}

/** The process-lived services, by name; every module that has one adds it. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleServices {}

/** What every service is built over. */
export interface ServiceDeps {
  db: Database;
  log: Logger;
  /** Today in Asia/Shanghai as YYYY-MM-DD; the default `asOf`. */
  today: () => string;
}

export interface GraphQLContext extends ServiceDeps, ModuleServices {
  requestId: string;
  loaders: ModuleLoaders;
  /** Records this request's answers already hold: the loaders look here before asking Neo4j. */
  known: KnownRecords;
  /** The caller, from the verified bearer token: the only source of the acting agency and role. */
  user: CurrentUser;
}

/**
 * The per-request context (its type: modules/context.ts): the process's
 * services, this request's DataLoaders from every module, its id and
 * logger, the caller, and the clock (injected, so tests pin "today").
 */
import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import type { GraphQLContext, ModuleLoaders, ModuleServices, ServiceDeps } from '../modules/context.ts';
import { MODULES } from '../modules/registry.ts';
import { KnownRecords, type LoaderScope } from '../modules/shared/loaders.ts';
import { authenticatedUser } from './auth.ts';

export type ServerDeps = ServiceDeps & ModuleServices;

export function createLoaders(scope: LoaderScope): ModuleLoaders {
  return Object.assign({}, ...MODULES.map((m) => m.loaders?.(scope) ?? {})) as ModuleLoaders;
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
      loaders: createLoaders({ db: deps.db, requestId, known }),
      user: authenticatedUser(initial as unknown as Record<string, unknown>),
    };
  };
}

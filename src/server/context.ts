/**
 * The per-request context (its type: modules/context.ts): the process's
 * services, this request's DataLoaders from every module, its id and
 * logger, the caller, and the clock (injected, so tests pin "today").
 */
import { randomUUID } from 'node:crypto';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import type { GraphQLContext, ModuleLoaders, ModuleServices, ServiceDeps } from '../modules/context.ts';
import { MODULES } from '../modules/registry.ts';
import { KnownRecords, type LoaderScope } from '../modules/shared/loaders.ts';
import { authenticatedUser } from './auth.ts';

export type ServerDeps = ServiceDeps & ModuleServices;

export function createLoaders(scope: LoaderScope): ModuleLoaders {
  return Object.assign({}, ...MODULES.map((m) => m.loaders?.(scope) ?? {})) as ModuleLoaders;
}

/** A request id a client (or a proxy in front of several replicas) may send: bounded, and safe to log and echo. */
const GIVEN_REQUEST_ID = /^[\w.:-]{1,100}$/;

export function requestIdOf(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given && GIVEN_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * One id per HTTP request, the client's `x-request-id` when it sent a
 * usable one: logged with every line of the request, named in its
 * transactions' metadata, and echoed in the answer's `x-request-id`, so a
 * request is followed across a proxy, the replica that served it and Neo4j.
 */
export function useRequestIds(): Plugin & { idOf(request: Request): string } {
  const ids = new WeakMap<Request, string>();
  const idOf = (request: Request) => {
    let id = ids.get(request);
    if (id === undefined) ids.set(request, (id = requestIdOf(request)));
    return id;
  };
  return {
    idOf,
    onResponse({ request, response }) {
      response.headers.set('x-request-id', idOf(request));
    },
  };
}

export function createContextFactory(deps: ServerDeps, idOf: (request: Request) => string = requestIdOf) {
  return (initial: YogaInitialContext): GraphQLContext => {
    const requestId = idOf(initial.request);
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

/**
 * What a module is to the rest of the service: its SDL (the `.graphql`
 * file beside its index.ts), its resolvers, and optionally the loaders it
 * adds to each request and the services it adds to the process. The
 * registry (./registry.ts) lists the modules once; the schema, the context
 * factory and codegen (schema/codegen.ts, which reads the same folders)
 * take them from there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PubSubEventTarget } from 'graphql-yoga';
import type { Resolvers } from '../generated/graphql.ts';
import type { ModuleServices, ServiceDeps } from './context.ts';
import type { LoaderScope } from './shared/loaders.ts';

export interface ServiceOptions {
  /** How analysis questions are answered (config `ANALYSIS_READ_MODEL`). */
  readModel: 'memory' | 'neo4j';
  /** Staff returning above which an application needs the city's recheck (config `JOINT_CHECK_THRESHOLD`). */
  jointCheckThreshold: number;
  /**
   * Where the live inboxes publish and listen: shared by every replica (Redis, config `REDIS_URL`) so an event
   * committed through one reaches subscribers on all; absent, this process's memory.
   */
  eventTarget?: InboxEventTarget;
}

/** The live inboxes' topics by name, each keyed by agency id; the messages are plain JSON objects, so any replica can read them. */
export type InboxTopics = Record<string, [agencyId: string, notice: object]>;
export type InboxEventTarget = PubSubEventTarget<InboxTopics>;

export interface FugongModule {
  name: string;
  /** The module's SDL. */
  typeDefs: string;
  resolvers: Resolvers;
  /** This module's loaders for one request. */
  loaders?: (scope: LoaderScope) => object;
  /** This module's services for the process, given those of the modules listed before it. */
  services?: (deps: ServiceDeps & ServiceOptions, before: Partial<ModuleServices>) => Partial<ModuleServices>;
}

/** The SDL files in a module's folder (pass the module's `import.meta.url`), joined. */
export function moduleTypeDefs(moduleUrl: string): string {
  const folder = dirname(fileURLToPath(moduleUrl));
  return readdirSync(folder)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
}

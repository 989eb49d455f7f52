/**
 * Which Neo4j a process uses: the one NEO4J_URI names, else the embedded
 * server already serving the local store, else a new embedded server that
 * this process owns and stops.
 */
import type { Config } from '../config.ts';
import { findRunningEmbedded, startEmbeddedNeo4j, type EmbeddedStateChange, type Neo4jConnection } from './embedded/runtime.ts';

export interface AcquiredNeo4j extends Neo4jConnection {
  /** How it was found, for the startup log. */
  source: 'NEO4J_URI' | 'embedded (already running)' | 'embedded (started)';
  /** Stops the server when this process started it; a no-op otherwise. */
  release(): Promise<void>;
  /** Deaths and restarts of the server this process started and keeps running; never called for another's. */
  onStateChange(listener: (change: EmbeddedStateChange) => void): void;
}

export async function acquireNeo4j(config: Config, log: (message: string, level?: 'info' | 'warn' | 'error') => void): Promise<AcquiredNeo4j> {
  if (config.NEO4J_URI) {
    return {
      uri: config.NEO4J_URI,
      user: config.NEO4J_USER,
      password: config.NEO4J_PASSWORD ?? '',
      source: 'NEO4J_URI',
      release: async () => {},
      // The driver reconnects to a server that comes back; nothing to be told.
      onStateChange: () => {},
    };
  }
  const running = await findRunningEmbedded(config.NEO4J_DATA_DIR);
  if (running) {
    return { ...running, source: 'embedded (already running)', release: async () => {}, onStateChange: () => {} };
  }
  const server = await startEmbeddedNeo4j({
    home: config.NEO4J_DATA_DIR,
    cacheDir: config.NEO4J_CACHE_DIR,
    heap: config.NEO4J_HEAP,
    pageCache: config.NEO4J_PAGECACHE,
    log,
  });
  return { uri: server.uri, user: server.user, password: server.password, source: 'embedded (started)', release: server.stop, onStateChange: (listener) => server.onStateChange(listener) };
}

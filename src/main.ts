/**
 * `npm start`: configuration → Neo4j (the configured one, or its own) →
 * migrations and seed → HTTP. Ctrl-C or SIGTERM closes the server, the
 * driver and, when this process started it, Neo4j.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.ts';
import { acquireNeo4j } from './neo4j/acquire.ts';
import { Database } from './neo4j/database.ts';
import { EmbeddedNeo4jError } from './neo4j/embedded/runtime.ts';
import { createApp } from './server/app.ts';
import { connectRedisEventTarget, EventTargetError, type SharedEventTarget } from './server/event-target.ts';
import { createLogger } from './server/logger.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  process.setSourceMapsEnabled(config.STACK_TRACE_SOURCE_MAPS);
  const log = createLogger(config.LOG_LEVEL);
  const neo4j = await acquireNeo4j(config, (message, level = 'info') => log[level]({ component: 'neo4j' }, message));
  log.info({ uri: neo4j.uri, source: neo4j.source }, 'using Neo4j');
  const db = Database.connect(neo4j, config.NEO4J_DATABASE);
  let events: SharedEventTarget | undefined;
  // While the embedded server is dead and restarting, requests fail at once (DATABASE_UNAVAILABLE) and /ready is 503.
  neo4j.onStateChange((change) => db.setAvailability(change.state === 'up' ? { state: 'up' } : { state: change.state, reason: change.message }));

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      log.info({ signal }, 'shutting down');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Live inbox streams (SSE) never end on their own: let requests in flight finish, then cut what is left.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await events?.close();
      await db.close();
      await neo4j.release();
      log.info('stopped');
    })();
    return closing;
  };
  const server = createServer();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }

  try {
    if (config.REDIS_URL) events = await connectRedisEventTarget(config.REDIS_URL, log);
    const app = await createApp(config, db, log, events ? { eventTarget: events.target } : {});
    const seeded = config.SEED_ON_EMPTY ? await app.datasets.seedIfEmpty() : null;
    if (seeded) log.info({ counts: seeded.counts, loaded: seeded.loaded }, 'loaded the seed scenario into the empty database');
    server.on('request', app.yoga);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
    const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}/graphql`;
    log.info({ url }, `Fugong serves GraphQL and GraphiQL at ${url}`);
    const explorer = url.replace(/graphql$/, '');
    log.info({ url: explorer }, `the explorer is at ${explorer}`);
    log.info(
      'every request needs a bearer token: mint one with `npm run token -- --agency agency-qingyang --role COORDINATOR` ' +
        'and add {"Authorization": "Bearer <token>"} in GraphiQL\'s headers',
    );
  } catch (error) {
    await shutdown('startup failure');
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedNeo4jError || error instanceof EventTargetError) {
    process.stderr.write(`fugong: ${error.message}\n`);
  } else {
    process.stderr.write(`fugong: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});

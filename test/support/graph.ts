/**
 * Tests against the real Neo4j. Files that touch the database run one at a
 * time (see the vitest config), and each starts from an empty graph, so no
 * test sees another's data.
 */
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { Database } from '../../src/neo4j/database.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  const neo4j = inject('neo4j');
  return loadConfig({ NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database, LOG_LEVEL: 'silent', ...overrides });
}

export function connectTestDatabase(): Database {
  const neo4j = inject('neo4j');
  return Database.connect(neo4j, neo4j.database);
}

/** Removes every node but the migration records (schema stays). */
export async function emptyGraph(db: Database): Promise<void> {
  await db.autoCommit({ operation: 'test.empty' }, 'MATCH (n) WHERE NOT n:Migration CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}

export interface TestApp extends App {
  db: Database;
  /** POSTs a GraphQL operation through Yoga's fetch and returns the parsed body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLBody<T>>;
  close(): Promise<void>;
}

export interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function createTestApp(options: { today?: string; config?: Record<string, string>; log?: Logger } = {}): Promise<TestApp> {
  const db = connectTestDatabase();
  const app = await createApp(testConfig(options.config), db, options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), {
    ...(options.today ? { today: () => options.today as string } : {}),
  });
  return {
    ...app,
    db,
    async graphql(query, variables, headers) {
      const response = await app.yoga.fetch('http://fugong.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLBody<never>;
    },
    close: () => db.close(),
  };
}

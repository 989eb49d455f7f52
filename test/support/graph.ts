/**
 * Tests against the real Neo4j. Files that touch the database run one at a
 * time (see the vitest config), and each starts from an empty graph, so no
 * test sees another's data.
 */
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { Database } from '../../src/neo4j/database.ts';
import type { Role } from '../../src/modules/shared/user.ts';
import { mintToken } from '../../src/modules/identity/tokens.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { createLogger } from '../../src/server/logger.ts';

/** The HS256 secret every test app verifies tokens with. */
export const TEST_JWT_SECRET = 'fugong-test-secret-0123456789abcdef-not-for-production';

/** A bearer token for a user of `agency` with `role`, signed with the test secret (valid one hour). */
export function tokenFor(who: { agency: string; role: Role; user?: string }, secret: string = TEST_JWT_SECRET): Promise<string> {
  return mintToken({ secret }, { sub: who.user ?? `${who.agency}:${who.role.toLowerCase()}`, agency: who.agency, role: who.role }, 3600);
}

/**
 * Who `TestApp.graphql` acts as unless told otherwise: an ADMIN of an agency
 * no dataset holds, accepted as an operator agency (`OPERATOR_AGENCIES`).
 */
export const TEST_ADMIN = { agency: 'agency-test-admin', role: 'ADMIN', user: 'test-admin' } as const;

/** Agencies the test apps accept in tokens without the graph holding them: TEST_ADMIN's, and an operations team's. */
export const TEST_OPERATOR_AGENCIES = [TEST_ADMIN.agency, 'agency-ops'] as const;

export function testConfig(overrides: Record<string, string> = {}): Config {
  const neo4j = inject('neo4j');
  return loadConfig({ NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, NEO4J_DATABASE: neo4j.database, LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, OPERATOR_AGENCIES: TEST_OPERATOR_AGENCIES.join(','), ...overrides });
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
  /** POSTs a GraphQL operation through Yoga's fetch as TEST_ADMIN and returns the parsed body. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLBody<T>>;
  /** The same with another bearer token, or none (`null`). */
  graphqlAs<T = Record<string, unknown>>(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLBody<T>>;
  /** The raw response, for status codes and headers. */
  post(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
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
  let adminToken: Promise<string> | undefined;
  const post = async (token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
      body: JSON.stringify({ query, variables }),
    });
  const graphqlAs = async (token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    (await (await post(token, query, variables, headers)).json()) as GraphQLBody<never>;
  return {
    ...app,
    db,
    post,
    graphqlAs,
    async graphql(query, variables, headers) {
      adminToken ??= tokenFor(TEST_ADMIN);
      return graphqlAs(await adminToken, query, variables, headers);
    },
    close: () => db.close(),
  };
}

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// graphql 16 ships CommonJS (main) and ESM (module) builds without an exports map:
// Node loads the CommonJS one for graphql-yoga, so the project's own code must get
// the same instance, or `instanceof GraphQLError` fails and typed errors get masked.
const graphqlMain = createRequire(import.meta.url).resolve('graphql');

const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlMain }] };

export default defineConfig({
  test: {
    root,
    // One Neo4j for the whole run, started before any project; the explorer's page built once.
    globalSetup: ['test/support/global-neo4j.ts', 'test/support/global-explorer.ts'],
    projects: [
      {
        resolve,
        // `*.test.ts`: pure code, no database. Runs in parallel.
        test: { name: 'pure', root, include: ['test/**/*.test.ts'], exclude: ['test/**/*.db.test.ts', 'test/**/*.e2e.test.ts'], testTimeout: 120_000 },
      },
      {
        resolve,
        // `*.db.test.ts` (the API or Cypher on the shared Neo4j) and `*.e2e.test.ts` (a real server process):
        // one file at a time, each on an emptied graph.
        test: {
          name: 'database',
          root,
          include: ['test/**/*.db.test.ts', 'test/**/*.e2e.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

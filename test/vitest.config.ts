import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

// graphql 16 ships CommonJS (main) and ESM (module) builds without an exports map:
// Node loads the CommonJS one for graphql-yoga, so the project's own code must get
// the same instance, or `instanceof GraphQLError` fails and typed errors get masked.
const graphqlMain = createRequire(import.meta.url).resolve('graphql');

const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlMain }] };

export default defineConfig({
  test: {
    root,
    // One Neo4j for the whole run, started before any project.
    globalSetup: ['test/support/global-neo4j.ts'],
    projects: [
      {
        resolve,
        // Pure code: analysis, dataset format, routing. Runs in parallel.
        test: {
          name: 'pure',
          root,
          include: ['test/analysis/**/*.test.ts', 'test/dataset/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.db.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        resolve,
        // Everything that touches the shared Neo4j: one file at a time, each on an emptied graph.
        test: {
          name: 'database',
          root,
          include: ['test/modules/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/neo4j/**/*.test.ts', 'test/**/*.db.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});

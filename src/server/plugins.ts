/**
 * Cross-cutting plugins: request logging, GraphQL limits, readiness.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { getOperationAST } from 'graphql';
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Database } from '../neo4j/database.ts';
import type { GraphQLContext } from '../modules/context.ts';

/** One log line per operation: request id, operation name, duration, error count. */
export function useOperationLog(): Plugin<GraphQLContext> {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const ctx = args.contextValue;
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result && Array.isArray(result.errors) ? result.errors.length : 0;
          const operation = getOperationAST(args.document, args.operationName);
          ctx.log.info(
            { operationName: operation?.name?.value ?? null, operationType: operation?.operation ?? null, durationMs: Math.round((performance.now() - started) * 10) / 10, errors },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * GraphQL limits, each bounded by a documented setting (README, "Limits"):
 * nesting depth, aliases, tokens, directives and an estimated cost; field
 * suggestions are withheld so the schema cannot be mined through typos.
 */
export function useLimits(config: Config) {
  return EnvelopArmorPlugin({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ignoreIntrospection: true },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES },
    maxTokens: { n: config.GRAPHQL_MAX_TOKENS },
    maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  });
}

/** `/ready` answers 503 while Neo4j is unreachable and 200 once it answers again. */
export function useDatabaseReadiness(db: Database): Plugin {
  return useReadinessCheck({
    endpoint: '/ready',
    check: async () => {
      try {
        await db.ping();
        return true;
      } catch {
        return false;
      }
    },
  });
}

/**
 * Cross-cutting plugins: request logging, GraphQL limits, readiness.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { getOperationAST, type GraphQLError, type ValidationContext } from 'graphql';
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Database } from '../neo4j/database.ts';
import type { GraphQLContext } from '../modules/context.ts';
import { queryTooComplex, type LimitName } from '../modules/shared/errors.ts';

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

const HINTS: Record<'GRAPHQL_MAX_DEPTH' | 'GRAPHQL_MAX_ALIASES' | 'GRAPHQL_MAX_TOKENS' | 'GRAPHQL_MAX_COST' | 'GRAPHQL_MAX_DIRECTIVES', string> = {
  GRAPHQL_MAX_DEPTH: 'nest fewer fields inside one another, or ask in two operations',
  GRAPHQL_MAX_ALIASES: 'ask for fewer aliased fields in one operation',
  GRAPHQL_MAX_TOKENS: 'send a shorter document',
  GRAPHQL_MAX_COST: 'ask for fewer items (a smaller `first`) or fewer nested lists',
  GRAPHQL_MAX_DIRECTIVES: 'use fewer directives in one operation',
};

/**
 * Armor's refusal, typed: QUERY_TOO_COMPLEX naming the setting. Refusals in
 * validation are reported (so the document gets every one of them at once);
 * the token count is checked while parsing, where there is only throwing.
 */
function refusal(limit: keyof typeof HINTS & LimitName, max: number) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        // Armor words every refusal as a syntax error; it is not one.
        const what = error.message.replace(/^Syntax Error: /, '');
        const typed = queryTooComplex(limit, max, `${what} (${limit}): ${HINTS[limit]}`);
        if (context) context.reportError(typed);
        else throw typed;
      },
    ],
  };
}

/**
 * GraphQL limits, each bounded by a documented setting (README,
 * configuration): nesting depth, aliases, tokens, directives and an
 * estimated cost; field suggestions are withheld so the schema cannot be
 * mined through typos.
 */
export function useLimits(config: Config) {
  return EnvelopArmorPlugin({
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, ignoreIntrospection: true, ...refusal('GRAPHQL_MAX_DEPTH', config.GRAPHQL_MAX_DEPTH) },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, ...refusal('GRAPHQL_MAX_ALIASES', config.GRAPHQL_MAX_ALIASES) },
    maxTokens: { n: config.GRAPHQL_MAX_TOKENS, ...refusal('GRAPHQL_MAX_TOKENS', config.GRAPHQL_MAX_TOKENS) },
    maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, ...refusal('GRAPHQL_MAX_DIRECTIVES', config.GRAPHQL_MAX_DIRECTIVES) },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, ignoreIntrospection: true, ...refusal('GRAPHQL_MAX_COST', config.GRAPHQL_MAX_COST) },
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

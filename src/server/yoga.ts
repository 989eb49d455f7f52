/** The Yoga instance: schema, context, error masking and plugins. */
import { createYoga, maskError as defaultMaskError } from 'graphql-yoga';
import type { Config } from '../config.ts';
import { ConstraintValidationError, DatabaseUnavailableError, TransientDatabaseError } from '../neo4j/errors.ts';
import { resolveTokenKey } from '../modules/identity/tokens.ts';
import { useAuthentication } from './auth.ts';
import type { GraphQLContext } from '../modules/context.ts';
import { createContextFactory, useRequestIds, type ServerDeps } from './context.ts';
import { createMetrics } from './metrics.ts';
import { databaseUnavailable, lostRace } from '../modules/shared/errors.ts';
import { useDatabaseReadiness, useLimits, useOperationLog } from './plugins.ts';
import { useTypedRefusals, useUniqueJsonKeys } from './refusals.ts';
import { useAddressRateLimit, useSubscriptionLimit, useUserRateLimit } from './rate-limits.ts';
import { buildSchema } from './schema.ts';
import { useExplorer } from './explorer.ts';
import { useDatasetTransfer } from './datasets.ts';
import { GraphQLError } from 'graphql';

function originalOf(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? originalOf(error.originalError) : error;
}

export function createFugongYoga(config: Config, deps: ServerDeps) {
  const requestIds = useRequestIds();
  const context = createContextFactory(deps, requestIds.idOf);
  const tokenKey = resolveTokenKey(config);
  if (tokenKey.kind === 'secret' && tokenKey.development) {
    deps.log.warn({ file: tokenKey.file }, 'bearer tokens are checked with a development secret; set JWT_SECRET or JWT_JWKS_URL outside development');
  }
  const authentication = useAuthentication(tokenKey, deps.agencies, deps.log, { operatorAgencies: config.OPERATOR_AGENCIES });
  return createYoga<Record<string, never>, GraphQLContext>({
    schema: buildSchema(),
    context: (initial) => context(initial) as GraphQLContext,
    graphiql: {
      title: 'Fugong 复工',
      defaultQuery: DEFAULT_QUERY,
      // Every operation needs a bearer token: show where it goes and how to mint one locally.
      headers: JSON.stringify({ Authorization: 'Bearer PASTE_TOKEN_HERE (npm run -s token -- --agency agency-qingyang --role COORDINATOR)' }, null, 2),
    },
    landingPage: false,
    maxRequestBodySize: config.HTTP_MAX_BODY_BYTES,
    // One operation per request: a JSON array would multiply every per-request limit by its length.
    batching: false,
    logging: {
      debug: (...args) => deps.log.debug(args.map(String).join(' ')),
      info: (...args) => deps.log.info(args.map(String).join(' ')),
      warn: (...args) => deps.log.warn(args.map(String).join(' ')),
      // Yoga logs here the errors it masks: kept with their stack, never sent to the client.
      error: (...args) => deps.log.error({ err: args.find((a) => a instanceof Error) }, args.filter((a) => !(a instanceof Error)).map(String).join(' ')),
    },
    maskedErrors: {
      maskError(error, message) {
        const original = originalOf(error);
        if (original instanceof DatabaseUnavailableError) {
          deps.log.error({ err: original }, 'database unavailable');
          return databaseUnavailable();
        }
        if (original instanceof TransientDatabaseError || original instanceof ConstraintValidationError) {
          deps.log.warn({ err: original }, 'lost a race with a concurrent change');
          return lostRace();
        }
        // Never the development mode that puts the original error and its stack into the answer.
        return defaultMaskError(error, message, false);
      },
    },
    plugins: [
      requestIds,
      // The page and its assets are answered before any GraphQL plugin: they carry no operation and need no token.
      useExplorer({ tokenKey, db: deps.db, log: deps.log }),
      useAddressRateLimit(config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE),
      // Plain HTTP routes, answered before GraphQL's plugins but with its verification of the token.
      useDatasetTransfer({ authenticate: authentication.authenticate, datasets: deps.datasets, db: deps.db, log: deps.log, maxUploadBytes: config.DATASET_UPLOAD_MAX_BYTES }),
      ...authentication.plugins,
      useUserRateLimit(config.RATE_LIMIT_PER_USER_PER_MINUTE),
      useLimits(config),
      useUniqueJsonKeys(),
      useTypedRefusals({ maxStringLength: config.GRAPHQL_MAX_STRING_LENGTH, maxBodyBytes: config.HTTP_MAX_BODY_BYTES }),
      // After the refusals are typed, so errors are counted by the code the client sees.
      ...createMetrics(config, deps),
      useSubscriptionLimit(config.SUBSCRIPTIONS_PER_USER_MAX),
      useOperationLog(),
      useDatabaseReadiness(deps.db),
    ],
  });
}

const DEFAULT_QUERY = `# Fugong: why can't this plant restart, who upstream holds it, who should ask whom?
# Try: the Qingyang district and its enterprises.
query Qingyang {
  region(code: "510105") {
    name
    governingAgency { name }
    enterprises(first: 10) {
      totalCount
      nodes { id name status suppliers { supplier { name status region { name } } component { name } } }
    }
  }
}
`;

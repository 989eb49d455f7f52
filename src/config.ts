/**
 * The environment, parsed once at boot. Every variable, its default and its
 * meaning is listed here and in the README's configuration table; a bad value
 * stops startup with a message naming the variable.
 */
import { z } from 'zod';

const size = z
  .string()
  .regex(/^\d+[kmgKMG]?$/, 'a size such as 512m or 2g');

const port = z.coerce.number().int().min(0).max(65535);

const positiveInt = z.coerce.number().int().positive();

const countOrOff = z.coerce.number().int().min(0);

export const configSchema = z
  .object({
    /** HTTP port of the API. */
    PORT: port.default(4000),
    /** Interface to listen on; 0.0.0.0 in a container. */
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Bolt URI of an existing Neo4j; when absent, Fugong starts its own on 127.0.0.1. */
    NEO4J_URI: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'a Bolt URI such as bolt://localhost:7687 or neo4j://host:7687').optional(),
    NEO4J_USER: z.string().min(1).default('neo4j'),
    NEO4J_PASSWORD: z.string().optional(),
    /** Database every query names. */
    NEO4J_DATABASE: z.string().regex(/^[A-Za-z][A-Za-z0-9.-]*$/, 'a Neo4j database name such as neo4j').default('neo4j'),
    /** Heap of the Neo4j that Fugong starts itself. */
    NEO4J_HEAP: size.default('512m'),
    /** Page cache of the Neo4j that Fugong starts itself. */
    NEO4J_PAGECACHE: size.default('256m'),
    /** Store of the Neo4j that `npm start` runs (kept between starts). */
    NEO4J_DATA_DIR: z.string().min(1).default('.data/neo4j'),
    /** Where the Neo4j jars fetched with Maven are cached. */
    NEO4J_CACHE_DIR: z.string().min(1).default('.cache/neo4j'),
    /** Load seeds/qingyang-2020.json when the database holds no enterprise. */
    SEED_ON_EMPTY: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    /**
     * How the restart analysis reads the graph: `memory` keeps a read model of
     * the whole graph in each API process (fast; memory grows with the graph,
     * 2 to 3 GB of heap at a million enterprises), `neo4j` fetches what each
     * question depends on (no such memory; slower on large blocked cones).
     */
    ANALYSIS_READ_MODEL: z.enum(['memory', 'neo4j']).default('memory'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * Stack traces in logs point into the TypeScript sources (true) or into the
     * modules as transpiled at load (false: the same files and function names,
     * other line numbers). Off by default: the Neo4j driver records the
     * caller's stack for every statement, and mapping each one through source
     * maps took as long as the freshness check's round trips.
     */
    STACK_TRACE_SOURCE_MAPS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** GraphQL limits (graphql-armor); see the README for what each bounds. */
    GRAPHQL_MAX_DEPTH: positiveInt.default(12),
    GRAPHQL_MAX_ALIASES: positiveInt.default(15),
    GRAPHQL_MAX_TOKENS: positiveInt.default(4000),
    GRAPHQL_MAX_COST: positiveInt.default(100000),
    GRAPHQL_MAX_DIRECTIVES: positiveInt.default(20),
    /**
     * Longest string any argument takes, in the document or in a variable
     * (the JSON of `loadDataset` aside, which the body size bounds). Above the
     * bounds of the free-text fields themselves (a request's message: 4000).
     */
    GRAPHQL_MAX_STRING_LENGTH: positiveInt.default(10000),
    /**
     * Largest request body, in bytes; a larger one is refused with 413 before
     * it is read whole. 10 MiB holds a dataset of some ten thousand
     * enterprises for `loadDataset`; larger ones load with `npm run load`.
     */
    HTTP_MAX_BODY_BYTES: positiveInt.default(10 * 1024 * 1024),
    /**
     * Largest file `POST /datasets/import` takes, in bytes; a larger one is
     * refused with 413 (streamed to a temporary file, never held). 1 GiB
     * holds a province's registry as CSV; a national first load is
     * `npm run import -- --bulk`.
     */
    DATASET_UPLOAD_MAX_BYTES: positiveInt.default(1024 * 1024 * 1024),
    /**
     * Requests a minute per user (a token's subject) and per client address;
     * 0 turns a limit off. A client may spend a minute's allowance in a
     * burst. Generous: a bureau's screen asks a few questions a second, and
     * the benchmark's whole run stays within one minute's allowance. Behind a
     * proxy every client has the proxy's address: raise the address limit or
     * turn it off there.
     */
    RATE_LIMIT_PER_USER_PER_MINUTE: countOrOff.default(6000),
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: countOrOff.default(12000),
    /** Live inbox streams (`requestEvents`) one user may hold open at once, e.g. one per open tab. */
    SUBSCRIPTIONS_PER_USER_MAX: positiveInt.default(10),
    /**
     * A resumption application with more staff returning than this needs the
     * city bureau's recheck after the district's on-site check (Qingyang's
     * rule in February 2020: over 100 staff, checked jointly with Chengdu).
     */
    JOINT_CHECK_THRESHOLD: z.coerce.number().int().min(0).default(100),
    /**
     * HS256 secret that signs and verifies bearer tokens (at least 32 characters).
     * Unset with JWT_JWKS_URL unset too: a development secret is generated once
     * and kept in `<NEO4J_DATA_DIR>/../dev-jwt-secret`, shared by `npm start`
     * and `npm run token`, and a warning is logged.
     */
    JWT_SECRET: z.string().min(32, 'at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
    /** JWKS endpoint of an identity provider whose RS256/ES256/PS256 tokens are accepted; excludes JWT_SECRET. */
    JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL of a JWKS document' }).optional(),
    /** When set, tokens must carry this `iss` (and `npm run token` writes it). */
    JWT_ISSUER: z.string().min(1).optional(),
    /** When set, tokens must carry this `aud` (and `npm run token` writes it). */
    JWT_AUDIENCE: z.string().min(1).optional(),
    /**
     * Agency ids whose tokens are accepted although the graph holds no such
     * agency, comma-separated: the team that runs Fugong and loads the first
     * dataset into an empty graph. Every other token must name an agency of
     * the loaded dataset.
     */
    OPERATOR_AGENCIES: z
      .string()
      .regex(/^[\w.:@-]{1,200}(,[\w.:@-]{1,200})*$/, 'agency ids separated by commas, e.g. agency-ops,agency-it')
      .optional()
      .transform((v) => (v ? v.split(',') : [])),
    /**
     * Redis that carries the live inboxes' events between replicas (`redis://[:password@]host:port[/db]`,
     * `rediss://` for TLS). Unset: events stay in this process, which is right for one process and wrong for
     * several behind one address (an event filed through one would never reach a subscriber on another).
     */
    REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'a Redis URL such as redis://localhost:6379').optional(),
    /** Serve Prometheus metrics at METRICS_PATH. */
    METRICS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    /**
     * Path of the metrics; open like /health (it holds counts and timings, no data of the graph, no ids of
     * users or enterprises): expose it to the scraper, not beyond the proxy.
     */
    METRICS_PATH: z.string().regex(/^\/[\w./-]*$/, 'a path such as /metrics').default('/metrics'),
    /** `production` forbids the development token secret: JWT_SECRET or JWT_JWKS_URL must be set. */
    NODE_ENV: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NEO4J_URI && env.NEO4J_PASSWORD === undefined) {
      ctx.addIssue({ code: 'custom', path: ['NEO4J_PASSWORD'], message: 'required when NEO4J_URI is set' });
    }
    if (env.METRICS_ENABLED && ['/graphql', '/health', '/ready'].includes(env.METRICS_PATH)) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PATH'], message: 'a path of its own: /graphql, /health and /ready are taken' });
    }
    if (env.JWT_SECRET !== undefined && env.JWT_JWKS_URL !== undefined) {
      // One trust anchor: accepting both HMAC and public-key algorithms invites algorithm confusion.
      ctx.addIssue({ code: 'custom', path: ['JWT_JWKS_URL'], message: 'set either JWT_SECRET or JWT_JWKS_URL, not both' });
    }
    if (env.NODE_ENV === 'production' && env.JWT_SECRET === undefined && env.JWT_JWKS_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'required when NODE_ENV=production: set JWT_SECRET (e.g. `openssl rand -base64 48`) or JWT_JWKS_URL; the generated development secret is for development only',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Variables whose values are never printed, not even in a message about a bad one. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['JWT_SECRET', 'NEO4J_PASSWORD', 'REDIS_URL']);

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": docker-compose and shells often pass VAR= for an absent value.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const variable = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const value = variable !== undefined ? present[variable] : undefined;
      const shown = value === undefined ? '' : SECRET_VARIABLES.has(variable as string) ? ' (value not shown)' : `=${JSON.stringify(value)}`;
      return `  ${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/**
 * The error codes a client can rely on, in one module, each with the one
 * function that builds it. Every error a user can cause is a GraphQLError
 * with `extensions.code` and, where an argument is at fault,
 * `extensions.argument` naming it; anything else is masked (server/yoga.ts
 * maps the database's typed failures to DATABASE_UNAVAILABLE and CONFLICT,
 * and the rest to INTERNAL_SERVER_ERROR). GraphQL's own refusals (a document
 * that does not parse or validate, variables that do not coerce, a request
 * that is not a GraphQL request) are given these codes in server/refusals.ts.
 * The README's list of codes is this one.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  BAD_REQUEST: 'BAD_REQUEST',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A bad argument: names it and says how to fix it. */
export function badUserInput(argument: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument, ...extra } });
}

/** A value no argument names (a scalar literal, say): the message alone says what to send. */
export function badValue(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

/** Several problems of one input, each at its path; the first path is the argument at fault. */
export function invalidInput(problems: readonly { path: string; message: string }[]): GraphQLError {
  const first = problems[0];
  const message = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument: first?.path, problems } });
}

export function notFound(what: string, key: string, argument?: string): GraphQLError {
  return new GraphQLError(`${what} ${JSON.stringify(key)} does not exist`, {
    extensions: { code: ErrorCode.NOT_FOUND, ...(argument ? { argument } : {}) },
  });
}

/** No usable identity: HTTP 401 with the scheme to use. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 200 } } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

/** A status machine refused a step; `status` is where the subject stays. */
export function invalidTransition(message: string, status: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.INVALID_TRANSITION, status } });
}

/** The request is well formed but the graph lacks what answering it needs; `extra` names what. */
export function failedPrecondition(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FAILED_PRECONDITION, ...extra } });
}

export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('The graph database is unreachable right now; try again shortly.', {
    extensions: { code: ErrorCode.DATABASE_UNAVAILABLE },
  });
}

/** A concurrent change won the race even after the driver's retries: nothing of this operation was written. */
export function lostRace(): GraphQLError {
  return conflict('A concurrent change to the same data won; nothing was changed. Read the current state and try again.');
}

/** The setting that bounds a request, as the README's configuration table names it. */
export type LimitName =
  | 'GRAPHQL_MAX_DEPTH'
  | 'GRAPHQL_MAX_ALIASES'
  | 'GRAPHQL_MAX_TOKENS'
  | 'GRAPHQL_MAX_COST'
  | 'GRAPHQL_MAX_DIRECTIVES'
  | 'GRAPHQL_MAX_STRING_LENGTH'
  | 'HTTP_MAX_BODY_BYTES'
  | 'RATE_LIMIT_PER_USER_PER_MINUTE'
  | 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE'
  | 'SUBSCRIPTIONS_PER_USER_MAX';

/** A document beyond one of the GraphQL limits: nothing ran; `limit` names the setting, `max` its value. */
export function queryTooComplex(limit: LimitName, max: number, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, max, http: { status: 400 } } });
}

/** The HTTP request is not one GraphQL request this server takes (method, media type, body, batch). */
export function badRequest(message: string, status = 400, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST, ...extra, http: { status } } });
}

export function requestTooLarge(maxBytes: number): GraphQLError {
  return badRequest(
    `the request body is larger than ${maxBytes} bytes (HTTP_MAX_BODY_BYTES); send a smaller document, or load a large dataset with \`npm run load\``,
    413,
    { limit: 'HTTP_MAX_BODY_BYTES', max: maxBytes },
  );
}

/**
 * Too many requests, or open subscriptions, for one limit: HTTP 429;
 * with `retryAfterSeconds`, Retry-After in whole seconds.
 */
export function rateLimited(limit: LimitName, max: number, message: string, retryAfterSeconds?: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      limit,
      max,
      ...(retryAfterSeconds === undefined
        ? { http: { status: 429 } }
        : { retryAfterSeconds, http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } } }),
    },
  });
}

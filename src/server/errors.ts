/**
 * The error codes a client can rely on, in one module. Every error a user
 * can cause is a GraphQLError with `extensions.code` and, where an argument
 * is at fault, `extensions.argument` naming it; anything else is masked.
 */
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A bad argument: names it and says how to fix it. */
export function badUserInput(argument: string, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument, ...extra } });
}

export function notFound(what: string, key: string, argument?: string): GraphQLError {
  return new GraphQLError(`${what} ${JSON.stringify(key)} does not exist`, {
    extensions: { code: ErrorCode.NOT_FOUND, ...(argument ? { argument } : {}) },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, http: { status: 200 } } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

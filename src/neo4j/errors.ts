/**
 * Driver failures mapped to a small family of typed errors, in one place, so
 * the API decides once how each reaches a user (and nothing else inspects
 * Neo4j error codes).
 */
import { Neo4jError, isRetryableError } from 'neo4j-driver';

export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(message: string, readonly code?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store refused a write that would break a uniqueness or existence constraint. */
export class ConstraintValidationError extends DatabaseError {
  override name = 'ConstraintValidationError';
}

/** Neo4j cannot be reached (down, restarting, or the network between). */
export class DatabaseUnavailableError extends DatabaseError {
  override name = 'DatabaseUnavailableError';
}

/** A transaction lost a race (deadlock, outdated read) even after the driver's own retries. */
export class TransientDatabaseError extends DatabaseError {
  override name = 'TransientDatabaseError';
}

export function mapDriverError(error: unknown): unknown {
  if (error instanceof DatabaseError || !(error instanceof Error)) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new ConstraintValidationError(error.message, code, { cause: error });
    }
    if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code === 'Neo.ClientError.Security.AuthorizationExpired') {
      return new DatabaseUnavailableError(`Neo4j is unreachable: ${error.message}`, code, { cause: error });
    }
    if (isRetryableError(error)) {
      return new TransientDatabaseError(error.message, code, { cause: error });
    }
    return new DatabaseError(error.message, code, { cause: error });
  }
  return error;
}

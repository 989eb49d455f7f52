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

/** A transaction lost a race (deadlock, outdated read, lock wait) even after the driver's own retries. */
export class TransientDatabaseError extends DatabaseError {
  override name = 'TransientDatabaseError';
}

/**
 * Transient codes that mean this transaction lost a race with another: the
 * data it read changed under it. Every other transient code means the
 * server cannot serve the transaction right now (a database still starting
 * after a restart, no threads or memory to spare, a leader switch).
 */
const LOST_RACE = new Set([
  'Neo.TransientError.Transaction.DeadlockDetected',
  'Neo.TransientError.Transaction.Outdated',
  'Neo.TransientError.Transaction.LockAcquisitionTimeout',
  'Neo.TransientError.Transaction.ConstraintsChanged',
]);

/**
 * Codes outside the driver's retryable ones that are met while a server
 * stops, restarts or starts: the store is there but not (yet) this database,
 * or the server ended the transaction underneath (Terminated and
 * LockClientStopped are what a database that is shutting down answers), or
 * could not start one; or the server ended a transaction that ran past its
 * time limit (a machine too loaded to finish it). Nothing of the transaction
 * was committed, and the same request with its idempotency key succeeds once
 * the database serves.
 */
const UNAVAILABLE = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Security.AuthorizationExpired',
  'Neo.ClientError.Database.DatabaseNotFound',
  'Neo.DatabaseError.Database.UnableToStartDatabase',
  'Neo.ClientError.Transaction.Terminated',
  'Neo.ClientError.Transaction.LockClientStopped',
  'Neo.DatabaseError.Transaction.TransactionStartFailed',
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/** Socket failures below the driver, should one reach here unwrapped. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function mapDriverError(error: unknown): unknown {
  if (error instanceof DatabaseError || !(error instanceof Error)) return error;
  if (error instanceof Neo4jError) {
    const code = error.code;
    if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new ConstraintValidationError(error.message, code, { cause: error });
    }
    if (UNAVAILABLE.has(code) || (isRetryableError(error) && !LOST_RACE.has(code))) {
      return new DatabaseUnavailableError(`Neo4j is unreachable: ${error.message}`, code, { cause: error });
    }
    if (isRetryableError(error)) {
      return new TransientDatabaseError(error.message, code, { cause: error });
    }
    return new DatabaseError(error.message, code, { cause: error });
  }
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno && CONNECTION_LOST.has(errno)) {
    return new DatabaseUnavailableError(`Neo4j is unreachable: ${error.message}`, errno, { cause: error });
  }
  return error;
}

/**
 * What a unit of work failed with, given the first of its statements that
 * failed. Once a statement failed (its connection lost, say), the driver
 * answers any later statement of that transaction with a local error of its
 * own ("Cannot run query in this transaction, because it has been rolled
 * back…") that names neither the cause nor whether a retry helps: the first
 * failure is the one the driver's retry decision and the caller need. An
 * error of the work's own (a typed refusal) stays what it is.
 */
export function failureOfUnit(thrown: unknown, firstStatementFailure: unknown): unknown {
  return firstStatementFailure instanceof Neo4jError && thrown instanceof Neo4jError && thrown !== firstStatementFailure ? firstStatementFailure : thrown;
}

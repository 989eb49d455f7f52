/**
 * The one mapping of driver failures to typed errors, for each shape a
 * write can meet while Neo4j dies, restarts and comes back: every one that
 * says the server cannot serve right now becomes DatabaseUnavailableError
 * (the API's retryable DATABASE_UNAVAILABLE), only a lost race stays a
 * TransientDatabaseError (CONFLICT), and nothing of this family is left as
 * a bare DatabaseError, which the API could only answer as
 * INTERNAL_SERVER_ERROR.
 */
import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import {
  ConstraintValidationError,
  DatabaseError,
  DatabaseUnavailableError,
  TransientDatabaseError,
  failureOfUnit,
  mapDriverError,
} from '../../src/neo4j/errors.ts';

const driverError = (code: string, message: string) => new Neo4jError(message, code, '50N42', 'error: general processing exception - unexpected error');

/** What Neo4j 5.26 and neo4j-driver 6 answer around an outage, as each reaches the mapping. */
const AROUND_AN_OUTAGE: [string, string][] = [
  ['ServiceUnavailable', 'Failed to connect to server. Please ensure that your database is listening on the correct host and port. Caused by: connect ECONNREFUSED 127.0.0.1:7687'],
  ['ServiceUnavailable', 'Connection was closed by server'],
  ['SessionExpired', 'Connection was closed by server'],
  ['Neo.ClientError.Security.AuthorizationExpired', 'The client is unauthorized due to authentication expiry.'],
  // The server answers Bolt before the store has recovered and the database is online.
  ['Neo.TransientError.General.DatabaseUnavailable', "Database 'neo4j' is unavailable."],
  ['Neo.ClientError.Database.DatabaseNotFound', "Database does not exist. Database name: 'neo4j'."],
  ['Neo.DatabaseError.Database.UnableToStartDatabase', "Unable to start database 'neo4j'."],
  ['Neo.DatabaseError.Transaction.TransactionStartFailed', 'The database is not currently available to serve your request, refer to the database logs for more details.'],
  // A database that is shutting down ends its transactions.
  // A write that ran past its transaction's time limit on a loaded machine: ended by the server, nothing committed.
  ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. The transaction has not completed within the timeout specified at its start by the client. You may want to retry with a longer timeout.'],
  ['Neo.ClientError.Transaction.TransactionTimedOut', 'The transaction has not completed within the specified timeout (db.transaction.timeout).'],
  ['Neo.ClientError.Transaction.Terminated', 'The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. The database is not currently available to serve your request.'],
  ['Neo.ClientError.Transaction.LockClientStopped', 'The transaction has been terminated, so no more locks can be acquired.'],
  // A server too busy to take the transaction.
  ['Neo.TransientError.Request.NoThreadsAvailable', 'There are no available threads to serve this request at the moment.'],
  ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'The allocation of an extra 2.0 MiB would use more than the limit.'],
  ['Neo.TransientError.Transaction.LeaderSwitch', 'The request could not be completed due to a leader switch.'],
];

describe('driver failures around an outage', () => {
  it.each(AROUND_AN_OUTAGE)('%s (%s) is DatabaseUnavailableError, keeping the code and the reason', (code, message) => {
    const mapped = mapDriverError(driverError(code, message));
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).code).toBe(code);
    expect((mapped as Error).message).toContain(message);
    expect((mapped as Error).cause).toBeInstanceOf(Neo4jError);
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'])('a bare socket failure %s is DatabaseUnavailableError', (errno) => {
    const socket = Object.assign(new Error(`read ${errno}`), { code: errno });
    const mapped = mapDriverError(socket);
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect((mapped as DatabaseUnavailableError).code).toBe(errno);
  });

  it('an error already typed, or one of the work (a refusal, a bug), passes unchanged', () => {
    const typed = new DatabaseUnavailableError('Neo4j is restarting: died with signal 9');
    expect(mapDriverError(typed)).toBe(typed);
    const bug = new TypeError("Cannot read properties of undefined (reading 'get')");
    expect(mapDriverError(bug)).toBe(bug);
    expect(mapDriverError('not an error')).toBe('not an error');
  });
});

describe('driver failures that are not an outage', () => {
  it.each([
    'Neo.TransientError.Transaction.DeadlockDetected',
    'Neo.TransientError.Transaction.Outdated',
    'Neo.TransientError.Transaction.LockAcquisitionTimeout',
    'Neo.TransientError.Transaction.ConstraintsChanged',
  ])('%s is a lost race (TransientDatabaseError)', (code) => {
    const mapped = mapDriverError(driverError(code, 'ForsetiClient[transactionId=7] can not acquire ExclusiveLock'));
    expect(mapped).toBeInstanceOf(TransientDatabaseError);
    expect(mapped).not.toBeInstanceOf(DatabaseUnavailableError);
  });

  it('a broken constraint is ConstraintValidationError', () => {
    expect(mapDriverError(driverError('Neo.ClientError.Schema.ConstraintValidationFailed', 'Node(12) already exists'))).toBeInstanceOf(ConstraintValidationError);
  });

  it('a statement Neo4j refuses stays a plain DatabaseError with its code', () => {
    const mapped = mapDriverError(driverError('Neo.ClientError.Statement.SyntaxError', "Invalid input 'MATC'"));
    expect(mapped).toBeInstanceOf(DatabaseError);
    expect(mapped).not.toBeInstanceOf(DatabaseUnavailableError);
    expect(mapped).not.toBeInstanceOf(TransientDatabaseError);
    expect((mapped as DatabaseError).code).toBe('Neo.ClientError.Statement.SyntaxError');
  });
});

describe('the failure of a unit of work', () => {
  const lost = driverError('SessionExpired', 'Connection was closed by server');
  // What the driver answers a statement sent after an earlier one of the same transaction failed.
  const rolledBack = new Neo4jError('Cannot run query in this transaction, because it has been rolled back either because of an error or explicit termination.', 'N/A', '50N42', '');

  it("is the first statement's failure when a later one only says the transaction is already rolled back", () => {
    expect(failureOfUnit(rolledBack, lost)).toBe(lost);
    expect(mapDriverError(failureOfUnit(rolledBack, lost))).toBeInstanceOf(DatabaseUnavailableError);
    // Without it, the driver's own error would reach the API untyped.
    expect(mapDriverError(rolledBack)).not.toBeInstanceOf(DatabaseUnavailableError);
  });

  it("is the work's own error when it is not the driver's (a typed refusal after a failed statement), or when nothing failed before", () => {
    const refusal = new Error('enterprise "x" does not exist');
    expect(failureOfUnit(refusal, lost)).toBe(refusal);
    expect(failureOfUnit(lost, lost)).toBe(lost);
    expect(failureOfUnit(rolledBack, undefined)).toBe(rolledBack);
  });
});

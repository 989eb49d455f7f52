/**
 * The one way the project talks to Neo4j: a session per operation, the
 * database always named, transaction metadata set (so `SHOW TRANSACTIONS`
 * and query logs name the operation and request), retries left to the
 * driver's managed transactions, and driver errors mapped in one place.
 */
import neo4j, { type BookmarkManager, type Driver, type EagerResult, type ManagedTransaction, type QueryResult, type RecordShape, type Session } from 'neo4j-driver';
import { lockAbleness } from './ableness-lock.ts';
import type { Params, Tx } from './tx.ts';
import { DatabaseUnavailableError, failureOfUnit, mapDriverError } from './errors.ts';
import type { Neo4jConnection } from './embedded/runtime.ts';

export type { Params, Tx } from './tx.ts';

/**
 * Closing a session only hands its connection back; over a connection the
 * server dropped that can fail after the transaction's outcome is known
 * (committed, or failed with its own error), and must not replace it: the
 * driver discards the broken connection either way.
 */
async function closeQuietly(session: Session): Promise<void> {
  await session.close().catch(() => undefined);
}

/** What a unit of work sees: `run` is one Bolt round trip. */

export interface OperationMeta {
  /** What the work is, e.g. `enterprises.byIds` or `mutation.setEnterpriseStatus`. */
  operation: string;
  requestId?: string;
  /** Defaults to 30 s: no API call should hold a transaction longer. */
  timeoutMs?: number;
}

export interface QueryCounter {
  queries: number;
}

/** What the process knows of the server beyond the driver: the embedded one says when its JVM died and when it is back. */
export type Availability = { state: 'up' } | { state: 'down' | 'failed'; reason: string };

export class Database {
  /** Queries sent since creation: what tests count as Bolt round trips. */
  readonly stats: QueryCounter = { queries: 0 };
  private availability: Availability = { state: 'up' };
  /** The end of this process's queue of write transactions (see `write`). */
  private writes: Promise<unknown> = Promise.resolve();
  /** When a write last found Neo4j unreachable (0 once one got through): the writes queued behind it fail at once. */
  private writesUnreachableAt = 0;

  constructor(
    readonly driver: Driver,
    readonly name: string,
    /**
     * Over a cluster (a routing URI: `neo4j://`, `neo4j+s://`) a read may go to a follower that has not yet
     * applied this process's last write: every session and statement then shares one bookmark manager, so each
     * read waits for the writes this process committed before it. A single server (`bolt://`) answers every
     * read after the writes it committed, so there it is null and costs nothing.
     */
    readonly bookmarks: BookmarkManager | null = null,
  ) {}

  static connect(connection: Neo4jConnection, database: string): Database {
    const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
      // Integers as JS numbers where they fit: counts, workforce and days are far below 2^53.
      disableLosslessIntegers: true,
      // Bounded so that a caller learns within seconds that Neo4j is unreachable (DATABASE_UNAVAILABLE, retryable)
      // instead of waiting half a minute; deadlock retries need far less than the retry time.
      connectionAcquisitionTimeout: 5_000,
      connectionTimeout: 2_000,
      maxTransactionRetryTime: 3_000,
      logging: { level: 'error', logger: () => {} },
    });
    return new Database(driver, database, /^neo4j(\+s|\+ssc)?:/.test(connection.uri) ? neo4j.bookmarkManager() : null);
  }

  /**
   * Told by whoever runs the server (the embedded supervisor): while it is
   * not `up`, every operation fails at once with DatabaseUnavailableError
   * rather than waiting on connection timeouts to a server known dead.
   */
  setAvailability(availability: Availability): void {
    this.availability = availability;
  }

  get state(): Availability['state'] {
    return this.availability.state;
  }

  private assertAvailable(): void {
    const known = this.availability;
    if (known.state !== 'up') throw new DatabaseUnavailableError(`Neo4j is ${known.state === 'down' ? 'restarting' : 'down'}: ${known.reason}`);
  }

  read<T>(meta: OperationMeta, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.execute('READ', meta, work);
  }

  /**
   * A write transaction, whose first statement takes the graph's write lock
   * (the lock order: ableness-lock.ts). This process's writes run one at a
   * time, in the order asked: with every write queued on that one lock
   * inside Neo4j, 20 and more waiters made its deadlock detection report
   * cycles among transactions that held nothing but their place in the
   * queue, and each retry joined the same queue. Here only one write per
   * process waits on the lock, and time spent in this queue does not count
   * against the transaction's timeout. Work must not start another write.
   * While Neo4j cannot be reached, a write that queued before the one ahead
   * of it found so fails at once with the same retryable error, rather than
   * after its own connection timeouts, one after another.
   */
  write<T>(meta: OperationMeta, work: (tx: Tx) => Promise<T>): Promise<T> {
    const queuedAt = Date.now();
    const turn = this.writes.then(async () => {
      if (this.writesUnreachableAt >= queuedAt) throw new DatabaseUnavailableError('Neo4j is unreachable: the write before this one could not connect');
      try {
        const done = await this.execute('WRITE', meta, async (tx) => {
          await lockAbleness(tx);
          return work(tx);
        });
        this.writesUnreachableAt = 0;
        return done;
      } catch (error) {
        if (error instanceof DatabaseUnavailableError) this.writesUnreachableAt = Date.now();
        throw error;
      }
    });
    this.writes = turn.catch(() => undefined);
    return turn;
  }

  /**
   * A single statement in its own managed transaction, through the driver's
   * `executeQuery`: retried like `executeRead`/`executeWrite`, but the BEGIN
   * goes out with the statement instead of waiting for its own answer, so it
   * costs two round trips rather than three. Bookmarks as the sessions'
   * (see `bookmarks`).
   */
  async query<R extends RecordShape = RecordShape>(
    meta: OperationMeta,
    cypher: string,
    params: Params = {},
    mode: 'READ' | 'WRITE' = 'READ',
  ): Promise<QueryResult<R>> {
    this.assertAvailable();
    this.stats.queries++;
    try {
      return await this.driver.executeQuery<EagerResult<R>>(cypher, params, {
        database: this.name,
        routing: mode === 'READ' ? neo4j.routing.READ : neo4j.routing.WRITE,
        bookmarkManager: this.bookmarks,
        transactionConfig: this.transactionConfig(meta),
      });
    } catch (error) {
      throw mapDriverError(error);
    }
  }

  /** A unit of one statement, for functions written against `Tx`: the statement runs as `query` does. */
  single(meta: OperationMeta, mode: 'READ' | 'WRITE' = 'READ'): Tx {
    return { run: (cypher, params) => this.query(meta, cypher, params, mode) };
  }

  /**
   * A statement in an auto-commit transaction: schema statements (they cannot
   * share a transaction with data) and `CALL { … } IN TRANSACTIONS`.
   */
  async autoCommit(meta: OperationMeta, cypher: string): Promise<void> {
    this.assertAvailable();
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.WRITE, ...this.sessionBookmarks() });
    try {
      this.stats.queries++;
      await session.run(cypher, {}, { metadata: this.metadata(meta) });
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await closeQuietly(session);
    }
  }

  /**
   * Resolves when the named database answers a query within `timeoutMs`; a
   * readiness probe must not hang on a dead server. A query, not a
   * handshake: a server that accepts connections while the database is
   * still starting (or stopped) cannot answer anything yet. Run once, with
   * no retry: the probe says how things stand now.
   */
  async ping(timeoutMs = 3000): Promise<void> {
    this.assertAvailable();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseUnavailableError(`Neo4j did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const session = this.driver.session({ database: this.name, defaultAccessMode: neo4j.session.READ });
    try {
      await Promise.race([session.run('RETURN 1', {}, { timeout: timeoutMs, metadata: this.metadata({ operation: 'ready' }) }), timeout]);
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      clearTimeout(timer);
      void closeQuietly(session);
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private sessionBookmarks(): { bookmarkManager?: BookmarkManager } {
    return this.bookmarks ? { bookmarkManager: this.bookmarks } : {};
  }

  private metadata(meta: OperationMeta): Record<string, string> {
    return { app: 'fugong', operation: meta.operation, ...(meta.requestId ? { requestId: meta.requestId } : {}) };
  }

  private transactionConfig(meta: OperationMeta): { metadata: Record<string, string>; timeout: number } {
    return { metadata: this.metadata(meta), timeout: meta.timeoutMs ?? 30_000 };
  }

  private async execute<T>(mode: 'READ' | 'WRITE', meta: OperationMeta, work: (tx: Tx) => Promise<T>): Promise<T> {
    this.assertAvailable();
    const session = this.driver.session({
      database: this.name,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      ...this.sessionBookmarks(),
    });
    const config = this.transactionConfig(meta);
    const stats = this.stats;
    const unit = async (tx: ManagedTransaction): Promise<T> => {
      // A retry of the driver's after the server was found dead stops here.
      this.assertAvailable();
      let failed: unknown;
      try {
        return await work({
          run<R extends RecordShape = RecordShape>(cypher: string, params?: Params) {
            stats.queries++;
            return tx.run<R>(cypher, params ?? {}).then(undefined, (error: unknown) => {
              failed ??= error;
              throw error;
            });
          },
        });
      } catch (error) {
        // Decides whether the driver retries, so before its retry decision: see failureOfUnit.
        throw failureOfUnit(error, failed);
      }
    };
    try {
      return mode === 'READ' ? await session.executeRead(unit, config) : await session.executeWrite(unit, config);
    } catch (error) {
      throw mapDriverError(error);
    } finally {
      await closeQuietly(session);
    }
  }
}

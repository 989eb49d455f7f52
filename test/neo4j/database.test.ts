/**
 * A caller learns promptly that Neo4j is unreachable: at once while the
 * process knows its server is down (the embedded one restarting), and
 * within the driver's bounded timeouts when nothing answers at all; both as
 * DatabaseUnavailableError, which the API answers as DATABASE_UNAVAILABLE.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/neo4j/database.ts';
import { DatabaseUnavailableError } from '../../src/neo4j/errors.ts';
import { freePort } from '../../src/neo4j/embedded/runtime.ts';

const databases: Database[] = [];
async function nowhere(): Promise<Database> {
  // A port nobody listens on: every connection is refused.
  const db = Database.connect({ uri: `bolt://127.0.0.1:${await freePort()}`, user: 'neo4j', password: 'x' }, 'neo4j');
  databases.push(db);
  return db;
}
afterAll(async () => {
  for (const db of databases) await db.close();
});

async function timed(work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('an unreachable Neo4j', () => {
  it('fails every kind of operation at once while the server is known to be restarting, naming why', async () => {
    const db = await nowhere();
    db.setAvailability({ state: 'down', reason: 'Neo4j (watchdog pid 1) died with signal 9' });
    for (const work of [
      () => db.read({ operation: 'test' }, (tx) => tx.run('RETURN 1')),
      () => db.write({ operation: 'test' }, (tx) => tx.run('RETURN 1')),
      () => db.query({ operation: 'test' }, 'RETURN 1'),
      () => db.autoCommit({ operation: 'test' }, 'RETURN 1'),
      () => db.ping(),
    ]) {
      const { error, ms } = await timed(work);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as Error).message).toBe('Neo4j is restarting: Neo4j (watchdog pid 1) died with signal 9');
      expect(ms).toBeLessThan(50);
    }
    expect(db.state).toBe('down');
  });

  it('fails within the bounded retry time when nothing answers, and answers again once told the server is up', async () => {
    const db = await nowhere();
    const { error, ms } = await timed(() => db.write({ operation: 'test' }, (tx) => tx.run('RETURN 1')));
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    // Not the 17 to 33 s of the driver's defaults: a transaction's retries stop after 3 s.
    expect(ms).toBeLessThan(8000);
    db.setAvailability({ state: 'failed', reason: 'gave up' });
    expect(((await timed(() => db.ping())).error as Error).message).toBe('Neo4j is down: gave up');
    db.setAvailability({ state: 'up' });
    expect(db.state).toBe('up');
    // Up again, it asks the server (which still refuses here) instead of failing from what it was told.
    expect(((await timed(() => db.ping())).error as Error).message).toMatch(/^Neo4j is unreachable/);
  });
});

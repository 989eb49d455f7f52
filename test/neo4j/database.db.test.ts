/**
 * Failures as the real server and driver give them: a database the server
 * does not serve (yet), as right after a restart, is DATABASE_UNAVAILABLE;
 * a unit whose statement failed reports that failure, not the driver's
 * "already rolled back" answer to the statement after it.
 *
 * Causal consistency over a cluster: with a routing URI (`neo4j://`) every
 * session and statement of the process shares the driver's bookmark
 * manager, so a read sent after a write carries that write's bookmark and a
 * follower must have applied it before answering. Over `bolt://` (one
 * server) no bookmarks travel.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Database } from '../../src/neo4j/database.ts';
import { DatabaseError, DatabaseUnavailableError } from '../../src/neo4j/errors.ts';

const neo4j = inject('neo4j');
const opened: Database[] = [];
const connect = (uri: string) => {
  const db = Database.connect({ ...neo4j, uri }, neo4j.database);
  opened.push(db);
  return db;
};

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
});

describe('bookmarks', () => {
  it('over a routing URI, hands each write’s bookmark to the reads that follow it, through sessions and single statements alike', async () => {
    const routed = connect(neo4j.uri.replace(/^bolt/, 'neo4j'));
    expect(routed.bookmarks).not.toBeNull();
    const marker = `bookmark-test-${process.pid}-${Date.now()}`;
    try {
      await routed.write({ operation: 'test.write' }, (tx) => tx.run('CREATE (:BookmarkProbe {id: $marker})', { marker }));
      const afterWrite = [...(await routed.bookmarks!.getBookmarks())];
      expect(afterWrite).toHaveLength(1);
      // The read goes out with the write's bookmark and finds what it wrote.
      const read = await routed.query({ operation: 'test.read' }, 'MATCH (p:BookmarkProbe {id: $marker}) RETURN count(p) AS n', { marker });
      expect(read.records[0]!.get('n')).toBe(1);
      await routed.query({ operation: 'test.write' }, 'MATCH (p:BookmarkProbe {id: $marker}) SET p.seen = true', { marker }, 'WRITE');
      const afterSecond = [...(await routed.bookmarks!.getBookmarks())];
      expect(afterSecond).toHaveLength(1);
      expect(afterSecond).not.toEqual(afterWrite);
    } finally {
      await routed.write({ operation: 'test.cleanup' }, (tx) => tx.run('MATCH (p:BookmarkProbe {id: $marker}) DELETE p', { marker }));
    }
  });

  it('over bolt:// (one server) keeps none', () => {
    expect(connect(neo4j.uri.replace(/^neo4j/, 'bolt')).bookmarks).toBeNull();
  });
});

describe('failures of the real server', () => {
  it('a database the server does not serve is DatabaseUnavailableError for writes, reads and single statements', async () => {
    const db = Database.connect(neo4j, 'notstartedyet');
    opened.push(db);
    for (const work of [
      () => db.write({ operation: 'test.write' }, (tx) => tx.run('CREATE (:Probe)')),
      () => db.read({ operation: 'test.read' }, (tx) => tx.run('RETURN 1')),
      () => db.query({ operation: 'test.query' }, 'RETURN 1'),
    ]) {
      const error = await work().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnavailableError);
      expect((error as DatabaseUnavailableError).code).toBe('Neo.ClientError.Database.DatabaseNotFound');
    }
  });

  it("a unit whose statement failed fails with that statement's error, though it went on to run another", async () => {
    const db = connect(neo4j.uri);
    const error = await db
      .write({ operation: 'test.write' }, async (tx) => {
        await tx.run('RETURN 1 / 0').catch(() => undefined);
        return tx.run('RETURN 1');
      })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('Neo.ClientError.Statement.ArithmeticError');
  });
});

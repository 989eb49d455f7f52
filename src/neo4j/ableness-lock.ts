/**
 * The graph's write lock: the one `(:AnalysisLock {id: 'able0'})` node, whose
 * write lock every write transaction takes as its FIRST statement
 * (`Database.write` does it), before it locks anything else. It orders the
 * change seqs (modules/shared/change-seq.ts) and the `able0` upkeep, and it
 * is the lock order of the whole project.
 *
 * Why first, and in every write: a status change locks this node, then the
 * enterprise (its StatusChange's relationship), every enterprise whose
 * `able0` flips, and the coordination requests it notifies; an approval
 * locked its application, a loan its help request and offer, a restriction
 * its idempotency key and counter, and a filing the enterprise it names, all
 * before this node. Each of those orders closed a cycle with a status change,
 * and Neo4j broke it with DeadlockDetected, again on every retry while the
 * machine was loaded, until the driver's retry time ran out. With this node
 * first in every write, no write holds a lock another waits for while it
 * waits for this one.
 */
import type { Tx } from './tx.ts';

export async function lockAbleness(tx: Tx): Promise<void> {
  // Setting a property takes the node's write lock even when the value is already there: the lock, and no change to see.
  const held = await tx.run<{ n: number }>("MATCH (l:AnalysisLock {id: 'able0'}) SET l.locked = true RETURN count(l) AS n");
  if (Number(held.records[0]?.get('n') ?? 0) > 0) return;
  // Only a store with no lock node yet (new, or emptied) creates it; the unique constraint keeps it one.
  await tx.run("MERGE (l:AnalysisLock {id: 'able0'}) SET l.locked = true");
}

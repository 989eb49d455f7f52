/**
 * Issuing the next id of a kind (the rule is src/dataset/api-ids.ts, which
 * the dataset's checker and writer share): the kind's counter moves on by
 * one in the caller's write transaction, whose write lock on the counter
 * keeps two numbers from being the same.
 */
import { apiIdOf, type ApiIdKind } from '../../dataset/api-ids.ts';
import type { Tx } from '../../neo4j/database.ts';

export async function issueApiId(tx: Tx, kind: ApiIdKind): Promise<{ id: string; n: number }> {
  const result = await tx.run<{ n: number }>('MERGE (c:Counter {name: $kind}) SET c.value = coalesce(c.value, 0) + 1 RETURN c.value AS n', { kind });
  const n = Number(result.records[0]!.get('n'));
  return { id: apiIdOf(kind, n), n };
}

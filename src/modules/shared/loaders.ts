/**
 * DataLoader factories over the Database: one Bolt round trip per batch of
 * keys, whatever the number of parents asking. A loader lives for one request.
 */
import DataLoader from 'dataloader';
import type { Database, Tx } from '../../neo4j/database.ts';

export interface LoaderScope {
  db: Database;
  requestId: string;
}

/** One row (or null) per key. */
export function keyedLoader<Row>(
  scope: LoaderScope,
  operation: string,
  fetch: (tx: Tx, keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const rows = await scope.db.read({ operation, requestId: scope.requestId }, (tx) => fetch(tx, keys));
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows of each key, in the order the query returned them. */
export function groupedLoader<Row>(
  scope: LoaderScope,
  operation: string,
  fetch: (tx: Tx, keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const rows = await scope.db.read({ operation, requestId: scope.requestId }, (tx) => fetch(tx, keys));
    const byKey = new Map<string, Row[]>(keys.map((key) => [key, []]));
    for (const row of rows) byKey.get(keyOf(row))?.push(row);
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

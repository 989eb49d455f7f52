/**
 * DataLoader factories over the Database: one statement per batch of keys,
 * whatever the number of parents asking, run as its own transaction with
 * `Database.single` (so each `fetch` below must be a single statement). A
 * loader lives for one request.
 */
import DataLoader from 'dataloader';
import type { Database, Tx } from '../../neo4j/database.ts';

/**
 * The kinds of record an answer can hold, by name: each module whose
 * records answers carry declares its own (see enterprises/loaders.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KnownRecordKinds {}
export type KnownRecordKind = keyof KnownRecordKinds;

/**
 * Records an answer already holds, as Neo4j would return them: a read model
 * checked current for this request, or the subgraph a question fetched. An
 * answer naming thousands of enterprises hands over the source rather than
 * the records, so only the ones a client selects are ever built.
 */
export type RecordSource = { [K in KnownRecordKind]?: (key: string) => KnownRecordKinds[K] | undefined };

/**
 * The whole supply graph, checked current for one request (the analysis
 * read model): searches, lists and pages are answered from it. Each module
 * whose reads it answers declares them (see enterprises/loaders.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WholeGraph {}

/** The record sources of one request, asked before Neo4j by the loaders of those records. */
export class KnownRecords {
  private readonly sources: RecordSource[] = [];
  private wholeGraph: WholeGraph | undefined;

  add(source: RecordSource): void {
    this.sources.push(source);
  }

  /** The whole graph, current for this request: every record, list and page of it is known from now on. */
  addWhole(graph: WholeGraph & RecordSource): void {
    this.wholeGraph = graph;
    if (!this.sources.includes(graph)) this.sources.unshift(graph);
  }

  get whole(): WholeGraph | undefined {
    return this.wholeGraph;
  }

  find<K extends KnownRecordKind>(kind: K, key: string): KnownRecordKinds[K] | undefined {
    for (const source of this.sources) {
      const found = (source[kind] as ((key: string) => KnownRecordKinds[K] | undefined) | undefined)?.(key);
      if (found) return found;
    }
    return undefined;
  }
}

export interface LoaderScope {
  db: Database;
  requestId: string;
  known: KnownRecords;
}

/** One row (or null) per key; keys the request already holds records of (of kind `known`) cost no round trip. */
export function keyedLoader<Row>(
  scope: LoaderScope,
  operation: string,
  fetch: (tx: Tx, keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
  known?: KnownRecordKind,
): DataLoader<string, Row | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<string, Row>();
    const missing: string[] = [];
    for (const key of keys) {
      const row = known === undefined ? undefined : (scope.known.find(known, key) as Row | undefined);
      if (row) byKey.set(key, row);
      else missing.push(key);
    }
    if (missing.length > 0) {
      const rows = await fetch(scope.db.single({ operation, requestId: scope.requestId }), missing);
      for (const row of rows) byKey.set(keyOf(row), row);
    }
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** All rows of each key, in the order the query returned them; keys whose lists the request already holds (of kind `known`) cost no round trip. */
export function groupedLoader<Row>(
  scope: LoaderScope,
  operation: string,
  fetch: (tx: Tx, keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
  known?: KnownRecordKind,
): DataLoader<string, Row[]> {
  return new DataLoader(async (keys) => {
    const byKey = new Map<string, Row[]>();
    const missing: string[] = [];
    for (const key of keys) {
      const rows = known === undefined ? undefined : (scope.known.find(known, key) as Row[] | undefined);
      if (rows) byKey.set(key, rows);
      else missing.push(key);
    }
    if (missing.length > 0) {
      for (const key of missing) byKey.set(key, []);
      const rows = await fetch(scope.db.single({ operation, requestId: scope.requestId }), missing);
      for (const row of rows) byKey.get(keyOf(row))?.push(row);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}

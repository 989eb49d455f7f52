import type { QueryResult, RecordShape } from 'neo4j-driver';

export type Params = Record<string, unknown>;

/** What a unit of work runs its statements on: a managed transaction of `Database`, as the lock and the modules see it. */
export interface Tx {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Params): Promise<QueryResult<R>>;
}

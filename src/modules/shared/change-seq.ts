/**
 * The Cypher that gives a change to the graph's statuses or logistics the
 * next seq: under the graph's write lock, which the write transaction took
 * as its first statement (neo4j/ableness-lock.ts), so seqs commit in order
 * and every read model replays status, restriction and loan changes one by
 * one, each in its place (analysis/model.ts). Binds `seqLock`; the change
 * records `seqLock.seq`.
 */
export const NEXT_CHANGE_SEQ = `MATCH (seqLock:AnalysisLock {id: 'able0'})
     SET seqLock.seq = coalesce(seqLock.seq, 0) + 1`;

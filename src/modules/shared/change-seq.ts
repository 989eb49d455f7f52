/**
 * The Cypher that gives a change to the graph's statuses or logistics the
 * next seq: under the ableness lock (take it first with the analysis
 * module's lockAbleness), so seqs commit in order and every read model
 * replays status, restriction and loan changes one by one, each in its place
 * (analysis/model.ts). Binds `seqLock`; the change records `seqLock.seq`.
 */
export const NEXT_CHANGE_SEQ = `MERGE (seqLock:AnalysisLock {id: 'able0'})
     SET seqLock.seq = coalesce(seqLock.seq, 0) + 1`;

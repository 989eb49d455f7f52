/**
 * Keeping the materialised `able0` flag in Neo4j true (what it is and why:
 * the README's "How it decides", src/analysis/able0.ts): recomputed whole
 * after a dataset load, and downstream of a status change inside the write
 * that makes it, so that every replica can answer from Neo4j alone.
 */
import { able0Mask } from '../../analysis/able0.ts';
import { buildSupplyGraph } from '../../analysis/index.ts';
import type { Database, Tx } from '../../neo4j/database.ts';
import { downstreamOf, fetchSubgraph, readModelVersion, startEpoch, writeAble0 } from './cypher.ts';
import { isStatusChange, type AnalysisModel, type StoredChange } from './model.ts';
import { buildReadModel, MAX_REPLAY, type ReadModel } from './read-model.ts';

/** Flags written per statement after a load. */
const WRITE_BATCH = 20_000;

/**
 * After a dataset load: recomputes `able0` for the whole graph, writes the
 * flags that differ, and starts a new epoch under the ableness lock, after
 * replaying the status changes made while the graph was read. The model
 * built on the way becomes the read model, when this process keeps one.
 */
export async function refreshAll(db: Database, readModel: ReadModel | null, requestId?: string): Promise<void> {
  const { model, stored } = await buildReadModel(db, requestId);
  const differing: { id: string; able0: boolean }[] = [];
  model.graph.ids.forEach((id, i) => {
    const able0 = model.able0[i] === 1;
    if (stored[i] !== able0) differing.push({ id, able0 });
  });
  for (let start = 0; start < differing.length; start += WRITE_BATCH) {
    const batch = differing.slice(start, start + WRITE_BATCH);
    await db.write({ operation: 'analysis.refreshAll', requestId, timeoutMs: 300_000 }, (tx) => writeAble0(tx, batch));
  }
  const epoch = await db.write({ operation: 'analysis.refreshAll', requestId }, async (tx) => {
    const flipped = new Set<number>();
    for (;;) {
      const now = await readModelVersion(tx, model.seq, MAX_REPLAY);
      for (const i of model.apply(now.changes)) flipped.add(i);
      if (model.seq >= now.seq || now.changes.length === 0) break;
    }
    await writeAble0(tx, [...flipped].map((i) => ({ id: model.graph.ids[i]!, able0: model.able0[i] === 1 })));
    return startEpoch(tx);
  });
  model.adopt(epoch);
  readModel?.setCurrent(model);
}

/**
 * Brings `able0` in Neo4j up to date after the statuses of `changed` were
 * written in `tx`: only enterprises downstream of a change can change, and
 * their cone outside that set keeps its (correct) flags.
 */
export async function refreshAfterChange(tx: Tx, readModel: ReadModel | null, changed: readonly string[]): Promise<void> {
  const model = readModel?.current;
  const ownAreThese = (own: readonly StoredChange[]) =>
    own.length === changed.length && own.every((c) => isStatusChange(c) && changed.includes(c.enterpriseId));
  if (model && (await refreshFromModel(tx, model, ownAreThese))) return;
  await refreshDownstream(tx, changed);
}

/**
 * The same after a restriction was imposed or lifted in `tx` (its change
 * recorded with the next seq): the customers of the edges it applies to
 * are where a need can lose its last open supplier, so only their
 * downstream can change. `customers` is asked only when the read model
 * cannot answer.
 */
export async function refreshAfterRestriction(
  tx: Tx,
  readModel: ReadModel | null,
  restrictionId: string,
  customers: () => Promise<string[]>,
): Promise<void> {
  const model = readModel?.current;
  const ownIsThis = (own: readonly StoredChange[]) => own.length === 1 && 'restriction' in own[0]! && own[0].restriction.id === restrictionId;
  if (model && (await refreshFromModel(tx, model, ownIsThis))) return;
  await refreshDownstream(tx, await customers());
}

/** A fresh evaluation of everything downstream of `changed`, from Neo4j, written for those enterprises only. */
async function refreshDownstream(tx: Tx, changed: readonly string[]): Promise<void> {
  if (changed.length === 0) return;
  const affected = await downstreamOf(tx, changed);
  const graph = buildSupplyGraph(await fetchSubgraph(tx, affected));
  const mask = able0Mask(graph);
  const only = new Set(affected);
  await writeAble0(tx, graph.ids.flatMap((id, i) => (only.has(id) ? [{ id, able0: mask[i] === 1 }] : [])));
}

/**
 * The same in memory, when the model is of the stored epoch: a hub's
 * downstream cone at national scale is far too large to fetch inside a
 * write. Under the lock every change before this transaction's own has
 * committed, so the model takes those for good; this transaction's own
 * changes (the last seq, checked by `isOwn`) only yield the flags to write.
 * False when the model cannot answer (then the caller fetches from Neo4j).
 */
async function refreshFromModel(tx: Tx, model: AnalysisModel, isOwn: (own: readonly StoredChange[]) => boolean): Promise<boolean> {
  const stored = await readModelVersion(tx, model.seq, MAX_REPLAY);
  if (stored.epoch !== model.epoch) return false;
  const own = stored.changes.filter((c) => c.seq === stored.seq);
  model.apply(stored.changes.filter((c) => c.seq < stored.seq));
  if (model.seq !== stored.seq - 1 || !isOwn(own)) return false;
  await writeAble0(tx, model.flipsIf(own));
  return true;
}

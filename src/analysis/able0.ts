/**
 * `able0`: the able set computed from statuses alone, counting no stock and
 * forcing nobody. It depends on no date, and every able set an answer uses
 * (any `asOf`, stock counted, some plant counted operating) contains it, so
 * an evaluation may take its members as known able and stop there. Keeping
 * it current after a status change costs only the changed enterprise's
 * downstream cone: nothing else has the change in its upstream cone.
 */
import { AbleCache, fixpointOver } from './able.ts';
import { OPERATING, type SupplyGraph } from './graph.ts';

/**
 * Any day will do: with stock not counted and every edge any restriction
 * applies to counted as interrupted (on whatever day), ableness depends on
 * statuses alone, and no day's restrictions can shrink the set.
 */
const ANY_DAY = 0;

/** A fresh evaluation of able0 for every enterprise (1 = able). */
export function able0Mask(graph: SupplyGraph): Uint8Array {
  const scenario = { asOfDay: ANY_DAY, countStock: false, forced: new Map<number, number>(), resumeThroughDay: null, everyRestriction: true };
  return new AbleCache().withSolver(graph, scenario, (solver) => {
    const mask = new Uint8Array(graph.size);
    for (let i = 0; i < graph.size; i++) mask[i] = solver.isAble(i) ? 1 : 0;
    return mask;
  });
}

/**
 * Brings `mask` (able0 before the statuses of `changed` changed in `graph`)
 * up to date in place and returns the indices whose flag flipped, at the
 * cost of what flips rather than of the changes' downstream cones (a hub's
 * can be most of the country):
 *
 *  1. Enterprises that stopped operating leave the set, and with them, in
 *     cascade, every one left with a need no member supplies: taking
 *     members out of a greatest fixpoint this way gives the greatest
 *     fixpoint without them.
 *     Enterprises whose restrictions changed (setLogistics logs them as
 *     changed) leave the same way when a need lost its last member supplier.
 *  2. Enterprises that started operating, or gained an edge, can only add members, all of them
 *     reached downstream from a starter through operating non-members (a
 *     part out of such reach would have been consistent before, so already
 *     in the set); a fixpoint over those, with the members fixed, decides them.
 */
export function refreshAble0(graph: SupplyGraph, mask: Uint8Array, changed: readonly number[]): number[] {
  const { status, suppliedStart, suppliedNeeds, suppliedEdge, needOwner, needStart, supplierStart, suppliers } = graph;
  const restricted = graph.logistics.restricted;
  const open = (p: number): boolean => restricted === null || restricted[p] === 0;
  const before = new Map<number, number>();
  const set = (i: number, v: number): void => {
    if (!before.has(i)) before.set(i, mask[i]!);
    mask[i] = v;
  };
  const supplied = (k: number): boolean => {
    for (let p = supplierStart[k]!, end = supplierStart[k + 1]!; p < end; p++) if (open(p) && mask[suppliers[p]!] === 1) return true;
    return false;
  };

  const leaving: number[] = [];
  const needsSupplied = (i: number): boolean => {
    for (let k = needStart[i]!, end = needStart[i + 1]!; k < end; k++) if (!supplied(k)) return false;
    return true;
  };
  for (const i of changed) {
    // A changed restriction can cut a member's last supplier without any status changing.
    if (mask[i] === 1 && (status[i] !== OPERATING || !needsSupplied(i))) {
      set(i, 0);
      leaving.push(i);
    }
  }
  while (leaving.length > 0) {
    const x = leaving.pop()!;
    for (let p = suppliedStart[x]!, end = suppliedStart[x + 1]!; p < end; p++) {
      if (!open(suppliedEdge[p]!)) continue;
      const k = suppliedNeeds[p]!;
      const o = needOwner[k]!;
      if (mask[o] === 1 && !supplied(k)) {
        set(o, 0);
        leaving.push(o);
      }
    }
  }

  const slot = new Map<number, number>();
  const members: number[] = [];
  const join = (i: number): void => {
    if (slot.has(i) || mask[i] === 1 || status[i] !== OPERATING) return;
    slot.set(i, members.length);
    members.push(i);
  };
  for (const i of changed) join(i);
  for (let h = 0; h < members.length; h++) {
    const x = members[h]!;
    for (let p = suppliedStart[x]!, end = suppliedStart[x + 1]!; p < end; p++) join(needOwner[suppliedNeeds[p]!]!);
  }
  if (members.length > 0) {
    const alive = fixpointOver(graph, members, slot, (t) => mask[t] === 1, () => false, open);
    members.forEach((x, j) => {
      if (alive[j] === 1) set(x, 1);
    });
  }

  const flipped: number[] = [];
  for (const [i, was] of before) if (mask[i] !== was) flipped.push(i);
  return flipped;
}

/**
 * `able0`: the able set computed from statuses alone, counting no stock and
 * forcing nobody. It depends on no date, and every able set an answer uses
 * (any `asOf`, stock counted, some plant counted operating) contains it, so
 * an evaluation may take its members as known able and stop there. Keeping
 * it current after a status change costs only the changed enterprise's
 * downstream cone: nothing else has the change in its upstream cone.
 */
import { ableMask, fixpointOver } from './able.ts';
import { OPERATING, type SupplyGraph } from './graph.ts';

/** Any day will do: with stock not counted, ableness depends on statuses alone. */
const ANY_DAY = '2000-01-01';

/** A fresh evaluation of able0 for every enterprise (1 = able). */
export function able0Mask(graph: SupplyGraph): Uint8Array {
  return ableMask(graph, ANY_DAY, { countStock: false });
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
 *  2. Enterprises that started operating can only add members, all of them
 *     reached downstream from a starter through operating non-members (a
 *     part out of such reach would have been consistent before, so already
 *     in the set); a fixpoint over those, with the members fixed, decides them.
 */
export function refreshAble0(graph: SupplyGraph, mask: Uint8Array, changed: readonly number[]): number[] {
  const { status, suppliedStart, suppliedNeeds, needOwner, supplierStart, suppliers } = graph;
  const before = new Map<number, number>();
  const set = (i: number, v: number): void => {
    if (!before.has(i)) before.set(i, mask[i]!);
    mask[i] = v;
  };
  const supplied = (k: number): boolean => {
    for (let p = supplierStart[k]!, end = supplierStart[k + 1]!; p < end; p++) if (mask[suppliers[p]!] === 1) return true;
    return false;
  };

  const leaving: number[] = [];
  for (const i of changed) {
    if (status[i] !== OPERATING && mask[i] === 1) {
      set(i, 0);
      leaving.push(i);
    }
  }
  while (leaving.length > 0) {
    const x = leaving.pop()!;
    for (let p = suppliedStart[x]!, end = suppliedStart[x + 1]!; p < end; p++) {
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
    const alive = fixpointOver(graph, members, slot, (t) => mask[t] === 1, () => false);
    members.forEach((x, j) => {
      if (alive[j] === 1) set(x, 1);
    });
  }

  const flipped: number[] = [];
  for (const [i, was] of before) if (mask[i] !== was) flipped.push(i);
  return flipped;
}

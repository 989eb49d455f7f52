/**
 * `able0`: the able set computed from statuses alone, counting no stock and
 * forcing nobody. It depends on no date, and every able set an answer uses
 * (any `asOf`, stock counted, some plant counted operating) contains it, so
 * an evaluation may take its members as known able and stop there. Keeping
 * it current after a status change costs only the changed enterprise's
 * downstream cone: nothing else has the change in its upstream cone.
 */
import { ableMask } from './able.ts';
import { OPERATING, type SupplyGraph } from './graph.ts';

/** Any day will do: with stock not counted, ableness depends on statuses alone. */
const ANY_DAY = '2000-01-01';

/** A fresh evaluation of able0 for every enterprise (1 = able). */
export function able0Mask(graph: SupplyGraph): Uint8Array {
  return ableMask(graph, ANY_DAY, { countStock: false });
}

/** `start` and every enterprise downstream of it along supply edges, whatever their state. */
export function downstreamIndices(graph: SupplyGraph, start: readonly number[]): number[] {
  const seen = new Uint8Array(graph.size);
  const order: number[] = [];
  for (const s of start) {
    if (seen[s] === 1) continue;
    seen[s] = 1;
    order.push(s);
  }
  for (let head = 0; head < order.length; head++) {
    const s = order[head]!;
    for (let p = graph.suppliedStart[s]!, end = graph.suppliedStart[s + 1]!; p < end; p++) {
      const customer = graph.needOwner[graph.suppliedNeeds[p]!]!;
      if (seen[customer] === 0) {
        seen[customer] = 1;
        order.push(customer);
      }
    }
  }
  return order;
}

/**
 * Brings `mask` (able0 before the statuses of `changed` changed in `graph`)
 * up to date in place and returns the indices whose flag flipped. Outside
 * the downstream cone of the changes every flag is still right and is read
 * as given; inside it, the greatest fixpoint is recomputed from "every
 * OPERATING enterprise able" by removing those with a need no able
 * supplier meets, until nothing changes.
 */
export function refreshAble0(graph: SupplyGraph, mask: Uint8Array, changed: readonly number[]): number[] {
  const cone = downstreamIndices(graph, changed);
  const before = new Uint8Array(cone.length);
  const inCone = new Uint8Array(graph.size);
  cone.forEach((i, k) => {
    before[k] = mask[i]!;
    inCone[i] = 1;
    mask[i] = graph.status[i] === OPERATING ? 1 : 0;
  });
  const queued = new Uint8Array(graph.size);
  const work: number[] = [];
  for (const i of cone) {
    if (mask[i] === 1) {
      work.push(i);
      queued[i] = 1;
    }
  }
  while (work.length > 0) {
    const i = work.pop()!;
    queued[i] = 0;
    if (mask[i] === 0 || allNeedsMet(graph, mask, i)) continue;
    mask[i] = 0;
    // Losing i can break the needs it feeds: look at those customers again.
    for (let p = graph.suppliedStart[i]!, end = graph.suppliedStart[i + 1]!; p < end; p++) {
      const customer = graph.needOwner[graph.suppliedNeeds[p]!]!;
      if (inCone[customer] === 1 && mask[customer] === 1 && queued[customer] === 0) {
        queued[customer] = 1;
        work.push(customer);
      }
    }
  }
  const flipped: number[] = [];
  cone.forEach((i, k) => {
    if (mask[i] !== before[k]) flipped.push(i);
  });
  return flipped;
}

function allNeedsMet(graph: SupplyGraph, mask: Uint8Array, i: number): boolean {
  for (let k = graph.needStart[i]!, end = graph.needStart[i + 1]!; k < end; k++) {
    let met = false;
    for (let p = graph.supplierStart[k]!, last = graph.supplierStart[k + 1]!; p < last && !met; p++) met = mask[graph.suppliers[p]!] === 1;
    if (!met) return false;
  }
  return true;
}

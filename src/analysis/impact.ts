import {
  CANDIDATE,
  classify,
  countedOperating,
  FIXED_ABLE,
  FIXED_UNABLE,
  hasRestrictedOutgoing,
  FORCE_OPERATING,
  FORCE_SUSPENDED_NO_DATE,
  needMet,
  plainScenario,
  AbleCache,
  Retraction,
  withForced,
  withCutOffCoverOf,
  withOperating,
  type AbleView,
} from './able.ts';
import { parseDay } from './dates.ts';
import { CLOSED, downstreamIndices, NO_END, OPERATING, type SupplyGraph } from './graph.ts';
import { readyOn } from './plan.ts';

function allNeedsMet(view: AbleView, q: number): boolean {
  const g = view.graph;
  for (let k = g.needStart[q]!, end = g.needStart[q + 1]!; k < end; k++) if (!needMet(view, k)) return false;
  return true;
}

/**
 * Who the enterprise holds: every other enterprise, CLOSED ones excepted,
 * that is ready (itself counted operating) when `enterpriseId` is counted
 * OPERATING and not ready when it is counted SUSPENDED with no date. Ids in
 * id order.
 *
 * "Running" is the plain able set of the day when the enterprise already
 * counts as able or operating, else that set grown downstream of it
 * (withOperating), never a solve of its whole upstream cone. "Stopped" is "running"
 * minus the cascade from taking the enterprise out (stock cover is the same
 * in both: the enterprise covers nothing in either). Operating enterprises
 * are impacted exactly when the cascade takes them. Any other enterprise can
 * only be impacted when reached from the enterprise through ones the cascade
 * took or ones unable even with it running (the only ones whose help can
 * change); each such one is settled by countedOperating on both sets.
 * `cache` as for every question (see AbleCache).
 */
export function impact(g: SupplyGraph, enterpriseId: string, asOf: string, cache = new AbleCache()): string[] {
  return Array.from(impactIndices(g, enterpriseId, asOf, cache), (i) => g.ids[i]!);
}

/** The same as indices, ascending (so in id order): a national answer can hold tens of thousands. */
export function impactIndices(g: SupplyGraph, enterpriseId: string, asOf: string, cache = new AbleCache()): Int32Array {
  const s = g.requireIndex(enterpriseId);
  const plain = cache.plainSolver(g, parseDay(asOf));
  const running = withForced(plain.scenario, s, FORCE_OPERATING);
  const stopped = withForced(plain.scenario, s, FORCE_SUSPENDED_NO_DATE);
  // Not counted operating by the day's scenario: the day's set with it running.
  const cls = classify(g, plain.scenario, s);
  // A known-able s that is not OPERATING covers no one cut off from it on the day; counted operating, it may.
  const up: AbleView =
    cls === FIXED_UNABLE
      ? withOperating(plain, s).view
      : cls === FIXED_ABLE && g.status[s] !== OPERATING && hasRestrictedOutgoing(g, s)
        ? withCutOffCoverOf(plain, s, running)
        : plain;
  const down = new Retraction(up, stopped);
  down.retract(s);

  const out: number[] = [];
  const seen = new Set<number>([s]);
  const stack = [s];
  while (stack.length > 0) {
    const x = stack.pop()!;
    for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) {
      const q = g.needOwner[g.suppliedNeeds[p]!]!;
      if (seen.has(q)) continue;
      seen.add(q);
      const cls = classify(g, running, q);
      if (cls === CANDIDATE) {
        if (down.hasLost(q)) {
          out.push(q);
          stack.push(q);
        } else if (!up.isAble(q)) {
          stack.push(q);
        }
      } else if (cls === FIXED_UNABLE && g.status[q] !== CLOSED) {
        if (allNeedsMet(down, q)) continue; // ready even with s stopped
        if (countedOperating(up, q).ready && !countedOperating(down, q).ready) out.push(q);
      }
    }
  }
  return Int32Array.from(out).sort();
}

/**
 * Who a restriction holds (DOMAIN.md, "Impact of a restriction"): the
 * non-CLOSED enterprises ready with it lifted and not ready with it in force
 * from asOf on (until its own end when that is later, open-ended
 * otherwise). Only enterprises downstream of the customers of its edges
 * have it in their upstream cone, so only they are judged. Ids in id order.
 */
export function restrictionImpact(g: SupplyGraph, restrictionId: string, asOf: string, cache = new AbleCache()): string[] {
  return Array.from(restrictionImpactIndices(g, restrictionId, asOf, cache), (i) => g.ids[i]!);
}

export function restrictionImpactIndices(g: SupplyGraph, restrictionId: string, asOf: string, cache = new AbleCache()): Int32Array {
  const r = g.requireRestriction(restrictionId);
  const asOfDay = parseDay(asOf);
  const lg = g.logistics;
  const end = lg.restrictionUntil[r]!;
  const until = end > asOfDay ? end : NO_END;
  const customers: number[] = [];
  for (const [p, rs] of lg.edgeRestrictions) if (rs.includes(r)) customers.push(g.edgeCustomer(p));
  if (customers.length === 0) return new Int32Array(0);
  const base = plainScenario(asOfDay);
  const lifted = { ...base, restrictionOverride: { restriction: r, lifted: true, until } };
  const imposed = { ...base, restrictionOverride: { restriction: r, lifted: false, until } };
  const out: number[] = [];
  cache.withSolver(g, lifted, (free) =>
    cache.withSolver(g, imposed, (held) => {
      for (const q of downstreamIndices(g, customers)) {
        if (g.status[q] !== CLOSED && readyOn(free, q) && !readyOn(held, q)) out.push(q);
      }
    }),
  );
  return Int32Array.from(out).sort();
}

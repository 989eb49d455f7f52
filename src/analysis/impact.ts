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
  restrictionInForce,
  AbleCache,
  Retraction,
  withForced,
  withCutOffCoverOf,
  withOperating,
  type AbleView,
} from './able.ts';
import { parseDay } from './dates.ts';
import { CLOSED, NO_END, OPERATING, type SupplyGraph } from './graph.ts';
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
 * otherwise). Ids in id order.
 *
 * One of the two judgements is the day's own (the restriction is in force
 * on asOf or it is not), shared by every question; the other is a copy of
 * it that forgets only what lies downstream of the restriction's customers.
 * Only enterprises downstream of those customers have it in their upstream
 * cone, and, as for an enterprise's impact, one can differ only when reached
 * through ones whose ableness differs or that are unable with it lifted (the
 * only ones whose help can change): the walk goes on past those alone.
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
  const plain = cache.plainSolver(g, asOfDay);
  // In force on asOf by its own dates, it is in force until its own end: judged so, it is the day's own judgement.
  const inForce = restrictionInForce(g, plain.scenario, r) >= 0;
  const other = plain.fork();
  try {
    other.overrideRestriction({ restriction: r, lifted: inForce, until }, customers);
    const free = inForce ? other : plain;
    const held = inForce ? plain : other;
    const out: number[] = [];
    const seen = new Uint8Array(g.size);
    const stack: number[] = [];
    const reach = (q: number): void => {
      if (seen[q] === 1) return;
      seen[q] = 1;
      stack.push(q);
    };
    for (const c of customers) reach(c);
    while (stack.length > 0) {
      const q = stack.pop()!;
      const cls = classify(g, plain.scenario, q);
      if (cls === CANDIDATE) {
        const ableFree = free.isAble(q);
        if (ableFree && held.isAble(q)) continue;
        if (ableFree) out.push(q);
      } else {
        // Fixed either way: only its own readiness can differ.
        if (cls === FIXED_UNABLE && g.status[q] !== CLOSED && readyOn(free, q) && !readyOn(held, q)) out.push(q);
        continue;
      }
      for (let p = g.suppliedStart[q]!, pEnd = g.suppliedStart[q + 1]!; p < pEnd; p++) reach(g.needOwner[g.suppliedNeeds[p]!]!);
    }
    return Int32Array.from(out).sort();
  } finally {
    other.dispose();
  }
}

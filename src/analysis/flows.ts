/**
 * Cross-province blocking flows: for each pair of provinces (from, to), the
 * not-ready plants of `to` that have a root cause in `from`, an enterprise
 * that is not operating or a restriction in force on a delivery of the walk
 * back from the plant (DOMAIN.md, "Can it run?" and "Logistics"). What a
 * province bureau reads first: whose stoppage idles our plants, and whose
 * plants wait on ours. A plant waiting on several provinces counts in each
 * flow; root causes in the plant's own province make no flow.
 */
import { AbleCache } from './able.ts';
import type { SupplyGraph } from './graph.ts';
import { countedWorkforce } from './priority.ts';
import { plantAllRootCauses } from './readiness.ts';
import { notReadyIndices } from './region.ts';

export interface BlockingFlow {
  /** Province code (GB/T 2260) of the root causes. */
  from: string;
  /** Province code of the plants they block. */
  to: string;
  /** The blocked plants of `to`, by id. */
  plants: string[];
  /** Their workforce, summed (0 for an unknown one). */
  workforce: number;
  /** Root-cause enterprises of `from` holding those plants, by id. */
  rootCauses: string[];
  /** Restrictions in force, routed to `from`, holding those plants, by id. */
  restrictions: string[];
}

/**
 * The province of a region code: GB/T 2260 gives the province in the first
 * two digits, so a restriction on any level of region names its province
 * without the region tree.
 */
export function provinceOfCode(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

interface Gathered {
  plants: Set<number>;
  rootCauses: Set<string>;
  restrictions: Set<string>;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The flows into the given plants (ids; duplicates once) on asOf: most
 * workforce first, then most plants, then by (from, to). A restriction's
 * province is that of the region it closes, or for a single delivery the
 * supplier's, whose region lifts it (as routing counts it).
 */
export function blockingFlows(g: SupplyGraph, plantIds: readonly string[], asOf: string, cache = new AbleCache()): BlockingFlow[] {
  const plants = [...new Set(plantIds.map((id) => g.requireIndex(id)))];
  const restrictionFacts = new Map(g.logistics.restrictions.map((r) => [r.id, r]));
  // Only restrictions on a walk are asked for, and the supplier of such a delivery is on it.
  const restrictionProvince = (id: string) => {
    const r = restrictionFacts.get(id)!;
    return r.supply === null ? provinceOfCode(r.region!) : g.enterprises[g.requireIndex(r.supply.supplier)]!.province;
  };
  const flows = new Map<string, Gathered & { from: string; to: string }>();
  const flow = (from: string, to: string) => {
    const key = `${from}→${to}`;
    let f = flows.get(key);
    if (!f) flows.set(key, (f = { from, to, plants: new Set(), rootCauses: new Set(), restrictions: new Set() }));
    return f;
  };
  for (const p of notReadyIndices(g, plants, asOf, cache)) {
    const to = g.enterprises[p]!.province;
    const causes = plantAllRootCauses(g, g.ids[p]!, asOf, cache);
    for (const r of causes.rootCauses) {
      const from = g.enterprises[g.requireIndex(r.enterprise)]!.province;
      if (from === to) continue;
      const f = flow(from, to);
      f.plants.add(p);
      f.rootCauses.add(r.enterprise);
    }
    for (const r of causes.logisticsRootCauses) {
      const from = restrictionProvince(r.restriction);
      if (from === to) continue;
      const f = flow(from, to);
      f.plants.add(p);
      f.restrictions.add(r.restriction);
    }
  }
  const out: BlockingFlow[] = [...flows.values()].map((f) => {
    let workforce = 0;
    for (const p of f.plants) workforce += countedWorkforce(g.enterprises[p]!.workforce);
    return {
      from: f.from,
      to: f.to,
      plants: Array.from(f.plants, (p) => g.ids[p]!).sort(byId),
      workforce,
      rootCauses: [...f.rootCauses].sort(byId),
      restrictions: [...f.restrictions].sort(byId),
    };
  });
  return out.sort((a, b) => b.workforce - a.workforce || b.plants.length - a.plants.length || byId(a.from, b.from) || byId(a.to, b.to));
}

import { AbleCache, type AbleView } from './able.ts';
import { parseDay } from './dates.ts';
import { CLOSED, OPERATING, STATUS_NAME, type SupplyGraph } from './graph.ts';
import { plantReady, plantView } from './readiness.ts';
import type { BlockedPlant } from './types.ts';
import { walkUnmet } from './walk.ts';

/**
 * Whether a dashboard judges the enterprise's readiness, given its status
 * code (graph.ts) and its able0 flag (able0.ts, 1 = able): not CLOSED (a
 * dashboard lists firms waiting to run, not closed ones), and not an
 * OPERATING able0 enterprise, which is ready on any date. The one home of
 * this rule; the Cypher that selects the same enterprises follows it
 * (modules/analysis/cypher.ts, DASHBOARD_CANDIDATE).
 */
export function isDashboardCandidate(status: number, able0: number): boolean {
  return status !== CLOSED && !(status === OPERATING && able0 === 1);
}

function blockedOnView(view: AbleView, plant: number): BlockedPlant {
  const g = view.graph;
  const walk = walkUnmet(view, plant);
  const order: number[] = [];
  for (let v = 1; v < walk.node.length; v++) if (g.status[walk.node[v]!] !== OPERATING) order.push(v);
  order.sort((a, b) => walk.tier[a]! - walk.tier[b]! || walk.node[a]! - walk.node[b]!);
  return {
    plant: g.ids[plant]!,
    status: STATUS_NAME[g.status[plant]!]!,
    blockedInputs: walk.plantUnmetNeeds.map((k) => g.componentIds[g.needComponent[k]!]!),
    rootCauses: order.map((v) => g.ids[walk.node[v]!]!),
    rootCauseCount: order.length,
  };
}

/**
 * The dashboard's "blocked enterprises": of the given plants, those that are
 * not ready on asOf, each with its unmet inputs and root causes (by tier,
 * then id), in the order the plants were given (duplicates once).
 *
 * Every plant is judged on the plain able set of the day, computed once and
 * shared (see plantView): an operating plant reads it directly, any other
 * costs a local check around itself, and only plants that are not ready pay
 * for a walk. `cache` as for every question (see AbleCache).
 */
export function evaluateRegionReadiness(g: SupplyGraph, plantIds: readonly string[], asOf: string, cache = new AbleCache()): BlockedPlant[] {
  const asOfDay = parseDay(asOf);
  const plants = [...new Set(plantIds.map((id) => g.requireIndex(id)))];
  const out: BlockedPlant[] = [];
  for (const p of plants) {
    const { ready, view } = plantView(g, p, asOfDay, cache);
    if (!ready) out.push(blockedOnView(view, p));
  }
  return out;
}

/**
 * Of the given plants, those not ready on asOf, in the order given
 * (duplicates once): the dashboard's count and workforce, without the walk
 * to root causes that only the page on screen needs (evaluateRegionReadiness
 * on that page gives the same answer for each plant, judged on its own).
 */
export function notReadyPlants(g: SupplyGraph, plantIds: readonly string[], asOf: string, cache = new AbleCache()): string[] {
  const plants = [...new Set(plantIds.map((id) => g.requireIndex(id)))];
  return Array.from(notReadyIndices(g, plants, asOf, cache), (p) => g.ids[p]!);
}

/** The same by enterprise index, for distinct plants: a province's dashboard judges tens of thousands. */
export function notReadyIndices(g: SupplyGraph, plants: ArrayLike<number>, asOf: string, cache = new AbleCache()): Int32Array {
  const asOfDay = parseDay(asOf);
  const out = new Int32Array(plants.length);
  let count = 0;
  for (let j = 0; j < plants.length; j++) {
    const p = plants[j]!;
    if (!plantReady(g, p, asOfDay, cache)) out[count++] = p;
  }
  return count === out.length ? out : out.slice(0, count);
}

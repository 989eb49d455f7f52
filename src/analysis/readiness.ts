import {
  CANDIDATE,
  classify,
  countedOperating,
  FIXED_ABLE,
  FORCE_OPERATING,
  hasAbleSupplier,
  isCovered,
  withoutCoverOf,
  AbleCache,
  type AbleView,
  type Scenario,
} from './able.ts';
import { addDays, formatDay, parseDay } from './dates.ts';
import { OPERATING, SUSPENDED, type SupplyGraph } from './graph.ts';
import type { AtRiskInput, BlockedInput, RestartReadiness, RootCause } from './types.ts';
import { dominatorsOf, reachableFrom, walkSuccessors, walkUnmet, type UnmetWalk, type WalkSuccessors } from './walk.ts';

/**
 * A* of a plant: the able set with the plant counted operating. For an
 * operating plant that is the plain able set of the day, shared across
 * queries. For any other, readiness comes from countedOperating on the plain
 * set; a plant that is still not ready is not in A*, so A* is the plain set
 * minus what only the plant's own stock cover kept running (counted
 * operating, the plant covers nothing).
 */
export function plantView(g: SupplyGraph, plant: number, asOfDay: number, cache: AbleCache): { ready: boolean; view: AbleView } {
  const plain = cache.plainSolver(g, asOfDay);
  const cls = classify(g, plain.scenario, plant);
  if (cls === FIXED_ABLE) return { ready: true, view: plain };
  if (cls === CANDIDATE) return { ready: plain.isAble(plant), view: plain };
  const counted = countedOperating(plain, plant);
  if (counted.ready) return { ready: true, view: counted };
  return { ready: false, view: withoutCoverOf(plain, plant) };
}

/**
 * Whether the plant is ready on the day: plantView's answer without the view
 * a report goes on to read, remembered with the day's able set (a province's
 * dashboard asks it for tens of thousands of plants, again and again).
 */
export function plantReady(g: SupplyGraph, plant: number, asOfDay: number, cache: AbleCache): boolean {
  const plain = cache.plainSolver(g, asOfDay);
  const cls = classify(g, plain.scenario, plant);
  if (cls === FIXED_ABLE) return true;
  if (cls === CANDIDATE) return plain.isAble(plant);
  const remembered = plain.rememberedReady(plant);
  if (remembered !== undefined) return remembered;
  const ready = countedOperating(plain, plant).ready;
  plain.rememberReady(plant, ready);
  return ready;
}

function supplierIds(g: SupplyGraph, k: number): string[] {
  const out: string[] = [];
  for (let p = g.supplierStart[k]!, end = g.supplierStart[k + 1]!; p < end; p++) out.push(g.ids[g.suppliers[p]!]!);
  return out;
}

/** 0 same district, 1 same city, 2 same province, 3 elsewhere. */
function regionDistance(g: SupplyGraph, a: number, b: number): number {
  if (g.districtOf[a] === g.districtOf[b]) return 0;
  if (g.cityOf[a] === g.cityOf[b]) return 1;
  if (g.provinceOf[a] === g.provinceOf[b]) return 2;
  return 3;
}

/**
 * Able makers of a blocked need k's component, other than the plant, nearest
 * first, then by id. The need is blocked, so none of its current suppliers is
 * able: being able already rules out "supplies it to the plant already".
 * Makers come in index (= id) order, so one bucket per distance keeps id
 * order within it: a common component has thousands of makers nationwide.
 */
function alternativesFor(view: AbleView, plant: number, k: number): string[] {
  const g = view.graph;
  const c = g.needComponent[k]!;
  const buckets: number[][] = [[], [], [], []];
  for (let p = g.makerStart[c]!, end = g.makerStart[c + 1]!; p < end; p++) {
    const m = g.makers[p]!;
    if (m === plant || !view.isAble(m)) continue;
    buckets[regionDistance(g, plant, m)]!.push(m);
  }
  const out: string[] = [];
  for (const bucket of buckets) for (const m of bucket) out.push(g.ids[m]!);
  return out;
}

/**
 * First resume day after asOf by which the plant would be ready if every
 * SUSPENDED enterprise resuming by then were operating (no stock counted);
 * null when none. Solves the plant's cone once with every dated enterprise
 * resumed, then takes them back out latest day first: readiness only shrinks
 * as the day moves earlier, so the last day before the plant drops is the
 * answer. Call only for a plant that is not ready on asOf.
 */
export function expectedReadyDay(g: SupplyGraph, plant: number, asOfDay: number, cache: AbleCache): number | null {
  const widest: Scenario = {
    asOfDay,
    countStock: false,
    forced: new Map([[plant, FORCE_OPERATING]]),
    resumeThroughDay: Number.MAX_SAFE_INTEGER,
  };
  return cache.withSolver(g, widest, (solver) => {
    const cone = solver.solve([plant]);
    if (!solver.isAble(plant)) return null;
    // Suspended members of the cone are candidates only thanks to a resume day after asOf.
    const byDay = new Map<number, number[]>();
    for (const x of cone) {
      if (x === plant || g.status[x] !== SUSPENDED) continue;
      const d = g.resumeDay[x]!;
      const list = byDay.get(d);
      if (list === undefined) byDay.set(d, [x]);
      else list.push(x);
    }
    const days = [...byDay.keys()].sort((a, b) => b - a);
    for (let i = 0; i + 1 < days.length; i++) {
      solver.retract(byDay.get(days[i]!)!);
      if (!solver.isAble(plant)) return days[i]!;
    }
    // Not ready on asOf, so some resume in the cone was needed: days is not empty.
    return days[days.length - 1] ?? null;
  });
}

/** When the plant can restart (see DOMAIN.md); `cache` as for every question (see AbleCache). */
export function expectedReadyDate(g: SupplyGraph, plantId: string, asOf: string, cache = new AbleCache()): string | null {
  const plant = g.requireIndex(plantId);
  const asOfDay = parseDay(asOf);
  if (plantView(g, plant, asOfDay, cache).ready) return asOf;
  const day = expectedReadyDay(g, plant, asOfDay, cache);
  return day === null ? null : formatDay(day);
}

/**
 * Root causes on an A* view: the non-operating enterprises of the walk, with
 * the components whose edge into them is not dominated by them (some simple
 * walk reaches the customer without passing through the root cause).
 */
function rootCausesOf(g: SupplyGraph, walk: UnmetWalk, succ: WalkSuccessors): RootCause[] {
  const size = walk.node.length;
  const isRoot = (v: number): boolean => v !== 0 && g.status[walk.node[v]!] !== OPERATING;
  let any = false;
  for (let v = 1; v < size && !any; v++) any = isRoot(v);
  if (!any) return [];
  const dom = dominatorsOf(walk, succ);
  const components = new Map<number, Set<number>>();
  for (let i = 0; i < walk.edgeTo.length; i++) {
    const s = walk.edgeTo[i]!;
    if (!isRoot(s) || dom.dominates(s, walk.edgeFrom[i]!)) continue;
    let set = components.get(s);
    if (set === undefined) components.set(s, (set = new Set()));
    set.add(walk.edgeComponent[i]!);
  }
  const out: { v: number; cause: RootCause }[] = [];
  for (let v = 1; v < size; v++) {
    if (!isRoot(v)) continue;
    const path: string[] = [];
    for (let u = v; u !== -1; u = walk.parent[u]!) path.push(g.ids[walk.node[u]!]!);
    out.push({
      v,
      cause: {
        enterprise: g.ids[walk.node[v]!]!,
        components: [...(components.get(v) ?? [])].sort((a, b) => a - b).map((c) => g.componentIds[c]!),
        tier: walk.tier[v]!,
        path,
      },
    });
  }
  out.sort((a, b) => a.cause.tier - b.cause.tier || walk.node[a.v]! - walk.node[b.v]!);
  return out.map((o) => o.cause);
}

/** The plant's unmet needs, each with the root causes reached from its suppliers and its alternatives. */
function blockedInputsOf(view: AbleView, plant: number, walk: UnmetWalk, succ: WalkSuccessors): BlockedInput[] {
  const g = view.graph;
  return walk.plantUnmetNeeds.map((k) => {
    const starts: number[] = [];
    for (let p = g.supplierStart[k]!, end = g.supplierStart[k + 1]!; p < end; p++) {
      const s = g.suppliers[p]!;
      if (s !== plant) starts.push(walk.local.get(s)!);
    }
    const reached = reachableFrom(succ, walk.node.length, starts);
    const roots: number[] = [];
    for (let v = 1; v < walk.node.length; v++) {
      if (reached[v] === 1 && g.status[walk.node[v]!] !== OPERATING) roots.push(walk.node[v]!);
    }
    roots.sort((a, b) => a - b);
    const suppliers = supplierIds(g, k);
    return {
      component: g.componentIds[g.needComponent[k]!]!,
      reason: suppliers.length === 0 ? 'NO_SUPPLIER' : 'SUPPLIERS_DOWN',
      suppliers,
      rootCauses: roots.map((r) => g.ids[r]!),
      alternatives: alternativesFor(view, plant, k),
    };
  });
}

/** The plant's needs met only by stock (no able supplier). */
function atRiskOf(view: AbleView, plant: number, asOf: string): AtRiskInput[] {
  const g = view.graph;
  const out: AtRiskInput[] = [];
  if (view.scenario.countStock) {
    for (let k = g.needStart[plant]!, end = g.needStart[plant + 1]!; k < end; k++) {
      if (hasAbleSupplier(view, k) || !isCovered(g, view.scenario, k)) continue;
      const stockDays = g.needStock[k]!;
      out.push({
        component: g.componentIds[g.needComponent[k]!]!,
        stockDays,
        coveredUntil: addDays(asOf, stockDays),
        suppliers: supplierIds(g, k),
      });
    }
  }
  return out;
}

/** The plant's root causes on asOf, none when it is ready: restartReadiness's, without its alternatives and expected date. */
export function plantRootCauses(g: SupplyGraph, plantId: string, asOf: string, cache = new AbleCache()): RootCause[] {
  const plant = g.requireIndex(plantId);
  const { ready, view } = plantView(g, plant, parseDay(asOf), cache);
  if (ready) return [];
  const walk = walkUnmet(view, plant);
  return rootCausesOf(g, walk, walkSuccessors(walk));
}

/** Can the plant restart on asOf, and if not, what holds it and when will it be ready. */
export function restartReadiness(g: SupplyGraph, plantId: string, asOf: string, cache = new AbleCache()): RestartReadiness {
  const plant = g.requireIndex(plantId);
  const asOfDay = parseDay(asOf);
  const { ready, view } = plantView(g, plant, asOfDay, cache);
  // A knownAble plant's needs lie outside the data: nothing to report on them.
  const atRisk = g.knownAble[plant] === 1 ? [] : atRiskOf(view, plant, asOf);
  if (ready) return { plant: plantId, asOf, ready, expectedReadyDate: asOf, blockedInputs: [], atRisk, rootCauses: [] };
  const walk = walkUnmet(view, plant);
  const succ = walkSuccessors(walk);
  const day = expectedReadyDay(g, plant, asOfDay, cache);
  return {
    plant: plantId,
    asOf,
    ready,
    expectedReadyDate: day === null ? null : formatDay(day),
    blockedInputs: blockedInputsOf(view, plant, walk, succ),
    atRisk,
    rootCauses: rootCausesOf(g, walk, succ),
  };
}

import {
  CANDIDATE,
  classify,
  countedOperating,
  FIXED_ABLE,
  FORCE_OPERATING,
  hasAbleSupplier,
  interrupted,
  isStockCovered,
  loansInForce,
  restrictionInForce,
  withoutCoverOf,
  AbleCache,
  type AbleView,
  type Scenario,
} from './able.ts';
import { addDays, formatDay, parseDay } from './dates.ts';
import { NO_END, OPERATING, SUSPENDED, type SupplyGraph } from './graph.ts';
import type { AtRiskInput, BlockedInput, LogisticsRootCause, RestartReadiness, RootCause } from './types.ts';
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
 * Able makers of a blocked need k's component, other than the plant and its
 * current suppliers (an able one may be cut off by a restriction), nearest
 * first, then by id. Makers come in index (= id) order, so one bucket per
 * distance keeps id order within it: a common component has thousands of
 * makers nationwide.
 */
function alternativesFor(view: AbleView, plant: number, k: number): string[] {
  const g = view.graph;
  const c = g.needComponent[k]!;
  const buckets: number[][] = [[], [], [], []];
  for (let p = g.makerStart[c]!, end = g.makerStart[c + 1]!; p < end; p++) {
    const m = g.makers[p]!;
    if (m === plant || !view.isAble(m) || g.findEdge(k, m) >= 0) continue;
    buckets[regionDistance(g, plant, m)]!.push(m);
  }
  const out: string[] = [];
  for (const bucket of buckets) for (const m of bucket) out.push(g.ids[m]!);
  return out;
}

/**
 * First day after asOf by which the plant would be ready if every SUSPENDED
 * enterprise resuming by then were operating, with the restrictions in force
 * on that day (no stock counted); null when none. The candidates are the
 * resume days and the restrictions' ends after asOf.
 *
 * While no restriction starts after asOf, readiness only shrinks as the day
 * moves earlier (fewer resumed, more edges cut), so the plant's cone is
 * solved once for the latest day and then taken back day by day, latest
 * first (AbleSolver.moveBackTo): the last day before the plant drops is the
 * answer. Otherwise each candidate is judged in turn. Call only for a plant
 * that is not ready on asOf.
 */
export function expectedReadyDay(g: SupplyGraph, plant: number, asOfDay: number, cache: AbleCache): number | null {
  const index = cache.derived(g, 'restriction ends', restrictionEnds);
  if (index.latestFrom > asOfDay) return firstReadyDayJudgedInTurn(g, plant, asOfDay, cache);
  const ends = index.ends.filter((d) => d > asOfDay);
  const widest: Scenario = {
    asOfDay,
    countStock: false,
    forced: new Map([[plant, FORCE_OPERATING]]),
    resumeThroughDay: Number.MAX_SAFE_INTEGER,
    // From the latest end on, only the open-ended restrictions are in force, whatever the day.
    logisticsDay: Math.max(asOfDay + 1, ...ends),
  };
  return cache.withSolver(g, widest, (solver) => {
    const cone = solver.solve([plant]);
    if (!solver.isAble(plant)) return null;
    // Suspended members of the cone are candidates only thanks to a resume day after asOf.
    const resumingOn = new Map<number, number[]>();
    for (const x of cone) {
      if (x === plant || g.status[x] !== SUSPENDED) continue;
      const d = g.resumeDay[x]!;
      const list = resumingOn.get(d);
      if (list === undefined) resumingOn.set(d, [x]);
      else list.push(x);
    }
    const days = [...new Set([...resumingOn.keys(), ...ends])].sort((a, b) => b - a);
    for (let i = 0; i + 1 < days.length; i++) {
      // Restrictions ending on days[i] are in force on every earlier day.
      solver.moveBackTo(days[i + 1]!, index.edgesEndingOn.get(days[i]!) ?? [], resumingOn.get(days[i]!) ?? []);
      if (!solver.isAble(plant)) return days[i]!;
    }
    // Not ready on asOf, so some resume or end in the cone was needed: days is not empty.
    return days[days.length - 1] ?? null;
  });
}

interface RestrictionEnds {
  /** The restrictions' ends (exclusive), ascending, open-ended ones left out. */
  ends: number[];
  /** The edges of the restrictions ending on each of those days. */
  edgesEndingOn: Map<number, number[]>;
  /** The latest start among them (-1 with none). */
  latestFrom: number;
}

function restrictionEnds(g: SupplyGraph): RestrictionEnds {
  const lg = g.logistics;
  const edgesEndingOn = new Map<number, number[]>();
  let latestFrom = -1;
  for (let r = 0; r < lg.restrictionIds.length; r++) latestFrom = Math.max(latestFrom, lg.restrictionFrom[r]!);
  for (const [p, rs] of lg.edgeRestrictions) {
    for (const r of rs) {
      const until = lg.restrictionUntil[r]!;
      if (until === NO_END) continue;
      const list = edgesEndingOn.get(until);
      if (list === undefined) edgesEndingOn.set(until, [p]);
      else list.push(p);
    }
  }
  const ends = new Set<number>();
  for (let r = 0; r < lg.restrictionIds.length; r++) if (lg.restrictionUntil[r] !== NO_END) ends.add(lg.restrictionUntil[r]!);
  return { ends: [...ends].sort((a, b) => a - b), edgesEndingOn, latestFrom };
}

/** expectedReadyDay when some restriction starts after asOf: readiness is then no longer monotone in the day. */
function firstReadyDayJudgedInTurn(g: SupplyGraph, plant: number, asOfDay: number, cache: AbleCache): number | null {
  const days = new Set<number>();
  for (let i = 0; i < g.size; i++) if (g.status[i] === SUSPENDED && g.resumeDay[i]! > asOfDay) days.add(g.resumeDay[i]!);
  for (const d of cache.derived(g, 'restriction ends', restrictionEnds).ends) if (d > asOfDay) days.add(d);
  const readyOn = (d: number): boolean =>
    cache.withSolver(
      g,
      { asOfDay, countStock: false, forced: new Map([[plant, FORCE_OPERATING]]), resumeThroughDay: d, logisticsDay: d },
      (solver) => solver.isAble(plant),
    );
  return [...days].sort((a, b) => a - b).find(readyOn) ?? null;
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
    // The need is not met, so any able supplier is cut off.
    let ableCutOff = false;
    for (let p = g.supplierStart[k]!, end = g.supplierStart[k + 1]!; p < end && !ableCutOff; p++) ableCutOff = view.isAble(g.suppliers[p]!);
    return {
      component: g.componentIds[g.needComponent[k]!]!,
      reason: suppliers.length === 0 ? 'NO_SUPPLIER' : ableCutOff ? 'DELIVERY_INTERRUPTED' : 'SUPPLIERS_DOWN',
      suppliers,
      rootCauses: roots.map((r) => g.ids[r]!),
      alternatives: alternativesFor(view, plant, k),
    };
  });
}

/** The plant's needs met only by stock, its own or lent (no able supplier delivers). */
function atRiskOf(view: AbleView, plant: number, asOf: string): AtRiskInput[] {
  const g = view.graph;
  const lg = g.logistics;
  const out: AtRiskInput[] = [];
  if (view.scenario.countStock) {
    for (let k = g.needStart[plant]!, end = g.needStart[plant + 1]!; k < end; k++) {
      if (hasAbleSupplier(view, k)) continue;
      const stock = isStockCovered(g, view.scenario, k);
      const loans = loansInForce(g, view.scenario, k);
      if (!stock && loans.length === 0) continue;
      const stockDays = stock ? g.needStock[k]! : null;
      let loanEnd = -1;
      for (const l of loans) loanEnd = Math.max(loanEnd, lg.loanEnd[l]!);
      out.push({
        component: g.componentIds[g.needComponent[k]!]!,
        stockDays,
        coveredUntil: stockDays === null ? null : addDays(asOf, stockDays),
        suppliers: supplierIds(g, k),
        loans: loans.map((l) => lg.loanIds[l]!),
        loanEndsOn: loanEnd < 0 ? null : formatDay(loanEnd),
      });
    }
  }
  return out;
}

/**
 * Logistics root causes on an A* view: every restriction in force on an
 * edge e -> s of the walk that lies on some simple walk from the plant (s
 * does not dominate e). Its tier is the shortest simple walk to e + 1; the
 * path runs from s along that walk to the plant.
 */
function logisticsRootCausesOf(view: AbleView, walk: UnmetWalk, succ: WalkSuccessors): LogisticsRootCause[] {
  const g = view.graph;
  const sc = view.scenario;
  if (g.logistics.restricted === null) return [];
  // Walk edges by (customer, supplier): the edge position is found from the customer's unmet need of the component.
  const cut: { i: number; p: number }[] = [];
  for (let i = 0; i < walk.edgeTo.length; i++) {
    const e = walk.node[walk.edgeFrom[i]!]!;
    const s = walk.node[walk.edgeTo[i]!]!;
    const k = g.findNeed(e, walk.edgeComponent[i]!);
    const p = g.findEdge(k, s);
    if (interrupted(g, sc, p)) cut.push({ i, p });
  }
  if (cut.length === 0) return [];
  const dom = dominatorsOf(walk, succ);
  const best = new Map<number, { components: Set<number>; tier: number; path: string[] }>();
  for (const { i, p } of cut) {
    const le = walk.edgeFrom[i]!;
    const ls = walk.edgeTo[i]!;
    if (dom.dominates(ls, le)) continue;
    const route = pathAvoiding(walk, succ, le, ls);
    const path = [g.ids[walk.node[ls]!]!, ...route.map((v) => g.ids[walk.node[v]!]!)];
    const tier = route.length;
    for (const r of g.logistics.edgeRestrictions.get(p)!) {
      if (restrictionInForce(g, sc, r) < 0) continue;
      const entry = best.get(r);
      if (entry === undefined) best.set(r, { components: new Set([walk.edgeComponent[i]!]), tier, path });
      else {
        entry.components.add(walk.edgeComponent[i]!);
        if (tier < entry.tier || (tier === entry.tier && comparePaths(g, path, entry.path) < 0)) {
          entry.tier = tier;
          entry.path = path;
        }
      }
    }
  }
  return [...best.entries()]
    .map(([r, b]) => ({
      restriction: g.logistics.restrictionIds[r]!,
      components: [...b.components].sort((x, y) => x - y).map((c) => g.componentIds[c]!),
      tier: b.tier,
      path: b.path,
    }))
    .sort((a, b) => a.tier - b.tier || (a.restriction < b.restriction ? -1 : a.restriction > b.restriction ? 1 : 0));
}

/** Orders equal-length paths by their ids from the plant's end backwards: the one the walk's parents would pick. */
function comparePaths(g: SupplyGraph, a: readonly string[], b: readonly string[]): number {
  for (let i = a.length - 1; i >= 0; i--) {
    const x = g.indexOf(a[i]!)!;
    const y = g.indexOf(b[i]!)!;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * A shortest walk from local node `target` to the plant (both included) that
 * avoids `avoid`, each step to the smallest id one level closer, as the
 * walk's own parents are chosen; its parents already are one when `avoid`
 * is not on them.
 */
function pathAvoiding(walk: UnmetWalk, succ: WalkSuccessors, target: number, avoid: number): number[] {
  const viaParents: number[] = [];
  let clear = true;
  for (let u = target; u !== -1; u = walk.parent[u]!) {
    if (u === avoid) clear = false;
    viaParents.push(u);
  }
  if (clear) return viaParents;
  // Breadth-first from the plant without `avoid`, levels expanded in id order.
  const size = walk.node.length;
  const parent = new Int32Array(size).fill(-2);
  parent[0] = -1;
  let level = [0];
  while (level.length > 0 && parent[target] === -2) {
    const next: number[] = [];
    for (const v of level) {
      for (let q = succ.start[v]!, end = succ.start[v + 1]!; q < end; q++) {
        const w = succ.to[q]!;
        if (w === avoid || parent[w] !== -2) continue;
        parent[w] = v;
        next.push(w);
      }
    }
    next.sort((a, b) => walk.node[a]! - walk.node[b]!);
    level = next;
  }
  const out: number[] = [];
  for (let u = target; u !== -1; u = parent[u]!) out.push(u);
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

/** The plant's root causes and logistics root causes on asOf, none when it is ready: what coordination suggestions route. */
export function plantAllRootCauses(
  g: SupplyGraph,
  plantId: string,
  asOf: string,
  cache = new AbleCache(),
): { rootCauses: RootCause[]; logisticsRootCauses: LogisticsRootCause[] } {
  const plant = g.requireIndex(plantId);
  const { ready, view } = plantView(g, plant, parseDay(asOf), cache);
  if (ready) return { rootCauses: [], logisticsRootCauses: [] };
  const walk = walkUnmet(view, plant);
  const succ = walkSuccessors(walk);
  return { rootCauses: rootCausesOf(g, walk, succ), logisticsRootCauses: logisticsRootCausesOf(view, walk, succ) };
}

/** Can the plant restart on asOf, and if not, what holds it and when will it be ready. */
export function restartReadiness(g: SupplyGraph, plantId: string, asOf: string, cache = new AbleCache()): RestartReadiness {
  const plant = g.requireIndex(plantId);
  const asOfDay = parseDay(asOf);
  const { ready, view } = plantView(g, plant, asOfDay, cache);
  // A knownAble plant's needs lie outside the data: nothing to report on them.
  const atRisk = g.knownAble[plant] === 1 ? [] : atRiskOf(view, plant, asOf);
  if (ready) return { plant: plantId, asOf, ready, expectedReadyDate: asOf, blockedInputs: [], atRisk, rootCauses: [], logisticsRootCauses: [] };
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
    logisticsRootCauses: logisticsRootCausesOf(view, walk, succ),
  };
}

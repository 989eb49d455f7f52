import {
  AbleCache,
  CANDIDATE,
  classify,
  countedOperating,
  FIXED_ABLE,
  FORCE_OPERATING,
  hasRestrictedOutgoing,
  interrupted,
  needMet,
  withoutCoverOf,
  withOperating,
  type AbleSolver,
  type AbleView,
} from './able.ts';
import { parseDay } from './dates.ts';
import { CLOSED, NO_DATE, OPERATING, SUSPENDED, type SupplyGraph } from './graph.ts';
import { walkUnmet } from './walk.ts';

// The restart plan (DOMAIN.md, "Restart plan"): which restarts, asked for
// first, put the most people back to work. Greedy over X, the restarts
// chosen so far, each counted OPERATING.
//
// Two facts bound the work of a step:
// - A restart c can free a blocked plant P only when c lies on P's walk
//   back along unmet needs (c is one of P's root causes): the walk is closed
//   under "supplier of an unmet need", so no member of it can become able
//   without a restart on it. A step therefore walks each blocked plant once
//   and evaluates only the suspended root causes it meets.
// - A restart c can block a ready plant only by taking away its stock
//   cover: counted OPERATING, c no longer covers its customers until its
//   date. When c is able so counted, it feeds every need it covered and the
//   able sets only grow; so only a c with a resume date after asOf that is
//   still not able so counted needs ready plants judged, and only those its
//   lost cover can reach (coverLossReach), not its whole downstream.
// The able set with c counted OPERATING is the step's set grown downstream
// of c over the walks of the step's blocked plants (withOperating), never a
// solve from scratch; and the step's set itself is one copy of the day's
// settled set, kept for the whole plan, that grows by what each restart
// adds as it is chosen (AbleSolver.countOperating).

export type RemainingReason = 'JOINT_RESTART' | 'CLOSED_ROOT_CAUSE' | 'NO_SUPPLIER' | 'LOGISTICS_RESTRICTION';

export interface PlanStep {
  /** The restart chosen at this step (enterprise index). */
  enterprise: number;
  /** Scope members not ready before the step and ready after it, ascending (so in id order). */
  freed: number[];
  /** Scope members ready before the step and not after it (they lost the restart's stock cover), ascending. */
  blockedAnew: number[];
  /** Workforce of the blocked scope members before the step minus after it. */
  freedWorkforce: number;
  /** Blocked scope members before the step minus after it. */
  freedPlants: number;
  /** Running totals over the steps so far. */
  totalWorkforce: number;
  totalPlants: number;
}

export interface RestartPlan {
  steps: PlanStep[];
  /** Scope members still not ready with every step's restart counted OPERATING, ascending. */
  remaining: Int32Array;
  /** Restarts of the plan, all counted OPERATING: the scenario `remaining` is judged in. */
  restarts: number[];
  /**
   * The able set with the plan's restarts counted OPERATING, as the steps
   * left it (null without restarts: the day's own set), for remainingReasons
   * to go on from: settling it again would cost the plan's cones anew. It
   * lives as long as the plan (its arrays are not returned to the cache's pool).
   */
  settled: AbleSolver | null;
}

/** Whether plant p is ready on the view's scenario: able once it alone is also counted operating. */
export function readyOn(view: AbleView, p: number): boolean {
  const cls = classify(view.graph, view.scenario, p);
  if (cls === FIXED_ABLE) return true;
  if (cls === CANDIDATE) return view.isAble(p);
  return countedOperating(view, p).ready;
}

/** A* of plant p on the view's scenario (see readiness.ts, plantView). */
function plantViewOn(solver: AbleSolver, p: number): { ready: boolean; view: AbleView } {
  const cls = classify(solver.graph, solver.scenario, p);
  if (cls === FIXED_ABLE) return { ready: true, view: solver };
  if (cls === CANDIDATE) return { ready: solver.isAble(p), view: solver };
  const counted = countedOperating(solver, p);
  if (counted.ready) return { ready: true, view: counted };
  return { ready: false, view: withoutCoverOf(solver, p) };
}

/** A blocked plant's walk back along unmet needs, and the suspended enterprises on it not already restarted. */
interface PlantWalk {
  walk: readonly number[];
  roots: number[];
}

function walkOf(solver: AbleSolver, p: number): PlantWalk {
  const g = solver.graph;
  const { view } = plantViewOn(solver, p);
  const walk = walkUnmet(view, p).node;
  const roots: number[] = [];
  for (let v = 1; v < walk.length; v++) {
    const s = walk[v]!;
    if (g.status[s] === SUSPENDED && !solver.scenario.forced.has(s)) roots.push(s);
  }
  return { walk, roots };
}

/** Which enterprises lie on the walks of a step's blocked plants: a stamp per enterprise, the step's own number marking them. */
class WalkMarks {
  readonly stamp: Int32Array;
  private step = 0;

  constructor(size: number) {
    this.stamp = new Int32Array(size);
  }

  next(): number {
    return ++this.step;
  }
}

interface Evaluation {
  c: number;
  freed: number[];
  blockedAnew: number[];
  workforce: number;
  plants: number;
}

/** Orders evaluations: most workforce, then most plants, then lowest index (= id). */
function better(a: Evaluation, b: Evaluation): boolean {
  if (a.workforce !== b.workforce) return a.workforce > b.workforce;
  if (a.plants !== b.plants) return a.plants > b.plants;
  return a.c < b.c;
}


/**
 * A step's choice on the solved able set of X: among the suspended root
 * causes of the blocked plants, the best by `better` of those that free
 * someone, or null when none does. A restart frees at most the blocked
 * plants whose walks have it as a root cause and blocks anew only plants
 * with a workforce of their own, so those plants bound what it can score:
 * candidates are evaluated from the highest bound down, and once the best
 * so far beats the next bound, no later candidate can beat it. The choice
 * is the one evaluating them all would make; most of a province's
 * candidates are never evaluated.
 */
function bestCandidate(solver: AbleSolver, blocked: ReadonlySet<number>, walksOf: Map<number, PlantWalk>, inScope: (i: number) => boolean, onWalks: WalkMarks): Evaluation | null {
  const g = solver.graph;
  const frees = new Map<number, number[]>();
  const mark = onWalks.next();
  for (const p of [...blocked].sort((a, b) => a - b)) {
    let walk = walksOf.get(p);
    if (walk === undefined) walksOf.set(p, (walk = walkOf(solver, p)));
    for (const x of walk.walk) onWalks.stamp[x] = mark;
    for (const c of walk.roots) {
      const list = frees.get(c);
      if (list === undefined) frees.set(c, [p]);
      else list.push(p);
    }
  }
  // Growing the able set downstream of a restart only matters on the walks of the plants it may free.
  const within = (i: number): boolean => onWalks.stamp[i] === mark;
  const bounds: Evaluation[] = [];
  for (const [c, plants] of frees) {
    let workforce = 0;
    for (const p of plants) workforce += g.enterprises[p]!.workforce;
    bounds.push({ c, freed: plants, blockedAnew: [], workforce, plants: plants.length });
  }
  bounds.sort((a, b) => (better(a, b) ? -1 : 1));
  let best: Evaluation | null = null;
  for (const bound of bounds) {
    if (best !== null && better(best, bound)) break;
    const e = evaluateRestart(solver, bound.c, bound.freed, within, blocked, inScope);
    if (e.freed.length > 0 && (best === null || better(e, best))) best = e;
  }
  return best;
}

/** What counting c OPERATING on top of X frees among `mayFree` (the blocked plants it is a root cause of) and blocks anew. */
function evaluateRestart(solver: AbleSolver, c: number, mayFree: readonly number[], within: (i: number) => boolean, blocked: ReadonlySet<number>, inScope: (i: number) => boolean): Evaluation {
  const g = solver.graph;
  const grown = withOperating(solver, c, within);
  const freed = mayFree.filter((p) => readyOn(grown.view, p));
  const blockedAnew: number[] = [];
  const d = g.resumeDay[c]!;
  if (freed.length > 0 && !grown.able && d !== NO_DATE && d > solver.scenario.asOfDay) {
    for (const q of coverLossReach(grown.view, c)) {
      if (q === c || !inScope(q) || blocked.has(q)) continue;
      if (!readyOn(grown.view, q)) blockedAnew.push(q);
    }
    blockedAnew.sort((a, b) => a - b);
  }
  let workforce = 0;
  for (const p of freed) workforce += g.enterprises[p]!.workforce;
  for (const q of blockedAnew) workforce -= g.enterprises[q]!.workforce;
  return { c, freed, blockedAnew, workforce, plants: freed.length - blockedAnew.length };
}

/**
 * The enterprises whose readiness may differ once c, counted OPERATING but
 * still unable, no longer covers its customers by stock (`view`: the able
 * set so): readiness is decided upstream, over the unable enterprises a
 * plant's needs lead to, so only c's customers, and what is reached from
 * them through customers unable in the view (those the loss of cover took
 * out among them), can see the change. The rest of c's downstream keeps its
 * answer; a restart's downstream can be a fifth of a national network.
 */
function coverLossReach(view: AbleView, c: number): number[] {
  const g = view.graph;
  const seen = new Set<number>([c]);
  const order = [c];
  for (let h = 0; h < order.length; h++) {
    const x = order[h]!;
    // An able enterprise passes nothing on: it is able before and after.
    if (x !== c && view.isAble(x)) continue;
    for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) {
      const o = g.needOwner[g.suppliedNeeds[p]!]!;
      if (seen.has(o)) continue;
      seen.add(o);
      order.push(o);
    }
  }
  return order;
}

/**
 * Forgets the kept walks that restarting c can change. A walk not through c
 * stays as it is when c covers no one by stock (no resume date after asOf):
 * counted OPERATING, c then only adds to what runs, none of the walk's
 * members can start (they need a restart on the walk) and every need met
 * stays met. A c that may have covered someone (or may cover a customer cut
 * off from it anew) changes at most the walks through its customers, through
 * an enterprise whose ableness changed (`changed`), or through a customer of
 * one: a walk is decided by which of its members' needs are met.
 */
function forgetWalks(g: SupplyGraph, walksOf: Map<number, PlantWalk>, c: number, changed: ArrayLike<number>, asOfDay: number): void {
  for (const [p, walk] of walksOf) if (walk.roots.includes(c)) walksOf.delete(p);
  const d = g.resumeDay[c]!;
  if ((d === NO_DATE || d <= asOfDay) && !hasRestrictedOutgoing(g, c)) return;
  const touched = new Set<number>();
  for (let j = -1; j < changed.length; j++) {
    const x = j < 0 ? c : changed[j]!;
    touched.add(x);
    for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) touched.add(g.needOwner[g.suppliedNeeds[p]!]!);
  }
  for (const [p, walk] of walksOf) if (walk.walk.some((x) => touched.has(x))) walksOf.delete(p);
}

/**
 * The restart plan for a scope (the non-CLOSED enterprises of a region's
 * subtree, by index) in at most k steps. A step considers only restarts that
 * free someone, and the plan stops early when none does. `cache` as for
 * every question (see AbleCache): the first step starts from the day's
 * plain able set.
 */
export function restartPlan(g: SupplyGraph, scope: ArrayLike<number>, k: number, asOf: string, cache = new AbleCache()): RestartPlan {
  const asOfDay = parseDay(asOf);
  const members = new Set<number>();
  for (let j = 0; j < scope.length; j++) if (g.status[scope[j]!] !== CLOSED) members.add(scope[j]!);
  const inScope = (i: number): boolean => members.has(i);

  const restarts: number[] = [];
  const steps: PlanStep[] = [];
  let totalWorkforce = 0;
  let totalPlants = 0;
  const plain = cache.plainSolver(g, asOfDay);
  const blocked = new Set<number>();
  for (const p of members) if (!readyOn(plain, p)) blocked.add(p);

  // Each blocked plant's walk and suspended root causes, walked once and kept while the steps cannot change its walk.
  const walksOf = new Map<number, PlantWalk>();
  const onWalks = new WalkMarks(g.size);
  // The able set of X: the day's plain one until the first restart, then a
  // copy of it that counts each restart OPERATING as it is chosen.
  let solver = plain;
  let own: AbleSolver | null = null;
  try {
    for (let step = 0; step < k && blocked.size > 0; step++) {
      const best = bestCandidate(solver, blocked, walksOf, inScope, onWalks);
      if (best === null) break;
      restarts.push(best.c);
      own ??= plain.fork();
      const changed = own.countOperating(best.c);
      solver = own;
      forgetWalks(g, walksOf, best.c, changed, asOfDay);
      for (const p of best.freed) {
        blocked.delete(p);
        walksOf.delete(p);
      }
      for (const q of best.blockedAnew) blocked.add(q);
      totalWorkforce += best.workforce;
      totalPlants += best.plants;
      steps.push({
        enterprise: best.c,
        freed: best.freed,
        blockedAnew: best.blockedAnew,
        freedWorkforce: best.workforce,
        freedPlants: best.plants,
        totalWorkforce,
        totalPlants,
      });
    }
  } catch (error) {
    own?.dispose();
    throw error;
  }
  return { steps, remaining: Int32Array.from(blocked).sort(), restarts, settled: own };
}

/**
 * Why each of the given remaining plants stays blocked with the plan's
 * restarts counted OPERATING: NO_SUPPLIER when a need on its walk back has
 * no supplier at all; CLOSED_ROOT_CAUSE when a CLOSED enterprise is on that
 * walk; JOINT_RESTART when counting all its suspended root causes OPERATING
 * at once would free it and none of them alone does. None of these, when one
 * more restart would free it alone (the plan ran out of steps) or when even
 * all its restarts together would not (a cover that runs out before a
 * resumption, say). LOGISTICS_RESTRICTION when a restriction in force cuts
 * an edge of that walk. Reasons in that order, for the plants in the order given.
 */
export function remainingReasons(g: SupplyGraph, plan: RestartPlan, plants: readonly number[], asOf: string, cache = new AbleCache()): RemainingReason[][] {
  const asOfDay = parseDay(asOf);
  // The plan's scenario as its steps left it settled (or the day's set, without restarts).
  const solver = plan.settled ?? cache.plainSolver(g, asOfDay);
  return plants.map((p) => {
    const { view } = plantViewOn(solver, p);
    const walk = walkUnmet(view, p);
    let noSupplier = false;
    let closed = false;
    let restricted = false;
    const suspended: number[] = [];
    for (let v = 0; v < walk.node.length; v++) {
      const x = walk.node[v]!;
      if (v > 0) {
        if (g.status[x] === CLOSED) closed = true;
        else if (g.status[x] !== OPERATING && !solver.scenario.forced.has(x)) suspended.push(x);
      }
      for (let n = g.needStart[x]!, end = g.knownAble[x] === 1 ? n : g.needStart[x + 1]!; n < end; n++) {
        if (needMet(view, n)) continue;
        if (g.supplierStart[n] === g.supplierStart[n + 1]) noSupplier = true;
        for (let q = g.supplierStart[n]!, qEnd = g.supplierStart[n + 1]!; q < qEnd && !restricted; q++) {
          if (g.suppliers[q] !== p && interrupted(g, view.scenario, q)) restricted = true;
        }
      }
    }
    const reasons: RemainingReason[] = [];
    if (suspended.length > 1 && !suspended.some((c) => freesAlone(solver, c, p, walk.node))) {
      // Afresh, over the plant's cone only: forgetting the downstream of each of its restarts in a copy costs more.
      const all = { ...solver.scenario, forced: new Map([...solver.scenario.forced, ...suspended.map((s) => [s, FORCE_OPERATING] as const)]) };
      if (cache.withSolver(g, all, (together) => readyOn(together, p))) reasons.push('JOINT_RESTART');
    }
    if (closed) reasons.push('CLOSED_ROOT_CAUSE');
    if (noSupplier) reasons.push('NO_SUPPLIER');
    if (restricted) reasons.push('LOGISTICS_RESTRICTION');
    return reasons;
  });
}

/** Whether counting c OPERATING on top of the plan frees plant p, whose walk back along unmet needs is `walk` (see withOperating's `within`). */
function freesAlone(solver: AbleSolver, c: number, p: number, walk: readonly number[]): boolean {
  const onWalk = new Set(walk);
  return readyOn(withOperating(solver, c, (i) => onWalk.has(i)).view, p);
}

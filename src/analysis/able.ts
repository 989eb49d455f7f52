import { parseDay } from './dates.ts';
import { CLOSED, NO_DATE, NO_END, OPERATING, SUSPENDED, type SupplyGraph } from './graph.ts';
import type { AbleOptions } from './types.ts';

// The able set is the greatest fixpoint of "able = counted operating and
// every need met". Whether an enterprise is able depends only on its
// upstream cone, so the solver works lazily, one cone at a time: a query
// about one plant pays for that plant's cone, never for the whole country.

export const FORCE_OPERATING = 1;
export const FORCE_SUSPENDED_NO_DATE = 2;

/** One evaluation's view of statuses. */
export interface Scenario {
  readonly asOfDay: number;
  readonly countStock: boolean;
  /** Enterprise index → FORCE_OPERATING | FORCE_SUSPENDED_NO_DATE. */
  readonly forced: ReadonlyMap<number, number>;
  /** When set, every SUSPENDED enterprise with a resume day in (asOfDay, resumeThroughDay] counts as OPERATING. */
  readonly resumeThroughDay: number | null;
  /**
   * The day whose restrictions and loans are in force, and after which an
   * edge's effective date must fall to cover (the timeline's day d); asOfDay
   * when absent.
   */
  readonly logisticsDay?: number;
  /** One restriction judged otherwise (restrictionImpact): lifted, or in force from asOfDay until `until` (NO_END: open-ended). */
  readonly restrictionOverride?: { readonly restriction: number; readonly lifted: boolean; readonly until: number };
  /** Every restriction counted in force on every day, open-ended (able0: a set no day's restrictions can shrink). */
  readonly everyRestriction?: boolean;
}

export function logisticsDayOf(sc: Scenario): number {
  return sc.logisticsDay ?? sc.asOfDay;
}

/** The end (exclusive, NO_END when open) of restriction r when it is in force on the scenario's logistics day; -1 when it is not. */
export function restrictionInForce(graph: SupplyGraph, sc: Scenario, r: number): number {
  if (sc.everyRestriction === true) return NO_END;
  const o = sc.restrictionOverride;
  if (o !== undefined && o.restriction === r) {
    if (o.lifted) return -1;
    const day = logisticsDayOf(sc);
    return day >= sc.asOfDay && day < o.until ? o.until : -1;
  }
  const lg = graph.logistics;
  const day = logisticsDayOf(sc);
  const until = lg.restrictionUntil[r]!;
  return lg.restrictionFrom[r]! <= day && day < until ? until : -1;
}

/**
 * Whether supply edge p (a position in graph.suppliers) is interrupted on
 * the scenario's logistics day: some restriction in force applies to it.
 */
export function interrupted(graph: SupplyGraph, sc: Scenario, p: number): boolean {
  const lg = graph.logistics;
  if (lg.restricted === null || lg.restricted[p] === 0) return false;
  for (const r of lg.edgeRestrictions.get(p)!) if (restrictionInForce(graph, sc, r) >= 0) return true;
  return false;
}

/** The latest end among the restrictions in force on edge p (NO_END when one is open-ended); -1 when none is in force. */
function latestUntil(graph: SupplyGraph, sc: Scenario, p: number): number {
  const lg = graph.logistics;
  if (lg.restricted === null || lg.restricted[p] === 0) return -1;
  let latest = -1;
  for (const r of lg.edgeRestrictions.get(p)!) latest = Math.max(latest, restrictionInForce(graph, sc, r));
  return latest;
}

/** Whether some enterprise's delivery from i is restricted on some day: what the shortcuts that assume an able supplier feeds every customer must not take. */
export function hasRestrictedOutgoing(graph: SupplyGraph, i: number): boolean {
  const restricted = graph.logistics.restricted;
  if (restricted === null) return false;
  for (let q = graph.suppliedStart[i]!, end = graph.suppliedStart[i + 1]!; q < end; q++) if (restricted[graph.suppliedEdge[q]!] === 1) return true;
  return false;
}

export function scenarioFromOptions(graph: SupplyGraph, asOf: string, options: AbleOptions = {}): Scenario {
  const forced = new Map<number, number>();
  for (const id of options.operating ?? []) forced.set(graph.requireIndex(id), FORCE_OPERATING);
  for (const id of options.suspendedNoDate ?? []) {
    const i = graph.requireIndex(id);
    if (forced.get(i) === FORCE_OPERATING) throw new RangeError(`enterprise ${id} is forced both operating and suspended`);
    forced.set(i, FORCE_SUSPENDED_NO_DATE);
  }
  return { asOfDay: parseDay(asOf), countStock: options.countStock ?? true, forced, resumeThroughDay: null };
}

/** Returns a copy of the scenario with enterprise i forced to the given state. */
export function withForced(scenario: Scenario, i: number, force: number): Scenario {
  const forced = new Map(scenario.forced);
  forced.set(i, force);
  return { ...scenario, forced };
}

// Ableness classes of an enterprise under a scenario.
export const FIXED_UNABLE = 0;
export const FIXED_ABLE = 1;
export const CANDIDATE = 2;

/**
 * FIXED_ABLE: knownAble (its needs are outside the data); CANDIDATE: counted
 * operating, able unless a need fails; FIXED_UNABLE: everything else.
 * Forcing a knownAble enterprise suspended wins, so that "what if it stopped"
 * questions work on a subgraph's boundary too.
 */
export function classify(graph: SupplyGraph, sc: Scenario, i: number): number {
  const f = sc.forced.size > 0 ? sc.forced.get(i) : undefined;
  if (f === FORCE_SUSPENDED_NO_DATE) return FIXED_UNABLE;
  if (graph.knownAble[i] === 1) return FIXED_ABLE;
  if (f === FORCE_OPERATING) return CANDIDATE;
  const st = graph.status[i]!;
  if (st === OPERATING) return CANDIDATE;
  if (st === SUSPENDED && sc.resumeThroughDay !== null) {
    const d = graph.resumeDay[i]!;
    if (d > sc.asOfDay && d <= sc.resumeThroughDay) return CANDIDATE;
  }
  return FIXED_UNABLE;
}

/**
 * The effective date of supply edge p (DOMAIN.md, "Logistics"): the
 * supplier's resume day when SUSPENDED with one after the logistics day, that
 * day when it counts as OPERATING, none (-1) otherwise; on an interrupted
 * edge, the later of that and the latest end of its restrictions in force
 * (none when either is none).
 */
function effectiveDay(graph: SupplyGraph, sc: Scenario, p: number, day: number): number {
  const s = graph.suppliers[p]!;
  const f = sc.forced.size > 0 ? sc.forced.get(s) : undefined;
  let eff: number;
  if (f === FORCE_SUSPENDED_NO_DATE) eff = -1;
  else if (f === FORCE_OPERATING) eff = day;
  else {
    const st = graph.status[s]!;
    const d = graph.resumeDay[s]!;
    if (st === OPERATING) eff = day;
    else if (st === CLOSED || d === NO_DATE || d <= sc.asOfDay) eff = -1;
    else if (sc.resumeThroughDay !== null && d <= sc.resumeThroughDay) eff = day; // counted operating
    else eff = d > day ? d : -1;
  }
  if (eff < 0) return -1;
  const until = latestUntil(graph, sc, p);
  if (until < 0) return eff;
  return until === NO_END ? -1 : Math.max(eff, until);
}

/**
 * Whether need k is covered by the owner's own stock: the earliest effective
 * date after the logistics day among its edges is no further from asOf than
 * the stock lasts. With no restriction: the earliest resume day of a
 * SUSPENDED supplier dated after asOf.
 */
export function isStockCovered(graph: SupplyGraph, sc: Scenario, k: number): boolean {
  if (!sc.countStock) return false;
  const stock = graph.needStock[k]!;
  if (Number.isNaN(stock)) return false;
  const day = logisticsDayOf(sc);
  let earliest = Number.POSITIVE_INFINITY;
  for (let p = graph.supplierStart[k]!, end = graph.supplierStart[k + 1]!; p < end; p++) {
    const d = effectiveDay(graph, sc, p, day);
    if (d > day && d < earliest) earliest = d;
  }
  return earliest !== Number.POSITIVE_INFINITY && stock >= earliest - sc.asOfDay;
}

/** Loans in force on the logistics day that meet need k, ascending; empty when stock is not counted. */
export function loansInForce(graph: SupplyGraph, sc: Scenario, k: number): number[] {
  const lg = graph.logistics;
  const loans = sc.countStock && lg.needLoans.size > 0 ? lg.needLoans.get(k) : undefined;
  if (loans === undefined) return [];
  const day = logisticsDayOf(sc);
  return loans.filter((l) => lg.loanStart[l]! <= day && day < lg.loanEnd[l]!);
}

/**
 * Whether need k is met without an able supplier: by the owner's stock, or
 * by stock lent to it (a loan in force). Counting no stock counts no loans.
 */
export function isCovered(graph: SupplyGraph, sc: Scenario, k: number): boolean {
  if (!sc.countStock) return false;
  if (graph.logistics.needLoans.size > 0 && loansInForce(graph, sc, k).length > 0) return true;
  return isStockCovered(graph, sc, k);
}

/** Anything that knows which enterprises are able under one scenario. */
export interface AbleView {
  readonly graph: SupplyGraph;
  readonly scenario: Scenario;
  isAble(i: number): boolean;
}

/** A need is met when an able supplier's edge is not interrupted, or stock (its own or lent) covers it. */
export function needMet(view: AbleView, k: number): boolean {
  return hasAbleSupplier(view, k) || isCovered(view.graph, view.scenario, k);
}

/** Whether an able supplier delivers need k: its edge not interrupted. */
export function hasAbleSupplier(view: AbleView, k: number): boolean {
  const g = view.graph;
  const restricted = g.logistics.restricted;
  for (let p = g.supplierStart[k]!, end = g.supplierStart[k + 1]!; p < end; p++) {
    if (restricted !== null && restricted[p] === 1 && interrupted(g, view.scenario, p)) continue;
    if (view.isAble(g.suppliers[p]!)) return true;
  }
  return false;
}

// Per-enterprise state of a solver, valid only where stamp === the solver's generation
// (a stale stamp means not yet settled).
const ABLE = 1;
const UNABLE = 2;
const PENDING = 3; // in the cone being solved, still able
const DROPPED = 4; // in the cone being solved, removed

/** Reusable arrays sized to the graph: a solve touches only its cone, and a new generation number makes old stamps stale in O(1). */
class Workspace {
  readonly stamp: Int32Array;
  readonly state: Uint8Array;
  readonly needCount: Int32Array;
  readonly needCover: Uint8Array; // 0 not computed, 1 not covered, 2 covered
  generation = 0;
  /** A walk's own marks and queue (forgetDownstream), so that a walk over a fifth of the graph allocates nothing. */
  private visited: Int32Array | null = null;
  private queue: Int32Array | null = null;
  private visits = 0;
  constructor(graph: SupplyGraph) {
    this.stamp = new Int32Array(graph.size);
    this.state = new Uint8Array(graph.size);
    this.needCount = new Int32Array(graph.needCount);
    this.needCover = new Uint8Array(graph.needCount);
  }
  walkArrays(size: number): { visited: Int32Array; queue: Int32Array; mark: number } {
    if (this.visited === null || this.visits === 0x7fffffff) {
      this.visited = new Int32Array(size);
      this.queue ??= new Int32Array(size);
      this.visits = 0;
    }
    return { visited: this.visited, queue: this.queue!, mark: ++this.visits };
  }
  nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

/** Workspaces of one graph not in use by a solver: a solve on a large graph must not allocate its arrays anew. */
class WorkspacePool {
  private readonly free: Workspace[] = [];
  constructor(private readonly graph: SupplyGraph) {}
  acquire(): Workspace {
    return this.free.pop() ?? new Workspace(this.graph);
  }
  release(ws: Workspace): void {
    this.free.push(ws);
  }
}

/**
 * Lazily computed able set of one scenario, made by an AbleCache. Call
 * dispose() when done so the arrays go back to the cache's pool for the
 * graph (a forgotten solver only costs memory).
 */
export class AbleSolver implements AbleView {
  readonly graph: SupplyGraph;
  readonly scenario: Scenario;
  private readonly pool: WorkspacePool;
  private ws: Workspace | null;
  private readonly gen: number;
  /** Readiness remembered per enterprise: 0 not known, 1 ready, 2 not ready (see rememberReady). */
  private readyMemo: Uint8Array | null = null;

  /** With `from`, a copy of that solver's settled state (same scenario until countOperating changes it). */
  constructor(graph: SupplyGraph, scenario: Scenario, pool: WorkspacePool, from?: AbleSolver) {
    this.graph = graph;
    this.scenario = scenario;
    this.pool = pool;
    this.ws = pool.acquire();
    if (from === undefined) {
      this.gen = this.ws.nextGeneration();
      return;
    }
    const source = from.workspace();
    // Every stamp is overwritten by the source's, none above its generation: reusing that number keeps them valid.
    this.ws.stamp.set(source.stamp);
    this.ws.state.set(source.state);
    this.ws.needCount.set(source.needCount);
    this.ws.needCover.set(source.needCover);
    this.ws.generation = source.generation;
    this.gen = from.gen;
    if (from.readyMemo !== null) this.readyMemo = from.readyMemo.slice();
  }

  /**
   * A solver of its own that starts from this one's settled state, for a
   * caller that goes on to count enterprises operating one by one
   * (countOperating): copying the settled arrays costs a few milliseconds
   * where settling them afresh costs the cones again.
   */
  fork(): AbleSolver {
    return new AbleSolver(this.graph, { ...this.scenario, forced: new Map(this.scenario.forced) }, this.pool, this);
  }

  /**
   * Like fork(), but holding only what this solver settled in the cones the
   * answers about `roots` rest on: each root, and upstream of it every
   * settled enterprise through settled candidates and roots (a root judged
   * as if it ran had its suppliers settled). The rest is unsettled in the
   * copy and settled afresh when asked. A solver shared by many questions
   * has settled far more than one region's cones, and every later
   * forgetDownstream of the copy then walks only what the roots need.
   */
  forkCones(roots: ArrayLike<number>): AbleSolver {
    const g = this.graph;
    const copy = new AbleSolver(g, { ...this.scenario, forced: new Map(this.scenario.forced) }, this.pool);
    const from = this.workspace();
    const to = copy.workspace();
    const { needStart, supplierStart, suppliers } = g;
    const stack: number[] = [];
    const take = (x: number): void => {
      if (from.stamp[x] !== this.gen || to.stamp[x] === copy.gen) return;
      to.stamp[x] = copy.gen;
      to.state[x] = from.state[x]!;
      for (let k = needStart[x]!, end = needStart[x + 1]!; k < end; k++) {
        to.needCount[k] = from.needCount[k]!;
        to.needCover[k] = from.needCover[k]!;
      }
      stack.push(x);
    };
    const isRoot = new Set<number>();
    for (let j = 0; j < roots.length; j++) isRoot.add(roots[j]!);
    for (const r of isRoot) {
      take(r);
      if (to.stamp[r] === copy.gen) continue;
      // A root never settled itself (known able, say) may still have had its suppliers settled to be judged.
      for (let k = needStart[r]!, end = needStart[r + 1]!; k < end; k++) {
        for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) take(suppliers[p]!);
      }
    }
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (!isRoot.has(x) && classify(g, this.scenario, x) !== CANDIDATE) continue;
      for (let k = needStart[x]!, end = needStart[x + 1]!; k < end; k++) {
        for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) take(suppliers[p]!);
      }
    }
    return copy;
  }

  /**
   * Counts enterprise c OPERATING from now on, in place. For a solver made
   * by fork(), whose scenario is its own. Returns the enterprises whose
   * settled ableness may have changed.
   *
   * When c is able so, the set only grows, by what withOperating finds
   * downstream of c: those are settled able in place (their suppliers were
   * all settled to be judged) and the counts of the needs they feed follow,
   * at the cost of what grew; a restart's downstream can be a fifth of a
   * national network. Otherwise c no longer covering its customers can take
   * enterprises out: what lies downstream of c (c included) is forgotten and
   * settled again when asked, and returned.
   */
  countOperating(c: number): ArrayLike<number> {
    const grown = withOperating(this, c);
    (this.scenario.forced as Map<number, number>).set(c, FORCE_OPERATING);
    if (grown.added === undefined) return this.forgetDownstream([c]);
    const g = this.graph;
    const { stamp, state, needCount } = this.workspace();
    const gen = this.gen;
    const added = grown.added;
    for (const x of added) {
      stamp[x] = gen;
      state[x] = ABLE;
    }
    const restricted = g.logistics.restricted;
    const delivers = (p: number): boolean => restricted === null || restricted[p] === 0 || !interrupted(g, this.scenario, p);
    const isAdded = new Set(added);
    for (const x of added) {
      for (let k = g.needStart[x]!, end = g.needStart[x + 1]!; k < end; k++) {
        let count = 0;
        for (let p = g.supplierStart[k]!, pEnd = g.supplierStart[k + 1]!; p < pEnd; p++) if (delivers(p) && state[g.suppliers[p]!] === ABLE && stamp[g.suppliers[p]!] === gen) count++;
        needCount[k] = count;
      }
      for (let q = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; q < end; q++) {
        const k = g.suppliedNeeds[q]!;
        const o = g.needOwner[k]!;
        if (!isAdded.has(o) && stamp[o] === gen && state[o] === ABLE && delivers(g.suppliedEdge[q]!)) needCount[k]!++;
      }
    }
    // Readiness downstream may have grown with them.
    this.readyMemo = null;
    return added;
  }

  /**
   * Judges restriction r as `override` says from now on, in place: only the
   * customers of its edges (`customers`) and what lies downstream of them
   * can change, so only that is forgotten. For a solver made by fork().
   */
  overrideRestriction(override: NonNullable<Scenario['restrictionOverride']>, customers: readonly number[]): void {
    (this.scenario as { restrictionOverride?: Scenario['restrictionOverride'] }).restrictionOverride = override;
    this.forgetDownstream(customers, true);
  }

  /**
   * Moves a timeline's scenario on to day d, in place: the SUSPENDED
   * enterprises dated up to d count as OPERATING and restrictions and loans
   * are those of d. `changed` must hold every enterprise the move changes
   * (those dated after the day before and up to d, the customers and
   * borrowers whose restrictions or loans start or end meanwhile): only what
   * lies downstream of them is forgotten. Returns that. For a solver made by
   * fork(), whose scenario is its own.
   */
  moveToDay(d: number, changed: readonly number[]): Int32Array {
    const scenario = this.scenario as { resumeThroughDay: number | null; logisticsDay?: number };
    scenario.resumeThroughDay = d;
    scenario.logisticsDay = d;
    return this.forgetDownstream(changed, true);
  }

  /**
   * Whether the enterprise is ready (able once it alone is also counted
   * operating) under this scenario, as remembered by rememberReady; undefined
   * when not known. Readiness depends only on the upstream cone, so
   * forgetDownstream forgets it with the settled states.
   */
  rememberedReady(i: number): boolean | undefined {
    const r = this.readyMemo?.[i] ?? 0;
    return r === 0 ? undefined : r === 1;
  }

  rememberReady(i: number, ready: boolean): void {
    this.readyMemo ??= new Uint8Array(this.graph.size);
    this.readyMemo[i] = ready ? 1 : 2;
  }

  dispose(): void {
    if (this.ws !== null) this.pool.release(this.ws);
    this.ws = null;
  }

  private workspace(): Workspace {
    if (this.ws === null) throw new Error('AbleSolver used after dispose()');
    return this.ws;
  }

  isAble(i: number): boolean {
    const ws = this.workspace();
    if (ws.stamp[i] !== this.gen) this.solve([i]);
    return ws.state[i] === ABLE;
  }

  /** Final count of able suppliers of need k; valid once its owner, a candidate, is solved. */
  ableSupplierCount(k: number): number {
    return this.workspace().needCount[k]!;
  }

  /**
   * Settles every enterprise in the upstream cones of `roots`. Enterprises
   * settled by earlier calls are final (their cones were closed), so each
   * call only runs the counter worklist on what is new: O(new edges).
   * Returns the candidates settled by this call.
   */
  solve(roots: Iterable<number>): number[] {
    const g = this.graph;
    const sc = this.scenario;
    const ws = this.workspace();
    const { stamp, state, needCount, needCover } = ws;
    const gen = this.gen;
    const { needStart, supplierStart, suppliers, suppliedStart, suppliedNeeds, suppliedEdge, needOwner } = g;
    const restricted = g.logistics.restricted;

    const cone: number[] = [];
    const visit = (x: number): void => {
      if (stamp[x] === gen) return;
      stamp[x] = gen;
      const cls = classify(g, sc, x);
      if (cls === CANDIDATE) {
        state[x] = PENDING;
        cone.push(x);
      } else {
        state[x] = cls === FIXED_ABLE ? ABLE : UNABLE;
      }
    };
    for (const r of roots) visit(r);
    if (cone.length === 0) return cone;
    for (let h = 0; h < cone.length; h++) {
      const x = cone[h]!;
      for (let k = needStart[x]!, kEnd = needStart[x + 1]!; k < kEnd; k++) {
        for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) visit(suppliers[p]!);
      }
    }

    const covered = (k: number): boolean => {
      let c = needCover[k]!;
      if (c === 0) needCover[k] = c = isCovered(g, sc, k) ? 2 : 1;
      return c === 2;
    };

    // Discovery order is scattered over memory; the counting pass below reads
    // each member's needs and suppliers, so walking it in index order is
    // several times faster on a large cone.
    const ordered = cone.length > 4096 ? Int32Array.from(cone).sort() : cone;
    const dropped: number[] = [];
    for (const x of ordered) {
      let failing = false;
      for (let k = needStart[x]!, kEnd = needStart[x + 1]!; k < kEnd; k++) {
        let count = 0;
        for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) {
          if (restricted !== null && restricted[p] === 1 && interrupted(g, sc, p)) continue;
          // DROPPED ones count too: the cascade below takes each of them back off.
          const st = state[suppliers[p]!];
          if (st === ABLE || st === PENDING || st === DROPPED) count++;
        }
        needCount[k] = count;
        needCover[k] = 0;
        if (count === 0 && !failing && !covered(k)) failing = true;
      }
      if (failing) {
        state[x] = DROPPED;
        dropped.push(x);
      }
    }

    // Every dropped enterprise was counted able by its customers in this
    // cone; customers outside the cone were settled before it and never
    // counted it (their cones were closed without it).
    while (dropped.length > 0) {
      const x = dropped.pop()!;
      for (let p = suppliedStart[x]!, pEnd = suppliedStart[x + 1]!; p < pEnd; p++) {
        // An interrupted edge was never counted.
        if (restricted !== null && restricted[suppliedEdge[p]!] === 1 && interrupted(g, sc, suppliedEdge[p]!)) continue;
        const k = suppliedNeeds[p]!;
        const o = needOwner[k]!;
        if (stamp[o] !== gen) continue;
        const st = state[o];
        if (st !== PENDING && st !== DROPPED) continue;
        if (--needCount[k]! === 0 && st === PENDING && !covered(k)) {
          state[o] = DROPPED;
          dropped.push(o);
        }
      }
    }
    for (const x of cone) state[x] = state[x] === PENDING ? ABLE : UNABLE;
    return cone;
  }

  /**
   * Forgets what is settled downstream of the given enterprises (them
   * included), after their statuses changed: only those have a changed
   * enterprise in their upstream cone. What stays settled still has its
   * cone closed, and every customer of a forgotten one is forgotten too, so
   * later solves stay exact.
   *
   * With `settledOnly`, the walk passes from each changed enterprise to its
   * customers, and from there on only past what is settled or has its
   * readiness remembered; it returns the changed enterprises with every
   * customer it met. That is exact when `changed` holds every enterprise
   * whose own answer the change may alter without looking upstream (its
   * status, its known-able flag, its restricted edges and loans, how a
   * scenario counts it), because whatever depends on those is reached from
   * their customers along settled enterprises: a settled candidate's
   * suppliers are settled (its cone was closed) or were judged without
   * looking upstream, and a non-candidate judged as if it ran had the
   * suppliers its answer rests on settled to be judged (countedOperating).
   * The graph's statusLog holds every such enterprise (SupplyGraph's
   * setStatus, setLogistics and logKnownAbleChanges).
   */
  forgetDownstream(changed: readonly number[], settledOnly = false): Int32Array {
    const g = this.graph;
    const ws = this.workspace();
    const { stamp } = ws;
    const gen = this.gen;
    const { suppliedStart, suppliedNeeds, needOwner } = g;
    const { visited, queue, mark } = ws.walkArrays(g.size);
    let tail = 0;
    for (const x of changed) {
      if (visited[x] === mark) continue;
      visited[x] = mark;
      queue[tail++] = x;
    }
    const firstMet = tail;
    // Unless settledOnly, past enterprises that were never settled too (see above).
    const memo = this.readyMemo;
    for (let head = 0; head < tail; head++) {
      const x = queue[head]!;
      const settled = stamp[x] === gen;
      if (settled) stamp[x] = 0;
      if (settledOnly && head >= firstMet && !settled && (memo === null || memo[x] === 0)) continue;
      for (let p = suppliedStart[x]!, end = suppliedStart[x + 1]!; p < end; p++) {
        const o = needOwner[suppliedNeeds[p]!]!;
        if (visited[o] === mark) continue;
        visited[o] = mark;
        queue[tail++] = o;
      }
    }
    if (memo !== null) for (let h = 0; h < tail; h++) memo[queue[h]!] = 0;
    return queue.slice(0, tail);
  }

  /**
   * Takes settled enterprises out for good, in place, with everything that
   * then loses its last able supplier: the greatest fixpoint of the scenario
   * without them (see Retraction). Enterprises settled later see them as
   * unable, so the solver stays consistent. For a solver owned by the caller;
   * a shared one must be wrapped in a Retraction instead.
   */
  retract(xs: Iterable<number>): void {
    const dropped: number[] = [];
    for (const x of xs) if (this.takeOut(x)) dropped.push(x);
    this.cascadeOut(dropped);
  }

  /**
   * For a solver that counts no stock, whose ableness can only shrink as its
   * logistics day moves earlier (no restriction starts after asOf): moves
   * that day back to d, in place, and takes out `resumedAfter` (enterprises
   * no longer resumed by d) and whatever loses its last able supplier by
   * them or by the edges `edges` that restrictions in force on d and not on
   * the later day cut. Any edge may be passed; only those d newly cuts count.
   */
  moveBackTo(d: number, edges: Iterable<number>, resumedAfter: Iterable<number>): void {
    const g = this.graph;
    const { stamp, state, needCount } = this.workspace();
    const gen = this.gen;
    const open: number[] = [];
    for (const p of edges) if (!interrupted(g, this.scenario, p)) open.push(p);
    (this.scenario as { logisticsDay?: number }).logisticsDay = d;
    const dropped: number[] = [];
    for (const p of open) {
      if (!interrupted(g, this.scenario, p)) continue;
      const s = g.suppliers[p]!;
      if (stamp[s] !== gen || state[s] !== ABLE) continue; // never counted by its customer
      const k = g.edgeNeed(p);
      const o = g.needOwner[k]!;
      if (stamp[o] !== gen || state[o] !== ABLE) continue;
      if (--needCount[k]! === 0 && !isCovered(g, this.scenario, k) && this.takeOut(o)) dropped.push(o);
    }
    for (const x of resumedAfter) if (this.takeOut(x)) dropped.push(x);
    this.cascadeOut(dropped);
  }

  /** Marks a settled able candidate unable; whether it was one. */
  private takeOut(x: number): boolean {
    const { stamp, state } = this.workspace();
    if (stamp[x] !== this.gen || state[x] !== ABLE || classify(this.graph, this.scenario, x) !== CANDIDATE) return false;
    state[x] = UNABLE;
    return true;
  }

  /** The cascade from enterprises just marked unable: customers whose need loses its last able supplier, uncovered, follow. */
  private cascadeOut(dropped: number[]): void {
    const g = this.graph;
    const sc = this.scenario;
    const { stamp, state, needCount } = this.workspace();
    const gen = this.gen;
    const restricted = g.logistics.restricted;
    while (dropped.length > 0) {
      const x = dropped.pop()!;
      for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) {
        if (restricted !== null && restricted[g.suppliedEdge[p]!] === 1 && interrupted(g, sc, g.suppliedEdge[p]!)) continue;
        const k = g.suppliedNeeds[p]!;
        const o = g.needOwner[k]!;
        if (stamp[o] !== gen || state[o] !== ABLE || classify(g, sc, o) !== CANDIDATE) continue;
        if (--needCount[k]! === 0 && !isCovered(g, sc, k)) {
          state[o] = UNABLE;
          dropped.push(o);
        }
      }
    }
  }
}

/** The plain scenario of a day: recorded statuses, stock counted. */
export function plainScenario(asOfDay: number): Scenario {
  return { asOfDay, countStock: true, forced: new Map(), resumeThroughDay: null };
}

interface KeptDay {
  solver: AbleSolver;
  /** How much of the graph's statusLog the solver has taken into account. */
  seen: number;
}

/** What an AbleCache keeps of one graph. */
/** Values AbleCache.derived keeps per graph. */
const DERIVED_KEPT = 256;

interface GraphCache {
  readonly pool: WorkspacePool;
  /** The day kept for good (see keepDay), and the last other day asked about. */
  keptDay: number | null;
  kept: KeptDay | null;
  other: KeptDay | null;
  /** Values derived from the graph's statuses and logistics, with the length of its statusLog they were derived at. */
  readonly derived: Map<string, { seen: number; value: unknown }>;
}

/**
 * The settled able sets and the solvers' arrays that evaluations on the
 * same graphs share, held by whoever asks (the analysis keeps no state of
 * its own): a read model keeps one for as long as its graphs live, so that
 * a question pays only for the cones earlier ones did not settle; a graph
 * fetched for one question gets a fresh one, shared by that question's
 * evaluations. Per graph it pools the solvers' workspaces and keeps the
 * plain able set of the day kept (keepDay) and of the last other day asked.
 */
export class AbleCache {
  private readonly graphs = new WeakMap<SupplyGraph, GraphCache>();

  private of(graph: SupplyGraph): GraphCache {
    let cached = this.graphs.get(graph);
    if (cached === undefined) this.graphs.set(graph, (cached = { pool: new WorkspacePool(graph), keptDay: null, kept: null, other: null, derived: new Map() }));
    return cached;
  }

  /** Runs `body` with a solver of its own and returns the solver's arrays to the pool afterwards. */
  withSolver<T>(graph: SupplyGraph, scenario: Scenario, body: (solver: AbleSolver) => T): T {
    const solver = new AbleSolver(graph, scenario, this.of(graph).pool);
    try {
      return body(solver);
    } finally {
      solver.dispose();
    }
  }

  /**
   * `derive(graph)` under `key`, kept until a status or the logistics
   * change (the graph's statusLog grows): for indexes every question of a
   * kind would otherwise build over the whole graph, and for answers asked
   * again and again (a region's timeline on a bureau's screen). At most
   * DERIVED_KEPT values per graph; the one derived longest ago goes first.
   */
  derived<T>(graph: SupplyGraph, key: string, derive: (graph: SupplyGraph) => T): T {
    const { derived } = this.of(graph);
    const logged = graph.statusLog.length;
    const entry = derived.get(key);
    if (entry !== undefined && entry.seen === logged) return entry.value as T;
    const value = derive(graph);
    derived.delete(key);
    derived.set(key, { seen: logged, value });
    if (derived.size > DERIVED_KEPT) derived.delete(derived.keys().next().value!);
    return value;
  }

  /**
   * Keeps the plain able set of `asOfDay` (a service's today) whatever other
   * days are asked about meanwhile; the day kept before is dropped.
   */
  keepDay(graph: SupplyGraph, asOfDay: number): void {
    const days = this.of(graph);
    if (days.keptDay === asOfDay) return;
    days.keptDay = asOfDay;
    if (days.other?.solver.scenario.asOfDay === asOfDay) {
      days.kept?.solver.dispose();
      days.kept = days.other;
      days.other = null;
    } else {
      days.kept?.solver.dispose();
      days.kept = null;
    }
  }

  /** Drops every settled able set of the graph (the kept day stays the day kept, settled afresh when next asked). */
  forgetDays(graph: SupplyGraph): void {
    const days = this.of(graph);
    days.kept?.solver.dispose();
    days.other?.solver.dispose();
    days.kept = null;
    days.other = null;
  }

  /**
   * The plain able set of a day, shared by every question on the graph for
   * that day: readiness of an operating plant, the dashboard and impact all
   * start from it, so a second question pays only for cones the first did
   * not settle. Status changes since the last call (the graph's statusLog)
   * unsettle what lies downstream of them.
   */
  plainSolver(graph: SupplyGraph, asOfDay: number): AbleSolver {
    const days = this.of(graph);
    const slot = days.keptDay === asOfDay ? 'kept' : 'other';
    const logged = graph.statusLog.length;
    const entry = days[slot];
    if (entry !== null && entry.solver.scenario.asOfDay === asOfDay) {
      if (entry.seen !== logged) {
        entry.solver.forgetDownstream(graph.statusLog.slice(entry.seen), true);
        entry.seen = logged;
      }
      return entry.solver;
    }
    entry?.solver.dispose();
    const solver = new AbleSolver(graph, plainScenario(asOfDay), days.pool);
    days[slot] = { solver, seen: logged };
    return solver;
  }
}

/**
 * A solved able set with some enterprises taken out, and everything that
 * then loses its last able supplier (or its stock cover) with them. Taking
 * enterprises out of a greatest fixpoint and cascading gives the greatest
 * fixpoint of the smaller scenario, at the cost of the affected enterprises
 * only; the base is read, never written.
 */
export class Retraction implements AbleView {
  readonly graph: SupplyGraph;
  /** The smaller scenario: its stock cover decides when a need with no able supplier left still holds. */
  readonly scenario: Scenario;
  private readonly base: AbleView;
  private readonly lost = new Set<number>();
  private readonly count = new Map<number, number>();
  private readonly queue: number[] = [];

  constructor(base: AbleView, scenario: Scenario) {
    this.graph = base.graph;
    this.base = base;
    this.scenario = scenario;
  }

  isAble(i: number): boolean {
    return !this.lost.has(i) && this.base.isAble(i);
  }

  hasLost(i: number): boolean {
    return this.lost.has(i);
  }

  /**
   * Takes an enterprise out. One that is not able feeds no one, but may still
   * cover customers it is cut off from (an interrupted edge's effective
   * date): those needs are checked again.
   */
  retract(x: number): void {
    if (!this.isAble(x)) {
      const g = this.graph;
      for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) this.recheckCover(g.suppliedNeeds[p]!);
      return;
    }
    this.lost.add(x);
    this.queue.push(x);
    this.cascade();
  }

  /** Re-checks need k after its stock cover may have gone (a supplier no longer covers). */
  recheckCover(k: number): void {
    const o = this.graph.needOwner[k]!;
    if (!this.isAbleCandidate(o)) return;
    if (this.ableSuppliers(k) === 0 && !isCovered(this.graph, this.scenario, k)) {
      this.lost.add(o);
      this.queue.push(o);
      this.cascade();
    }
  }

  private isAbleCandidate(o: number): boolean {
    if (this.lost.has(o)) return false;
    return classify(this.graph, this.base.scenario, o) === CANDIDATE && this.base.isAble(o);
  }

  private ableSuppliers(k: number): number {
    const counted = this.count.get(k);
    if (counted !== undefined) return counted;
    // A solver keeps the count; any other base is asked supplier by supplier.
    if (this.base instanceof AbleSolver) return this.base.ableSupplierCount(k);
    const g = this.graph;
    let c = 0;
    for (let p = g.supplierStart[k]!, end = g.supplierStart[k + 1]!; p < end; p++) {
      if (!interrupted(g, this.base.scenario, p) && this.base.isAble(g.suppliers[p]!)) c++;
    }
    return c;
  }

  private cascade(): void {
    const g = this.graph;
    while (this.queue.length > 0) {
      const x = this.queue.pop()!;
      for (let p = g.suppliedStart[x]!, end = g.suppliedStart[x + 1]!; p < end; p++) {
        const k = g.suppliedNeeds[p]!;
        const o = g.needOwner[k]!;
        // isAbleCandidate settles o in the base if needed, so its counts exist.
        if (!this.isAbleCandidate(o)) continue;
        if (interrupted(g, this.base.scenario, g.suppliedEdge[p]!)) {
          // Never counted; but x's cover of the need (its effective date) may be gone with it.
          if (this.ableSuppliers(k) === 0 && !isCovered(g, this.scenario, k)) {
            this.lost.add(o);
            this.queue.push(o);
          }
          continue;
        }
        const c = this.ableSuppliers(k) - 1;
        this.count.set(k, c);
        if (c === 0 && !isCovered(g, this.scenario, k)) {
          this.lost.add(o);
          this.queue.push(o);
        }
      }
    }
  }
}

function allIndices(n: number): Iterable<number> {
  return {
    *[Symbol.iterator]() {
      for (let i = 0; i < n; i++) yield i;
    },
  };
}

function isPlain(options: AbleOptions): boolean {
  return (options.operating ?? []).length === 0 && (options.suspendedNoDate ?? []).length === 0 && options.countStock !== false;
}

function withOptions<T>(cache: AbleCache, graph: SupplyGraph, asOf: string, options: AbleOptions, body: (solver: AbleSolver) => T): T {
  const scenario = scenarioFromOptions(graph, asOf, options);
  return isPlain(options) ? body(cache.plainSolver(graph, scenario.asOfDay)) : cache.withSolver(graph, scenario, body);
}

/**
 * The whole able set as a mask by enterprise index (1 = able). Here and in
 * every question below, `cache` is what the caller keeps between questions
 * on the graph (see AbleCache); without one the question settles afresh.
 */
export function ableMask(graph: SupplyGraph, asOf: string, options: AbleOptions = {}, cache = new AbleCache()): Uint8Array {
  return withOptions(cache, graph, asOf, options, (solver) => {
    solver.solve(allIndices(graph.size));
    const mask = new Uint8Array(graph.size);
    for (let i = 0; i < graph.size; i++) mask[i] = solver.isAble(i) ? 1 : 0;
    return mask;
  });
}

/** Ids of the able enterprises, in id order. */
export function ableSet(graph: SupplyGraph, asOf: string, options: AbleOptions = {}, cache = new AbleCache()): string[] {
  const mask = ableMask(graph, asOf, options, cache);
  const out: string[] = [];
  for (let i = 0; i < graph.size; i++) if (mask[i] === 1) out.push(graph.ids[i]!);
  return out;
}

/** Whether one enterprise is able; costs only its upstream cone. */
export function isAble(graph: SupplyGraph, id: string, asOf: string, options: AbleOptions = {}, cache = new AbleCache()): boolean {
  const i = graph.requireIndex(id);
  return withOptions(cache, graph, asOf, options, (solver) => solver.isAble(i));
}

/**
 * Whether q is ready (able once it alone is also counted operating), given
 * the solved able set B of a scenario where it is not (q not FIXED_ABLE, not
 * forced). The returned view is that larger able set, exact on q and on
 * whether each need of q has an able supplier.
 *
 * Counting q operating can only add enterprises that reach q through
 * candidates outside B; a gfp over that set U, with B fixed able and all else
 * fixed unable, decides them. q's own stock cover of its customers is kept as
 * in the scenario: if q ends able those customers are fed by q anyway, and if
 * it ends unable q is not ready either way.
 */
export function countedOperating(view: AbleView, q: number): AbleView & { readonly ready: boolean } {
  const g = view.graph;
  const sc = view.scenario;
  const scenario = withForced(sc, q, FORCE_OPERATING);
  if (view.isAble(q)) return { graph: g, scenario, ready: true, isAble: (i) => view.isAble(i) };
  const { needStart, supplierStart, suppliers } = g;

  // U: q, and candidates outside B that feed an unmet need of a member. For
  // q itself, also those behind needs met by stock alone, so that the view
  // knows whether such a need has an able supplier once q runs.
  const slot = new Map<number, number>([[q, 0]]);
  const members: number[] = [q];
  for (let h = 0; h < members.length; h++) {
    const x = members[h]!;
    for (let k = needStart[x]!, kEnd = needStart[x + 1]!; k < kEnd; k++) {
      if (x === q ? hasAbleSupplier(view, k) : needMet(view, k)) continue;
      for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) {
        const s = suppliers[p]!;
        if (slot.has(s) || classify(g, sc, s) !== CANDIDATE) continue;
        // Not able in B: k has no able supplier.
        slot.set(s, members.length);
        members.push(s);
      }
    }
  }

  // Counted operating, q covers customers cut off from it at least as well as before (an interrupted
  // edge's effective date is the later of the day and the restriction's end): on those needs the
  // larger cover holds, on the others the scenario's, as above.
  const covered = hasRestrictedOutgoing(g, q) ? (k: number) => isCovered(g, sc, k) || isCovered(g, scenario, k) : (k: number) => isCovered(g, sc, k);
  const alive = fixpointOver(g, members, slot, (s) => view.isAble(s), covered, (p) => !interrupted(g, sc, p));
  return {
    graph: g,
    scenario,
    ready: alive[0] === 1,
    isAble: (i) => {
      const j = slot.get(i);
      return j === undefined ? view.isAble(i) : alive[j] === 1;
    },
  };
}

/**
 * The plain set B with s counted operating when s, even so, is not able: it
 * adds nothing, but s no longer covers its customers' needs by stock (as a
 * suspended firm with a date it may have), so those that lose that cover
 * leave, with the cascade from them. Customers cut off from s may instead be
 * covered better than before (withCutOffCoverOf): what that adds comes last,
 * on the smaller set, so that a need that lost one cover and gained another
 * is judged once, with both.
 */
export function withoutCoverOf(plain: AbleSolver, s: number): AbleView {
  const g = plain.graph;
  const scenario = withForced(plain.scenario, s, FORCE_OPERATING);
  const view = new Retraction(plain, scenario);
  for (let p = g.suppliedStart[s]!, end = g.suppliedStart[s + 1]!; p < end; p++) view.recheckCover(g.suppliedNeeds[p]!);
  return hasRestrictedOutgoing(g, s) ? withCutOffCoverOf(view, s, scenario) : view;
}

/**
 * `base` (a greatest fixpoint in which s covers its cut-off customers as
 * before) grown by what s's cover of them counted operating adds: counted
 * operating, an interrupted edge's effective date is the restriction's end,
 * no later than before, so a cut-off customer may now be covered and
 * whatever it feeds may follow. Cover only grows, so the set only grows,
 * and only downstream of those customers through enterprises `base` holds
 * unable (a part out of their reach would be consistent in `base` already).
 */
export function withCutOffCoverOf(base: AbleView, s: number, scenario: Scenario): AbleView {
  const g = base.graph;
  const { suppliedStart, suppliedNeeds, suppliedEdge, needOwner } = g;
  const restricted = g.logistics.restricted!;
  const slot = new Map<number, number>();
  const members: number[] = [];
  const add = (o: number): void => {
    if (slot.has(o) || classify(g, scenario, o) !== CANDIDATE || base.isAble(o)) return;
    slot.set(o, members.length);
    members.push(o);
  };
  for (let q = suppliedStart[s]!, end = suppliedStart[s + 1]!; q < end; q++) {
    const p = suppliedEdge[q]!;
    if (restricted[p] === 1 && interrupted(g, scenario, p)) add(needOwner[suppliedNeeds[q]!]!);
  }
  // The view's scenario is what its users judge cover by, even when nothing is added.
  if (members.length === 0) return { graph: g, scenario, isAble: (i) => base.isAble(i) };
  for (let h = 0; h < members.length; h++) {
    const x = members[h]!;
    for (let q = suppliedStart[x]!, end = suppliedStart[x + 1]!; q < end; q++) add(needOwner[suppliedNeeds[q]!]!);
  }
  const alive = fixpointOver(g, members, slot, (t) => base.isAble(t), (k) => isCovered(g, scenario, k), (p) => !interrupted(g, scenario, p));
  return {
    graph: g,
    scenario,
    isAble: (i) => {
      const j = slot.get(i);
      return j === undefined ? base.isAble(i) : alive[j] === 1;
    },
  };
}

/**
 * The able set with s, not able in the solved plain set B, counted
 * operating: `able` says whether s is in it. Everything it adds to B is
 * reached from s downstream through candidates outside B (a part of it out
 * of reach of s would be consistent in B's own scenario, so in B), so a gfp
 * over those, with B fixed able and all else unable, decides them, at the
 * cost of s's downstream instead of its whole upstream cone. Counted
 * operating, s covers none of its customers' needs by stock; while s is
 * able, each such need has s as an able supplier, so B stays whole; when it
 * is not, the view is withoutCoverOf's. A customer cut off from s is not
 * fed by it but covered at least as well as before (withCutOffCoverOf), so
 * it stays in B or is explored as a member. Either way the view is exact.
 *
 * With `within`, only enterprises it admits are explored: the view is then
 * exact on s and on every enterprise whose walk back along unmet needs (in
 * B) lies within it, since every supplier of an unmet need of such an
 * enterprise is on that walk too, and what is not downstream of s keeps
 * its state in B. The restart plan asks only about such plants. When s is
 * able, `added` lists what it adds to B (s first), within `within`.
 */
export function withOperating(plain: AbleSolver, s: number, within?: (i: number) => boolean): { able: boolean; view: AbleView; added?: readonly number[] } {
  const g = plain.graph;
  const scenario = withForced(plain.scenario, s, FORCE_OPERATING);
  const { suppliedStart, suppliedNeeds, needOwner } = g;
  const slot = new Map<number, number>([[s, 0]]);
  const members: number[] = [s];
  for (let h = 0; h < members.length; h++) {
    const x = members[h]!;
    for (let p = suppliedStart[x]!, end = suppliedStart[x + 1]!; p < end; p++) {
      const o = needOwner[suppliedNeeds[p]!]!;
      if (slot.has(o) || (within !== undefined && !within(o)) || classify(g, plain.scenario, o) !== CANDIDATE || plain.isAble(o)) continue;
      slot.set(o, members.length);
      members.push(o);
    }
  }
  const alive = fixpointOver(g, members, slot, (t) => plain.isAble(t), (k) => isCovered(g, scenario, k), (p) => !interrupted(g, scenario, p));
  if (alive[0] === 0) {
    // Built when asked: a caller that only wants what s frees has its answer (nothing) already.
    let view: AbleView | undefined;
    return {
      able: false,
      get view() {
        return (view ??= withoutCoverOf(plain, s));
      },
    };
  }
  return {
    able: true,
    added: members.filter((_, j) => alive[j] === 1),
    view: {
      graph: g,
      scenario,
      isAble: (i) => {
        const j = slot.get(i);
        return j === undefined ? plain.isAble(i) : alive[j] === 1;
      },
    },
  };
}

/**
 * The greatest fixpoint over `members` (`slot`: enterprise → its position):
 * a member stays while each of its needs has a supplier that is a member
 * still standing or able outside the set (`ableOutside`), or is `covered`.
 * Returns 1 (stays) or 0 by position.
 */
export function fixpointOver(
  g: SupplyGraph,
  members: readonly number[],
  slot: ReadonlyMap<number, number>,
  ableOutside: (i: number) => boolean,
  covered: (k: number) => boolean,
  /** Whether supply edge p delivers (not interrupted); every edge does when absent. */
  open?: (p: number) => boolean,
): Uint8Array {
  const { needStart, supplierStart, suppliers, suppliedStart, suppliedNeeds, suppliedEdge, needOwner } = g;
  const restricted = g.logistics.restricted;
  const cut = (p: number): boolean => open !== undefined && restricted !== null && restricted[p] === 1 && !open(p);
  const alive = new Uint8Array(members.length).fill(1);
  const count = new Map<number, number>();
  const dropped: number[] = [];
  for (let j = 0; j < members.length; j++) {
    const x = members[j]!;
    for (let k = needStart[x]!, kEnd = needStart[x + 1]!; k < kEnd; k++) {
      let c = 0;
      for (let p = supplierStart[k]!, pEnd = supplierStart[k + 1]!; p < pEnd; p++) {
        if (cut(p)) continue;
        const t = suppliers[p]!;
        if (slot.has(t) || ableOutside(t)) c++;
      }
      count.set(k, c);
      if (c === 0 && alive[j] === 1 && !covered(k)) {
        alive[j] = 0;
        dropped.push(x);
      }
    }
  }
  while (dropped.length > 0) {
    const x = dropped.pop()!;
    for (let p = suppliedStart[x]!, pEnd = suppliedStart[x + 1]!; p < pEnd; p++) {
      if (cut(suppliedEdge[p]!)) continue;
      const k = suppliedNeeds[p]!;
      const j = slot.get(needOwner[k]!);
      if (j === undefined) continue;
      const c = count.get(k)! - 1;
      count.set(k, c);
      if (c === 0 && alive[j] === 1 && !covered(k)) {
        alive[j] = 0;
        dropped.push(needOwner[k]!);
      }
    }
  }
  return alive;
}

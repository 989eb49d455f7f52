import { parseDay } from './dates.ts';
import type { EnterpriseFacts, EnterpriseStatus, GraphFacts, LoanFact, RestrictionFact } from './types.ts';

// Status codes kept in a Uint8Array: the fixpoint loops read them millions
// of times on a national graph, where string comparison would dominate.
export const OPERATING = 0;
export const SUSPENDED = 1;
export const CLOSED = 2;

const STATUS_CODE: Readonly<Record<EnterpriseStatus, number>> = { OPERATING, SUSPENDED, CLOSED };
export const STATUS_NAME: readonly EnterpriseStatus[] = ['OPERATING', 'SUSPENDED', 'CLOSED'];

/** Stored in resumeDay for an enterprise without an expected resume date; below every real day. */
export const NO_DATE = -2_147_483_648;
/** Stored as the end of an open-ended restriction; above every real day. */
export const NO_END = 2_147_483_647;

/**
 * Restrictions and loans compiled against one graph's edges and needs.
 * Replaced whole when they change (SupplyGraph.setLogistics): they are few
 * beside the topology, and a value that never changes can be shared by every
 * evaluation in flight.
 */
export interface Logistics {
  /** Restriction ids by index, ascending. */
  readonly restrictionIds: readonly string[];
  readonly restrictions: readonly RestrictionFact[];
  readonly restrictionFrom: Int32Array;
  /** NO_END when open-ended. */
  readonly restrictionUntil: Int32Array;
  /** 1 for a supply edge (position in `suppliers`) some restriction applies to; null when none applies to any. */
  readonly restricted: Uint8Array | null;
  /** Restrictions applying to each restricted edge, ascending. */
  readonly edgeRestrictions: ReadonlyMap<number, readonly number[]>;
  /** The edges each restriction applies to, by restriction index (what a change of it can touch). */
  readonly restrictionEdges: readonly (readonly number[])[];
  /** Loan ids by index, ascending. */
  readonly loanIds: readonly string[];
  readonly loanStart: Int32Array;
  /** First day the loan no longer meets the need: start + coverDays, or the day it was returned if earlier. */
  readonly loanEnd: Int32Array;
  /** Loans meeting each need, ascending. */
  readonly needLoans: ReadonlyMap<number, readonly number[]>;
}

export class UnknownEnterpriseError extends Error {
  readonly enterpriseId: string;
  constructor(enterpriseId: string) {
    super(`unknown enterprise: ${enterpriseId}`);
    this.name = 'UnknownEnterpriseError';
    this.enterpriseId = enterpriseId;
  }
}

export class UnknownRestrictionError extends Error {
  readonly restrictionId: string;
  constructor(restrictionId: string) {
    super(`unknown restriction: ${restrictionId}`);
    this.name = 'UnknownRestrictionError';
    this.restrictionId = restrictionId;
  }
}

/**
 * Sorts a[from..to) ascending and moves its distinct values to a[out..];
 * returns the new write position. Segments are mostly a handful of values,
 * where an insertion sort beats a TypedArray#sort call on a subarray.
 */
function sortUniqueInto(a: Int32Array, from: number, to: number, out: Int32Array, at: number): number {
  if (to - from > 32) {
    a.subarray(from, to).sort();
  } else {
    for (let i = from + 1; i < to; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= from && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = v;
    }
  }
  for (let i = from; i < to; i++) {
    if (i > from && a[i] === a[i - 1]) continue;
    out[at++] = a[i]!;
  }
  return at;
}

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return false;
  return true;
}

/**
 * Compact, read-only index of GraphFacts, built once and shared by every query.
 *
 * Enterprises and components are numbered in plain string order of their ids
 * (`a < b`), so every "by id" ordering in the results is an integer sort.
 * Needs are numbered per enterprise in component order: need k belongs to
 * needOwner[k], and an enterprise's needs are needStart[e]..needStart[e+1].
 * Only supplies that feed a need are kept (a delivery nobody needs cannot
 * change whether anyone runs); duplicates are merged.
 */
export class SupplyGraph {
  readonly size: number;
  /** Enterprise ids by index, ascending. */
  readonly ids: readonly string[];
  readonly enterprises: readonly EnterpriseFacts[];
  readonly status: Uint8Array;
  /** Expected resume date as a day number, NO_DATE when absent. */
  readonly resumeDay: Int32Array;
  readonly knownAble: Uint8Array;
  /**
   * District, city and province of each enterprise as small numbers (equal
   * codes, equal numbers): "nearest first" compares them for thousands of
   * makers per question.
   */
  readonly districtOf: Int32Array;
  readonly cityOf: Int32Array;
  readonly provinceOf: Int32Array;

  /** Component ids by index, ascending; only components someone needs. */
  readonly componentIds: readonly string[];

  readonly needStart: Int32Array;
  readonly needOwner: Int32Array;
  readonly needComponent: Int32Array;
  /** NaN when the stock is unknown (it never covers). */
  readonly needStock: Float64Array;

  /** Suppliers of need k: suppliers[supplierStart[k]..supplierStart[k+1]], ascending. */
  readonly supplierStart: Int32Array;
  readonly suppliers: Int32Array;

  /** Needs that enterprise s supplies: suppliedNeeds[suppliedStart[s]..suppliedStart[s+1]], ascending. */
  readonly suppliedStart: Int32Array;
  readonly suppliedNeeds: Int32Array;

  /** Edge position (in `suppliers`) of each entry of suppliedNeeds. */
  readonly suppliedEdge: Int32Array;

  /** Makers of component c: makers[makerStart[c]..makerStart[c+1]], ascending. */
  readonly makerStart: Int32Array;
  readonly makers: Int32Array;

  /**
   * Every enterprise whose status changed since construction, in order of
   * change; shared by the views withKnownAble makes. A solver that caches
   * settled enterprises reads its tail to forget what a change may alter.
   */
  readonly statusLog: number[] = [];

  private readonly indexById: Map<string, number>;
  /** Region code → the number districtOf, cityOf and provinceOf hold. */
  private readonly regionNumberOf: Map<string, number>;
  /** Shared with the views withKnownAble makes, so that a change of logistics shows in both. */
  private readonly logisticsHolder: { current: Logistics };
  /** See edgesOf: shared by the graph's views, as the topology is. */
  private readonly placeEdges = new Map<string, readonly number[]>();
  /** See regionMembers. */
  private readonly regionIndex: { value: { start: Int32Array; members: Int32Array } | null } = { value: null };
  private readonly componentIndexById: Map<string, number>;
  /** The same array as `enterprises`, writable by `setStatus`. */
  private readonly facts: EnterpriseFacts[];

  constructor(facts: GraphFacts) {
    // String-keyed Map lookups dominate building a national graph (millions
    // of ids, each a cache miss), so each input string is looked up once and
    // runs of repeated ids (records grouped by enterprise) reuse the last hit.

    // Enterprises: the first record of an id wins.
    const firstById = new Map<string, EnterpriseFacts>();
    for (const e of facts.enterprises) if (!firstById.has(e.id)) firstById.set(e.id, e);
    const ids = [...firstById.keys()];
    // The default sort orders strings by UTF-16 code units, exactly as `a < b`.
    const list = isSorted(ids) ? [...firstById.values()] : ids.sort().map((id) => firstById.get(id)!);
    const n = list.length;
    this.size = n;
    this.facts = list;
    this.enterprises = list;
    this.ids = ids;
    this.indexById = new Map();
    this.status = new Uint8Array(n);
    this.resumeDay = new Int32Array(n);
    this.knownAble = new Uint8Array(n);
    this.districtOf = new Int32Array(n);
    this.cityOf = new Int32Array(n);
    this.provinceOf = new Int32Array(n);
    const regionNumbers = new Map<string, number>();
    this.regionNumberOf = regionNumbers;
    const regionNumber = (code: string): number => {
      let k = regionNumbers.get(code);
      if (k === undefined) regionNumbers.set(code, (k = regionNumbers.size));
      return k;
    };
    for (let i = 0; i < n; i++) {
      const e = list[i]!;
      this.indexById.set(e.id, i);
      const code = STATUS_CODE[e.status];
      if (code === undefined) throw new RangeError(`enterprise ${e.id}: unknown status ${String(e.status)}`);
      this.status[i] = code;
      this.resumeDay[i] = e.expectedResumeDate == null ? NO_DATE : parseDay(e.expectedResumeDate);
      this.knownAble[i] = e.knownAble === true ? 1 : 0;
      this.districtOf[i] = regionNumber(e.district);
      this.cityOf[i] = regionNumber(e.city);
      this.provinceOf[i] = regionNumber(e.province);
    }
    const lookup = this.cachedLookup();

    // Needs of known enterprises, with provisional component numbers in order of appearance.
    const provisional = new Map<string, number>();
    const rawOwner = new Int32Array(facts.needs.length);
    const rawComp = new Int32Array(facts.needs.length);
    const rawStock = new Float64Array(facts.needs.length);
    const perOwner = new Int32Array(n + 1);
    let raws = 0;
    for (const nd of facts.needs) {
      const e = lookup(nd.enterprise);
      if (e < 0) continue;
      let c = provisional.get(nd.component);
      if (c === undefined) provisional.set(nd.component, (c = provisional.size));
      rawOwner[raws] = e;
      rawComp[raws] = c;
      rawStock[raws] = nd.stockDays === null || nd.stockDays === undefined ? Number.NaN : nd.stockDays;
      raws++;
      perOwner[e + 1]!++;
    }
    const componentIds = [...provisional.keys()].sort();
    this.componentIds = componentIds;
    this.componentIndexById = new Map(componentIds.map((c, i) => [c, i]));
    const finalComp = new Int32Array(provisional.size);
    for (const [c, i] of provisional) finalComp[i] = this.componentIndexById.get(c)!;

    // Bucketed by owner, then sorted by component and merged.
    for (let i = 0; i < n; i++) perOwner[i + 1]! += perOwner[i]!;
    const slotComp = new Int32Array(raws);
    const slotStock = new Float64Array(raws);
    {
      const fill = perOwner.slice(0, n);
      for (let r = 0; r < raws; r++) {
        const pos = fill[rawOwner[r]!]!++;
        slotComp[pos] = finalComp[rawComp[r]!]!;
        slotStock[pos] = rawStock[r]!;
      }
    }
    this.needStart = new Int32Array(n + 1);
    const needOwner = new Int32Array(raws);
    const needComponent = new Int32Array(raws);
    const needStock = new Float64Array(raws);
    let m = 0;
    for (let e = 0; e < n; e++) {
      const from = perOwner[e]!;
      const to = perOwner[e + 1]!;
      // Few needs per enterprise: an insertion sort on the slot range is enough.
      for (let i = from + 1; i < to; i++) {
        const c = slotComp[i]!;
        const st = slotStock[i]!;
        let j = i - 1;
        while (j >= from && slotComp[j]! > c) {
          slotComp[j + 1] = slotComp[j]!;
          slotStock[j + 1] = slotStock[j]!;
          j--;
        }
        slotComp[j + 1] = c;
        slotStock[j + 1] = st;
      }
      for (let i = from; i < to; i++) {
        const c = slotComp[i]!;
        const st = slotStock[i]!;
        if (m > 0 && needOwner[m - 1] === e && needComponent[m - 1] === c) {
          // The same need recorded twice must hold for both records; the
          // smaller (or unknown) stock is the binding one.
          const prev = needStock[m - 1]!;
          needStock[m - 1] = Number.isNaN(prev) || Number.isNaN(st) ? Number.NaN : Math.min(prev, st);
          continue;
        }
        needOwner[m] = e;
        needComponent[m] = c;
        needStock[m] = st;
        m++;
      }
      this.needStart[e + 1] = m;
    }
    this.needOwner = needOwner.slice(0, m);
    this.needComponent = needComponent.slice(0, m);
    this.needStock = needStock.slice(0, m);

    // Supplies: (need, supplier) pairs, bucketed by need, sorted, deduplicated.
    const pairNeed = new Int32Array(facts.supplies.length);
    const pairSupplier = new Int32Array(facts.supplies.length);
    let pairs = 0;
    const perNeed = new Int32Array(m + 1);
    const lookupCustomer = this.cachedLookup();
    for (const sp of facts.supplies) {
      const s = lookup(sp.supplier);
      if (s < 0) continue;
      const e = lookupCustomer(sp.customer);
      if (e < 0) continue;
      const c = this.componentIndexById.get(sp.component);
      if (c === undefined) continue;
      const k = this.findNeed(e, c);
      if (k < 0) continue;
      pairNeed[pairs] = k;
      pairSupplier[pairs] = s;
      pairs++;
      perNeed[k + 1]!++;
    }
    for (let k = 0; k < m; k++) perNeed[k + 1]! += perNeed[k]!;
    const bucket = new Int32Array(pairs);
    {
      const fill = perNeed.slice(0, m);
      for (let p = 0; p < pairs; p++) bucket[fill[pairNeed[p]!]!++] = pairSupplier[p]!;
    }
    this.supplierStart = new Int32Array(m + 1);
    const suppliers = new Int32Array(pairs);
    let written = 0;
    for (let k = 0; k < m; k++) {
      written = sortUniqueInto(bucket, perNeed[k]!, perNeed[k + 1]!, suppliers, written);
      this.supplierStart[k + 1] = written;
    }
    this.suppliers = suppliers.slice(0, written);

    // The reverse direction: which needs each enterprise feeds.
    this.suppliedStart = new Int32Array(n + 1);
    for (let i = 0; i < written; i++) this.suppliedStart[this.suppliers[i]! + 1]!++;
    for (let i = 0; i < n; i++) this.suppliedStart[i + 1]! += this.suppliedStart[i]!;
    this.suppliedNeeds = new Int32Array(written);
    this.suppliedEdge = new Int32Array(written);
    {
      const fill = this.suppliedStart.slice(0, n);
      for (let k = 0; k < m; k++) {
        for (let i = this.supplierStart[k]!; i < this.supplierStart[k + 1]!; i++) {
          const at = fill[this.suppliers[i]!]!++;
          this.suppliedNeeds[at] = k;
          this.suppliedEdge[at] = i;
        }
      }
    }

    // Makers, per needed component.
    const componentCount = componentIds.length;
    const makeComp = new Int32Array(facts.makes.length);
    const makeMaker = new Int32Array(facts.makes.length);
    let makes = 0;
    const perComponent = new Int32Array(componentCount + 1);
    for (const mk of facts.makes) {
      const e = lookup(mk.enterprise);
      if (e < 0) continue;
      const c = this.componentIndexById.get(mk.component);
      if (c === undefined) continue;
      makeComp[makes] = c;
      makeMaker[makes] = e;
      makes++;
      perComponent[c + 1]!++;
    }
    for (let c = 0; c < componentCount; c++) perComponent[c + 1]! += perComponent[c]!;
    const makerBucket = new Int32Array(makes);
    {
      const fill = perComponent.slice(0, componentCount);
      for (let p = 0; p < makes; p++) makerBucket[fill[makeComp[p]!]!++] = makeMaker[p]!;
    }
    this.makerStart = new Int32Array(componentCount + 1);
    const makers = new Int32Array(makerBucket.length);
    written = 0;
    for (let c = 0; c < componentCount; c++) {
      written = sortUniqueInto(makerBucket, perComponent[c]!, perComponent[c + 1]!, makers, written);
      this.makerStart[c + 1] = written;
    }
    this.makers = makers.slice(0, written);
    this.logisticsHolder = { current: this.compileLogistics(facts.restrictions ?? [], facts.loans ?? []) };
  }

  get logistics(): Logistics {
    return this.logisticsHolder.current;
  }

  /** The need of supply edge p (a position in `suppliers`): the one whose range holds p. */
  edgeNeed(p: number): number {
    let lo = 0;
    let hi = this.needCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.supplierStart[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The enterprises of every region's subtree, by region number (a
   * district's, a city's and a province's alike), ascending: built the first
   * time a region restriction is compiled, and shared by the graph's views.
   */
  private regionMembers(): { start: Int32Array; members: Int32Array } {
    const held = this.regionIndex;
    if (held.value !== null) return held.value;
    const regions = this.regionNumberOf.size;
    const start = new Int32Array(regions + 1);
    const each = (x: number, visit: (region: number) => void): void => {
      const d = this.districtOf[x]!;
      const c = this.cityOf[x]!;
      const p = this.provinceOf[x]!;
      visit(d);
      if (c !== d) visit(c);
      if (p !== d && p !== c) visit(p);
    };
    for (let x = 0; x < this.size; x++) each(x, (r) => start[r + 1]!++);
    for (let r = 0; r < regions; r++) start[r + 1]! += start[r]!;
    const members = new Int32Array(start[regions]!);
    const next = start.slice(0, regions);
    for (let x = 0; x < this.size; x++) each(x, (r) => (members[next[r]!++] = x));
    return (held.value = { start, members });
  }

  /**
   * The supply edges a restriction applies to (none when it names what the
   * graph does not hold). They depend on the topology alone, which never
   * changes, so each place (an edge, or a region and a direction) is walked
   * once and kept: restrictions are compiled again on every change.
   */
  private edgesOf(r: RestrictionFact): readonly number[] {
    const place = r.supply !== null ? `edge|${r.supply.supplier}|${r.supply.customer}|${r.supply.component}` : `region|${r.region}|${r.direction}`;
    const kept = this.placeEdges.get(place);
    if (kept !== undefined) return kept;
    const edges: number[] = [];
    if (r.supply !== null) {
      const s = this.indexById.get(r.supply.supplier);
      const e = this.indexById.get(r.supply.customer);
      const c = this.componentIndexById.get(r.supply.component);
      const k = s === undefined || e === undefined || c === undefined ? -1 : this.findNeed(e, c);
      const p = k < 0 ? -1 : this.findEdge(k, s!);
      if (p >= 0) edges.push(p);
    } else if (r.region !== null && r.direction !== null && this.regionNumberOf.has(r.region)) {
      // A region's border is crossed only by edges with one end among its members: those are walked, not every edge.
      const region = this.regionNumberOf.get(r.region)!;
      const inside = (x: number): boolean => this.districtOf[x] === region || this.cityOf[x] === region || this.provinceOf[x] === region;
      const { start, members } = this.regionMembers();
      for (let j = start[region]!, end = start[region + 1]!; j < end; j++) {
        const x = members[j]!;
        if (r.direction !== 'INBOUND') {
          for (let q = this.suppliedStart[x]!, qEnd = this.suppliedStart[x + 1]!; q < qEnd; q++) {
            if (!inside(this.needOwner[this.suppliedNeeds[q]!]!)) edges.push(this.suppliedEdge[q]!);
          }
        }
        if (r.direction !== 'OUTBOUND') {
          for (let k = this.needStart[x]!, kEnd = this.needStart[x + 1]!; k < kEnd; k++) {
            for (let p = this.supplierStart[k]!, pEnd = this.supplierStart[k + 1]!; p < pEnd; p++) if (!inside(this.suppliers[p]!)) edges.push(p);
          }
        }
      }
    }
    this.placeEdges.set(place, edges);
    return edges;
  }

  /** The customer of supply edge p: the owner of its need. */
  edgeCustomer(p: number): number {
    return this.needOwner[this.edgeNeed(p)]!;
  }

  /** Position of the edge supplier s → need k in `suppliers`, or -1. */
  findEdge(k: number, s: number): number {
    let lo = this.supplierStart[k]!;
    let hi = this.supplierStart[k + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.suppliers[mid]!;
      if (v === s) return mid;
      if (v < s) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Edges each restriction applies to, and needs each loan meets. A region
   * restriction is matched on the numbers of the enterprises' district, city
   * and province: an enterprise lies in a region's subtree exactly when one
   * of the three is the region's code. Facts naming what the graph does not
   * hold apply to nothing; the first record of an id wins.
   */
  private compileLogistics(restrictionFacts: readonly RestrictionFact[], loanFacts: readonly LoanFact[]): Logistics {
    const firstRestriction = new Map<string, RestrictionFact>();
    for (const r of restrictionFacts) if (!firstRestriction.has(r.id)) firstRestriction.set(r.id, r);
    const restrictionIds = [...firstRestriction.keys()].sort();
    const restrictions = restrictionIds.map((id) => firstRestriction.get(id)!);
    const restrictionFrom = new Int32Array(restrictions.length);
    const restrictionUntil = new Int32Array(restrictions.length);
    const restrictionEdges = restrictions.map((r, i) => {
      restrictionFrom[i] = parseDay(r.from);
      restrictionUntil[i] = r.until === null ? NO_END : parseDay(r.until);
      return this.edgesOf(r);
    });
    // Restriction by restriction in index order, so each edge's list comes out ascending and once.
    const lists = new Map<number, number[]>();
    restrictionEdges.forEach((edges, i) => {
      for (const p of edges) {
        const list = lists.get(p);
        if (list === undefined) lists.set(p, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    let restricted: Uint8Array | null = null;
    // In edge order.
    const edgeRestrictions = new Map<number, number[]>();
    if (lists.size > 0) {
      restricted = new Uint8Array(this.suppliers.length);
      for (const p of Int32Array.from(lists.keys()).sort()) {
        restricted[p] = 1;
        edgeRestrictions.set(p, lists.get(p)!);
      }
    }

    const firstLoan = new Map<string, LoanFact>();
    for (const l of loanFacts) if (!firstLoan.has(l.id)) firstLoan.set(l.id, l);
    const loanIds = [...firstLoan.keys()].sort();
    const loanStart = new Int32Array(loanIds.length);
    const loanEnd = new Int32Array(loanIds.length);
    const needLoans = new Map<number, number[]>();
    loanIds.forEach((id, i) => {
      const l = firstLoan.get(id)!;
      loanStart[i] = parseDay(l.start);
      const returned = l.returnedOn === null ? NO_END : parseDay(l.returnedOn);
      loanEnd[i] = Math.min(loanStart[i]! + Math.max(0, Math.floor(l.coverDays)), returned);
      const e = this.indexById.get(l.borrower);
      const c = this.componentIndexById.get(l.component);
      if (e === undefined || c === undefined) return;
      const k = this.findNeed(e, c);
      if (k < 0) return;
      const list = needLoans.get(k);
      if (list === undefined) needLoans.set(k, [i]);
      else list.push(i);
    });
    return { restrictionIds, restrictions, restrictionFrom, restrictionUntil, restricted, edgeRestrictions, restrictionEdges, loanIds, loanStart, loanEnd, needLoans };
  }

  /**
   * Replaces the restrictions and loans. Enterprises whose edges or needs
   * they touch, before or after, go to statusLog: only what lies downstream
   * of them can answer differently, exactly as after a status change.
   * Returns them too, ascending: able0 needs refreshing from exactly these.
   */
  setLogistics(restrictions: readonly RestrictionFact[], loans: readonly LoanFact[]): number[] {
    return this.replaceLogistics(this.compileLogistics(restrictions, loans));
  }

  /**
   * Puts back logistics this graph held before (`logistics` as read then),
   * as setLogistics would with their facts, without compiling them again:
   * for a caller that tried a change and takes it back.
   */
  restoreLogistics(previous: Logistics): number[] {
    return this.replaceLogistics(previous);
  }

  private replaceLogistics(after: Logistics): number[] {
    const before = this.logisticsHolder.current;
    this.logisticsHolder.current = after;
    const touched = new Set<number>();
    // A restriction the change leaves alone (same id, days and edges) touches nothing; of any other, every edge it
    // applied to or applies to now has its customer touched (a few more than the edges whose restrictions differ, never fewer).
    const beforeById = new Map(before.restrictionIds.map((id, r) => [id, r]));
    const kept = new Set<string>();
    after.restrictionIds.forEach((id, ra) => {
      const rb = beforeById.get(id);
      if (rb === undefined || before.restrictionFrom[rb] !== after.restrictionFrom[ra] || before.restrictionUntil[rb] !== after.restrictionUntil[ra]) return;
      const edgesBefore = before.restrictionEdges[rb]!;
      const edgesAfter = after.restrictionEdges[ra]!;
      if (edgesBefore.length === edgesAfter.length && edgesBefore.every((p, j) => edgesAfter[j] === p)) kept.add(id);
    });
    for (const lg of [before, after]) {
      lg.restrictionIds.forEach((id, r) => {
        if (!kept.has(id)) for (const p of lg.restrictionEdges[r]!) touched.add(this.edgeCustomer(p));
      });
    }
    const loanKey = (lg: Logistics, l: number): string => `${lg.loanIds[l]}|${lg.loanStart[l]}|${lg.loanEnd[l]}`;
    const needs = new Set<number>([...before.needLoans.keys(), ...after.needLoans.keys()]);
    for (const k of needs) {
      const a = (before.needLoans.get(k) ?? []).map((l) => loanKey(before, l)).join();
      const b = (after.needLoans.get(k) ?? []).map((l) => loanKey(after, l)).join();
      if (a !== b) touched.add(this.needOwner[k]!);
    }
    const sorted = [...touched].sort((x, y) => x - y);
    for (const i of sorted) this.statusLog.push(i);
    return sorted;
  }

  /** An id → index lookup (-1 when unknown) that remembers its last answer. */
  private cachedLookup(): (id: string) => number {
    let lastId: string | null = null;
    let last = -1;
    return (id) => {
      if (id !== lastId) {
        lastId = id;
        last = this.indexById.get(id) ?? -1;
      }
      return last;
    };
  }

  /**
   * Records a status change in place. The topology never changes after
   * construction; statuses do, and a read model that holds a national graph
   * applies each change here instead of rebuilding.
   */
  setStatus(i: number, status: EnterpriseStatus, expectedResumeDate: string | null): void {
    const code = STATUS_CODE[status];
    if (code === undefined) throw new RangeError(`enterprise ${this.ids[i] ?? i}: unknown status ${String(status)}`);
    this.status[i] = code;
    this.resumeDay[i] = expectedResumeDate == null ? NO_DATE : parseDay(expectedResumeDate);
    this.facts[i] = { ...this.facts[i]!, status, expectedResumeDate };
    this.statusLog.push(i);
  }

  /**
   * Logs enterprises whose known-able flags the owner of a mask this graph
   * was given (withKnownAble) flipped in place, as setStatus logs a status:
   * settled able sets forget what rests on them (AbleCache.plainSolver).
   */
  logKnownAbleChanges(flipped: readonly number[]): void {
    for (const i of flipped) this.statusLog.push(i);
  }

  /**
   * The same graph (arrays shared, so status changes show in both) with
   * another set of enterprises taken as known able: a read model passes the
   * enterprises able from statuses alone, so evaluations stop at them.
   */
  withKnownAble(mask: Uint8Array): SupplyGraph {
    if (mask.length !== this.size) throw new RangeError(`a known-able mask needs ${this.size} entries, got ${mask.length}`);
    return Object.assign(Object.create(SupplyGraph.prototype) as SupplyGraph, this, { knownAble: mask });
  }

  get needCount(): number {
    return this.needOwner.length;
  }

  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** Index of an enterprise id; throws UnknownEnterpriseError when absent. */
  requireIndex(id: string): number {
    const i = this.indexById.get(id);
    if (i === undefined) throw new UnknownEnterpriseError(id);
    return i;
  }

  /** Index of a restriction id in logistics; throws UnknownRestrictionError when absent. */
  requireRestriction(id: string): number {
    const ids = this.logistics.restrictionIds;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new UnknownRestrictionError(id);
  }

  componentIndexOf(id: string): number | undefined {
    return this.componentIndexById.get(id);
  }

  /** Need index of enterprise e for component c, or -1. */
  findNeed(e: number, c: number): number {
    let lo = this.needStart[e]!;
    let hi = this.needStart[e + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.needComponent[mid]!;
      if (v === c) return mid;
      if (v < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
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

export function buildSupplyGraph(facts: GraphFacts): SupplyGraph {
  return new SupplyGraph(facts);
}

/**
 * The supply graph as the read API shows it, held beside the evaluator's
 * graph in the read model: every supply edge with its share (the evaluator
 * keeps only those that feed a need), every make with its capacity, the
 * needs by component, the region tree and its agencies. Typed arrays over
 * the graph's enterprise numbering (ids ascending), so each list is a
 * range already in the order the API answers it.
 */
import type { SupplyGraph } from '../../analysis/graph.ts';
import type { GraphFacts, MakesFact, SupplyFact } from '../../analysis/types.ts';
import type { ComponentRecord, MakeRecord, NeedRecord, SupplyRecord } from '../enterprises/mappers.ts';
import type { AgencyRecord, RegionRecord } from '../regions/mappers.ts';

/** The graph's facts as the model's pages read them: a supply's share and a make's capacity come along for the API. */
export type ModelFacts = Omit<GraphFacts, 'supplies' | 'makes'> & {
  supplies: (SupplyFact & { share?: number | null })[];
  makes: (MakesFact & { capacityPerDay?: number | null })[];
};
type CatalogueFacts = Pick<ModelFacts, 'supplies' | 'makes'>;

const nullable = (x: number): number | null => (Number.isNaN(x) ? null : x);
const stored = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/** Sorts positions by (key, then component id) and returns them with the range starts per key. */
function grouped(count: number, keys: number, keyOf: (p: number) => number, componentOf: (p: number) => number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (let p = 0; p < count; p++) start[keyOf(p) + 1]!++;
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const order = new Int32Array(count);
  const fill = start.slice(0, keys);
  for (let p = 0; p < count; p++) order[fill[keyOf(p)]!++] = p;
  for (let k = 0; k < keys; k++) {
    // Few edges per enterprise: an insertion sort of the range by component.
    for (let i = start[k]! + 1; i < start[k + 1]!; i++) {
      const v = order[i]!;
      let j = i - 1;
      while (j >= start[k]! && componentOf(order[j]!) > componentOf(v)) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = v;
    }
  }
  return { start, order };
}

/** Each range of `groups` ordered by (other end, component): the enterprise numbering is id order. */
function reorder(groups: { start: Int32Array; order: Int32Array }, otherOf: (p: number) => number, componentOf: (p: number) => number) {
  const { start, order } = groups;
  for (let k = 0; k + 1 < start.length; k++) {
    if (start[k + 1]! - start[k]! < 2) continue;
    const range = Array.from(order.subarray(start[k]!, start[k + 1]!));
    range.sort((a, b) => otherOf(a) - otherOf(b) || componentOf(a) - componentOf(b));
    order.set(range, start[k]!);
  }
  return groups;
}

export class Catalogue {
  /** Component ids ascending: every stored component, and any an edge names. */
  private readonly componentIds: string[];
  private readonly componentIndex: Map<string, number>;
  private readonly components: Map<string, ComponentRecord>;
  /**
   * Supply edge p: supplySupplier[p] delivers supplyComponent[p] to the
   * customer whose range of `intoStart` holds p, share NaN when unknown.
   * The edges lie in the order the API lists a customer's suppliers (by
   * customer, supplier, component), so that list is a range and the
   * customer of an edge needs no array of its own.
   */
  private readonly supplySupplier: Int32Array;
  private readonly supplyComponent: Int32Array;
  private readonly supplyShare: Float64Array;
  private readonly intoStart: Int32Array;
  /** Edges out of each supplier by (customer, component). */
  private readonly from: { start: Int32Array; order: Int32Array };
  private readonly makeEnterprise: Int32Array;
  private readonly makeComponent: Int32Array;
  private readonly makeCapacity: Float64Array;
  private readonly makesOf: { start: Int32Array; order: Int32Array };
  /** Makes of each component by enterprise id. */
  private readonly makersOf: { start: Int32Array; order: Int32Array };
  /** The graph's needs of each component (catalogue numbering), by enterprise id. */
  private readonly buyersOf: { start: Int32Array; order: Int32Array };
  /** The graph's component number → this catalogue's. */
  private readonly needComponent: Int32Array;
  private readonly regions: Map<string, RegionRecord>;
  private readonly regionList: RegionRecord[];
  private readonly children = new Map<string, RegionRecord[]>();
  private readonly agencies: Map<string, AgencyRecord>;
  private readonly agencyList: AgencyRecord[];
  private readonly agenciesOf = new Map<string, AgencyRecord[]>();

  constructor(
    private readonly graph: SupplyGraph,
    facts: CatalogueFacts,
    components: readonly ComponentRecord[],
    regions: readonly RegionRecord[],
    agencies: readonly AgencyRecord[],
  ) {
    this.components = new Map(components.map((c) => [c.id, c]));
    const ids = new Set(this.components.keys());
    for (const s of facts.supplies) ids.add(s.component);
    for (const m of facts.makes) ids.add(m.component);
    for (const c of graph.componentIds) ids.add(c);
    this.componentIds = [...ids].sort();
    this.componentIndex = new Map(this.componentIds.map((id, i) => [id, i]));
    const n = graph.size;

    const supplies = facts.supplies.filter((s) => graph.indexOf(s.supplier) !== undefined && graph.indexOf(s.customer) !== undefined);
    const supplier = Int32Array.from(supplies, (s) => graph.indexOf(s.supplier)!);
    const customer = Int32Array.from(supplies, (s) => graph.indexOf(s.customer)!);
    const component = Int32Array.from(supplies, (s) => this.componentIndex.get(s.component)!);
    const into = reorder(
      grouped(supplies.length, n, (p) => customer[p]!, (p) => component[p]!),
      (p) => supplier[p]!,
      (p) => component[p]!,
    );
    this.intoStart = into.start;
    this.supplySupplier = into.order.map((p) => supplier[p]!);
    this.supplyComponent = into.order.map((p) => component[p]!);
    this.supplyShare = Float64Array.from(into.order, (p) => stored(supplies[p]!.share));
    const customerOf = (p: number) => customer[into.order[p]!]!;
    this.from = reorder(
      grouped(supplies.length, n, (p) => this.supplySupplier[p]!, (p) => this.supplyComponent[p]!),
      customerOf,
      (p) => this.supplyComponent[p]!,
    );

    const makes = facts.makes.filter((m) => graph.indexOf(m.enterprise) !== undefined);
    this.makeEnterprise = Int32Array.from(makes, (m) => graph.indexOf(m.enterprise)!);
    this.makeComponent = Int32Array.from(makes, (m) => this.componentIndex.get(m.component)!);
    this.makeCapacity = Float64Array.from(makes, (m) => stored(m.capacityPerDay));
    this.makesOf = grouped(makes.length, n, (p) => this.makeEnterprise[p]!, (p) => this.makeComponent[p]!);
    this.makersOf = grouped(makes.length, this.componentIds.length, (p) => this.makeComponent[p]!, (p) => this.makeEnterprise[p]!);

    this.needComponent = Int32Array.from(graph.componentIds, (c) => this.componentIndex.get(c)!);
    this.buyersOf = grouped(graph.needCount, this.componentIds.length, (k) => this.needComponent[graph.needComponent[k]!]!, (k) => graph.needOwner[k]!);

    this.regionList = [...regions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.regions = new Map(this.regionList.map((r) => [r.code, r]));
    for (const r of this.regionList) if (r.parentCode !== null) this.push(this.children, r.parentCode, r);
    this.agencyList = [...agencies].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.agencies = new Map(this.agencyList.map((a) => [a.id, a]));
    for (const a of this.agencyList) this.push(this.agenciesOf, a.regionCode, a);
  }

  private push<T>(map: Map<string, T[]>, key: string, value: T): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }

  /** The customer of edge p: the one whose range of intoStart holds it. */
  private customerOf(p: number): number {
    let lo = 0;
    let hi = this.intoStart.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.intoStart[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private supply(p: number): SupplyRecord {
    const ids = this.graph.ids;
    return { supplierId: ids[this.supplySupplier[p]!]!, customerId: ids[this.customerOf(p)]!, componentId: this.componentIds[this.supplyComponent[p]!]!, share: nullable(this.supplyShare[p]!) };
  }

  private make(p: number): MakeRecord {
    return { enterpriseId: this.graph.ids[this.makeEnterprise[p]!]!, componentId: this.componentIds[this.makeComponent[p]!]!, capacityPerDay: nullable(this.makeCapacity[p]!) };
  }

  private need(k: number): NeedRecord {
    const g = this.graph;
    return { enterpriseId: g.ids[g.needOwner[k]!]!, componentId: this.componentIds[this.needComponent[g.needComponent[k]!]!]!, stockDays: nullable(g.needStock[k]!) };
  }

  private range<T>(groups: { start: Int32Array; order: Int32Array }, key: number | undefined, build: (p: number) => T): T[] | undefined {
    if (key === undefined) return undefined;
    const out: T[] = [];
    for (let i = groups.start[key]!, end = groups.start[key + 1]!; i < end; i++) out.push(build(groups.order[i]!));
    return out;
  }

  suppliesInto(id: string): SupplyRecord[] | undefined {
    const e = this.graph.indexOf(id);
    if (e === undefined) return undefined;
    const out: SupplyRecord[] = [];
    for (let p = this.intoStart[e]!; p < this.intoStart[e + 1]!; p++) out.push(this.supply(p));
    return out;
  }

  suppliesFrom(id: string): SupplyRecord[] | undefined {
    return this.range(this.from, this.graph.indexOf(id), (p) => this.supply(p));
  }

  makesOfEnterprise(id: string): MakeRecord[] | undefined {
    return this.range(this.makesOf, this.graph.indexOf(id), (p) => this.make(p));
  }

  makesOfComponent(id: string): MakeRecord[] | undefined {
    return this.components.has(id) ? (this.range(this.makersOf, this.componentIndex.get(id), (p) => this.make(p)) ?? []) : undefined;
  }

  needsOfEnterprise(id: string): NeedRecord[] | undefined {
    const e = this.graph.indexOf(id);
    if (e === undefined) return undefined;
    const out: NeedRecord[] = [];
    for (let k = this.graph.needStart[e]!; k < this.graph.needStart[e + 1]!; k++) out.push(this.need(k));
    return out;
  }

  needsOfComponent(id: string): NeedRecord[] | undefined {
    return this.components.has(id) ? (this.range(this.buyersOf, this.componentIndex.get(id), (k) => this.need(k)) ?? []) : undefined;
  }

  component(id: string): ComponentRecord | undefined {
    return this.components.get(id);
  }

  /** Every component in id order. */
  allComponents(): ComponentRecord[] {
    return this.componentIds.flatMap((id) => this.components.get(id) ?? []);
  }

  region(code: string): RegionRecord | undefined {
    return this.regions.get(code);
  }

  allRegions(): readonly RegionRecord[] {
    return this.regionList;
  }

  regionChildren(code: string): RegionRecord[] | undefined {
    return this.regions.has(code) ? (this.children.get(code) ?? []) : undefined;
  }

  agency(id: string): AgencyRecord | undefined {
    return this.agencies.get(id);
  }

  allAgencies(): readonly AgencyRecord[] {
    return this.agencyList;
  }

  regionAgencies(code: string): AgencyRecord[] | undefined {
    return this.regions.has(code) ? (this.agenciesOf.get(code) ?? []) : undefined;
  }

  /** The region's own agency (lowest id), else its parent's, else its grandparent's, as the Cypher reads it. */
  governingAgency(code: string): { agency: AgencyRecord | null } | undefined {
    if (!this.regions.has(code)) return undefined;
    let at: string | null = code;
    for (let steps = 0; at !== null && steps <= 2; steps++) {
      const own = this.agenciesOf.get(at);
      if (own?.length) return { agency: own[0]! };
      at = this.regions.get(at)?.parentCode ?? null;
    }
    return { agency: null };
  }
}

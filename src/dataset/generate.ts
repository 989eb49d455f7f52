/**
 * Synthetic national supply network in the canonical dataset format.
 *
 * The network is planned first in compact typed arrays (a few bytes per
 * enterprise, per make, per need, per supply edge), then streamed out as
 * one JSON document, one record per line, in chunks that respect the
 * sink's backpressure. Nothing proportional to the output text is ever
 * held in memory, so a million enterprises and five million supply
 * edges fit in a few hundred megabytes.
 *
 * Everything random comes from seeded streams: the same options give
 * byte-identical output.
 */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { DatasetArrayName, LogisticsArrayName } from './format.ts';
import { CATEGORIES, QUALIFIERS, TIERS } from './generate-catalogue.ts';
import { Random, searchCumulative } from './generate-random.ts';
import { buildGeography, pinyinName, type Geography } from './generate-regions.ts';

export { INDUSTRIES, TIERS } from './generate-catalogue.ts';
export { agencyId } from './generate-regions.ts';

/** The day the work-resumption drive is anchored on; resume dates fall within ±60 days of it. */
export const REFERENCE_DATE = '2020-02-10';
export const RESUME_WINDOW_DAYS = 60;
/** Enterprise ids are "e" plus seven digits, so this is the largest network with fixed-width ids. */
export const MAX_ENTERPRISES = 9_999_999;
export const MAX_SEED = 0xffffffff;

export interface GenerateProgress {
  phase: string;
  done: number;
  total: number;
}

export interface GenerateOptions {
  /** Number of enterprises, 1..MAX_ENTERPRISES. */
  enterprises: number;
  /** 0..MAX_SEED; default 1. */
  seed?: number;
  /** Called every few tens of thousands of items and at the end of each phase; callers throttle. */
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateSummary {
  enterprises: number;
  seed: number;
  counts: Record<DatasetArrayName, number>;
  /** Restrictions written: single deliveries, then district border checks. */
  restrictions: number;
  loans: number;
  /** UTF-8 bytes written. */
  bytes: number;
  /** Component tiers, raw materials (0) to finished goods. */
  tiers: number;
  /** Supply edges from a higher tier down to a lower one, each closing a supply cycle. */
  backEdges: number;
  /** Needs written with no supplier at all. */
  unsuppliedNeeds: number;
  /** Supply edges whose supplier does not make the component (traders). */
  tradedSupplies: number;
}

/** "e0000001" for index 0: fixed width, so string order is numeric order. */
export function enterpriseId(index: number): string {
  return `e${String(index + 1).padStart(7, '0')}`;
}

/** "c00001" for index 0; at most 4,000 components are generated. */
export function componentId(index: number): string {
  return `c${String(index + 1).padStart(5, '0')}`;
}

/** Components scale with the square root of the network: ~180 for 2,000 enterprises, 4,000 from a million on. */
export function componentCount(enterprises: number): number {
  return Math.min(4000, Math.max(40, Math.round(4 * Math.sqrt(enterprises))));
}

// Tunables of the network's shape. Rates are per record unless stated.
const CLOSED_RATE = 0.02;
const SUSPENDED_RATE = 0.07;
/** Hubei, the epicentre, had far more plants idle in February 2020. */
const SUSPENDED_RATE_BY_PROVINCE: Readonly<Record<string, number>> = { '420000': 0.3 };
const SUSPENDED_WITH_DATE = 0.85;
const STOCK_DAYS_RATE = 0.3;
const NO_SUPPLIER_RATE = 0.002;
const SAME_PROVINCE_PREFERENCE = 0.6;
const TRADER_RATE = 0.0005;
const EPIDEMIC_INPUT_RATE = 0.15;
/** About 300 cycle-closing edges per million enterprises ("a few hundred"), at least 3 when there is room. */
const BACK_EDGES_PER_ENTERPRISE = 3e-4;
/** Suppliers per enterprise beyond one per need: Lomax, heavy-tailed, mean ~3. */
const EXTRA_SUPPLIERS_SCALE = 3.7;
const EXTRA_SUPPLIERS_ALPHA = 2;
const MAX_EXTRA_SUPPLIERS = 150;
/** Logistics: a few hundred restricted deliveries and a few dozen district border checks per million enterprises, and as many loans as edge restrictions. */
const EDGE_RESTRICTIONS_PER_ENTERPRISE = 3e-4;
const DISTRICT_RESTRICTIONS_PER_ENTERPRISE = 3.6e-5;
const LOANS_PER_ENTERPRISE = 3e-4;
const OPEN_ENDED_RESTRICTION_RATE = 0.1;
const RETURNED_LOAN_RATE = 0.2;
const PROGRESS_EVERY = 1 << 16;

const STREAM = {
  components: 1,
  enterprises: 2,
  needs: 3,
  supplies: 4,
  cycles: 5,
  writeEnterprises: 6,
  writeComponents: 7,
  writeMakes: 8,
  writeNeeds: 9,
  writeSupplies: 10,
  logistics: 11,
} as const;

/** Growable Uint32Array: edge counts are only known once planned. */
class U32List {
  data: Uint32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(Math.ceil(this.data.length * 1.5));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

interface ExtraNeed {
  component: number;
  supplier: number;
}

interface Plan {
  n: number;
  geo: Geography;
  componentCount: number;
  componentCategory: Uint8Array;
  entDistrict: Uint16Array;
  entTier: Uint8Array;
  workforce: Uint32Array;
  /** bit 0: makes epidemic supplies; bit 1: supplies an enterprise that does. */
  epidemic: Uint8Array;
  makeStart: Uint32Array;
  makeComp: Uint16Array;
  needStart: Uint32Array;
  needComp: Uint16Array;
  /** Per need (global need index), its suppliers' range in supList. */
  supStart: Uint32Array;
  supList: Uint32Array;
  /** Cycle-closing needs, by customer: appended after the customer's regular needs. */
  extraNeeds: Map<number, ExtraNeed[]>;
  backEdges: number;
  tradedSupplies: number;
}

type Progress = (phase: string, done: number, total: number) => void;

function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    out[i] = sum;
  }
  return out;
}

function makesComponent(makeStart: Uint32Array, makeComp: Uint16Array, enterprise: number, component: number): boolean {
  for (let k = makeStart[enterprise]!; k < makeStart[enterprise + 1]!; k++) {
    if (makeComp[k] === component) return true;
  }
  return false;
}

/** Components, tier by tier; ids ascend with the tier. */
interface ComponentPlan {
  count: number;
  category: Uint8Array;
  /** How widely a component is made and needed: a few components are everywhere. */
  popularity: Float64Array;
  /** Components per tier, and the first component of each tier (one more entry: the count). */
  tierSizes: number[];
  tierFirst: number[];
}

/** Where each enterprise is, its tier and size, and what it makes (its components in makeComp[makeStart[e] … makeStart[e + 1])). */
interface EnterprisePlan {
  district: Uint16Array;
  tier: Uint8Array;
  workforce: Uint32Array;
  epidemic: Uint8Array;
  makeStart: Uint32Array;
  makeComp: Uint16Array;
}

/**
 * The makers of each component, grouped by province so that a same-province
 * supplier is one range away: those of component c in province p are
 * list[start[c * provinces + p] … start[c * provinces + p + 1]).
 */
interface Makers {
  provinces: number;
  start: Uint32Array;
  list: Uint32Array;
}

function planComponents(n: number, seed: number): ComponentPlan {
  const rng = new Random(seed, STREAM.components);
  const total = componentCount(n);
  const tierSizes = TIERS.map((tier) => Math.max(2, Math.round(total * tier.componentShare)));
  const count = tierSizes.reduce((a, b) => a + b, 0);
  const category = new Uint8Array(count);
  const popularity = new Float64Array(count);
  const tierFirst: number[] = [];
  let next = 0;
  for (let t = 0; t < TIERS.length; t++) {
    tierFirst.push(next);
    const firstCategory = CATEGORIES.findIndex((c) => c.tier === t);
    const categories = TIERS[t]!.categories.length;
    for (let i = 0; i < tierSizes[t]!; i++, next++) {
      // Every category is present before any repeats, then categories are drawn at random.
      category[next] = firstCategory + (i < categories ? i : rng.int(categories));
      popularity[next] = rng.pareto(1, 1.2);
    }
  }
  tierFirst.push(count);
  return { count, category, popularity, tierSizes, tierFirst };
}

/** Enterprises: location, tier, size, and what they make. */
function planEnterprises(n: number, seed: number, geo: Geography, components: ComponentPlan, progress: Progress): EnterprisePlan {
  const { category, popularity, tierFirst } = components;
  const rng = new Random(seed, STREAM.enterprises);
  const districtCumulative = cumulative(geo.districts.map((d) => d.weight));
  const districtTotal = districtCumulative[districtCumulative.length - 1]!;
  const tierCumulative = cumulative(TIERS.map((tier) => tier.enterpriseShare));
  const tierTotal = tierCumulative[tierCumulative.length - 1]!;
  const popularityByTier = TIERS.map((_, t) => cumulative(popularity.subarray(tierFirst[t]!, tierFirst[t + 1]!)));

  const district = new Uint16Array(n);
  const tier = new Uint8Array(n);
  const workforce = new Uint32Array(n);
  const epidemic = new Uint8Array(n);
  const makeStart = new Uint32Array(n + 1);
  const makeCompAll = new Uint16Array(n * 3);
  let makeCount = 0;
  for (let e = 0; e < n; e++) {
    district[e] = searchCumulative(districtCumulative, rng.float() * districtTotal);
    const t = searchCumulative(tierCumulative, rng.float() * tierTotal);
    tier[e] = t;
    // Power-law head count: most firms are small, a few employ tens of thousands.
    workforce[e] = Math.min(150_000, Math.floor(rng.pareto(8, 1.25)));
    const u = rng.float();
    const want = u < 0.5 ? 1 : u < 0.8 ? 2 : 3;
    const weights = popularityByTier[t]!;
    const weightTotal = weights[weights.length - 1]!;
    makeStart[e] = makeCount;
    for (let attempt = 0; makeCount - makeStart[e]! < want && attempt < 12; attempt++) {
      const comp = tierFirst[t]! + searchCumulative(weights, rng.float() * weightTotal);
      let dup = false;
      for (let k = makeStart[e]!; k < makeCount; k++) if (makeCompAll[k] === comp) dup = true;
      if (dup) continue;
      makeCompAll[makeCount++] = comp;
      if (CATEGORIES[category[comp]!]!.epidemic) epidemic[e] = 1;
    }
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('plan enterprises', e, n);
  }
  makeStart[n] = makeCount;
  progress('plan enterprises', n, n);
  return { district, tier, workforce, epidemic, makeStart, makeComp: makeCompAll.slice(0, makeCount) };
}

function indexMakers(n: number, geo: Geography, componentTotal: number, enterprises: EnterprisePlan): Makers {
  const provinces = geo.provinces.length;
  const { makeStart, makeComp } = enterprises;
  const provinceOf = (e: number): number => geo.districts[enterprises.district[e]!]!.province;
  const groups = componentTotal * provinces;
  const start = new Uint32Array(groups + 1);
  for (let e = 0; e < n; e++) {
    const p = provinceOf(e);
    for (let k = makeStart[e]!; k < makeStart[e + 1]!; k++) start[makeComp[k]! * provinces + p + 1]!++;
  }
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const list = new Uint32Array(makeComp.length);
  const fill = start.slice(0, groups);
  for (let e = 0; e < n; e++) {
    const p = provinceOf(e);
    for (let k = makeStart[e]!; k < makeStart[e + 1]!; k++) list[fill[makeComp[k]! * provinces + p]!++] = e;
  }
  return { provinces, start, list };
}

/** Needs: 1-4 components of lower tiers, mostly the tier just below; none for raw-material producers. */
function planNeeds(
  n: number,
  seed: number,
  components: ComponentPlan,
  enterprises: EnterprisePlan,
  makers: Makers,
  progress: Progress,
): { needStart: Uint32Array; needComp: Uint16Array } {
  const { tierFirst, tierSizes } = components;
  const rng = new Random(seed, STREAM.needs);
  const needable = new Float64Array(components.count);
  for (let comp = 0; comp < components.count; comp++) {
    const made = makers.start[(comp + 1) * makers.provinces]! - makers.start[comp * makers.provinces]!;
    needable[comp] = made > 0 ? components.popularity[comp]! : 0;
  }
  const needableByTier = TIERS.map((_, t) => cumulative(needable.subarray(tierFirst[t]!, tierFirst[t + 1]!)));
  const pickNeed = (t: number): number => {
    let target = t - 1;
    if (t >= 2 && rng.chance(0.3)) target = rng.int(t - 1);
    for (let tries = 0; tries < t; tries++) {
      const weights = needableByTier[target]!;
      const weightTotal = weights[weights.length - 1]!;
      if (weightTotal > 0) return tierFirst[target]! + searchCumulative(weights, rng.float() * weightTotal);
      target = target === 0 ? t - 1 : target - 1;
    }
    // Nothing below is made anywhere (only in tiny networks): the need stays unsupplied.
    return tierFirst[t - 1]! + rng.int(tierSizes[t - 1]!);
  };
  const needStart = new Uint32Array(n + 1);
  const needCompAll = new Uint16Array(n * 4);
  let needCount = 0;
  for (let e = 0; e < n; e++) {
    needStart[e] = needCount;
    const t = enterprises.tier[e]!;
    if (t > 0) {
      const u = rng.float();
      const want = u < 0.3 ? 1 : u < 0.6 ? 2 : u < 0.85 ? 3 : 4;
      for (let attempt = 0; needCount - needStart[e]! < want && attempt < 12; attempt++) {
        const comp = pickNeed(t);
        let dup = false;
        for (let k = needStart[e]!; k < needCount; k++) if (needCompAll[k] === comp) dup = true;
        if (!dup) needCompAll[needCount++] = comp;
      }
    }
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('plan needs', e, n);
  }
  needStart[n] = needCount;
  progress('plan needs', n, n);
  return { needStart, needComp: needCompAll.slice(0, needCount) };
}

/**
 * The suppliers' weights of every component: one Fenwick tree per component
 * (a slice of one array, over the component's makers in `Makers` order), so
 * that a draw restricted to the customer's province is a draw inside one
 * contiguous range.
 */
class SupplierWeights {
  private readonly fen: Float64Array;

  constructor(makers: Makers, workforce: Uint32Array, componentTotal: number) {
    const fen = new Float64Array(makers.list.length);
    // Attractiveness grows with head count, so big plants end up as hubs.
    for (let i = 0; i < fen.length; i++) fen[i] = 0.3 + Math.pow(workforce[makers.list[i]!]! / 8, 0.7);
    for (let comp = 0; comp < componentTotal; comp++) {
      const off = makers.start[comp * makers.provinces]!;
      const size = makers.start[(comp + 1) * makers.provinces]! - off;
      for (let j = 1; j <= size; j++) {
        const up = j + (j & -j);
        if (up <= size) fen[off + up - 1]! += fen[off + j - 1]!;
      }
    }
    this.fen = fen;
  }

  /** The weights of the first `count` makers of the tree at `off`. */
  prefix(off: number, count: number): number {
    let sum = 0;
    for (let j = count; j > 0; j -= j & -j) sum += this.fen[off + j - 1]!;
    return sum;
  }

  add(off: number, size: number, index: number, delta: number): void {
    for (let j = index + 1; j <= size; j += j & -j) this.fen[off + j - 1]! += delta;
  }

  /** The number of makers, from the first, whose weights sum to at most `target`. */
  find(off: number, size: number, target: number): number {
    const fen = this.fen;
    let pos = 0;
    let rest = target;
    for (let step = 1 << (31 - Math.clz32(size)); step > 0; step >>>= 1) {
      const next = pos + step;
      if (next <= size && fen[off + next - 1]! <= rest) {
        pos = next;
        rest -= fen[off + next - 1]!;
      }
    }
    return pos;
  }
}

/**
 * Supplies. A supplier is drawn among the makers of the component with weight
 * (attractiveness + customers already won for it): preferential attachment.
 * Marks the suppliers of epidemic-critical plants (bit 1 of `epidemic`).
 */
function planSupplies(
  n: number,
  seed: number,
  componentTotal: number,
  enterprises: EnterprisePlan,
  makers: Makers,
  needs: { needStart: Uint32Array; needComp: Uint16Array },
  geo: Geography,
  progress: Progress,
): { supStart: Uint32Array; supList: U32List; tradedSupplies: number } {
  const { makeStart, makeComp, epidemic } = enterprises;
  const { needStart, needComp } = needs;
  const { provinces } = makers;
  const weights = new SupplierWeights(makers, enterprises.workforce, componentTotal);
  const rng = new Random(seed, STREAM.supplies);
  const supStart = new Uint32Array(needComp.length + 1);
  const supList = new U32List(n * 6);
  const perNeed = new Int32Array(8);
  const chosen = new Uint32Array(MAX_EXTRA_SUPPLIERS + 8);
  let tradedSupplies = 0;
  for (let e = 0; e < n; e++) {
    const j0 = needStart[e]!;
    const m = needStart[e + 1]! - j0;
    if (m > 0) {
      for (let j = 0; j < m; j++) perNeed[j] = rng.chance(NO_SUPPLIER_RATE) ? 0 : 1;
      const extra = Math.min(MAX_EXTRA_SUPPLIERS, Math.floor(rng.lomax(EXTRA_SUPPLIERS_SCALE, EXTRA_SUPPLIERS_ALPHA)));
      for (let x = 0; x < extra; x++) {
        const j = rng.int(m);
        if (perNeed[j]! > 0) perNeed[j]!++;
      }
      const p = geo.districts[enterprises.district[e]!]!.province;
      for (let j = 0; j < m; j++) {
        const need = j0 + j;
        supStart[need] = supList.length;
        const comp = needComp[need]!;
        const off = makers.start[comp * provinces]!;
        const size = makers.start[(comp + 1) * provinces]! - off;
        const localFrom = makers.start[comp * provinces + p]! - off;
        const localTo = makers.start[comp * provinces + p + 1]! - off;
        const want = Math.min(perNeed[j]!, size);
        let count = 0;
        for (let attempt = 0; count < want && attempt < want * 4 + 8; attempt++) {
          let supplier: number;
          let index = -1;
          if (rng.chance(TRADER_RATE)) {
            // A trader: delivers the component without making it.
            supplier = rng.int(n);
            if (makesComponent(makeStart, makeComp, supplier, comp)) continue;
          } else {
            let from = 0;
            let to = size;
            if (localTo > localFrom && rng.chance(SAME_PROVINCE_PREFERENCE)) {
              from = localFrom;
              to = localTo;
            }
            const lo = from === 0 ? 0 : weights.prefix(off, from);
            const hi = weights.prefix(off, to);
            index = Math.min(to - 1, Math.max(from, weights.find(off, size, lo + rng.float() * (hi - lo))));
            supplier = makers.list[off + index]!;
          }
          if (supplier === e) continue;
          let dup = false;
          for (let k = 0; k < count; k++) if (chosen[k] === supplier) dup = true;
          if (dup) continue;
          chosen[count++] = supplier;
          supList.push(supplier);
          if (index >= 0) weights.add(off, size, index, 1);
          else tradedSupplies++;
          if ((epidemic[e]! & 1) !== 0 && rng.chance(EPIDEMIC_INPUT_RATE)) epidemic[supplier]! |= 2;
        }
      }
    }
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('plan supplies', e, n);
  }
  supStart[needComp.length] = supList.length;
  progress('plan supplies', n, n);
  return { supStart, supList, tradedSupplies };
}

/**
 * Supply cycles: walk upstream from a customer along its suppliers, then let the
 * customer supply the enterprise the walk ended at with something the customer makes.
 */
function planCycles(
  n: number,
  seed: number,
  enterprises: EnterprisePlan,
  needs: { needStart: Uint32Array; needComp: Uint16Array },
  supplies: { supStart: Uint32Array; supList: U32List },
): { extraNeeds: Map<number, ExtraNeed[]>; backEdges: number } {
  const { makeStart, makeComp } = enterprises;
  const { needStart, needComp } = needs;
  const { supStart, supList } = supplies;
  const rng = new Random(seed, STREAM.cycles);
  const extraNeeds = new Map<number, ExtraNeed[]>();
  const wantedBackEdges = n < 100 ? 0 : Math.max(3, Math.round(n * BACK_EDGES_PER_ENTERPRISE));
  let backEdges = 0;
  const path: number[] = [];
  for (let attempt = 0; backEdges < wantedBackEdges && attempt < wantedBackEdges * 50; attempt++) {
    const top = rng.int(n);
    if (enterprises.tier[top]! < 2) continue;
    const steps = rng.between(1, 4);
    path.length = 0;
    path.push(top);
    let current = top;
    for (let s = 0; s < steps; s++) {
      const first = needStart[current]!;
      const count = needStart[current + 1]! - first;
      if (count === 0) break;
      const need = first + rng.int(count);
      const suppliers = supStart[need + 1]! - supStart[need]!;
      if (suppliers === 0) break;
      const next = supList.data[supStart[need]! + rng.int(suppliers)]!;
      if (path.includes(next)) break;
      path.push(next);
      current = next;
    }
    if (path.length < 2) continue;
    const bottom = current;
    const comp = makeComp[makeStart[top]! + rng.int(makeStart[top + 1]! - makeStart[top]!)]!;
    if (makesComponent(makeStart, makeComp, bottom, comp)) continue;
    if (needComp.subarray(needStart[bottom]!, needStart[bottom + 1]!).includes(comp)) continue;
    const extras = extraNeeds.get(bottom) ?? [];
    if (extras.some((x) => x.component === comp)) continue;
    extras.push({ component: comp, supplier: top });
    extraNeeds.set(bottom, extras);
    backEdges++;
  }
  return { extraNeeds, backEdges };
}

function planNetwork(n: number, seed: number, progress: Progress): Plan {
  const geo = buildGeography();
  const components = planComponents(n, seed);
  const enterprises = planEnterprises(n, seed, geo, components, progress);
  const makers = indexMakers(n, geo, components.count, enterprises);
  const needs = planNeeds(n, seed, components, enterprises, makers, progress);
  const supplies = planSupplies(n, seed, components.count, enterprises, makers, needs, geo, progress);
  const cycles = planCycles(n, seed, enterprises, needs, supplies);
  return {
    n,
    geo,
    componentCount: components.count,
    componentCategory: components.category,
    entDistrict: enterprises.district,
    entTier: enterprises.tier,
    workforce: enterprises.workforce,
    epidemic: enterprises.epidemic,
    makeStart: enterprises.makeStart,
    makeComp: enterprises.makeComp,
    needStart: needs.needStart,
    needComp: needs.needComp,
    supStart: supplies.supStart,
    supList: supplies.supList.data.subarray(0, supplies.supList.length),
    extraNeeds: cycles.extraNeeds,
    backEdges: cycles.backEdges,
    tradedSupplies: supplies.tradedSupplies,
  };
}

/** Buffers records into large chunks and hands them to the sink, waiting whenever it asks to. */
class ChunkWriter {
  bytes = 0;
  private buffer = '';
  private opened = false;
  private first = true;
  private failure: Error | null = null;
  private readonly onError = (error: Error): void => {
    this.failure ??= error;
  };

  constructor(
    private readonly sink: Writable,
    private readonly chunkChars = 1 << 20,
  ) {
    sink.on('error', this.onError);
  }

  get full(): boolean {
    return this.buffer.length >= this.chunkChars;
  }

  /** Starts the named array: the document's opening brace or the previous array's end. */
  section(name: DatasetArrayName | LogisticsArrayName): void {
    this.buffer += this.opened ? `\n],"${name}":[` : `{"${name}":[`;
    this.opened = true;
    this.first = true;
  }

  record(json: string): void {
    this.buffer += this.first ? `\n${json}` : `,\n${json}`;
    this.first = false;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.sink.write(chunk)) await once(this.sink, 'drain');
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.buffer += '\n]}\n';
    await this.flush();
    this.sink.off('error', this.onError);
  }
}

const DAY_MS = 86_400_000;

function resumeDates(): string[] {
  const reference = Date.parse(`${REFERENCE_DATE}T00:00:00Z`);
  const dates: string[] = [];
  for (let d = -RESUME_WINDOW_DAYS; d <= RESUME_WINDOW_DAYS; d++) {
    dates.push(new Date(reference + d * DAY_MS).toISOString().slice(0, 10));
  }
  return dates;
}

/** Three decimals, enough for a share and stable in text. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function writeRegions(out: ChunkWriter, geo: Geography): number {
  out.section('regions');
  for (const r of geo.regions) {
    out.record(
      `{"code":"${r.code}","name":${JSON.stringify(r.name)},"level":"${r.level}","parent":${r.parent === null ? 'null' : `"${r.parent}"`}}`,
    );
  }
  return geo.regions.length;
}

function writeAgencies(out: ChunkWriter, geo: Geography): number {
  out.section('agencies');
  for (const a of geo.agencies) {
    out.record(`{"id":"${a.id}","name":${JSON.stringify(a.name)},"region":"${a.region}"}`);
  }
  return geo.agencies.length;
}

/** Names, statuses and resume dates are drawn here; the rest was planned. */
async function writeEnterprises(out: ChunkWriter, plan: Plan, seed: number, progress: Progress): Promise<number> {
  const { n, geo } = plan;
  const districtCodes = geo.districts.map((d) => d.code);
  const districtStems = geo.districts.map((d) => d.name.replace(/ (District|County)$/, ''));
  const dates = resumeDates();
  out.section('enterprises');
  const rng = new Random(seed, STREAM.writeEnterprises);
  const suspendedRate = geo.provinces.map((p) => SUSPENDED_RATE_BY_PROVINCE[p.code] ?? SUSPENDED_RATE);
  for (let e = 0; e < n; e++) {
    const district = plan.entDistrict[e]!;
    const industry = CATEGORIES[plan.componentCategory[plan.makeComp[plan.makeStart[e]!]!]!]!.industry;
    const name = `${districtStems[district]} ${pinyinName(rng)} ${industry} Co., Ltd.`;
    const u = rng.float();
    const suspended = suspendedRate[geo.districts[district]!.province]!;
    let status = 'OPERATING';
    let resume = 'null';
    if (u < CLOSED_RATE) status = 'CLOSED';
    else if (u < CLOSED_RATE + suspended) {
      status = 'SUSPENDED';
      if (rng.chance(SUSPENDED_WITH_DATE)) resume = `"${dates[rng.int(dates.length)]}"`;
    }
    out.record(
      `{"id":"${enterpriseId(e)}","name":${JSON.stringify(name)},"region":"${districtCodes[district]}","industry":"${industry}","status":"${status}","workforce":${plan.workforce[e]},"epidemicCritical":${plan.epidemic[e] !== 0},"expectedResumeDate":${resume},"note":null}`,
    );
    if (out.full) await out.flush();
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('write enterprises', e, n);
  }
  progress('write enterprises', n, n);
  return n;
}

/** Names are drawn here: a qualifier, the category and a model number. */
async function writeComponents(out: ChunkWriter, plan: Plan, componentIds: readonly string[], seed: number): Promise<number> {
  out.section('components');
  const rng = new Random(seed, STREAM.writeComponents);
  for (let comp = 0; comp < plan.componentCount; comp++) {
    const category = CATEGORIES[plan.componentCategory[comp]!]!.name;
    const initials = category
      .split(/[ -]/)
      .map((word) => word.charAt(0).toUpperCase())
      .join('')
      .padEnd(2, 'X');
    const name = `${rng.pick(QUALIFIERS)} ${category.toLowerCase()} ${initials}-${rng.between(100, 9999)}`;
    out.record(`{"id":"${componentIds[comp]}","name":${JSON.stringify(name)},"category":${JSON.stringify(category)}}`);
    if (out.full) await out.flush();
  }
  return plan.componentCount;
}

/** Capacities are drawn here, in proportion to the maker's head count. */
async function writeMakes(out: ChunkWriter, plan: Plan, componentIds: readonly string[], seed: number, progress: Progress): Promise<number> {
  const { n } = plan;
  out.section('makes');
  const rng = new Random(seed, STREAM.writeMakes);
  for (let e = 0; e < n; e++) {
    const id = enterpriseId(e);
    const staff = plan.workforce[e]!;
    for (let k = plan.makeStart[e]!; k < plan.makeStart[e + 1]!; k++) {
      const capacity = Math.max(1, Math.round(staff * (0.2 + 3 * rng.float())));
      out.record(`{"enterprise":"${id}","component":"${componentIds[plan.makeComp[k]!]}","capacityPerDay":${capacity}}`);
    }
    if (out.full) await out.flush();
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('write makes', e, n);
  }
  progress('write makes', n, n);
  return plan.makeComp.length;
}

/** Each enterprise's planned needs, then its cycle-closing ones; stock is drawn here. */
async function writeNeeds(
  out: ChunkWriter,
  plan: Plan,
  componentIds: readonly string[],
  seed: number,
  progress: Progress,
): Promise<{ count: number; unsupplied: number }> {
  const { n } = plan;
  let count = 0;
  let unsupplied = 0;
  out.section('needs');
  const rng = new Random(seed, STREAM.writeNeeds);
  const stockDays = (): string => (rng.chance(STOCK_DAYS_RATE) ? String(Math.floor(rng.float() ** 2 * 46)) : 'null');
  for (let e = 0; e < n; e++) {
    const id = enterpriseId(e);
    for (let j = plan.needStart[e]!; j < plan.needStart[e + 1]!; j++) {
      if (plan.supStart[j] === plan.supStart[j + 1]) unsupplied++;
      out.record(`{"enterprise":"${id}","component":"${componentIds[plan.needComp[j]!]}","stockDays":${stockDays()}}`);
      count++;
    }
    for (const extra of plan.extraNeeds.get(e) ?? []) {
      out.record(`{"enterprise":"${id}","component":"${componentIds[extra.component]}","stockDays":${stockDays()}}`);
      count++;
    }
    if (out.full) await out.flush();
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('write needs', e, n);
  }
  progress('write needs', n, n);
  return { count, unsupplied };
}

/** Grouped by customer, as a plant lists its suppliers; shares are drawn here. */
async function writeSupplies(out: ChunkWriter, plan: Plan, componentIds: readonly string[], seed: number, progress: Progress): Promise<number> {
  const { n } = plan;
  let count = 0;
  out.section('supplies');
  const rng = new Random(seed, STREAM.writeSupplies);
  const shares = new Float64Array(MAX_EXTRA_SUPPLIERS + 8);
  const total = plan.supList.length;
  for (let e = 0; e < n; e++) {
    const id = enterpriseId(e);
    for (let j = plan.needStart[e]!; j < plan.needStart[e + 1]!; j++) {
      const from = plan.supStart[j]!;
      const k = plan.supStart[j + 1]! - from;
      if (k === 0) continue;
      const component = componentIds[plan.needComp[j]!];
      // Shares are known for about two thirds of the needs; they split the need among its suppliers.
      const known = rng.chance(0.65);
      if (known) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += shares[i] = 0.1 + rng.float();
        for (let i = 0; i < k; i++) shares[i] = round3(shares[i]! / sum);
      }
      for (let i = 0; i < k; i++) {
        const share = known ? String(shares[i]) : 'null';
        out.record(`{"supplier":"${enterpriseId(plan.supList[from + i]!)}","customer":"${id}","component":"${component}","share":${share}}`);
      }
      count += k;
    }
    for (const extra of plan.extraNeeds.get(e) ?? []) {
      out.record(`{"supplier":"${enterpriseId(extra.supplier)}","customer":"${id}","component":"${componentIds[extra.component]}","share":null}`);
      count++;
    }
    if (out.full) await out.flush();
    if ((e & (PROGRESS_EVERY - 1)) === 0) progress('write supplies', count, total);
  }
  progress('write supplies', count, count);
  return count;
}

/** A day `offset` days from the reference date. */
function referenceDay(offset: number): string {
  return new Date(Date.parse(`${REFERENCE_DATE}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

/** A random supplied need: [customer, need index, supplier], or null when the draw has none. */
function drawSuppliedNeed(plan: Plan, rng: Random): [number, number, number] | null {
  const e = rng.int(plan.n);
  const first = plan.needStart[e]!;
  const needs = plan.needStart[e + 1]! - first;
  if (needs === 0) return null;
  const j = first + rng.int(needs);
  const k = plan.supStart[j + 1]! - plan.supStart[j]!;
  if (k === 0) return null;
  return [e, j, plan.supList[plan.supStart[j]! + rng.int(k)]!];
}

/**
 * Restrictions around the reference date: single deliveries cut from up to
 * three weeks before it until up to a month after (some open-ended), and
 * district border checks in every direction.
 */
async function writeRestrictions(out: ChunkWriter, plan: Plan, componentIds: readonly string[], rng: Random): Promise<number> {
  out.section('restrictions');
  const until = (): string => (rng.chance(OPEN_ENDED_RESTRICTION_RATE) ? 'null' : `"${referenceDay(rng.between(1, 30))}"`);
  const edges = Math.max(3, Math.round(plan.n * EDGE_RESTRICTIONS_PER_ENTERPRISE));
  const seen = new Set<string>();
  let count = 0;
  for (let attempt = 0; attempt < edges * 20 && seen.size < edges; attempt++) {
    const drawn = drawSuppliedNeed(plan, rng);
    if (drawn === null) continue;
    const [customer, j, supplier] = drawn;
    const key = `${supplier} ${customer} ${plan.needComp[j]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    count++;
    const supply = `{"supplier":"${enterpriseId(supplier)}","customer":"${enterpriseId(customer)}","component":"${componentIds[plan.needComp[j]!]}"}`;
    out.record(`{"id":"rst-e${String(count).padStart(6, '0')}","supply":${supply},"region":null,"direction":null,"from":"${referenceDay(-rng.between(0, 20))}","until":${until()},"note":null}`);
    if (out.full) await out.flush();
  }
  const districts = plan.geo.districts;
  const checks = Math.min(districts.length, Math.max(1, Math.round(plan.n * DISTRICT_RESTRICTIONS_PER_ENTERPRISE)));
  const chosen = new Set<number>();
  while (chosen.size < checks) chosen.add(rng.int(districts.length));
  const directions = ['INBOUND', 'OUTBOUND', 'BOTH'] as const;
  let d = 0;
  for (const district of [...chosen].sort((a, b) => a - b)) {
    d++;
    out.record(`{"id":"rst-d${String(d).padStart(6, '0')}","supply":null,"region":"${districts[district]!.code}","direction":"${rng.pick(directions)}","from":"${referenceDay(-rng.between(0, 20))}","until":${until()},"note":null}`);
  }
  return count + d;
}

/** Stock lent for a need that has suppliers, by another enterprise, around the reference date; some already returned. */
async function writeLoans(out: ChunkWriter, plan: Plan, componentIds: readonly string[], rng: Random): Promise<number> {
  out.section('loans');
  const loans = Math.max(2, Math.round(plan.n * LOANS_PER_ENTERPRISE));
  let count = 0;
  for (let attempt = 0; attempt < loans * 20 && count < loans; attempt++) {
    const drawn = drawSuppliedNeed(plan, rng);
    if (drawn === null) continue;
    const [borrower, j] = drawn;
    const lender = rng.int(plan.n);
    if (lender === borrower) continue;
    count++;
    const startOffset = -rng.between(0, 15);
    const coverDays = rng.between(3, 30);
    const returned = rng.chance(RETURNED_LOAN_RATE) ? `"${referenceDay(startOffset + rng.between(1, coverDays))}"` : 'null';
    out.record(
      `{"id":"loan-${String(count).padStart(6, '0')}","lender":"${enterpriseId(lender)}","borrower":"${enterpriseId(borrower)}","component":"${componentIds[plan.needComp[j]!]}","quantity":${rng.between(10, 5000)},"unit":"件","coverDays":${coverDays},"start":"${referenceDay(startOffset)}","returnBy":"${referenceDay(startOffset + 45)}","returnedOn":${returned}}`,
    );
    if (out.full) await out.flush();
  }
  return count;
}

/**
 * Generates a network of `options.enterprises` enterprises and writes it to `sink` as
 * one JSON document. Resolves once the last chunk is accepted by the sink; the caller
 * ends the sink.
 */
export async function generateDataset(options: GenerateOptions, sink: Writable): Promise<GenerateSummary> {
  const n = options.enterprises;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_ENTERPRISES) {
    throw new RangeError(`enterprises must be an integer from 1 to ${MAX_ENTERPRISES}, got ${n}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(`seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  }
  const report = options.onProgress;
  const progress: Progress = report ? (phase, done, total) => report({ phase, done, total }) : () => {};

  const plan = planNetwork(n, seed, progress);
  const out = new ChunkWriter(sink);
  const componentIds: string[] = [];
  for (let comp = 0; comp < plan.componentCount; comp++) componentIds.push(componentId(comp));

  const regions = writeRegions(out, plan.geo);
  const agencies = writeAgencies(out, plan.geo);
  await out.flush();
  const enterprises = await writeEnterprises(out, plan, seed, progress);
  const components = await writeComponents(out, plan, componentIds, seed);
  const makes = await writeMakes(out, plan, componentIds, seed, progress);
  const needs = await writeNeeds(out, plan, componentIds, seed, progress);
  const supplies = await writeSupplies(out, plan, componentIds, seed, progress);
  const logisticsRng = new Random(seed, STREAM.logistics);
  const restrictions = await writeRestrictions(out, plan, componentIds, logisticsRng);
  const loans = await writeLoans(out, plan, componentIds, logisticsRng);
  await out.close();
  return {
    enterprises: n,
    seed,
    counts: { regions, agencies, enterprises, components, makes, needs: needs.count, supplies },
    restrictions,
    loans,
    bytes: out.bytes,
    tiers: TIERS.length,
    backEdges: plan.backEdges,
    unsuppliedNeeds: needs.unsupplied,
    tradedSupplies: plan.tradedSupplies,
  };
}

/** The whole document as one string: for tests and small networks only. */
export async function generateDatasetText(
  options: GenerateOptions,
): Promise<{ text: string; summary: GenerateSummary }> {
  const parts: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, callback) {
      parts.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      callback();
    },
  });
  const summary = await generateDataset(options, sink);
  sink.end();
  return { text: parts.join(''), summary };
}

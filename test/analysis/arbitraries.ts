import fc from 'fast-check';
import type { EnterpriseFacts, EnterpriseStatus, GraphFacts, LoanFact, RestrictionDirection, RestrictionFact } from '../../src/analysis/types.ts';

// Random supply graphs for the property tests: dense enough to carry cycles
// (including through the plant), with needs nobody supplies, CLOSED and
// SUSPENDED suppliers, overdue / future / absent resume dates, random stock,
// duplicate and dangling edges, knownAble boundary nodes; restrictions on
// edges and on regions of every level (every direction; ended, in force,
// future, open-ended) and loans (open, returned, lapsed).

const BASE = Date.UTC(2020, 1, 1);
export const dayString = (offset: number): string => new Date(BASE + offset * 86_400_000).toISOString().slice(0, 10);

// (district, city, province); 120000 is a municipality: its districts hang under the province code.
const REGIONS: readonly [string, string, string][] = [
  ['510105', '510100', '510000'],
  ['510106', '510100', '510000'],
  ['510302', '510300', '510000'],
  ['120101', '120000', '120000'],
  ['120102', '120000', '120000'],
  ['440305', '440300', '440000'],
];

export interface GraphCase {
  facts: GraphFacts;
  asOf: string;
  /** An enterprise id to question (plant, or the enterprise whose impact is measured). */
  focus: string;
}

export interface GraphShape {
  maxEnterprises: number;
  maxComponents: number;
  /** Upper bound of need records, as a multiple of the enterprise count. */
  needsPerEnterprise: number;
  maxSuppliersPerNeed: number;
  /** Chance weight (out of 10) that an enterprise is knownAble. */
  knownAbleWeight?: number;
  /** Most restrictions and loans per graph; none when 0 (default 4). */
  maxLogistics?: number;
}

/** Region codes a restriction can name: every level of REGIONS, and one no enterprise lies in. */
const RESTRICTION_REGIONS: readonly string[] = [...new Set(REGIONS.flat()), '650000'];
const DIRECTIONS: readonly RestrictionDirection[] = ['INBOUND', 'OUTBOUND', 'BOTH'];

/** Status mix varies per graph: some nearly all running, some mostly suspended (where stock matters). */
const statusMix = fc.record({ op: fc.integer({ min: 2, max: 8 }), susp: fc.integer({ min: 1, max: 6 }), closed: fc.integer({ min: 0, max: 2 }) });
const statusArb = (w: { op: number; susp: number; closed: number }): fc.Arbitrary<EnterpriseStatus> =>
  fc.oneof(
    { arbitrary: fc.constant<EnterpriseStatus>('OPERATING'), weight: w.op },
    { arbitrary: fc.constant<EnterpriseStatus>('SUSPENDED'), weight: w.susp },
    { arbitrary: fc.constant<EnterpriseStatus>('CLOSED'), weight: w.closed },
  );

export function scenarioArb(shape: GraphShape): fc.Arbitrary<GraphCase> {
  const { maxEnterprises, maxComponents, needsPerEnterprise, maxSuppliersPerNeed } = shape;
  return fc
    .record({ n: fc.integer({ min: 1, max: maxEnterprises }), c: fc.integer({ min: 1, max: maxComponents }), mix: statusMix })
    .chain(({ n, c, mix }) =>
      fc.record({
        n: fc.constant(n),
        asOfOffset: fc.integer({ min: 8, max: 20 }),
        ents: fc.array(
          fc.record({
            status: statusArb(mix),
            resume: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null, freq: 4 }),
            region: fc.nat(REGIONS.length - 1),
            knownAble: fc.integer({ min: 0, max: 9 }).map((v) => v < (shape.knownAbleWeight ?? 0)),
          }),
          { minLength: n, maxLength: n },
        ),
        needs: fc.array(
          fc.record({
            e: fc.nat(n), // n: an enterprise missing from the list
            c: fc.nat(c - 1),
            stock: fc.option(fc.nat(20), { nil: null, freq: 3 }),
            // Rarely none: a need nobody supplies blocks at once and hides everything else.
            suppliers: fc.oneof({ arbitrary: fc.constant<number[]>([]), weight: 1 }, { arbitrary: fc.array(fc.nat(n), { minLength: 1, maxLength: maxSuppliersPerNeed, size: 'max' }), weight: 7 }),
          }),
          { maxLength: Math.ceil(n * needsPerEnterprise), size: 'max' },
        ),
        strays: fc.array(fc.record({ s: fc.nat(n), e: fc.nat(n), c: fc.nat(c) }), { maxLength: 3 }),
        makes: fc.array(fc.record({ e: fc.nat(n), c: fc.nat(c - 1) }), { maxLength: n + 2, size: 'max' }),
        focus: fc.nat(),
        focusFeeds: fc.array(fc.nat(), { maxLength: 3 }),
        mirrors: fc.array(fc.nat(), { maxLength: Math.ceil(n / 2), size: 'max' }),
        reversed: fc.boolean(),
        duplicate: fc.option(fc.nat(n - 1), { nil: null, freq: 5 }),
        restrictions: fc.array(
          fc.record({
            onEdge: fc.boolean(),
            edge: fc.nat(),
            region: fc.nat(RESTRICTION_REGIONS.length - 1),
            direction: fc.nat(2),
            from: fc.integer({ min: 0, max: 30 }),
            length: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null, freq: 4 }),
          }),
          { maxLength: shape.maxLogistics ?? 4 },
        ),
        loans: fc.array(
          fc.record({
            need: fc.nat(),
            lender: fc.nat(n - 1),
            coverDays: fc.integer({ min: 0, max: 15 }),
            start: fc.integer({ min: 0, max: 25 }),
            returnedAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null, freq: 2 }),
          }),
          { maxLength: Math.ceil((shape.maxLogistics ?? 4) / 2) },
        ),
      }),
    )
    .map(({ n, asOfOffset, ents, needs, strays, makes, focus, focusFeeds, mirrors, reversed, duplicate, restrictions: rs, loans: ls }) => {
      const id = (i: number): string => (i >= n ? 'ghost' : `e${i}`);
      const comp = (j: number): string => `c${j}`;
      let enterprises: EnterpriseFacts[] = ents.map((x, i) => {
        const [district, city, province] = REGIONS[x.region]!;
        return {
          id: id(i),
          status: x.status,
          expectedResumeDate: x.resume === null ? null : dayString(x.resume),
          workforce: 10 * i,
          epidemicCritical: i % 3 === 0,
          district,
          city,
          province,
          ...(x.knownAble ? { knownAble: true } : {}),
        };
      });
      if (reversed) enterprises = enterprises.reverse();
      if (duplicate !== null) {
        // A later record of an id is ignored.
        enterprises.push({ ...enterprises.find((e) => e.id === id(duplicate))!, status: 'CLOSED', knownAble: false });
      }
      const supplies = needs.flatMap((nd) => nd.suppliers.map((s) => ({ supplier: id(s), customer: id(nd.e), component: comp(nd.c) })));
      // Let the focus feed some needs: cycles through the plant.
      for (const f of focusFeeds) {
        if (needs.length === 0) break;
        const nd = needs[f % needs.length]!;
        supplies.push({ supplier: id(focus), customer: id(nd.e), component: comp(nd.c) });
      }
      // Mirror some deliveries (the customer also feeds a need of its supplier): short cycles everywhere.
      const initial = supplies.length;
      for (const m of mirrors) {
        if (initial === 0) break;
        const sp = supplies[m % initial]!;
        const own = needs.filter((nd) => id(nd.e) === sp.supplier);
        if (own.length === 0 || sp.customer === 'ghost') continue;
        supplies.push({ supplier: sp.customer, customer: sp.supplier, component: comp(own[m % own.length]!.c) });
      }
      for (const s of strays) supplies.push({ supplier: id(s.s), customer: id(s.e), component: comp(s.c) });
      const restrictions: RestrictionFact[] = rs.map((r, i) => {
        const window = { from: dayString(r.from), until: r.length === null ? null : dayString(r.from + r.length) };
        if (r.onEdge && supplies.length > 0) return { id: `r${i}`, supply: { ...supplies[r.edge % supplies.length]! }, region: null, direction: null, ...window };
        return { id: `r${i}`, supply: null, region: RESTRICTION_REGIONS[r.region]!, direction: DIRECTIONS[r.direction]!, ...window };
      });
      const loans: LoanFact[] = needs.length === 0 ? [] : ls.map((l, i) => {
        const nd = needs[l.need % needs.length]!;
        return {
          id: `l${i}`,
          lender: id(l.lender),
          borrower: id(nd.e),
          component: comp(nd.c),
          coverDays: l.coverDays,
          start: dayString(l.start),
          returnedOn: l.returnedAfter === null ? null : dayString(l.start + l.returnedAfter),
        };
      });
      return {
        facts: {
          enterprises,
          needs: needs.map((nd) => ({ enterprise: id(nd.e), component: comp(nd.c), stockDays: nd.stock })),
          supplies,
          makes: makes.map((m) => ({ enterprise: id(m.e), component: comp(m.c) })),
          restrictions,
          loans,
        },
        asOf: dayString(asOfOffset),
        // Mostly an enterprise with needs: a plant without needs is trivially ready.
        focus: needs.length > 0 && focus % 4 !== 0 && needs[focus % needs.length]!.e < n ? id(needs[focus % needs.length]!.e) : id(focus % n),
      };
    });
}

/** Few hundred enterprises: able set, readiness without path enumeration, region. */
export const mediumGraphs = scenarioArb({ maxEnterprises: 250, maxComponents: 8, needsPerEnterprise: 2, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });
/** A hundred enterprises: impact and expected dates (the reference reruns the fixpoint per enterprise or per date). */
export const impactGraphs = scenarioArb({ maxEnterprises: 90, maxComponents: 6, needsPerEnterprise: 1.6, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });
/** Small and dense, with many cycles: root causes by enumerating every simple walk. */
export const denseGraphs = scenarioArb({ maxEnterprises: 11, maxComponents: 4, needsPerEnterprise: 1.8, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });

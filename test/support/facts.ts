/**
 * Random analysis graphs (test/analysis/arbitraries.ts) as loadable datasets:
 * the same facts, minus what a valid dataset cannot hold (dangling ids,
 * repeated records, self-supply, the in-memory-only knownAble flag).
 */
import type { GraphFacts } from '../../src/analysis/types.ts';

const REGION_NAMES: Record<string, [string, 'PROVINCE' | 'CITY' | 'DISTRICT', string | null]> = {
  '510000': ['四川省', 'PROVINCE', null],
  '510100': ['成都市', 'CITY', '510000'],
  '510105': ['青羊区', 'DISTRICT', '510100'],
  '510106': ['金牛区', 'DISTRICT', '510100'],
  '510300': ['自贡市', 'CITY', '510000'],
  '510302': ['自流井区', 'DISTRICT', '510300'],
  '120000': ['天津市', 'PROVINCE', null],
  '120101': ['和平区', 'DISTRICT', '120000'],
  '120102': ['河东区', 'DISTRICT', '120000'],
  '440000': ['广东省', 'PROVINCE', null],
  '440300': ['深圳市', 'CITY', '440000'],
  '440305': ['南山区', 'DISTRICT', '440300'],
};

/** Keeps what a dataset can hold; returns the facts the database will hold, for the reference to judge. */
export function loadableFacts(facts: GraphFacts): GraphFacts {
  const seen = new Set<string>();
  const enterprises = facts.enterprises
    .filter((e) => !seen.has(e.id) && (seen.add(e.id), true))
    .map((e) => ({ ...e, knownAble: undefined }))
    .map(({ knownAble: _, ...e }) => e);
  const known = new Set(enterprises.map((e) => e.id));
  const components = new Set([...facts.needs.map((n) => n.component), ...facts.supplies.map((s) => s.component), ...facts.makes.map((m) => m.component)]);
  const once = <T>(rows: T[], key: (row: T) => string): T[] => {
    const keys = new Set<string>();
    return rows.filter((row) => !keys.has(key(row)) && (keys.add(key(row)), true));
  };
  return {
    enterprises,
    needs: once(facts.needs.filter((n) => known.has(n.enterprise)), (n) => `${n.enterprise}|${n.component}`),
    supplies: once(
      facts.supplies.filter((s) => known.has(s.supplier) && known.has(s.customer) && s.supplier !== s.customer),
      (s) => `${s.supplier}|${s.customer}|${s.component}`,
    ),
    makes: once(facts.makes.filter((m) => known.has(m.enterprise)), (m) => `${m.enterprise}|${m.component}`),
    // A restriction or loan naming what a dataset does not hold (an unknown region, enterprise or component) is left out.
    restrictions: (facts.restrictions ?? []).filter((r) =>
      r.supply === null
        ? r.region !== null && r.region in REGION_NAMES
        : known.has(r.supply.supplier) && known.has(r.supply.customer) && r.supply.supplier !== r.supply.customer && components.has(r.supply.component),
    ),
    loans: (facts.loans ?? []).filter((l) => known.has(l.lender) && known.has(l.borrower) && l.lender !== l.borrower),
  };
}

export function datasetOf(facts: GraphFacts) {
  const components = new Set([...facts.needs.map((n) => n.component), ...facts.supplies.map((s) => s.component), ...facts.makes.map((m) => m.component)]);
  return {
    regions: Object.entries(REGION_NAMES).map(([code, [name, level, parent]]) => ({ code, name, level, parent })),
    agencies: [],
    enterprises: facts.enterprises.map((e) => ({
      id: e.id,
      name: `企业${e.id}`,
      region: e.district,
      status: e.status,
      workforce: e.workforce,
      epidemicCritical: e.epidemicCritical,
      expectedResumeDate: e.status === 'SUSPENDED' ? e.expectedResumeDate : null,
    })),
    components: [...components].sort().map((id) => ({ id, name: `部件${id}` })),
    makes: facts.makes,
    needs: facts.needs,
    supplies: facts.supplies,
    restrictions: (facts.restrictions ?? []).map((r) => ({ ...r, note: null })),
    // The analysis reads neither quantity nor returnBy; a loan is due back when its cover ends.
    loans: (facts.loans ?? []).map((l) => ({ ...l, quantity: 1, unit: '件', returnBy: addDay(l.start, l.coverDays) })),
  };
}

function addDay(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The facts as the database holds them: a resume date only on SUSPENDED enterprises. */
export function storedFacts(facts: GraphFacts): GraphFacts {
  return { ...facts, enterprises: facts.enterprises.map((e) => ({ ...e, expectedResumeDate: e.status === 'SUSPENDED' ? e.expectedResumeDate : null })) };
}

import { buildSupplyGraph, type SupplyGraph } from '../../src/analysis/graph.ts';
import type { EnterpriseFacts, EnterpriseStatus, GraphFacts, LoanFact, RestrictionFact } from '../../src/analysis/types.ts';

// A compact notation for hand-built graphs in the rule tests.

export const QINGYANG: Pick<EnterpriseFacts, 'district' | 'city' | 'province'> = { district: '510105', city: '510100', province: '510000' };

export function ent(
  id: string,
  status: EnterpriseStatus = 'OPERATING',
  extra: Partial<EnterpriseFacts> = {},
): EnterpriseFacts {
  return { id, status, expectedResumeDate: null, workforce: 0, epidemicCritical: false, ...QINGYANG, ...extra };
}

export interface Sketch {
  enterprises: EnterpriseFacts[];
  /** [enterprise, component, stockDays?] */
  needs?: [string, string, (number | null)?][];
  /** [supplier, customer, component] */
  supplies?: [string, string, string][];
  /** [enterprise, component] */
  makes?: [string, string][];
  restrictions?: RestrictionFact[];
  loans?: LoanFact[];
}

/** A restriction on one supply edge, [from, until). */
export function edgeRestriction(id: string, [supplier, customer, component]: [string, string, string], from: string, until: string | null): RestrictionFact {
  return { id, supply: { supplier, customer, component }, region: null, direction: null, from, until };
}

/** A restriction on a region's border, [from, until). */
export function regionRestriction(id: string, region: string, direction: RestrictionFact['direction'], from: string, until: string | null): RestrictionFact {
  return { id, supply: null, region, direction, from, until };
}

export function facts(s: Sketch): GraphFacts {
  return {
    enterprises: s.enterprises,
    needs: (s.needs ?? []).map(([enterprise, component, stockDays]) => ({ enterprise, component, stockDays: stockDays ?? null })),
    supplies: (s.supplies ?? []).map(([supplier, customer, component]) => ({ supplier, customer, component })),
    makes: (s.makes ?? []).map(([enterprise, component]) => ({ enterprise, component })),
    restrictions: s.restrictions ?? [],
    loans: s.loans ?? [],
  };
}

export function graph(s: Sketch): SupplyGraph {
  return buildSupplyGraph(facts(s));
}

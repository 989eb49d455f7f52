import { describe, expect, it } from 'vitest';
import { AbleCache, ableMask } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { impact } from '../../src/analysis/impact.ts';
import { restartReadiness } from '../../src/analysis/readiness.ts';
import type { EnterpriseFacts, GraphFacts } from '../../src/analysis/types.ts';

// Deep chains would overflow the call stack in any recursive walk; every loop
// in the module is iterative, and this pins it.
const DEPTH = 150_000;
const id = (i: number): string => `n${String(i).padStart(6, '0')}`;

function chain(closedHead: boolean): GraphFacts {
  const enterprises: EnterpriseFacts[] = [];
  const needs = [];
  const supplies = [];
  for (let i = 0; i < DEPTH; i++) {
    const status = i === 0 && closedHead ? 'CLOSED' : 'OPERATING';
    enterprises.push({ id: id(i), status, expectedResumeDate: null, workforce: 1, epidemicCritical: false, district: 'd', city: 'c', province: 'p' });
    if (i > 0) {
      needs.push({ enterprise: id(i), component: 'part', stockDays: null });
      supplies.push({ supplier: id(i - 1), customer: id(i), component: 'part' });
    }
  }
  // Close the loop at the tail: the plant also feeds the head of the chain.
  needs.push({ enterprise: id(0), component: 'loop', stockDays: null });
  supplies.push({ supplier: id(DEPTH - 1), customer: id(0), component: 'loop' });
  return { enterprises, needs, supplies, makes: [] };
}

describe('deep supply chains', () => {
  it(`walks a ${DEPTH.toLocaleString('en')}-tier chain to its CLOSED head without overflowing`, () => {
    const g = buildSupplyGraph(chain(true));
    const plant = id(DEPTH - 1);
    const r = restartReadiness(g, plant, '2020-02-10');
    expect(r.ready).toBe(false);
    expect(r.rootCauses).toHaveLength(1);
    expect(r.rootCauses[0]!.enterprise).toBe(id(0));
    expect(r.rootCauses[0]!.tier).toBe(DEPTH - 1);
    expect(r.rootCauses[0]!.path).toHaveLength(DEPTH);
    expect(r.rootCauses[0]!.components).toEqual(['part']);
    expect(ableMask(g, '2020-02-10').every((v) => v === 0)).toBe(true);
  });

  it('keeps a chain-long operating cycle able, and its first link stopping blocks all', () => {
    const g = buildSupplyGraph(chain(false));
    const cache = new AbleCache();
    expect(ableMask(g, '2020-02-10', {}, cache).every((v) => v === 1)).toBe(true);
    expect(impact(g, id(0), '2020-02-10', cache)).toHaveLength(DEPTH - 1);
  });
});

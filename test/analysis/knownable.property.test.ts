import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { able0Mask } from '../../src/analysis/able0.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { restartReadiness } from '../../src/analysis/readiness.ts';
import type { GraphFacts } from '../../src/analysis/types.ts';
import { impactGraphs, mediumGraphs, type GraphCase } from './arbitraries.ts';

/**
 * What the API does: fetch the plant's upstream subgraph, stopping at
 * enterprises already known to be able, which it marks knownAble. Their
 * needs come along but not who supplies them: without the mark they would
 * look blocked.
 */
function upstreamSubgraph(facts: GraphFacts, plant: string, boundary: Set<string>): GraphFacts {
  const keep = new Set<string>([plant]);
  const stack = [plant];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (boundary.has(e)) continue;
    for (const s of facts.supplies) {
      if (s.customer === e && !keep.has(s.supplier)) {
        keep.add(s.supplier);
        stack.push(s.supplier);
      }
    }
  }
  const inside = (id: string): boolean => keep.has(id) && !boundary.has(id);
  return {
    enterprises: facts.enterprises.filter((e) => keep.has(e.id)).map((e) => (boundary.has(e.id) ? { ...e, knownAble: true } : e)),
    needs: facts.needs.filter((n) => keep.has(n.enterprise)),
    supplies: facts.supplies.filter((s) => inside(s.customer) && keep.has(s.supplier)),
    makes: facts.makes.filter((m) => keep.has(m.enterprise)),
    restrictions: facts.restrictions ?? [],
    loans: facts.loans ?? [],
  };
}

function check(c: GraphCase, picks: number[]): void {
  // Boundary candidates: able0 (able on any day, whatever the restrictions), the plant excluded (its needs are the question).
  const g = buildSupplyGraph(c.facts);
  const mask = able0Mask(g);
  const plainAble = g.ids.filter((id, i) => mask[i] === 1 && id !== c.focus);
  const boundary = new Set(plainAble.filter((_, i) => picks.includes(i % 7)));
  const sub = upstreamSubgraph(c.facts, c.focus, boundary);
  const full = restartReadiness(buildSupplyGraph(c.facts), c.focus, c.asOf);
  const part = restartReadiness(buildSupplyGraph(sub), c.focus, c.asOf);
  const kept = new Set(sub.enterprises.map((e) => e.id));
  // Makers outside the subgraph are not fetched: compare alternatives within it.
  const clip = (r: typeof full) => ({
    ...r,
    blockedInputs: r.blockedInputs.map((b) => ({ ...b, alternatives: b.alternatives.filter((a) => kept.has(a)) })),
  });
  expect(clip(part)).toEqual(clip(full));
}

describe('a subgraph with a knownAble boundary', () => {
  it('gives the same readiness report as the full graph', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.array(fc.nat(6), { maxLength: 7 }), check),
      { numRuns: 60 },
    );
  });

  it('gives the same expected ready date on graphs where dates matter more', () => {
    fc.assert(
      fc.property(impactGraphs, fc.array(fc.nat(6), { maxLength: 7 }), check),
      { numRuns: 60 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { impact, restrictionImpact } from '../../src/analysis/impact.ts';
import { denseGraphs, impactGraphs } from './arbitraries.ts';
import { Reference } from './reference.ts';

describe('impact against the reference', () => {
  it('lists exactly the enterprises ready with it running and not ready with it stopped', () => {
    fc.assert(
      fc.property(impactGraphs, fc.option(fc.nat(), { nil: null }), (c, pick) => {
        const g = buildSupplyGraph(c.facts);
        const s = pick === null ? c.focus : g.ids[pick % g.size]!;
        expect(impact(g, s, c.asOf)).toEqual(new Reference(c.facts).impact(s, c.asOf));
      }),
      { numRuns: 150 },
    );
  });

  it('matches on small dense graphs, where cycles through suspended enterprises abound', () => {
    fc.assert(
      fc.property(denseGraphs, fc.nat(), (c, pick) => {
        const g = buildSupplyGraph(c.facts);
        const ref = new Reference(c.facts);
        const cache = new AbleCache();
        // Every enterprise in turn: the cycles that matter go through a particular one.
        for (let i = 0; i < g.size; i++) {
          const s = g.ids[(pick + i) % g.size]!;
          expect(impact(g, s, c.asOf, cache)).toEqual(ref.impact(s, c.asOf));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answers when one graph serves many questions', () => {
    fc.assert(
      fc.property(impactGraphs, (c) => {
        const shared = buildSupplyGraph(c.facts);
        const cache = new AbleCache();
        for (const id of shared.ids.slice(0, 12)) {
          expect(impact(shared, id, c.asOf, cache)).toEqual(impact(buildSupplyGraph(c.facts), id, c.asOf));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('lists exactly the enterprises a restriction holds: ready with it lifted, not ready with it in force from asOf', () => {
    fc.assert(
      fc.property(fc.oneof(impactGraphs, denseGraphs), (c) => {
        const g = buildSupplyGraph(c.facts);
        const ref = new Reference(c.facts);
        const cache = new AbleCache();
        for (const r of c.facts.restrictions ?? []) {
          expect(restrictionImpact(g, r.id, c.asOf, cache)).toEqual(ref.restrictionImpact(r.id, c.asOf));
        }
      }),
      { numRuns: 200 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { restartReadiness } from '../../src/analysis/readiness.ts';
import { evaluateRegionReadiness } from '../../src/analysis/region.ts';
import { mediumGraphs } from './arbitraries.ts';
import { Reference } from './reference.ts';

describe('region readiness against the reference', () => {
  it('lists the plants that are not ready, with their unmet inputs and root causes by tier then id', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (c, picks) => {
        const g = buildSupplyGraph(c.facts);
        const plants = picks.map((p) => g.ids[p % g.size]!);
        const ref = new Reference(c.facts);
        const want = [...new Set(plants)]
          .filter((p) => !ref.ready(p, c.asOf))
          .map((p) => {
            const r = ref.readiness(p, c.asOf, { enumerate: false, expectedDate: false });
            const roots = ref.rootCauseTiers(p, c.asOf).map((x) => x.enterprise);
            return {
              plant: p,
              status: ref.ents.get(p)!.status,
              blockedInputs: r.blockedInputs.map((b) => b.component),
              rootCauses: roots,
              rootCauseCount: roots.length,
            };
          });
        expect(evaluateRegionReadiness(g, plants, c.asOf)).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with restartReadiness plant by plant', () => {
    fc.assert(
      fc.property(mediumGraphs, (c) => {
        const g = buildSupplyGraph(c.facts);
        const cache = new AbleCache();
        const blocked = new Map(evaluateRegionReadiness(g, g.ids, c.asOf, cache).map((b) => [b.plant, b]));
        for (const id of g.ids) {
          const r = restartReadiness(g, id, c.asOf, cache);
          expect(blocked.has(id)).toBe(!r.ready);
          if (!r.ready) {
            expect(blocked.get(id)!.blockedInputs).toEqual(r.blockedInputs.map((b) => b.component));
            expect(blocked.get(id)!.rootCauses).toEqual(r.rootCauses.map((x) => x.enterprise));
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});

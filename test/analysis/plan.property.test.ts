import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { scenarioArb } from './arbitraries.ts';
import { planById } from './plan-by-id.ts';
import { Reference } from './reference.ts';

/** Small enough for the reference to recompute every candidate's blocked set at every step. */
const planGraphs = scenarioArb({ maxEnterprises: 28, maxComponents: 5, needsPerEnterprise: 1.6, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });
const REGION_CODES = ['510000', '510100', '510105', '120000', '440300'];


describe('restart plan against the reference', () => {
  it('takes the same greedy steps and leaves the same plants blocked, for the same reasons', () => {
    fc.assert(
      fc.property(planGraphs, fc.constantFrom(...REGION_CODES), fc.integer({ min: 1, max: 4 }), (c, code, k) => {
        const ref = new Reference(c.facts);
        const scope = ref.regionMembers(code);
        expect(planById(buildSupplyGraph(c.facts), scope, k, c.asOf)).toEqual(ref.restartPlan(scope, k, c.asOf));
      }),
      { numRuns: 150 },
    );
  });

  it('answers the same when one cache serves the day before and after', () => {
    fc.assert(
      fc.property(planGraphs, fc.constantFrom(...REGION_CODES), (c, code) => {
        const g = buildSupplyGraph(c.facts);
        const ref = new Reference(c.facts);
        const scope = ref.regionMembers(code);
        const cache = new AbleCache();
        const first = planById(g, scope, 3, c.asOf, cache);
        expect(planById(g, scope, 3, c.asOf, cache)).toEqual(first);
        expect(first).toEqual(planById(buildSupplyGraph(c.facts), scope, 3, c.asOf));
      }),
      { numRuns: 40 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache } from '../../src/analysis/able.ts';
import { buildSupplyGraph, type SupplyGraph } from '../../src/analysis/graph.ts';
import { remainingReasons, restartPlan } from '../../src/analysis/plan.ts';
import { scenarioArb } from './arbitraries.ts';
import { Reference } from './reference.ts';

/** Small enough for the reference to recompute every candidate's blocked set at every step. */
const planGraphs = scenarioArb({ maxEnterprises: 28, maxComponents: 5, needsPerEnterprise: 1.6, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });
const REGION_CODES = ['510000', '510100', '510105', '120000', '440300'];

function planOf(g: SupplyGraph, scope: string[], k: number, asOf: string, cache = new AbleCache()) {
  const plan = restartPlan(g, scope.map((id) => g.requireIndex(id)), k, asOf, cache);
  const remaining = Array.from(plan.remaining);
  const reasons = remainingReasons(g, plan, remaining, asOf, cache);
  return {
    steps: plan.steps.map((s) => ({
      enterprise: g.ids[s.enterprise]!,
      freed: s.freed.map((i) => g.ids[i]!),
      blockedAnew: s.blockedAnew.map((i) => g.ids[i]!),
      freedWorkforce: s.freedWorkforce,
      freedPlants: s.freedPlants,
      totalWorkforce: s.totalWorkforce,
      totalPlants: s.totalPlants,
    })),
    remaining: remaining.map((i, j) => ({ enterprise: g.ids[i]!, reasons: reasons[j] })),
  };
}

describe('restart plan against the reference', () => {
  it('takes the same greedy steps and leaves the same plants blocked, for the same reasons', () => {
    fc.assert(
      fc.property(planGraphs, fc.constantFrom(...REGION_CODES), fc.integer({ min: 1, max: 4 }), (c, code, k) => {
        const ref = new Reference(c.facts);
        const scope = ref.regionMembers(code);
        expect(planOf(buildSupplyGraph(c.facts), scope, k, c.asOf)).toEqual(ref.restartPlan(scope, k, c.asOf));
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
        const first = planOf(g, scope, 3, c.asOf, cache);
        expect(planOf(g, scope, 3, c.asOf, cache)).toEqual(first);
        expect(first).toEqual(planOf(buildSupplyGraph(c.facts), scope, 3, c.asOf));
      }),
      { numRuns: 40 },
    );
  });
});

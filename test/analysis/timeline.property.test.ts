import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache, ableMask } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { restartReadiness } from '../../src/analysis/readiness.ts';
import { readinessTimeline } from '../../src/analysis/timeline.ts';
import { dayString, scenarioArb } from './arbitraries.ts';
import { Reference } from './reference.ts';

const timelineGraphs = scenarioArb({ maxEnterprises: 40, maxComponents: 5, needsPerEnterprise: 1.8, maxSuppliersPerNeed: 3, knownAbleWeight: 1 });
const REGION_CODES = ['510000', '510100', '510105', '120000', '440300'];

describe('readiness timeline against the reference', () => {
  it('equals every day evaluated from scratch, stock judged as on the first day', () => {
    fc.assert(
      fc.property(
        timelineGraphs,
        fc.constantFrom(...REGION_CODES),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom('nothing', 'every enterprise', 'readiness of each'),
        (c, code, days, start, askedBefore) => {
        const ref = new Reference(c.facts);
        const scope = ref.regionMembers(code);
        const g = buildSupplyGraph(c.facts);
        const from = dayString(start);
        const cache = new AbleCache();
        // The day's set as other questions left it: settled well beyond the region's cones, readiness remembered.
        if (askedBefore === 'every enterprise') ableMask(g, from, {}, cache);
        if (askedBefore === 'readiness of each') for (const id of g.ids) restartReadiness(g, id, from, cache);
        const answer = readinessTimeline(g, scope.map((id) => g.requireIndex(id)), from, days, cache);
        expect(answer).toEqual(ref.readinessTimeline(scope, from, days));
        // Again on the same cache: the first day's set is shared, the answer the same.
        expect(readinessTimeline(g, scope.map((id) => g.requireIndex(id)), from, days, cache)).toEqual(answer);
        },
      ),
      { numRuns: 150 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AbleCache } from '../../src/analysis/able.ts';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { expectedReadyDate, restartReadiness } from '../../src/analysis/readiness.ts';
import type { RootCause } from '../../src/analysis/types.ts';
import { denseGraphs, impactGraphs, mediumGraphs, type GraphCase } from './arbitraries.ts';
import { Reference } from './reference.ts';

/** The focus, or another enterprise picked by `pick` (so non-operating plants come up often). */
function plantOf(c: GraphCase, pick: number | null): string {
  const ids = [...new Set(c.facts.enterprises.map((e) => e.id))];
  return pick === null ? c.focus : ids[pick % ids.length]!;
}

const plantPick = fc.option(fc.nat(), { nil: null });

/**
 * Each path is a shortest walk from the root cause down to the plant that
 * picks, at every step, the smallest id one tier closer to the plant.
 */
function expectShortestPaths(ref: Reference, plant: string, asOf: string, causes: RootCause[]): void {
  if (causes.length === 0) return;
  const edges = ref.walkEdges(plant, asOf);
  const tiers = ref.walkTiers(plant, asOf);
  tiers.set(plant, 0);
  for (const r of causes) {
    expect(r.path[0]).toBe(r.enterprise);
    expect(r.path.at(-1)).toBe(plant);
    expect(r.path.length).toBe(r.tier + 1);
    for (let i = 0; i + 1 < r.path.length; i++) {
      const [s, e] = [r.path[i]!, r.path[i + 1]!];
      const closer = [...tiers.entries()]
        .filter(([x, t]) => t === tiers.get(s)! - 1 && edges.has(`${x}>${s}`))
        .map(([x]) => x)
        .sort();
      expect(e).toBe(closer[0]);
    }
  }
}

describe('restart readiness against the reference', () => {
  it('matches on a few hundred enterprises: ready, inputs, stock at risk, alternatives, root-cause tiers', () => {
    fc.assert(
      fc.property(mediumGraphs, plantPick, (c, pick) => {
        const plant = plantOf(c, pick);
        const got = restartReadiness(buildSupplyGraph(c.facts), plant, c.asOf);
        const ref = new Reference(c.facts);
        const want = ref.readiness(plant, c.asOf, { enumerate: false, expectedDate: false });
        expect(got.plant).toBe(plant);
        expect(got.asOf).toBe(c.asOf);
        expect(got.ready).toBe(want.ready);
        expect(got.atRisk).toEqual(want.atRisk);
        expect(got.blockedInputs.map(({ rootCauses: _r, ...rest }) => rest)).toEqual(want.blockedInputs.map(({ rootCauses: _r, ...rest }) => rest));
        for (const b of got.blockedInputs) {
          expect(b.rootCauses).toEqual(ref.rootCauseTiers(plant, c.asOf, b.component).map((r) => r.enterprise).sort());
        }
        expect(got.rootCauses.map(({ enterprise, tier }) => ({ enterprise, tier }))).toEqual(ref.rootCauseTiers(plant, c.asOf));
        expectShortestPaths(ref, plant, c.asOf, got.rootCauses);
        expect(got.logisticsRootCauses.map(({ restriction, tier }) => ({ restriction, tier }))).toEqual(ref.logisticsTiers(plant, c.asOf));
        if (got.ready) expect(got.expectedReadyDate).toBe(c.asOf);
      }),
      { numRuns: 80 },
    );
  });

  it('gives the reference expected ready date', () => {
    fc.assert(
      fc.property(impactGraphs, plantPick, (c, pick) => {
        const plant = plantOf(c, pick);
        const g = buildSupplyGraph(c.facts);
        const want = new Reference(c.facts).expectedReadyDate(plant, c.asOf);
        const cache = new AbleCache();
        expect(expectedReadyDate(g, plant, c.asOf, cache)).toBe(want);
        expect(restartReadiness(g, plant, c.asOf, cache).expectedReadyDate).toBe(want);
      }),
      { numRuns: 120 },
    );
  });

  it('matches every field on small dense graphs, root causes by enumerating simple walks', () => {
    fc.assert(
      fc.property(denseGraphs, plantPick, (c, pick) => {
        const plant = plantOf(c, pick);
        const got = restartReadiness(buildSupplyGraph(c.facts), plant, c.asOf);
        const ref = new Reference(c.facts);
        const want = ref.readiness(plant, c.asOf);
        expect(got.ready).toBe(want.ready);
        expect(got.expectedReadyDate).toBe(want.expectedReadyDate);
        expect(got.blockedInputs).toEqual(want.blockedInputs);
        expect(got.atRisk).toEqual(want.atRisk);
        expect(got.rootCauses.map(({ path: _p, ...rest }) => rest)).toEqual(want.rootCauses);
        const logistics = ref.logisticsRootCauses(plant, c.asOf);
        expect(got.logisticsRootCauses.map(({ path: _p, ...rest }) => rest)).toEqual(logistics.map(({ paths: _p, ...rest }) => rest));
        got.logisticsRootCauses.forEach((r, i) => expect(logistics[i]!.paths).toContainEqual(r.path));

        expectShortestPaths(ref, plant, c.asOf, got.rootCauses);
      }),
      { numRuns: 300 },
    );
  });
});

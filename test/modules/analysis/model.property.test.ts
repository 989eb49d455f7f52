/**
 * The read model's two claims, on random cyclic graphs: `able0` kept by
 * replaying status changes equals a fresh evaluation after every change,
 * and answers that stop at able0 enterprises equal answers on the plain
 * graph, whatever the day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { able0Mask, refreshAble0 } from '../../../src/analysis/able0.ts';
import { buildSupplyGraph, downstreamIndices } from '../../../src/analysis/graph.ts';
import { AbleCache, evaluateRegionReadiness, impact, notReadyPlants, restartReadiness } from '../../../src/analysis/index.ts';
import { AnalysisModel } from '../../../src/modules/analysis/model.ts';
import type { EnterpriseStatus, GraphFacts } from '../../../src/analysis/types.ts';
import { dayString, mediumGraphs } from '../../analysis/arbitraries.ts';

const plain = (facts: GraphFacts): GraphFacts => ({ ...facts, enterprises: facts.enterprises.map(({ knownAble: _, ...e }) => e) });

const changes = fc.array(
  fc.record({
    pick: fc.nat(),
    status: fc.constantFrom<EnterpriseStatus>('OPERATING', 'SUSPENDED', 'CLOSED'),
    resume: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  }),
  { minLength: 1, maxLength: 8 },
);

describe('able0 kept current by replaying status changes', () => {
  it('equals a fresh evaluation after each change, and after a batch of them', () => {
    fc.assert(
      fc.property(mediumGraphs, changes, fc.boolean(), ({ facts: raw }, steps, batched) => {
        const facts = plain(raw);
        const graph = buildSupplyGraph(facts);
        const mask = able0Mask(graph);
        // The graph keeps the first record of a repeated id: start from what it kept.
        const current = new Map(graph.enterprises.map((e) => [e.id, { ...e }]));
        const pending: number[] = [];
        for (const step of steps) {
          const i = step.pick % graph.size;
          const date = step.status === 'SUSPENDED' && step.resume !== null ? dayString(step.resume) : null;
          graph.setStatus(i, step.status, date);
          current.set(graph.ids[i]!, { ...current.get(graph.ids[i]!)!, status: step.status, expectedResumeDate: date });
          pending.push(i);
          if (!batched) {
            refreshAble0(graph, mask, pending.splice(0));
            expect([...mask]).toEqual([...able0Mask(buildSupplyGraph({ ...facts, enterprises: [...current.values()] }))]);
          }
        }
        if (batched) refreshAble0(graph, mask, pending);
        expect([...mask]).toEqual([...able0Mask(buildSupplyGraph({ ...facts, enterprises: [...current.values()] }))]);
      }),
      { numRuns: 150, seed: 20200301 },
    );
  });

  it('flips only enterprises downstream of a change', () => {
    fc.assert(
      fc.property(mediumGraphs, fc.nat(), ({ facts }, pick) => {
        const graph = buildSupplyGraph(plain(facts));
        const mask = able0Mask(graph);
        const i = pick % graph.size;
        graph.setStatus(i, graph.status[i] === 0 ? 'SUSPENDED' : 'OPERATING', null);
        const cone = new Set(downstreamIndices(graph, [i]));
        for (const flipped of refreshAble0(graph, mask, [i])) expect(cone.has(flipped)).toBe(true);
      }),
      { numRuns: 100, seed: 20200302 },
    );
  });
});

describe('answers that stop at able0 enterprises', () => {
  it('equal the answers on the plain graph for every plant and day', () => {
    fc.assert(
      fc.property(mediumGraphs, ({ facts: raw, asOf }) => {
        const graph = buildSupplyGraph(plain(raw));
        const trusted = graph.withKnownAble(able0Mask(graph));
        const cache = new AbleCache();
        for (const id of graph.ids) expect(restartReadiness(trusted, id, asOf, cache)).toEqual(restartReadiness(graph, id, asOf, cache));
        expect(evaluateRegionReadiness(trusted, graph.ids, asOf, cache)).toEqual(evaluateRegionReadiness(graph, graph.ids, asOf, cache));
        // The dashboard counts without walking: the same plants as the full evaluation.
        expect(notReadyPlants(trusted, graph.ids, asOf, cache)).toEqual(evaluateRegionReadiness(graph, graph.ids, asOf, cache).map((b) => b.plant));
      }),
      { numRuns: 60, seed: 20200303 },
    );
  });
});

describe('a read model asked on one day while changes arrive', () => {
  it('answers after each change as a graph built afresh from the changed facts does', () => {
    fc.assert(
      fc.property(mediumGraphs, changes, ({ facts: raw, asOf }, steps) => {
        const facts = plain(raw);
        const model = new AnalysisModel(facts, { epoch: 'e', seq: 0 });
        const current = new Map(model.graph.enterprises.map((e) => [e.id, { ...e }]));
        const ask = () => {
          const fresh = buildSupplyGraph({ ...facts, enterprises: [...current.values()] });
          const freshCache = new AbleCache();
          for (const id of model.graph.ids) {
            expect(restartReadiness(model.trusted, id, asOf, model.cache)).toEqual(restartReadiness(fresh, id, asOf, freshCache));
            expect(impact(model.graph, id, asOf, model.cache)).toEqual(impact(fresh, id, asOf, freshCache));
          }
          expect(notReadyPlants(model.trusted, model.graph.ids, asOf, model.cache)).toEqual(notReadyPlants(fresh, fresh.ids, asOf, freshCache));
        };
        // Asked before the first change too, so that the day's settled answers are cached when the changes arrive.
        ask();
        steps.forEach((step, n) => {
          const id = model.graph.ids[step.pick % model.graph.size]!;
          const date = step.status === 'SUSPENDED' && step.resume !== null ? dayString(step.resume) : null;
          model.apply([{ seq: n + 1, enterpriseId: id, status: step.status, expectedResumeDate: date }]);
          current.set(id, { ...current.get(id)!, status: step.status, expectedResumeDate: date });
          ask();
        });
      }),
      { numRuns: 60, seed: 20200304 },
    );
  });
});

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
import type { EnterpriseStatus, GraphFacts, LoanFact, RestrictionFact } from '../../../src/analysis/types.ts';
import type { StoredChange } from '../../../src/modules/analysis/model.ts';
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

  /** One change of any kind a write records: a status, a restriction imposed or lifted, a loan agreed or returned. */
  const mixed = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom<EnterpriseStatus>('OPERATING', 'SUSPENDED', 'CLOSED'), resume: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }) }),
      fc.record({ kind: fc.constant('impose' as const), edge: fc.nat(), from: fc.integer({ min: 0, max: 30 }), length: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }) }),
      fc.record({ kind: fc.constant('lift' as const), pick: fc.nat(), after: fc.integer({ min: 1, max: 10 }) }),
      fc.record({ kind: fc.constant('agree' as const), need: fc.nat(), lender: fc.nat(), coverDays: fc.integer({ min: 1, max: 15 }), start: fc.integer({ min: 0, max: 25 }) }),
      fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 10 }) }),
    ),
    { minLength: 1, maxLength: 8 },
  );

  it('with restrictions imposed and lifted and loans agreed and returned among them, too, each tried by its write first or not: answers and able0 as a fresh build', () => {
    fc.assert(
      fc.property(mediumGraphs, mixed, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), ({ facts: raw, asOf }, steps, tried) => {
        const facts = plain(raw);
        const model = new AnalysisModel(facts, { epoch: 'e', seq: 0 });
        const current = new Map(model.graph.enterprises.map((e) => [e.id, { ...e }]));
        const restrictions = new Map<string, RestrictionFact>();
        for (const r of facts.restrictions ?? []) if (!restrictions.has(r.id)) restrictions.set(r.id, r);
        const loans = new Map<string, LoanFact>();
        for (const l of facts.loans ?? []) if (!loans.has(l.id)) loans.set(l.id, l);
        const ask = () => {
          const fresh = buildSupplyGraph({ ...facts, enterprises: [...current.values()], restrictions: [...restrictions.values()], loans: [...loans.values()] });
          const freshCache = new AbleCache();
          expect([...model.able0]).toEqual([...able0Mask(fresh)]);
          for (const id of model.graph.ids) {
            expect(restartReadiness(model.trusted, id, asOf, model.cache)).toEqual(restartReadiness(fresh, id, asOf, freshCache));
            expect(impact(model.graph, id, asOf, model.cache)).toEqual(impact(fresh, id, asOf, freshCache));
          }
          expect(notReadyPlants(model.trusted, model.graph.ids, asOf, model.cache)).toEqual(notReadyPlants(fresh, fresh.ids, asOf, freshCache));
        };
        ask();
        steps.forEach((step, n) => {
          const seq = n + 1;
          let change: StoredChange | null = null;
          if (step.kind === 'status') {
            const id = model.graph.ids[step.pick % model.graph.size]!;
            const date = step.status === 'SUSPENDED' && step.resume !== null ? dayString(step.resume) : null;
            current.set(id, { ...current.get(id)!, status: step.status, expectedResumeDate: date });
            change = { seq, enterpriseId: id, status: step.status, expectedResumeDate: date };
          } else if (step.kind === 'impose' && facts.supplies.length > 0) {
            const supply = { ...facts.supplies[step.edge % facts.supplies.length]! };
            const restriction: RestrictionFact = { id: `api-r${seq}`, supply, region: null, direction: null, from: dayString(step.from), until: step.length === null ? null : dayString(step.from + step.length) };
            change = { seq, restriction };
          } else if (step.kind === 'lift' && restrictions.size > 0) {
            const r = [...restrictions.values()][step.pick % restrictions.size]!;
            change = { seq, restriction: { ...r, until: new Date(Date.parse(r.from) + step.after * 86_400_000).toISOString().slice(0, 10) } };
          } else if (step.kind === 'agree' && facts.needs.length > 0) {
            const need = facts.needs[step.need % facts.needs.length]!;
            const loan: LoanFact = { id: `api-l${seq}`, lender: model.graph.ids[step.lender % model.graph.size]!, borrower: need.enterprise, component: need.component, coverDays: step.coverDays, start: dayString(step.start), returnedOn: null };
            change = { seq, loan };
          } else if (step.kind === 'return' && loans.size > 0) {
            const l = [...loans.values()][step.pick % loans.size]!;
            change = { seq, loan: { ...l, returnedOn: new Date(Date.parse(l.start) + step.after * 86_400_000).toISOString().slice(0, 10) } };
          }
          // A step with nothing to act on still takes its seq, as a status change of the first enterprise to its own status.
          if (change === null) {
            const first = current.get(model.graph.ids[0]!)!;
            change = { seq, enterpriseId: first.id, status: first.status, expectedResumeDate: first.expectedResumeDate };
          }
          if ('restriction' in change) restrictions.set(change.restriction.id, change.restriction);
          if ('loan' in change) loans.set(change.loan.id, change.loan);
          // A write through this process first tries its change (flipsIf), then its next check replays it.
          if (tried[n]) {
            const flips = model.flipsIf([change]);
            const before = [...model.able0];
            model.apply([change]);
            expect(flips.map((f) => f.id).sort()).toEqual(model.graph.ids.filter((_, i) => before[i] !== model.able0[i]).sort());
          } else model.apply([change]);
          expect(model.seq).toBe(seq);
          ask();
        });
      }),
      { numRuns: 60, seed: 20200305 },
    );
  });
});

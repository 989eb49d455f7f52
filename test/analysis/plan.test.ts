import { describe, expect, it } from 'vitest';
import { buildSupplyGraph } from '../../src/analysis/graph.ts';
import { planById } from './plan-by-id.ts';
import { readinessTimeline } from '../../src/analysis/timeline.ts';
import type { GraphFacts } from '../../src/analysis/types.ts';
import { edgeRestriction, ent, facts, type Sketch } from './build.ts';
import { Reference } from './reference.ts';

const asOf = '2020-02-10';
const TIANJIN = { district: '120101', city: '120000', province: '120000' };

/** The plan by id, held against the reference on the same facts. */
function plan(s: Sketch, k: number, region = '510105') {
  const f: GraphFacts = facts(s);
  const g = buildSupplyGraph(f);
  const ref = new Reference(f);
  const scope = ref.regionMembers(region);
  const byId = planById(g, scope, k, asOf);
  expect(byId).toEqual(ref.restartPlan(scope, k, asOf));
  return byId;
}

const needing = (plant: string, component: string, supplier: string): Pick<Sketch, 'needs' | 'supplies'> => ({ needs: [[plant, component]], supplies: [[supplier, plant, component]] });

function sketch(...parts: Pick<Sketch, 'needs' | 'supplies'>[]): Pick<Sketch, 'needs' | 'supplies'> {
  return { needs: parts.flatMap((p) => p.needs ?? []), supplies: parts.flatMap((p) => p.supplies ?? []) };
}

describe('restart plan', () => {
  it('picks the restart that frees the most workforce, then the most plants, then the lowest id', () => {
    const s: Sketch = {
      enterprises: [
        ent('P1', 'OPERATING', { workforce: 100 }),
        ent('P2', 'OPERATING', { workforce: 30 }),
        ent('P3', 'OPERATING', { workforce: 30 }),
        ent('P4', 'OPERATING', { workforce: 45 }),
        ent('P5', 'OPERATING', { workforce: 15 }),
        ent('P6', 'OPERATING', { workforce: 30 }),
        ent('P7', 'OPERATING', { workforce: 10 }),
        ent('P8', 'OPERATING', { workforce: 10 }),
        ...['S1', 'S2', 'T1', 'T2', 'U1', 'U2'].map((id) => ent(id, 'SUSPENDED', TIANJIN)),
      ],
      ...sketch(needing('P1', 'a', 'S1'), needing('P2', 'b', 'S2'), needing('P3', 'b', 'S2'), needing('P4', 'c', 'T1'), needing('P5', 'd', 'T2'), needing('P6', 'd', 'T2'), needing('P7', 'e', 'U2'), needing('P8', 'e', 'U1')),
    };
    const { steps } = plan(s, 10);
    expect(steps.map((st) => [st.enterprise, st.freedWorkforce, st.freedPlants])).toEqual([
      ['S1', 100, 1],
      ['S2', 60, 2],
      ['T2', 45, 2], // the same workforce as T1, more plants
      ['T1', 45, 1],
      ['U1', 10, 1], // the same as U2 in both: the lower id
      ['U2', 10, 1],
    ]);
    expect(steps.at(-1)).toMatchObject({ totalWorkforce: 270, totalPlants: 8 });
  });

  it('stops early when no restart frees anyone, and says why the rest stays blocked', () => {
    const s: Sketch = {
      enterprises: [
        ent('FREED', 'OPERATING', { workforce: 5 }),
        ent('JOINT', 'OPERATING', { workforce: 50 }),
        ent('ORPHAN', 'OPERATING', { workforce: 40 }),
        ent('WIDOW', 'OPERATING', { workforce: 30 }),
        ent('SA', 'SUSPENDED', TIANJIN),
        ent('SB', 'SUSPENDED', TIANJIN),
        ent('SC', 'SUSPENDED', TIANJIN),
        ent('GONE', 'CLOSED', TIANJIN),
      ],
      needs: [['FREED', 'a'], ['JOINT', 'b'], ['JOINT', 'c'], ['ORPHAN', 'z'], ['WIDOW', 'w']],
      supplies: [['SA', 'FREED', 'a'], ['SB', 'JOINT', 'b'], ['SC', 'JOINT', 'c'], ['GONE', 'WIDOW', 'w']],
    };
    // Ten steps allowed, one taken: after SA no single restart frees anyone.
    const answer = plan(s, 10);
    expect(answer.steps.map((st) => st.enterprise)).toEqual(['SA']);
    expect(answer.remaining).toEqual([
      { enterprise: 'JOINT', reasons: ['JOINT_RESTART'] },
      { enterprise: 'ORPHAN', reasons: ['NO_SUPPLIER'] },
      { enterprise: 'WIDOW', reasons: ['CLOSED_ROOT_CAUSE'] },
    ]);
  });

  it('completes a joint restart over two steps when the first one frees someone on its own', () => {
    const s: Sketch = {
      enterprises: [ent('JOINT', 'OPERATING', { workforce: 50 }), ent('SMALL', 'OPERATING', { workforce: 5 }), ent('SA', 'SUSPENDED', TIANJIN), ent('SB', 'SUSPENDED', TIANJIN)],
      needs: [['JOINT', 'a'], ['JOINT', 'b'], ['SMALL', 'a']],
      supplies: [['SA', 'JOINT', 'a'], ['SB', 'JOINT', 'b'], ['SA', 'SMALL', 'a']],
    };
    const answer = plan(s, 10);
    expect(answer.steps.map((st) => [st.enterprise, st.freed])).toEqual([
      ['SA', ['SMALL']],
      ['SB', ['JOINT']],
    ]);
    expect(answer.remaining).toEqual([]);
    // With one step, the joint plant remains, freeable by the one restart left out: no reason of the three.
    expect(plan(s, 1).remaining).toEqual([{ enterprise: 'JOINT', reasons: [] }]);
  });

  it('counts a restart that takes away stock cover against the workforce it frees', () => {
    // S resumes in 3 days and P's stock lasts 5: P runs. Counted OPERATING now, S still cannot run
    // without Q, so P loses its cover; only Q, which S and Q together make ready, is freed.
    const s: Sketch = {
      enterprises: [
        ent('P', 'OPERATING', { workforce: 50 }),
        ent('Q', 'SUSPENDED', { workforce: 10 }),
        ent('S', 'SUSPENDED', { ...TIANJIN, expectedResumeDate: '2020-02-13' }),
      ],
      needs: [['P', 'x', 5], ['Q', 'x'], ['S', 'y']],
      supplies: [['S', 'P', 'x'], ['S', 'Q', 'x'], ['Q', 'S', 'y']],
    };
    const answer = plan(s, 2);
    expect(answer.steps).toEqual([
      { enterprise: 'S', freed: ['Q'], blockedAnew: ['P'], freedWorkforce: -40, freedPlants: 0, totalWorkforce: -40, totalPlants: 0 },
      { enterprise: 'Q', freed: ['P'], blockedAnew: [], freedWorkforce: 50, freedPlants: 1, totalWorkforce: 10, totalPlants: 1 },
    ]);
  });
});

describe('readiness timeline', () => {
  const day = (n: number) => `2020-02-${String(10 + n).padStart(2, '0')}`;

  it('judges stock as on the first day, so a resumption that cannot run takes the cover away', () => {
    // P's stock of x lasts 5 days. S1 resumes on day 2 but cannot run (nobody supplies its y); S2 resumes on day 6.
    const s: Sketch = {
      enterprises: [
        ent('P', 'OPERATING', { workforce: 100 }),
        ent('S1', 'SUSPENDED', { expectedResumeDate: day(2), workforce: 7 }),
        ent('S2', 'SUSPENDED', { ...TIANJIN, expectedResumeDate: day(6) }),
      ],
      needs: [['P', 'x', 5], ['S1', 'y']],
      supplies: [['S1', 'P', 'x'], ['S2', 'P', 'x']],
    };
    const f = facts(s);
    const g = buildSupplyGraph(f);
    const scope = new Reference(f).regionMembers('510105');
    const timeline = readinessTimeline(g, scope.map((id) => g.requireIndex(id)), asOf, 8);
    expect(timeline).toEqual(new Reference(f).readinessTimeline(scope, asOf, 8));
    // Days 0-1: covered (S1's day 2 is within the stock). Days 2-5: the next date is day 6, 6 days from the first day, beyond the stock
    // (judged from day 2 it would be 4 and still covered). Day 6 on: S2 runs.
    expect(timeline.map((d) => [d.date, d.blockedCount, d.blockedWorkforce])).toEqual([
      [day(0), 1, 7],
      [day(1), 1, 7],
      [day(2), 2, 107],
      [day(3), 2, 107],
      [day(4), 2, 107],
      [day(5), 2, 107],
      [day(6), 1, 7],
      [day(7), 1, 7],
    ]);
    expect(timeline.map((d) => d.atWorkWorkforce)).toEqual([100, 100, 0, 0, 0, 0, 100, 100]);
  });

  it('sees a resumption deep in the cone of a suspended plant whose own deliveries are cut off', () => {
    // Q is judged as if it ran; its delivery to C is cut, so it is judged afresh each day, and A's resumption on day 2 reaches it through B.
    const s: Sketch = {
      enterprises: [
        ent('Q', 'SUSPENDED', { workforce: 30 }),
        ent('B', 'OPERATING', TIANJIN),
        ent('A', 'SUSPENDED', { ...TIANJIN, expectedResumeDate: day(2) }),
        ent('C', 'OPERATING', TIANJIN),
      ],
      needs: [['Q', 'b'], ['B', 'a'], ['C', 'q']],
      supplies: [['B', 'Q', 'b'], ['A', 'B', 'a'], ['Q', 'C', 'q']],
      restrictions: [edgeRestriction('cut', ['Q', 'C', 'q'], asOf, null)],
    };
    const f = facts(s);
    const g = buildSupplyGraph(f);
    const scope = new Reference(f).regionMembers('510105');
    const timeline = readinessTimeline(g, scope.map((id) => g.requireIndex(id)), asOf, 4);
    expect(timeline).toEqual(new Reference(f).readinessTimeline(scope, asOf, 4));
    expect(timeline.map((d) => d.blockedWorkforce)).toEqual([30, 30, 0, 0]);
  });
});

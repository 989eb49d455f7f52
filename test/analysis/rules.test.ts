import { describe, expect, it } from 'vitest';
import { ableSet } from '../../src/analysis/able.ts';
import { UnknownEnterpriseError } from '../../src/analysis/graph.ts';
import { impact } from '../../src/analysis/impact.ts';
import { expectedReadyDate, restartReadiness } from '../../src/analysis/readiness.ts';
import { evaluateRegionReadiness } from '../../src/analysis/region.ts';
import { ent, graph } from './build.ts';

const asOf = '2020-02-10';

describe('can it run', () => {
  it('an operating plant whose suppliers run is ready today', () => {
    const g = graph({ enterprises: [ent('P'), ent('S')], needs: [['P', 'wing']], supplies: [['S', 'P', 'wing']] });
    expect(restartReadiness(g, 'P', asOf)).toEqual({
      plant: 'P',
      asOf,
      ready: true,
      expectedReadyDate: asOf,
      blockedInputs: [],
      atRisk: [],
      rootCauses: [],
      logisticsRootCauses: [],
    });
  });

  it('one able supplier among several meets the need', () => {
    const g = graph({
      enterprises: [ent('P'), ent('A', 'CLOSED'), ent('B'), ent('C', 'SUSPENDED')],
      needs: [['P', 'wing']],
      supplies: [['A', 'P', 'wing'], ['B', 'P', 'wing'], ['C', 'P', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).ready).toBe(true);
  });

  it('a covering stock reports the need at risk and does not block', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-15' })],
      needs: [['P', 'wing', 7]],
      supplies: [['S', 'P', 'wing']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(true);
    expect(r.blockedInputs).toEqual([]);
    expect(r.atRisk).toEqual([{ component: 'wing', stockDays: 7, coveredUntil: '2020-02-17', suppliers: ['S'], loans: [], loanEndsOn: null }]);
  });

  it('stock lasting exactly until the resume day covers', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-15' })],
      needs: [['P', 'wing', 5]],
      supplies: [['S', 'P', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).ready).toBe(true);
    expect(restartReadiness(g, 'P', '2020-02-09').ready).toBe(false);
  });

  it('stock that runs out before the supplier resumes blocks until the resume date', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-15' })],
      needs: [['P', 'wing', 4]],
      supplies: [['S', 'P', 'wing']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(false);
    expect(r.atRisk).toEqual([]);
    expect(r.blockedInputs).toEqual([{ component: 'wing', reason: 'SUPPLIERS_DOWN', suppliers: ['S'], rootCauses: ['S'], alternatives: [] }]);
    expect(r.rootCauses).toEqual([{ enterprise: 'S', components: ['wing'], tier: 1, path: ['S', 'P'] }]);
    expect(r.expectedReadyDate).toBe('2020-02-15');
  });

  it('the earliest resume date among suspended suppliers decides the cover', () => {
    const g = graph({
      enterprises: [
        ent('P'),
        ent('S1', 'SUSPENDED', { expectedResumeDate: '2020-02-20' }),
        ent('S2', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }),
      ],
      needs: [['P', 'wing', 3]],
      supplies: [['S1', 'P', 'wing'], ['S2', 'P', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).atRisk).toEqual([{ component: 'wing', stockDays: 3, coveredUntil: '2020-02-13', suppliers: ['S1', 'S2'], loans: [], loanEndsOn: null }]);
  });

  it('an overdue resume date never covers', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-01' })],
      needs: [['P', 'wing', 1000]],
      supplies: [['S', 'P', 'wing']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(false);
    expect(r.expectedReadyDate).toBeNull();
  });

  it('a resume date on asOf itself is not after asOf and does not cover', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: asOf })],
      needs: [['P', 'wing', 1000]],
      supplies: [['S', 'P', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).ready).toBe(false);
  });

  it('a suspended supplier without a date, a CLOSED one, or an unknown stock never covers', () => {
    const g = graph({
      enterprises: [
        ent('P'),
        ent('S', 'SUSPENDED'),
        ent('C', 'CLOSED', { expectedResumeDate: '2020-02-12' }),
        ent('D', 'SUSPENDED', { expectedResumeDate: '2020-02-12' }),
      ],
      needs: [['P', 'a', 1000], ['P', 'b', 1000], ['P', 'c', null]],
      supplies: [['S', 'P', 'a'], ['C', 'P', 'b'], ['D', 'P', 'c']],
    });
    expect(restartReadiness(g, 'P', asOf).blockedInputs.map((b) => b.component)).toEqual(['a', 'b', 'c']);
  });

  it('stock is not counted when asked not to', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-15' })],
      needs: [['P', 'wing', 30]],
      supplies: [['S', 'P', 'wing']],
    });
    expect(ableSet(g, asOf)).toEqual(['P']);
    expect(ableSet(g, asOf, { countStock: false })).toEqual([]);
  });

  it('a need with no supplier blocks with NO_SUPPLIER and no root cause', () => {
    const g = graph({ enterprises: [ent('P')], needs: [['P', 'wing']], supplies: [['ghost', 'P', 'wing']] });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.blockedInputs).toEqual([{ component: 'wing', reason: 'NO_SUPPLIER', suppliers: [], rootCauses: [], alternatives: [] }]);
    expect(r.rootCauses).toEqual([]);
    expect(r.expectedReadyDate).toBeNull();
  });

  it('losing one supplier of two keeps the customer able', () => {
    const g = graph({
      enterprises: [ent('A'), ent('B'), ent('C')],
      needs: [['A', 'y'], ['B', 'x']],
      supplies: [['A', 'B', 'x'], ['C', 'B', 'x']],
    });
    expect(ableSet(g, asOf)).toEqual(['B', 'C']);
  });

  it('a supply cycle among operating firms stays able', () => {
    const g = graph({
      enterprises: [ent('A'), ent('B'), ent('C')],
      needs: [['A', 'x'], ['B', 'y'], ['C', 'z']],
      supplies: [['B', 'A', 'x'], ['C', 'B', 'y'], ['A', 'C', 'z']],
    });
    expect(ableSet(g, asOf)).toEqual(['A', 'B', 'C']);
  });

  it('a supply cycle falls as a whole when one member lacks an input', () => {
    const g = graph({
      enterprises: [ent('A'), ent('B'), ent('C'), ent('D')],
      needs: [['A', 'x'], ['B', 'y'], ['B', 'w']],
      supplies: [['B', 'A', 'x'], ['A', 'B', 'y']],
    });
    expect(ableSet(g, asOf)).toEqual(['C', 'D']);
  });

  it('a knownAble enterprise is able whatever its recorded needs and status', () => {
    const g = graph({
      enterprises: [ent('P'), ent('K', 'SUSPENDED', { knownAble: true })],
      needs: [['P', 'wing'], ['K', 'bolt']],
      supplies: [['K', 'P', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).ready).toBe(true);
    expect(ableSet(g, asOf, { suspendedNoDate: ['K'] })).toEqual([]);
  });

  it('forced statuses override the recorded ones', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'CLOSED')],
      needs: [['P', 'wing']],
      supplies: [['S', 'P', 'wing']],
    });
    expect(ableSet(g, asOf, { operating: ['S'] })).toEqual(['P', 'S']);
    expect(ableSet(graph({ enterprises: [ent('P')] }), asOf, { suspendedNoDate: ['P'] })).toEqual([]);
    expect(() => ableSet(g, asOf, { operating: ['S'], suspendedNoDate: ['S'] })).toThrow(RangeError);
  });
});

describe('readiness of a plant that is not operating', () => {
  it('a cycle through a suspended plant makes it ready when counted operating', () => {
    const g = graph({
      enterprises: [ent('P', 'SUSPENDED'), ent('A')],
      needs: [['P', 'frame'], ['A', 'part']],
      supplies: [['A', 'P', 'frame'], ['P', 'A', 'part']],
    });
    expect(ableSet(g, asOf)).toEqual([]);
    expect(restartReadiness(g, 'P', asOf).ready).toBe(true);
  });

  it("counted operating, a suspended plant no longer covers its customers' stock", () => {
    // C runs today on stock until P resumes; judging P as operating takes that cover away, and P is blocked by X anyway.
    const g = graph({
      enterprises: [ent('P', 'SUSPENDED', { expectedResumeDate: '2020-02-15' }), ent('C'), ent('X', 'CLOSED'), ent('M')],
      needs: [['P', 'frame'], ['P', 'bolt'], ['C', 'part', 10], ['M', 'part', 10]],
      supplies: [['C', 'P', 'frame'], ['X', 'P', 'bolt'], ['P', 'C', 'part'], ['P', 'M', 'part']],
      makes: [['M', 'bolt']],
    });
    expect(ableSet(g, asOf)).toEqual(['C', 'M']);
    const r = restartReadiness(g, 'P', asOf);
    expect(r.blockedInputs).toEqual([
      { component: 'bolt', reason: 'SUPPLIERS_DOWN', suppliers: ['X'], rootCauses: ['X'], alternatives: [] },
      { component: 'frame', reason: 'SUPPLIERS_DOWN', suppliers: ['C'], rootCauses: [], alternatives: [] },
    ]);
  });

  it('a need met by stock today is not at risk once the plant, counted operating, restarts its supplier', () => {
    // O needs P; counting P operating makes O run, so P's input from O no longer hangs on stock.
    const g = graph({
      enterprises: [ent('P', 'SUSPENDED'), ent('O'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-12' })],
      needs: [['P', 'a', 5], ['O', 'p']],
      supplies: [['O', 'P', 'a'], ['S', 'P', 'a'], ['P', 'O', 'p']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(true);
    expect(r.atRisk).toEqual([]);
  });

  it('a CLOSED plant is judged as if it were operating', () => {
    const g = graph({ enterprises: [ent('P', 'CLOSED'), ent('S')], needs: [['P', 'wing']], supplies: [['S', 'P', 'wing']] });
    expect(restartReadiness(g, 'P', asOf).ready).toBe(true);
  });
});

describe('blockers', () => {
  it('CLOSED supplier is a root cause with no expected ready date', () => {
    const g = graph({ enterprises: [ent('P'), ent('C', 'CLOSED')], needs: [['P', 'wing']], supplies: [['C', 'P', 'wing']] });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.rootCauses).toEqual([{ enterprise: 'C', components: ['wing'], tier: 1, path: ['C', 'P'] }]);
    expect(r.expectedReadyDate).toBeNull();
  });

  it('an operating supplier that cannot run is walked through, not blamed', () => {
    const g = graph({
      enterprises: [ent('P'), ent('M'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-20' })],
      needs: [['P', 'wing'], ['M', 'rivet']],
      supplies: [['M', 'P', 'wing'], ['S', 'M', 'rivet']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.rootCauses).toEqual([{ enterprise: 'S', components: ['rivet'], tier: 2, path: ['S', 'M', 'P'] }]);
    expect(r.blockedInputs[0]!.rootCauses).toEqual(['S']);
    expect(r.expectedReadyDate).toBe('2020-02-20');
  });

  it('a suspended root cause with unmet needs of its own shows the deeper ones', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-20' }), ent('C', 'CLOSED')],
      needs: [['P', 'wing'], ['S', 'alloy']],
      supplies: [['S', 'P', 'wing'], ['C', 'S', 'alloy']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.rootCauses).toEqual([
      { enterprise: 'S', components: ['wing'], tier: 1, path: ['S', 'P'] },
      { enterprise: 'C', components: ['alloy'], tier: 2, path: ['C', 'S', 'P'] },
    ]);
    expect(r.expectedReadyDate).toBeNull();
  });

  it('the walk stops at met needs: an able supplier contributes no root cause', () => {
    const g = graph({
      enterprises: [ent('P'), ent('A'), ent('X', 'SUSPENDED'), ent('Y'), ent('B', 'CLOSED')],
      needs: [['P', 'a'], ['P', 'b'], ['A', 'x']],
      supplies: [['A', 'P', 'a'], ['X', 'A', 'x'], ['Y', 'A', 'x'], ['B', 'P', 'b']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.blockedInputs.map((b) => b.component)).toEqual(['b']);
    expect(r.rootCauses.map((c) => c.enterprise)).toEqual(['B']);
  });

  it('a delivery into an enterprise reached only through the root cause is not its component', () => {
    // P <-wing- S <-alloy- T <-ore- S: T is only reached through S, so "ore" is not S's blocking component.
    const sketch = {
      enterprises: [ent('P'), ent('S', 'SUSPENDED'), ent('T', 'SUSPENDED')],
      needs: [['P', 'wing'], ['S', 'alloy'], ['T', 'ore']] as [string, string][],
      supplies: [['S', 'P', 'wing'], ['T', 'S', 'alloy'], ['S', 'T', 'ore']] as [string, string, string][],
    };
    expect(restartReadiness(graph(sketch), 'P', asOf).rootCauses).toEqual([
      { enterprise: 'S', components: ['wing'], tier: 1, path: ['S', 'P'] },
      { enterprise: 'T', components: ['alloy'], tier: 2, path: ['T', 'S', 'P'] },
    ]);
    // Once T is also reached directly, S failing to deliver ore to T counts.
    const direct = graph({ ...sketch, needs: [...sketch.needs, ['P', 'tail']], supplies: [...sketch.supplies, ['T', 'P', 'tail']] });
    expect(restartReadiness(direct, 'P', asOf).rootCauses).toEqual([
      { enterprise: 'S', components: ['ore', 'wing'], tier: 1, path: ['S', 'P'] },
      { enterprise: 'T', components: ['alloy', 'tail'], tier: 1, path: ['T', 'P'] },
    ]);
  });

  it('a path steps to the smallest id one tier closer to the plant', () => {
    // P's inputs come from e5 (component a) and e2 (component b): e5 is met first, e2 has the smaller id.
    const g = graph({
      enterprises: [ent('P'), ent('e5', 'SUSPENDED'), ent('e2', 'SUSPENDED'), ent('e9', 'CLOSED')],
      needs: [['P', 'a'], ['P', 'b'], ['e5', 'c'], ['e2', 'c']],
      supplies: [['e5', 'P', 'a'], ['e2', 'P', 'b'], ['e9', 'e5', 'c'], ['e9', 'e2', 'c']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.rootCauses.find((c) => c.enterprise === 'e9')).toEqual({ enterprise: 'e9', components: ['c'], tier: 2, path: ['e9', 'e2', 'P'] });
  });

  it('a blocked input lists the root causes behind its own suppliers only', () => {
    const g = graph({
      enterprises: [ent('P'), ent('A', 'SUSPENDED'), ent('B', 'CLOSED'), ent('Z', 'CLOSED')],
      needs: [['P', 'a'], ['P', 'b'], ['A', 'z']],
      supplies: [['A', 'P', 'a'], ['B', 'P', 'b'], ['Z', 'A', 'z']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.blockedInputs.map((b) => [b.component, b.rootCauses])).toEqual([
      ['a', ['A', 'Z']],
      ['b', ['B']],
    ]);
  });

  it('a cycle back through the plant is not walked into the plant', () => {
    const g = graph({
      enterprises: [ent('P', 'SUSPENDED'), ent('A'), ent('C', 'CLOSED')],
      needs: [['P', 'frame'], ['P', 'bolt'], ['A', 'part']],
      supplies: [['A', 'P', 'frame'], ['P', 'A', 'part'], ['C', 'P', 'bolt']],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(false);
    expect(r.rootCauses).toEqual([{ enterprise: 'C', components: ['bolt'], tier: 1, path: ['C', 'P'] }]);
    expect(r.blockedInputs.map((b) => [b.component, b.rootCauses])).toEqual([
      ['bolt', ['C']],
      ['frame', []],
    ]);
  });
});

describe('expected ready date', () => {
  it('waits for the latest of the resumes the plant needs', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S1', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }), ent('S2', 'SUSPENDED', { expectedResumeDate: '2020-02-18' })],
      needs: [['P', 'a'], ['P', 'b']],
      supplies: [['S1', 'P', 'a'], ['S2', 'P', 'b']],
    });
    expect(expectedReadyDate(g, 'P', asOf)).toBe('2020-02-18');
  });

  it('takes the earliest of alternative suppliers', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S1', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }), ent('S2', 'SUSPENDED', { expectedResumeDate: '2020-02-18' })],
      needs: [['P', 'a']],
      supplies: [['S1', 'P', 'a'], ['S2', 'P', 'a']],
    });
    expect(expectedReadyDate(g, 'P', asOf)).toBe('2020-02-13');
  });

  it('counts no stock: a stock that would cover after the first resume does not bring the date forward', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S1', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }), ent('S2', 'SUSPENDED', { expectedResumeDate: '2020-02-18' })],
      needs: [['P', 'a'], ['P', 'b', 6]],
      supplies: [['S1', 'P', 'a'], ['S2', 'P', 'b']],
    });
    expect(expectedReadyDate(g, 'P', asOf)).toBe('2020-02-18');
  });

  it('is null when a root cause has no date, even if others do', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S1', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }), ent('S2', 'SUSPENDED')],
      needs: [['P', 'a'], ['P', 'b']],
      supplies: [['S1', 'P', 'a'], ['S2', 'P', 'b']],
    });
    expect(expectedReadyDate(g, 'P', asOf)).toBeNull();
  });

  it('is asOf for a ready plant', () => {
    expect(expectedReadyDate(graph({ enterprises: [ent('P')] }), 'P', asOf)).toBe(asOf);
  });
});

describe('alternatives', () => {
  it('alternatives nearest first: district, city, province, elsewhere, then id', () => {
    const at = (district: string, city: string, province: string) => ({ district, city, province });
    const g = graph({
      enterprises: [
        ent('P', 'OPERATING', at('510105', '510100', '510000')),
        ent('S', 'CLOSED', at('120101', '120000', '120000')),
        ent('far', 'OPERATING', at('120102', '120000', '120000')),
        ent('prov', 'OPERATING', at('510302', '510300', '510000')),
        ent('city2', 'OPERATING', at('510106', '510100', '510000')),
        ent('city1', 'OPERATING', at('510106', '510100', '510000')),
        ent('near', 'OPERATING', at('510105', '510100', '510000')),
        ent('down', 'SUSPENDED', at('510105', '510100', '510000')),
      ],
      needs: [['P', 'wing']],
      supplies: [['S', 'P', 'wing']],
      makes: [['far', 'wing'], ['prov', 'wing'], ['city2', 'wing'], ['city1', 'wing'], ['near', 'wing'], ['down', 'wing'], ['S', 'wing'], ['P', 'wing'], ['near', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).blockedInputs[0]!.alternatives).toEqual(['near', 'city1', 'city2', 'prov', 'far']);
  });

  it('a municipality district is nearer than another province', () => {
    const g = graph({
      enterprises: [
        ent('P', 'OPERATING', { district: '120101', city: '120000', province: '120000' }),
        ent('S', 'CLOSED'),
        ent('a', 'OPERATING'),
        ent('b', 'OPERATING', { district: '120102', city: '120000', province: '120000' }),
      ],
      needs: [['P', 'wing']],
      supplies: [['S', 'P', 'wing']],
      makes: [['a', 'wing'], ['b', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).blockedInputs[0]!.alternatives).toEqual(['b', 'a']);
  });

  it('a maker that could only run through the plant is not an alternative', () => {
    const g = graph({
      enterprises: [ent('P'), ent('S', 'CLOSED'), ent('M')],
      needs: [['P', 'wing'], ['M', 'bolt']],
      supplies: [['S', 'P', 'wing'], ['P', 'M', 'bolt']],
      makes: [['M', 'wing']],
    });
    expect(restartReadiness(g, 'P', asOf).blockedInputs[0]!.alternatives).toEqual([]);
  });
});

describe('impact', () => {
  const sketch = {
    enterprises: [
      ent('S', 'SUSPENDED', { expectedResumeDate: '2020-02-20' }),
      ent('A'),
      ent('B'),
      ent('W', 'SUSPENDED'),
      ent('X', 'CLOSED'),
      ent('Y'),
    ],
    needs: [['A', 'a'], ['B', 'b'], ['W', 'w'], ['X', 'x'], ['Y', 'y']] as [string, string][],
    supplies: [['S', 'A', 'a'], ['A', 'B', 'b'], ['S', 'W', 'w'], ['S', 'X', 'x'], ['S', 'Y', 'y'], ['Q', 'Y', 'y']] as [string, string, string][],
  };

  it("a suspended enterprise's restart frees its customers, suspended plants waiting for it included, never CLOSED ones", () => {
    expect(impact(graph(sketch), 'S', asOf)).toEqual(['A', 'B', 'W', 'Y']);
  });

  it('an operating enterprise stopping blocks everyone relying on it alone', () => {
    const g = graph({ ...sketch, enterprises: [...sketch.enterprises.slice(1), { ...sketch.enterprises[0]!, status: 'OPERATING' }] });
    expect(impact(g, 'S', asOf)).toEqual(['A', 'B', 'W', 'Y']);
  });

  it('customers with another able supplier are not impacted', () => {
    const g = graph({ ...sketch, enterprises: [...sketch.enterprises, ent('Q')] });
    expect(impact(g, 'S', asOf)).toEqual(['A', 'B', 'W']);
  });

  it('a suspended customer in a cycle through another suspended one needs both', () => {
    // W needs S and V; V needs W. Readiness of W counts W operating, not V: V stays down, so W never runs.
    const g = graph({
      enterprises: [ent('S', 'SUSPENDED'), ent('W', 'SUSPENDED'), ent('V', 'SUSPENDED'), ent('O')],
      needs: [['W', 's'], ['W', 'v'], ['V', 'w'], ['O', 'w']],
      supplies: [['S', 'W', 's'], ['V', 'W', 'v'], ['W', 'V', 'w'], ['W', 'O', 'w']],
    });
    expect(impact(g, 'S', asOf)).toEqual([]);
  });

  it('a suspended customer closing a cycle through an operating firm is impacted, the firm is not', () => {
    // O needs W, which is suspended: O cannot run either way; W counted operating runs with O once S runs.
    const g = graph({
      enterprises: [ent('S', 'SUSPENDED'), ent('W', 'SUSPENDED'), ent('O')],
      needs: [['W', 's'], ['W', 'o'], ['O', 'w']],
      supplies: [['S', 'W', 's'], ['O', 'W', 'o'], ['W', 'O', 'w']],
    });
    expect(impact(g, 'S', asOf)).toEqual(['W']);
  });

  it('a suspended enterprise reached only through an operating one that needs it is impacted', () => {
    // S feeds O; O and the suspended W feed each other. W counted operating runs only while S runs.
    const g = graph({
      enterprises: [ent('S'), ent('O'), ent('W', 'SUSPENDED')],
      needs: [['O', 'x'], ['O', 'w'], ['W', 'o']],
      supplies: [['S', 'O', 'x'], ['W', 'O', 'w'], ['O', 'W', 'o']],
    });
    expect(impact(g, 'S', asOf)).toEqual(['W']);
  });

  it('stock that covers until the restart keeps a customer out of the impact', () => {
    const g = graph({
      enterprises: [ent('S', 'OPERATING'), ent('A'), ent('T', 'SUSPENDED', { expectedResumeDate: '2020-02-12' })],
      needs: [['A', 'a', 5]],
      supplies: [['S', 'A', 'a'], ['T', 'A', 'a']],
    });
    expect(impact(g, 'S', asOf)).toEqual([]);
  });
});

describe('dashboard of blocked plants', () => {
  it('lists the plants that are not ready in the given order, once, with root-cause counts', () => {
    const g = graph({
      enterprises: [ent('P1'), ent('P2', 'SUSPENDED'), ent('P3'), ent('C', 'CLOSED'), ent('S', 'SUSPENDED'), ent('K', 'CLOSED', { knownAble: true })],
      needs: [['P1', 'a'], ['P2', 'b'], ['P3', 'c'], ['S', 'd']],
      supplies: [['C', 'P1', 'a'], ['S', 'P2', 'b'], ['C', 'S', 'd'], ['P1', 'P3', 'c']],
    });
    expect(evaluateRegionReadiness(g, ['P3', 'P2', 'P3', 'K', 'P1'], asOf)).toEqual([
      { plant: 'P3', status: 'OPERATING', blockedInputs: ['c'], rootCauses: ['C'], rootCauseCount: 1 },
      { plant: 'P2', status: 'SUSPENDED', blockedInputs: ['b'], rootCauses: ['S', 'C'], rootCauseCount: 2 },
      { plant: 'P1', status: 'OPERATING', blockedInputs: ['a'], rootCauses: ['C'], rootCauseCount: 1 },
    ]);
  });

  it('leaves out a suspended plant that would run once counted operating', () => {
    const g = graph({
      enterprises: [ent('P', 'SUSPENDED'), ent('A')],
      needs: [['P', 'frame'], ['A', 'part']],
      supplies: [['A', 'P', 'frame'], ['P', 'A', 'part']],
    });
    expect(evaluateRegionReadiness(g, ['P', 'A'], asOf)).toEqual([
      { plant: 'A', status: 'OPERATING', blockedInputs: ['part'], rootCauses: ['P'], rootCauseCount: 1 },
    ]);
  });
});

describe('inputs', () => {
  it('an unknown plant is an UnknownEnterpriseError', () => {
    const g = graph({ enterprises: [ent('P')] });
    expect(() => restartReadiness(g, 'nope', asOf)).toThrow(UnknownEnterpriseError);
    expect(() => impact(g, 'nope', asOf)).toThrow(UnknownEnterpriseError);
    expect(() => evaluateRegionReadiness(g, ['P', 'nope'], asOf)).toThrow(UnknownEnterpriseError);
  });

  it('an asOf that is not an ISO date is refused', () => {
    expect(() => restartReadiness(graph({ enterprises: [ent('P')] }), 'P', '10/02/2020')).toThrow(RangeError);
  });
});

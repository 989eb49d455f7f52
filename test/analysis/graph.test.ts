import { describe, expect, it } from 'vitest';
import { buildSupplyGraph, NO_DATE, SUSPENDED } from '../../src/analysis/graph.ts';
import { ent, facts, graph } from './build.ts';

describe('SupplyGraph', () => {
  it('numbers enterprises and components in plain string order', () => {
    const g = graph({
      enterprises: [ent('e2'), ent('e10'), ent('E1'), ent('e1')],
      needs: [['e2', 'c10'], ['e2', 'c2'], ['e2', 'C1']],
    });
    expect(g.ids).toEqual(['E1', 'e1', 'e10', 'e2']);
    expect(g.componentIds).toEqual(['C1', 'c10', 'c2']);
    const e2 = g.indexOf('e2')!;
    expect([...g.needComponent.subarray(g.needStart[e2], g.needStart[e2 + 1])]).toEqual([0, 1, 2]);
  });

  it('keeps the first record of an enterprise id', () => {
    const g = graph({ enterprises: [ent('A', 'SUSPENDED', { expectedResumeDate: '2020-03-01' }), ent('A', 'CLOSED')] });
    expect(g.size).toBe(1);
    expect(g.status[0]).toBe(SUSPENDED);
    expect(g.resumeDay[0]).toBe(Date.UTC(2020, 2, 1) / 86_400_000);
  });

  it('merges repeated needs, keeping the smaller stock and letting an unknown stock win', () => {
    const g = graph({
      enterprises: [ent('A'), ent('B')],
      needs: [['A', 'x', 9], ['A', 'x', 4], ['B', 'y', 3], ['B', 'y', null]],
    });
    expect(g.needCount).toBe(2);
    expect(g.needStock[g.findNeed(0, g.componentIndexOf('x')!)]).toBe(4);
    expect(g.needStock[g.findNeed(1, g.componentIndexOf('y')!)]).toBeNaN();
  });

  it('keeps only supplies that feed a need of a known enterprise, once each', () => {
    const g = graph({
      enterprises: [ent('A'), ent('S'), ent('T')],
      needs: [['A', 'x'], ['ghost', 'x']],
      supplies: [['T', 'A', 'x'], ['S', 'A', 'x'], ['S', 'A', 'x'], ['S', 'A', 'y'], ['ghost', 'A', 'x'], ['S', 'ghost', 'x'], ['A', 'S', 'x']],
    });
    const k = g.findNeed(g.indexOf('A')!, g.componentIndexOf('x')!);
    expect([...g.suppliers.subarray(g.supplierStart[k], g.supplierStart[k + 1])].map((i) => g.ids[i])).toEqual(['S', 'T']);
    expect(g.suppliers.length).toBe(2);
    const s = g.indexOf('S')!;
    expect([...g.suppliedNeeds.subarray(g.suppliedStart[s], g.suppliedStart[s + 1])]).toEqual([k]);
  });

  it('indexes makers of needed components once each, ignoring unknown makers', () => {
    const g = graph({
      enterprises: [ent('A'), ent('M2'), ent('M1')],
      needs: [['A', 'x']],
      makes: [['M2', 'x'], ['M1', 'x'], ['M2', 'x'], ['ghost', 'x'], ['M1', 'unneeded']],
    });
    const c = g.componentIndexOf('x')!;
    expect([...g.makers.subarray(g.makerStart[c], g.makerStart[c + 1])].map((i) => g.ids[i])).toEqual(['M1', 'M2']);
    expect(g.componentIndexOf('unneeded')).toBeUndefined();
  });

  it('stores an absent resume date as NO_DATE and refuses an invalid one or an unknown status', () => {
    expect(graph({ enterprises: [ent('A', 'SUSPENDED')] }).resumeDay[0]).toBe(NO_DATE);
    expect(() => graph({ enterprises: [ent('A', 'SUSPENDED', { expectedResumeDate: '2020-02-30' })] })).toThrow(RangeError);
    const bad = facts({ enterprises: [ent('A')] });
    (bad.enterprises[0] as { status: string }).status = 'RUNNING';
    expect(() => buildSupplyGraph(bad)).toThrow(RangeError);
  });
});

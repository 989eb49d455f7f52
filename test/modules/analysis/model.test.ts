import { describe, expect, it } from 'vitest';
import { AnalysisModel } from '../../../src/modules/analysis/model.ts';
import { parseDay } from '../../../src/analysis/dates.ts';
import { restartReadiness } from '../../../src/analysis/index.ts';
import type { EnterpriseFacts, GraphFacts } from '../../../src/analysis/types.ts';

const firm = (id: string, status: EnterpriseFacts['status'], district = '510105'): EnterpriseFacts => ({
  id,
  status,
  expectedResumeDate: null,
  workforce: 10,
  epidemicCritical: false,
  district,
  city: district.slice(0, 4) + '00',
  province: district.slice(0, 2) + '0000',
});

// s supplies c to p; t is a municipality's firm.
const facts: GraphFacts = {
  enterprises: [firm('p', 'OPERATING'), firm('s', 'SUSPENDED', '510106'), firm('t', 'OPERATING', '120101')],
  needs: [{ enterprise: 'p', component: 'c', stockDays: null }],
  supplies: [{ supplier: 's', customer: 'p', component: 'c' }],
  makes: [],
};
const change = (seq: number, status: EnterpriseFacts['status']) => ({ seq, enterpriseId: 's', status, expectedResumeDate: null });

describe('the analysis read model', () => {
  it('replays changes in seq order and keeps able0 current', () => {
    const model = new AnalysisModel(facts, { epoch: 'e1', seq: 4 });
    expect([...model.able0]).toEqual([0, 0, 1]);
    expect(model.apply([change(6, 'SUSPENDED'), change(5, 'OPERATING')]).sort()).toEqual([]);
    expect(model.seq).toBe(6);
    expect(model.apply([change(7, 'OPERATING')]).sort()).toEqual([0, 1]);
    expect([...model.able0]).toEqual([1, 1, 1]);
  });

  it('skips changes it already has and stops at a gap, so a change not yet visible is never jumped', () => {
    const model = new AnalysisModel(facts, { epoch: 'e1', seq: 4 });
    model.apply([change(3, 'OPERATING'), change(4, 'OPERATING')]);
    expect(model.graph.enterprises[1]!.status).toBe('SUSPENDED');
    model.apply([change(6, 'OPERATING')]);
    expect(model.seq).toBe(4);
    expect(model.graph.enterprises[1]!.status).toBe('SUSPENDED');
  });

  it('tells which flags a change would flip without taking it', () => {
    const model = new AnalysisModel(facts, { epoch: 'e1', seq: 4 });
    expect(model.flipsIf([change(5, 'OPERATING')]).sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual([
      { id: 'p', able0: true },
      { id: 's', able0: true },
    ]);
    expect(model.graph.enterprises[1]!.status).toBe('SUSPENDED');
    expect([...model.able0]).toEqual([0, 0, 1]);
    expect(model.seq).toBe(4);
  });

  it('answers a day it already answered with the changes since taken into account', () => {
    // p runs on m, which runs on its stock of d until u resumes: ready, without being able0.
    const model = new AnalysisModel(
      {
        enterprises: [firm('m', 'OPERATING'), firm('p', 'OPERATING'), { ...firm('u', 'SUSPENDED'), expectedResumeDate: '2020-02-12' }],
        needs: [
          { enterprise: 'p', component: 'c', stockDays: null },
          { enterprise: 'm', component: 'd', stockDays: 10 },
        ],
        supplies: [
          { supplier: 'm', customer: 'p', component: 'c' },
          { supplier: 'u', customer: 'm', component: 'd' },
        ],
        makes: [],
      },
      { epoch: 'e1', seq: 0 },
    );
    expect(restartReadiness(model.trusted, 'p', '2020-02-10', model.cache).ready).toBe(true);
    model.apply([{ seq: 1, enterpriseId: 'm', status: 'SUSPENDED', expectedResumeDate: null }]);
    expect(restartReadiness(model.trusted, 'p', '2020-02-10', model.cache)).toMatchObject({ ready: false, rootCauses: [{ enterprise: 'm', tier: 1 }] });
    model.apply([{ seq: 2, enterpriseId: 'm', status: 'OPERATING', expectedResumeDate: null }]);
    expect(restartReadiness(model.trusted, 'p', '2020-02-10', model.cache).ready).toBe(true);
  });

  it("keeps today's settled able set while questions about other days come and go", () => {
    const model = new AnalysisModel(facts, { epoch: 'e1', seq: 0 });
    const [today, other, another] = ['2020-02-10', '2020-01-01', '2020-03-01'].map(parseDay) as [number, number, number];
    const { cache } = model;
    cache.keepDay(model.trusted, today);
    const kept = cache.plainSolver(model.trusted, today);
    expect(cache.plainSolver(model.trusted, other)).not.toBe(kept);
    cache.plainSolver(model.trusted, another);
    expect(cache.plainSolver(model.trusted, today)).toBe(kept);
    cache.forgetDays(model.trusted);
    expect(cache.plainSolver(model.trusted, today)).not.toBe(kept);
  });

  it("lists a region's enterprises at every level, a municipality's once", () => {
    const model = new AnalysisModel(facts, { epoch: null, seq: 0 });
    expect([...model.regionMembers('510000')]).toEqual([0, 1]);
    expect([...model.regionMembers('510105')]).toEqual([0]);
    expect([...model.regionMembers('120000')]).toEqual([2]);
    expect([...model.regionMembers('999999')]).toEqual([]);
  });
});

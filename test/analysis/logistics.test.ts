import { describe, expect, it } from 'vitest';
import { AbleCache, ableSet, isAble } from '../../src/analysis/able.ts';
import { able0Mask, refreshAble0 } from '../../src/analysis/able0.ts';
import { UnknownRestrictionError } from '../../src/analysis/graph.ts';
import { impact, restrictionImpact } from '../../src/analysis/impact.ts';
import { remainingReasons, restartPlan } from '../../src/analysis/plan.ts';
import { restartReadiness } from '../../src/analysis/readiness.ts';
import { readinessTimeline } from '../../src/analysis/timeline.ts';
import type { LoanFact } from '../../src/analysis/types.ts';
import { edgeRestriction, ent, graph, QINGYANG, regionRestriction } from './build.ts';

// DOMAIN.md "Logistics: interrupted deliveries" and "Mutual aid", one rule per test.

const asOf = '2020-02-10';
const WUHOU = { district: '510107', city: '510100', province: '510000' };
const TIANJIN = { district: '120101', city: '120000', province: '120000' };

/** P in Qingyang needs a wing from S; where S lies is the question. */
function wingChain(supplierRegion = TIANJIN, stockDays: number | null = null) {
  return {
    enterprises: [ent('P'), ent('S', 'OPERATING', supplierRegion)],
    needs: [['P', 'wing', stockDays]] as [string, string, number | null][],
    supplies: [['S', 'P', 'wing']] as [string, string, string][],
  };
}

const loan = (over: Partial<LoanFact> = {}): LoanFact => ({
  id: 'L1',
  lender: 'M',
  borrower: 'P',
  component: 'wing',
  coverDays: 5,
  start: '2020-02-08',
  returnedOn: null,
  ...over,
});

describe('restrictions', () => {
  it('an edge restriction in force cuts a running supplier off: the input is blocked, DELIVERY_INTERRUPTED, the restriction a logistics root cause', () => {
    const g = graph({ ...wingChain(), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', '2020-02-15')] });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.ready).toBe(false);
    expect(r.blockedInputs.map((b) => [b.component, b.reason, b.rootCauses])).toEqual([['wing', 'DELIVERY_INTERRUPTED', []]]);
    expect(r.rootCauses).toEqual([]);
    expect(r.logisticsRootCauses).toEqual([{ restriction: 'R1', components: ['wing'], tier: 1, path: ['S', 'P'] }]);
    expect(r.expectedReadyDate).toBe('2020-02-15');
  });

  it('is in force from `from` inclusive until `until` exclusive; open-ended without `until`', () => {
    const on = (from: string, until: string | null) =>
      restartReadiness(graph({ ...wingChain(), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], from, until)] }), 'P', asOf).ready;
    expect(on('2020-02-10', '2020-02-11')).toBe(false);
    expect(on('2020-02-01', '2020-02-10')).toBe(true);
    expect(on('2020-02-11', null)).toBe(true);
    expect(on('2020-02-01', null)).toBe(false);
  });

  it('OUTBOUND cuts edges leaving the region\'s subtree, not those inside it nor those entering it', () => {
    const g = graph({
      enterprises: [ent('S', 'OPERATING', WUHOU), ent('Inside', 'OPERATING', { ...WUHOU }), ent('Away'), ent('Far', 'OPERATING', TIANJIN), ent('Home', 'OPERATING', WUHOU)],
      needs: [['Inside', 'bolt'], ['Away', 'bolt'], ['Home', 'nut']],
      supplies: [['S', 'Inside', 'bolt'], ['S', 'Away', 'bolt'], ['Far', 'Home', 'nut']],
      restrictions: [regionRestriction('R1', '510107', 'OUTBOUND', '2020-02-01', null)],
    });
    expect(ableSet(g, asOf)).toEqual(['Far', 'Home', 'Inside', 'S']);
  });

  it('INBOUND cuts edges entering the subtree; BOTH cuts either way; a province code covers its districts', () => {
    const base = {
      enterprises: [ent('In', 'OPERATING', WUHOU), ent('Out', 'OPERATING', TIANJIN)],
      needs: [['In', 'a'], ['Out', 'b']] as [string, string][],
      supplies: [['Out', 'In', 'a'], ['In', 'Out', 'b']] as [string, string, string][],
      makes: [] as [string, string][],
    };
    // A two-way cycle across the border: either cut stops both.
    const inbound = graph({ ...base, enterprises: [...base.enterprises, ent('X')], restrictions: [regionRestriction('R1', '510000', 'INBOUND', '2020-02-01', null)] });
    expect(isAble(inbound, 'In', asOf)).toBe(false);
    const oneWay = graph({
      enterprises: [ent('In', 'OPERATING', WUHOU), ent('Out', 'OPERATING', TIANJIN), ent('Out2', 'OPERATING', TIANJIN)],
      needs: [['In', 'a'], ['Out2', 'b']],
      supplies: [['Out', 'In', 'a'], ['In', 'Out2', 'b']],
      restrictions: [regionRestriction('R1', '510000', 'INBOUND', '2020-02-01', null)],
    });
    expect(ableSet(oneWay, asOf)).toEqual(['Out']);
    const both = graph({
      enterprises: [ent('In', 'OPERATING', WUHOU), ent('Out', 'OPERATING', TIANJIN), ent('Out2', 'OPERATING', TIANJIN), ent('In2', 'OPERATING', WUHOU)],
      needs: [['In', 'a'], ['Out2', 'b']],
      supplies: [['Out', 'In', 'a'], ['In2', 'Out2', 'b']],
      restrictions: [regionRestriction('R1', '510107', 'BOTH', '2020-02-01', null)],
    });
    expect(ableSet(both, asOf)).toEqual(['In2', 'Out']);
  });

  it('a cut-off need is covered when the stock lasts until the restriction ends (the effective date), and reported at risk', () => {
    const covered = restartReadiness(graph({ ...wingChain(TIANJIN, 5), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', '2020-02-15')] }), 'P', asOf);
    expect(covered.ready).toBe(true);
    expect(covered.atRisk).toEqual([{ component: 'wing', stockDays: 5, coveredUntil: '2020-02-15', suppliers: ['S'], loans: [], loanEndsOn: null }]);
    const short = restartReadiness(graph({ ...wingChain(TIANJIN, 4), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', '2020-02-15')] }), 'P', asOf);
    expect(short.ready).toBe(false);
    const open = restartReadiness(graph({ ...wingChain(TIANJIN, 99), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', null)] }), 'P', asOf);
    expect(open.ready).toBe(false);
  });

  it('a suspended supplier behind a restriction covers from the later of its resume date and the restriction\'s end', () => {
    const sketch = (stockDays: number) => ({
      enterprises: [ent('P'), ent('S', 'SUSPENDED', { ...TIANJIN, expectedResumeDate: '2020-02-12' })],
      needs: [['P', 'wing', stockDays]] as [string, string, number][],
      supplies: [['S', 'P', 'wing']] as [string, string, string][],
      restrictions: [regionRestriction('R1', '120000', 'OUTBOUND', '2020-02-01', '2020-02-14')],
    });
    expect(restartReadiness(graph(sketch(3)), 'P', asOf).ready).toBe(false);
    expect(restartReadiness(graph(sketch(4)), 'P', asOf).ready).toBe(true);
    const r = restartReadiness(graph(sketch(0)), 'P', asOf);
    expect(r.rootCauses.map((c) => c.enterprise)).toEqual(['S']);
    expect(r.logisticsRootCauses.map((c) => c.restriction)).toEqual(['R1']);
    expect(r.blockedInputs[0]!.reason).toBe('SUPPLIERS_DOWN');
    expect(r.expectedReadyDate).toBe('2020-02-14');
  });

  it('the walk goes on behind a cut-off supplier: a restriction deeper down is found at its tier', () => {
    const g = graph({
      enterprises: [ent('P'), ent('A', 'SUSPENDED'), ent('B', 'OPERATING', TIANJIN)],
      needs: [['P', 'wing'], ['A', 'rivet']],
      supplies: [['A', 'P', 'wing'], ['B', 'A', 'rivet']],
      restrictions: [edgeRestriction('R2', ['B', 'A', 'rivet'], '2020-02-01', null)],
    });
    const r = restartReadiness(g, 'P', asOf);
    expect(r.rootCauses.map((c) => [c.enterprise, c.tier])).toEqual([['A', 1]]);
    expect(r.logisticsRootCauses).toEqual([{ restriction: 'R2', components: ['rivet'], tier: 2, path: ['B', 'A', 'P'] }]);
    expect(r.expectedReadyDate).toBeNull();
  });

  it('an able maker cut off from the plant is not offered as an alternative it already is', () => {
    const g = graph({ ...wingChain(), makes: [['S', 'wing']], restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', null)] });
    expect(restartReadiness(g, 'P', asOf).blockedInputs[0]!.alternatives).toEqual([]);
  });

  it('a restriction\'s impact: who is ready with it lifted and not with it in force from asOf', () => {
    const g = graph({
      enterprises: [ent('P'), ent('Q'), ent('S', 'OPERATING', TIANJIN), ent('Covered')],
      needs: [['P', 'wing'], ['Q', 'nut'], ['Covered', 'wing', 30]],
      supplies: [['S', 'P', 'wing'], ['P', 'Q', 'nut'], ['S', 'Covered', 'wing']],
      // Ends before asOf: counted in force from asOf, open-ended.
      restrictions: [regionRestriction('R1', '120000', 'OUTBOUND', '2020-02-01', '2020-02-05')],
    });
    expect(restrictionImpact(g, 'R1', asOf)).toEqual(['Covered', 'P', 'Q']);
    expect(() => restrictionImpact(g, 'nope', asOf)).toThrow(UnknownRestrictionError);
  });

  it('the timeline counts the restriction on the days it is in force', () => {
    const g = graph({ ...wingChain(), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-11', '2020-02-13')] });
    const days = readinessTimeline(g, [g.requireIndex('P'), g.requireIndex('S')], asOf, 4);
    expect(days.map((d) => [d.date, d.blockedCount])).toEqual([
      ['2020-02-10', 0],
      ['2020-02-11', 1],
      ['2020-02-12', 1],
      ['2020-02-13', 0],
    ]);
  });

  it('a plant the plan cannot free for a restriction says so', () => {
    const g = graph({ ...wingChain(), restrictions: [edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', null)] });
    const scope = [g.requireIndex('P')];
    const plan = restartPlan(g, scope, 3, asOf);
    expect(plan.steps).toEqual([]);
    expect(remainingReasons(g, plan, [...plan.remaining], asOf)).toEqual([['LOGISTICS_RESTRICTION']]);
  });

  it('able0 counts every restricted edge cut, and follows a change of restrictions', () => {
    const g = graph(wingChain());
    const mask = able0Mask(g);
    expect([...mask]).toEqual([1, 1]);
    g.setLogistics([edgeRestriction('R1', ['S', 'P', 'wing'], '2030-01-01', '2030-01-02')], []);
    const flipped = refreshAble0(g, mask, g.statusLog);
    expect(flipped).toEqual([g.requireIndex('P')]);
    expect([...mask]).toEqual([...able0Mask(g)]);
    g.setLogistics([], []);
    refreshAble0(g, mask, g.statusLog.slice(1));
    expect([...mask]).toEqual([1, 1]);
  });

  it('a suspended plant cut off from its own customer is ready when, counted operating, it covers that customer until the restriction ends', () => {
    // P resumes late; its delivery to C is cut until 02-12; C feeds P back. Counted operating, P's delivery
    // is due on 02-12 (not on its resume date), which C's three days of stock bridge: C runs, so P can.
    const sketch = (resume: string) => ({
      enterprises: [ent('P', 'SUSPENDED', { expectedResumeDate: resume }), ent('C', 'OPERATING', TIANJIN)],
      needs: [['P', 'bolt'], ['C', 'wing', 3]] as [string, string, number | null][],
      supplies: [['P', 'C', 'wing'], ['C', 'P', 'bolt']] as [string, string, string][],
      restrictions: [edgeRestriction('R1', ['P', 'C', 'wing'], '2020-02-01', '2020-02-12')],
    });
    expect(restartReadiness(graph(sketch('2020-02-20')), 'P', asOf).ready).toBe(true);
    expect(isAble(graph(sketch('2020-02-20')), 'C', asOf)).toBe(false);
  });

  it('a known-able firm that is not operating holds a cut-off customer it would cover running', () => {
    // S is closed but outside the data's reach (known able); its delivery to P is cut until 02-11, P has a day of stock.
    const g = graph({
      enterprises: [ent('S', 'CLOSED', { knownAble: true }), ent('P', 'SUSPENDED', TIANJIN)],
      needs: [['P', 'wing', 1]],
      supplies: [['S', 'P', 'wing']],
      restrictions: [regionRestriction('R1', '120101', 'INBOUND', '2020-02-01', '2020-02-11')],
    });
    expect(impact(g, 'S', asOf)).toEqual(['P']);
  });

  it('the expected ready date walks back over resume days and restriction ends alike', () => {
    // P's wing comes from A (operating, cut until 02-16) or B (resumes 02-13); its bolt from C (resumes 02-12, cut until 02-14).
    const g = graph({
      enterprises: [ent('P'), ent('A', 'OPERATING', TIANJIN), ent('B', 'SUSPENDED', { expectedResumeDate: '2020-02-13' }), ent('C', 'SUSPENDED', { ...TIANJIN, expectedResumeDate: '2020-02-12' })],
      needs: [['P', 'wing'], ['P', 'bolt']],
      supplies: [['A', 'P', 'wing'], ['B', 'P', 'wing'], ['C', 'P', 'bolt']],
      restrictions: [edgeRestriction('R1', ['A', 'P', 'wing'], '2020-02-01', '2020-02-16'), edgeRestriction('R2', ['C', 'P', 'bolt'], '2020-02-05', '2020-02-14')],
    });
    expect(restartReadiness(g, 'P', asOf).expectedReadyDate).toBe('2020-02-14');
    g.setLogistics([edgeRestriction('R1', ['A', 'P', 'wing'], '2020-02-01', '2020-02-16'), edgeRestriction('R2', ['C', 'P', 'bolt'], '2020-02-05', '2020-02-12')], []);
    expect(restartReadiness(g, 'P', asOf).expectedReadyDate).toBe('2020-02-13');
  });

  it('a cache held across a change of restrictions answers as a fresh evaluation', () => {
    const g = graph(wingChain());
    const cache = new AbleCache();
    expect(restartReadiness(g, 'P', asOf, cache).ready).toBe(true);
    g.setLogistics([edgeRestriction('R1', ['S', 'P', 'wing'], '2020-02-01', null)], []);
    expect(restartReadiness(g, 'P', asOf, cache).ready).toBe(false);
    g.setLogistics([], [loan({ lender: 'S' })]);
    expect(restartReadiness(g, 'P', asOf, cache).atRisk).toEqual([]);
  });
});

describe('loans', () => {
  const blocked = () => ({
    enterprises: [ent('P'), ent('S', 'SUSPENDED'), ent('M', 'OPERATING', QINGYANG)],
    needs: [['P', 'wing']] as [string, string][],
    supplies: [['S', 'P', 'wing']] as [string, string, string][],
  });

  it('a loan in force meets the borrower\'s need: ready, at risk, with the day the loan stops meeting it', () => {
    const r = restartReadiness(graph({ ...blocked(), loans: [loan()] }), 'P', asOf);
    expect(r.ready).toBe(true);
    expect(r.atRisk).toEqual([{ component: 'wing', stockDays: null, coveredUntil: null, suppliers: ['S'], loans: ['L1'], loanEndsOn: '2020-02-13' }]);
  });

  it('is in force from its start for coverDays, and not from the day it was returned', () => {
    const ready = (l: LoanFact) => restartReadiness(graph({ ...blocked(), loans: [l] }), 'P', asOf).ready;
    expect(ready(loan({ start: '2020-02-11' }))).toBe(false);
    expect(ready(loan({ start: '2020-02-05', coverDays: 5 }))).toBe(false);
    expect(ready(loan({ start: '2020-02-05', coverDays: 6 }))).toBe(true);
    expect(ready(loan({ returnedOn: '2020-02-10' }))).toBe(false);
    expect(ready(loan({ returnedOn: '2020-02-11' }))).toBe(true);
  });

  it('counts for no expected ready date (no stock, no loans) but in the timeline on its days', () => {
    const g = graph({ ...blocked(), loans: [loan({ start: '2020-02-11', coverDays: 2 })] });
    expect(restartReadiness(g, 'P', asOf).expectedReadyDate).toBeNull();
    const days = readinessTimeline(g, [g.requireIndex('P')], asOf, 4);
    expect(days.map((d) => d.blockedCount)).toEqual([1, 0, 0, 1]);
  });
});

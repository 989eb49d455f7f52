import { describe, expect, it } from 'vitest';
import { blockingFlows, provinceOfCode } from '../../src/analysis/flows.ts';
import { edgeRestriction, ent, graph, regionRestriction } from './build.ts';

// Cross-province blocking flows: not-ready plants counted under the provinces of their root causes.

const asOf = '2020-02-10';
const TIANJIN = { district: '120116', city: '120000', province: '120000' };
const JIANGSU = { district: '320505', city: '320500', province: '320000' };
const WUHOU = { district: '510107', city: '510100', province: '510000' };

describe('blockingFlows', () => {
  it('a suspended Tianjin supplier of two Qingyang plants makes one Tianjin → Sichuan flow with both plants and their workforce', () => {
    const g = graph({
      enterprises: [ent('A', 'OPERATING', { workforce: 320 }), ent('B', 'OPERATING', { workforce: 410 }), ent('T', 'SUSPENDED', TIANJIN)],
      needs: [
        ['A', 'connector'],
        ['B', 'connector'],
      ],
      supplies: [
        ['T', 'A', 'connector'],
        ['T', 'B', 'connector'],
      ],
    });
    expect(blockingFlows(g, ['A', 'B'], asOf)).toEqual([{ from: '120000', to: '510000', plants: ['A', 'B'], workforce: 730, rootCauses: ['T'], restrictions: [] }]);
  });

  it('a root cause in the plant’s own province makes no flow, and a ready plant none either', () => {
    const g = graph({
      enterprises: [ent('A', 'OPERATING', { workforce: 100 }), ent('W', 'CLOSED', WUHOU), ent('R', 'OPERATING', { workforce: 50 }), ent('S', 'OPERATING', TIANJIN)],
      needs: [
        ['A', 'bolt'],
        ['R', 'bolt'],
      ],
      supplies: [
        ['W', 'A', 'bolt'],
        ['S', 'R', 'bolt'],
      ],
    });
    expect(blockingFlows(g, ['A', 'R'], asOf)).toEqual([]);
  });

  it('counts a root cause at tier 2 under its own province, not its customer’s', () => {
    // P (Sichuan) ← M (Sichuan, operating but blocked) ← T (Tianjin, closed).
    const g = graph({
      enterprises: [ent('P', 'OPERATING', { workforce: 10 }), ent('M', 'OPERATING', { ...WUHOU, workforce: 5 }), ent('T', 'CLOSED', TIANJIN)],
      needs: [
        ['P', 'wing'],
        ['M', 'rivet'],
      ],
      supplies: [
        ['M', 'P', 'wing'],
        ['T', 'M', 'rivet'],
      ],
    });
    expect(blockingFlows(g, ['P', 'M'], asOf)).toEqual([{ from: '120000', to: '510000', plants: ['M', 'P'], workforce: 15, rootCauses: ['T'], restrictions: [] }]);
  });

  it('a restriction counts under the province of the region it closes, an edge restriction under its supplier’s', () => {
    const g = graph({
      enterprises: [ent('P', 'OPERATING', { workforce: 40 }), ent('J', 'OPERATING', JIANGSU), ent('Q', 'OPERATING', { workforce: 7 }), ent('T', 'OPERATING', TIANJIN)],
      needs: [
        ['P', 'film'],
        ['Q', 'cable'],
      ],
      supplies: [
        ['J', 'P', 'film'],
        ['T', 'Q', 'cable'],
      ],
      restrictions: [regionRestriction('R-js', '320500', 'OUTBOUND', '2020-02-01', null), edgeRestriction('R-edge', ['T', 'Q', 'cable'], '2020-02-01', '2020-03-01')],
    });
    expect(blockingFlows(g, ['P', 'Q'], asOf)).toEqual([
      { from: '320000', to: '510000', plants: ['P'], workforce: 40, rootCauses: [], restrictions: ['R-js'] },
      { from: '120000', to: '510000', plants: ['Q'], workforce: 7, rootCauses: [], restrictions: ['R-edge'] },
    ]);
  });

  it('a plant waiting on two provinces counts in both flows; flows come by workforce, then plants, then codes', () => {
    const g = graph({
      enterprises: [
        ent('P', 'OPERATING', { workforce: 100 }),
        ent('T', 'SUSPENDED', TIANJIN),
        ent('J', 'SUSPENDED', JIANGSU),
        ent('X', 'OPERATING', { ...TIANJIN, workforce: 100 }),
        ent('J2', 'CLOSED', JIANGSU),
      ],
      needs: [
        ['P', 'a'],
        ['P', 'b'],
        ['X', 'c'],
      ],
      supplies: [
        ['T', 'P', 'a'],
        ['J', 'P', 'b'],
        ['J2', 'X', 'c'],
      ],
    });
    expect(blockingFlows(g, ['X', 'P', 'P'], asOf).map((f) => [f.from, f.to, f.plants, f.workforce])).toEqual([
      ['120000', '510000', ['P'], 100],
      ['320000', '120000', ['X'], 100],
      ['320000', '510000', ['P'], 100],
    ]);
  });

  it('a region code names its province by its first two digits (GB/T 2260)', () => {
    expect([provinceOfCode('510105'), provinceOfCode('120000'), provinceOfCode('320500')]).toEqual(['510000', '120000', '320000']);
  });
});

import { describe, expect, it } from 'vitest';
import { suggestionPriority } from '../../src/analysis/priority.ts';
import { RegionDirectory, RoutingError } from '../../src/analysis/routing.ts';
import {
  SuggestionInputError,
  buildSuggestions,
  type BlockedPlantInput,
  type RootCauseEnterprise,
} from '../../src/analysis/suggestions.ts';
import { BINHAI, CHENGDU, FUCHENG, HAIZHOU, JINJIANG, JIANGSU, MIANYANG, QINGYANG, agencies, regions } from './region-tree.ts';

const routing = new RegionDirectory(regions, agencies);

const tianjinSupplier: RootCauseEnterprise = {
  id: 'tj-avionics',
  district: BINHAI,
  expectedResumeDate: '2020-02-20',
  epidemicCritical: false,
};
const thermometerParts: RootCauseEnterprise = {
  id: 'qy-thermo-parts',
  district: QINGYANG,
  expectedResumeDate: null,
  epidemicCritical: true,
};

function blocked(
  id: string,
  district: string,
  workforce: number | null,
  causes: [RootCauseEnterprise, string[], number][],
  epidemicCritical = false,
): BlockedPlantInput {
  return {
    plant: { id, district, workforce, epidemicCritical },
    rootCauses: causes.map(([enterprise, components, tier]) => ({ enterprise, components, tier })),
  };
}

describe('buildSuggestions', () => {
  it('2020: the six Qingyang aviation firms make one NATIONAL request from Chengdu to Tianjin', () => {
    const firms = [1, 2, 3, 4, 5, 6].map((n) =>
      blocked(`qy-aviation-${n}`, QINGYANG, 100 * n, [[tianjinSupplier, ['connector'], 1]]),
    );
    const result = buildSuggestions({ routing, blocked: firms });
    expect(result).toHaveLength(1);
    const [s] = result;
    expect(s).toMatchObject({
      key: 'chengdu-econ→tianjin-commission',
      scope: 'NATIONAL',
      originator: 'qingyang-nets',
      originators: ['qingyang-nets'],
      requester: 'chengdu-econ',
      addressee: 'tianjin-commission',
      copied: ['sichuan-econ'],
      workforce: 2100,
      priority: 2100 + 6 * 500,
    });
    expect(s?.targets).toEqual([
      { enterprise: tianjinSupplier, components: ['connector'], tier: 1, expectedResumeDate: '2020-02-20' },
    ]);
    expect(s?.plants.map((p) => p.id)).toEqual(firms.map((f) => f.plant.id));
  });

  it('thermometer parts: a request from outside Sichuan, with Qingyang copied', () => {
    const [s] = buildSuggestions({
      routing,
      blocked: [blocked('hz-thermometers', HAIZHOU, 300, [[thermometerParts, ['probe-housing'], 2]], true)],
    });
    expect(s).toMatchObject({
      scope: 'NATIONAL',
      originator: 'haizhou-econ',
      requester: 'lianyungang-econ',
      addressee: 'chengdu-econ',
      copied: ['jiangsu-econ', 'qingyang-nets', 'sichuan-econ'],
      priority: 900 + 500 + 2000,
    });
    expect(s?.plants).toEqual([{ id: 'hz-thermometers', workforce: 300, epidemicCritical: true }]);
  });

  it('groups plants of different districts that share requester and addressee', () => {
    const result = buildSuggestions({
      routing,
      blocked: [
        blocked('qy-1', QINGYANG, 10, [[tianjinSupplier, ['connector'], 2]]),
        blocked('jj-1', JINJIANG, 20, [[tianjinSupplier, ['harness'], 1]]),
      ],
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      originators: ['jinjiang-econ', 'qingyang-nets'],
      originator: 'jinjiang-econ',
      requester: 'chengdu-econ',
      addressee: 'tianjin-commission',
      targets: [{ enterprise: tianjinSupplier, components: ['connector', 'harness'], tier: 1 }],
      workforce: 30,
    });
  });

  it('lists every plant waiting on a target, also those asked for by another requester', () => {
    const result = buildSuggestions({
      routing,
      blocked: [
        blocked('qy-1', QINGYANG, 1000, [[tianjinSupplier, ['connector'], 1]]),
        blocked('hz-1', HAIZHOU, 10, [[tianjinSupplier, ['connector'], 1]]),
      ],
    });
    expect(result.map((s) => s.key)).toEqual([
      'chengdu-econ→tianjin-commission',
      'lianyungang-econ→tianjin-commission',
    ]);
    for (const s of result) {
      expect(s.plants.map((p) => p.id)).toEqual(['hz-1', 'qy-1']);
      expect(s.priority).toBe(1010 + 1000);
    }
  });

  it('sorts targets by tier then id, merges components and keeps the lowest tier', () => {
    const a: RootCauseEnterprise = { id: 'b-first', district: JINJIANG, expectedResumeDate: null, epidemicCritical: false };
    const b: RootCauseEnterprise = { id: 'a-second', district: JINJIANG, expectedResumeDate: null, epidemicCritical: false };
    const c: RootCauseEnterprise = { id: 'c-third', district: JINJIANG, expectedResumeDate: null, epidemicCritical: false };
    const [s] = buildSuggestions({
      routing,
      blocked: [
        blocked('p1', QINGYANG, 5, [
          [c, ['z'], 3],
          [b, ['y'], 2],
          [a, ['x', 'w'], 1],
        ]),
        blocked('p2', QINGYANG, 5, [
          [c, ['a'], 2],
          [c, ['z'], 4],
        ]),
      ],
    });
    expect(s?.scope).toBe('CITY');
    expect(s?.copied).toEqual(['chengdu-econ']);
    expect(s?.targets.map((t) => [t.enterprise.id, t.tier, t.components])).toEqual([
      ['b-first', 1, ['w', 'x']],
      ['a-second', 2, ['y']],
      ['c-third', 2, ['a', 'z']],
    ]);
  });

  it('takes the widest scope when fallback merges routes of different scopes', () => {
    const withYouxian = new RegionDirectory(
      [...regions, { code: '510704', level: 'DISTRICT', parent: MIANYANG }],
      agencies,
    );
    const local: RootCauseEnterprise = { id: 'fc-supplier', district: FUCHENG, expectedResumeDate: null, epidemicCritical: false };
    const nearby: RootCauseEnterprise = { id: 'yx-supplier', district: '510704', expectedResumeDate: null, epidemicCritical: false };
    const result = buildSuggestions({
      routing: withYouxian,
      blocked: [blocked('fc-plant', FUCHENG, 50, [[local, ['bolt'], 1], [nearby, ['nut'], 1]])],
    });
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({
      key: 'mianyang-econ→mianyang-econ',
      scope: 'CITY',
      originator: 'mianyang-econ',
      requester: 'mianyang-econ',
      addressee: 'mianyang-econ',
      copied: [],
    });
  });

  it('ranks by priority, then by key', () => {
    const jj: RootCauseEnterprise = { id: 'jj', district: JINJIANG, expectedResumeDate: null, epidemicCritical: false };
    const fc: RootCauseEnterprise = { id: 'fc', district: FUCHENG, expectedResumeDate: null, epidemicCritical: false };
    const qy: RootCauseEnterprise = { id: 'qy', district: QINGYANG, expectedResumeDate: null, epidemicCritical: false };
    const result = buildSuggestions({
      routing,
      blocked: [
        blocked('small', QINGYANG, 10, [[jj, ['x'], 1]]),
        blocked('big', QINGYANG, 500, [[fc, ['x'], 1]]),
        blocked('same-size', HAIZHOU, 10, [[qy, ['x'], 1]]),
      ],
    });
    expect(result.map((s) => [s.key, s.priority])).toEqual([
      ['chengdu-econ→mianyang-econ', 1000],
      ['lianyungang-econ→chengdu-econ', 510],
      ['qingyang-nets→jinjiang-econ', 510],
    ]);
    for (const s of result) {
      expect(s.priority).toBe(suggestionPriority({ plants: s.plants, targets: s.targets.map((t) => t.enterprise) }));
    }
  });

  it('breaks ties by the key string itself, not by requester first', () => {
    // 'ab→x' sorts before 'a→x' because '→' comes after every ASCII letter.
    const stub = {
      route: (plantDistrict: string) => ({
        scope: 'LOCAL' as const,
        originator: plantDistrict,
        requester: plantDistrict,
        addressee: 'x',
        copied: [],
        unroutableRegion: null,
      }),
      routeToRegion: () => {
        throw new Error('no logistics root cause in this case');
      },
    };
    const s: RootCauseEnterprise = { id: 's', district: 'd', expectedResumeDate: null, epidemicCritical: false };
    const result = buildSuggestions({
      routing: stub,
      blocked: [blocked('p1', 'a', 10, [[s, ['c'], 1]]), blocked('p2', 'ab', 10, [[s, ['c'], 1]])],
    });
    expect(result.map((r) => r.key)).toEqual(['ab→x', 'a→x']);
  });

  it('yields nothing for plants without root causes', () => {
    expect(buildSuggestions({ routing, blocked: [blocked('p', QINGYANG, 10, [])] })).toEqual([]);
    expect(buildSuggestions({ routing, blocked: [] })).toEqual([]);
  });

  it('merges a plant listed twice and counts its workforce once', () => {
    const result = buildSuggestions({
      routing,
      blocked: [
        blocked('p', QINGYANG, 10, [[tianjinSupplier, ['a'], 1]]),
        blocked('p', QINGYANG, 10, [[tianjinSupplier, ['b'], 2]]),
      ],
    });
    expect(result[0]?.plants).toEqual([{ id: 'p', workforce: 10, epidemicCritical: false }]);
    expect(result[0]?.targets[0]?.components).toEqual(['a', 'b']);
    expect(result[0]?.workforce).toBe(10);
  });

  it('counts unknown workforce as 0', () => {
    const [s] = buildSuggestions({ routing, blocked: [blocked('p', QINGYANG, null, [[tianjinSupplier, ['a'], 1]])] });
    expect(s?.workforce).toBe(0);
    expect(s?.priority).toBe(500);
  });

  it('refuses contradictory records for one id', () => {
    const moved = { ...tianjinSupplier, district: HAIZHOU };
    expect(() =>
      buildSuggestions({
        routing,
        blocked: [
          blocked('p1', QINGYANG, 10, [[tianjinSupplier, ['a'], 1]]),
          blocked('p2', QINGYANG, 10, [[moved, ['a'], 1]]),
        ],
      }),
    ).toThrow(SuggestionInputError);
    expect(() =>
      buildSuggestions({
        routing,
        blocked: [blocked('p', QINGYANG, 10, []), blocked('p', JINJIANG, 10, [])],
      }),
    ).toThrow(SuggestionInputError);
  });

  it('lets a routing error through', () => {
    const lost: RootCauseEnterprise = { id: 'x', district: '440305', expectedResumeDate: null, epidemicCritical: false };
    expect(() => buildSuggestions({ routing, blocked: [blocked('p', QINGYANG, 10, [[lost, ['a'], 1]])] })).toThrow(
      RoutingError,
    );
  });

  describe('logistics root causes', () => {
    const withRestrictions = (plant: BlockedPlantInput, causes: [id: string, region: string, components: string[], tier: number][]): BlockedPlantInput => ({
      ...plant,
      logisticsRootCauses: causes.map(([id, region, components, tier]) => ({ restriction: { id, region }, components, tier })),
    });

    it('routes a district border check as if it were an enterprise in that district', () => {
      const result = buildSuggestions({
        routing,
        blocked: [withRestrictions(blocked('qy-mask', QINGYANG, 120, []), [['rst-jinjiang-border', JINJIANG, ['ear-loop'], 2]])],
      });
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({
        key: 'qingyang-nets→jinjiang-econ',
        scope: 'CITY',
        originator: 'qingyang-nets',
        requester: 'qingyang-nets',
        addressee: 'jinjiang-econ',
        copied: ['chengdu-econ'],
        targets: [],
        restrictions: [{ restriction: { id: 'rst-jinjiang-border', region: JINJIANG }, components: ['ear-loop'], tier: 2 }],
        plants: [{ id: 'qy-mask', workforce: 120, epidemicCritical: false }],
        priority: 120 + 500,
      });
    });

    it('groups a restriction with the enterprise targets of the same requester and addressee, counting each plant once', () => {
      const haizhouSupplier: RootCauseEnterprise = { id: 'hz-eva', district: HAIZHOU, expectedResumeDate: null, epidemicCritical: false };
      const result = buildSuggestions({
        routing,
        blocked: [
          withRestrictions(blocked('p1', QINGYANG, 100, [[haizhouSupplier, ['eva'], 2]]), [['rst-edge', HAIZHOU, ['eva'], 1]]),
          withRestrictions(blocked('p2', JINJIANG, 50, []), [['rst-edge', HAIZHOU, ['film'], 3]]),
        ],
      });
      expect(result).toHaveLength(1);
      const [s] = result;
      expect(s).toMatchObject({ key: 'chengdu-econ→lianyungang-econ', scope: 'NATIONAL', copied: ['haizhou-econ', 'jiangsu-econ', 'sichuan-econ'] });
      expect(s?.targets.map((t) => t.enterprise.id)).toEqual(['hz-eva']);
      expect(s?.restrictions).toEqual([{ restriction: { id: 'rst-edge', region: HAIZHOU }, components: ['eva', 'film'], tier: 1 }]);
      expect(s?.plants.map((p) => p.id)).toEqual(['p1', 'p2']);
      expect(s?.priority).toBe(suggestionPriority({ plants: s?.plants ?? [], targets: [haizhouSupplier] }));
    });

    it('asks the agency of a city or province restriction, and a restriction on the plant\'s own city stays with its district', () => {
      const result = buildSuggestions({
        routing,
        blocked: [withRestrictions(blocked('p', QINGYANG, 10, []), [['rst-jiangsu', JIANGSU, ['a'], 1], ['rst-chengdu', CHENGDU, ['b'], 1]])],
      });
      expect(result.map((r) => [r.key, r.scope, r.restrictions.map((t) => t.restriction.id)])).toEqual([
        ['chengdu-econ→jiangsu-econ', 'NATIONAL', ['rst-jiangsu']],
        ['qingyang-nets→chengdu-econ', 'CITY', ['rst-chengdu']],
      ]);
    });

    it('keeps a restriction in a region no agency answers for, the missing party null', () => {
      const bare = new RegionDirectory(regions, agencies.filter((a) => !a.id.startsWith('tianjin')));
      const result = buildSuggestions({ routing: bare, blocked: [withRestrictions(blocked('p', QINGYANG, 10, []), [['rst-binhai', BINHAI, ['a'], 1]])] });
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({ requester: 'chengdu-econ', addressee: null, unroutableRegion: '120000' });
      expect(result[0]?.restrictions.map((t) => t.restriction.id)).toEqual(['rst-binhai']);
    });

    it('refuses one restriction listed with two regions', () => {
      expect(() =>
        buildSuggestions({
          routing,
          blocked: [withRestrictions(blocked('p', QINGYANG, 10, []), [['r', JINJIANG, ['a'], 1], ['r', HAIZHOU, ['a'], 1]])],
        }),
      ).toThrow(SuggestionInputError);
    });
  });
});

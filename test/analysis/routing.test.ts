import { describe, expect, it } from 'vitest';
import {
  RegionDirectory,
  RoutingError,
  buildRoutingIndex,
  widerScope,
  type RegionInput,
} from '../../src/analysis/routing.ts';
import { QINGYANG, JINJIANG, CHENGDU, SICHUAN, MIANYANG, FUCHENG, TIANJIN, BINHAI, HEPING, HAIZHOU, regions, agencies } from './region-tree.ts';

const directory = new RegionDirectory(regions, agencies);

function caught(fn: () => unknown): RoutingError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RoutingError);
    return error as RoutingError;
  }
  throw new Error('expected a RoutingError');
}

describe('region structure', () => {
  it('finds district, city and province of each level', () => {
    expect(directory.districtOf(QINGYANG)).toBe(QINGYANG);
    expect(directory.districtOf(CHENGDU)).toBeNull();
    expect(directory.districtOf(SICHUAN)).toBeNull();
    expect(directory.cityOf(QINGYANG)).toBe(CHENGDU);
    expect(directory.cityOf(CHENGDU)).toBe(CHENGDU);
    expect(directory.cityOf(SICHUAN)).toBeNull();
    expect(directory.provinceOf(QINGYANG)).toBe(SICHUAN);
    expect(directory.provinceOf(MIANYANG)).toBe(SICHUAN);
    expect(directory.provinceOf(SICHUAN)).toBe(SICHUAN);
    expect(directory.levelOf(FUCHENG)).toBe('DISTRICT');
    expect(directory.parentOf(FUCHENG)).toBe(MIANYANG);
    expect(directory.has(FUCHENG)).toBe(true);
    expect(directory.has('999999')).toBe(false);
  });

  it('treats a province with districts directly under it as its own city', () => {
    expect(directory.isMunicipality(TIANJIN)).toBe(true);
    expect(directory.isMunicipality(SICHUAN)).toBe(false);
    expect(directory.cityOf(BINHAI)).toBe(TIANJIN);
    expect(directory.cityOf(TIANJIN)).toBe(TIANJIN);
    expect(directory.provinceOf(BINHAI)).toBe(TIANJIN);
  });

  it('detects municipalities from the tree, not from a list of codes', () => {
    const d = new RegionDirectory(
      [
        { code: '990000', level: 'PROVINCE', parent: null },
        { code: '990101', level: 'DISTRICT', parent: '990000' },
        { code: '980000', level: 'PROVINCE', parent: null },
      ],
      [{ id: 'x', region: '990000' }],
    );
    expect(d.isMunicipality('990000')).toBe(true);
    expect(d.cityOf('990101')).toBe('990000');
    expect(d.isMunicipality('980000')).toBe(false);
  });

  it('finds the lowest common region', () => {
    expect(directory.lowestCommonRegion(QINGYANG, QINGYANG)).toBe(QINGYANG);
    expect(directory.lowestCommonRegion(QINGYANG, JINJIANG)).toBe(CHENGDU);
    expect(directory.lowestCommonRegion(QINGYANG, CHENGDU)).toBe(CHENGDU);
    expect(directory.lowestCommonRegion(QINGYANG, FUCHENG)).toBe(SICHUAN);
    expect(directory.lowestCommonRegion(BINHAI, HEPING)).toBe(TIANJIN);
    expect(directory.lowestCommonRegion(QINGYANG, BINHAI)).toBeNull();
  });

  it('answers for a region without agency with the nearest ancestor agency', () => {
    expect(directory.directAgencyOf(FUCHENG)).toBeNull();
    expect(directory.agencyFor(FUCHENG)).toBe('mianyang-econ');
    expect(directory.agencyFor(BINHAI)).toBe('tianjin-commission');
    expect(directory.agencyFor(QINGYANG)).toBe('qingyang-nets');
    expect(directory.agencyFor(SICHUAN)).toBe('sichuan-econ');
  });

  it('takes the lowest id when several agencies govern one region, whatever their order', () => {
    const extra = [...agencies, { id: 'chengdu-b', region: CHENGDU }, { id: 'chengdu-a', region: CHENGDU }];
    expect(new RegionDirectory(regions, extra).agencyFor(CHENGDU)).toBe('chengdu-a');
    expect(new RegionDirectory(regions, [...extra].reverse()).agencyFor(CHENGDU)).toBe('chengdu-a');
    expect(new RegionDirectory(regions, extra).agencyFor(QINGYANG)).toBe('qingyang-nets');
  });

  it('buildRoutingIndex builds the same directory', () => {
    const built = buildRoutingIndex(regions, agencies);
    expect(built).toBeInstanceOf(RegionDirectory);
    expect(built.route(QINGYANG, BINHAI)).toEqual(directory.route(QINGYANG, BINHAI));
  });
});

describe('route', () => {
  it('LOCAL: same district, the district agency asks itself', () => {
    expect(directory.route(QINGYANG, QINGYANG)).toEqual({
      scope: 'LOCAL',
      originator: 'qingyang-nets',
      requester: 'qingyang-nets',
      addressee: 'qingyang-nets',
      copied: [],
      unroutableRegion: null,
    });
  });

  it('CITY: district to district, city copied', () => {
    expect(directory.route(QINGYANG, JINJIANG)).toEqual({
      scope: 'CITY',
      originator: 'qingyang-nets',
      requester: 'qingyang-nets',
      addressee: 'jinjiang-econ',
      copied: ['chengdu-econ'],
      unroutableRegion: null,
    });
  });

  it('CITY inside a municipality: the municipality is the city', () => {
    expect(directory.route(HEPING, BINHAI)).toEqual({
      scope: 'CITY',
      originator: 'heping-econ',
      requester: 'heping-econ',
      addressee: 'tianjin-commission',
      copied: [],
      unroutableRegion: null,
    });
  });

  it('PROVINCE: city to city, province copied', () => {
    expect(directory.route(QINGYANG, FUCHENG)).toEqual({
      scope: 'PROVINCE',
      originator: 'qingyang-nets',
      requester: 'chengdu-econ',
      addressee: 'mianyang-econ',
      copied: ['sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('PROVINCE from a district without agency: the city stands in as originator', () => {
    expect(directory.route(FUCHENG, QINGYANG)).toEqual({
      scope: 'PROVINCE',
      originator: 'mianyang-econ',
      requester: 'mianyang-econ',
      addressee: 'chengdu-econ',
      copied: ['sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('NATIONAL: city to city, both provinces and the supplier district copied, sorted by id', () => {
    expect(directory.route(QINGYANG, HAIZHOU)).toEqual({
      scope: 'NATIONAL',
      originator: 'qingyang-nets',
      requester: 'chengdu-econ',
      addressee: 'lianyungang-econ',
      copied: ['haizhou-econ', 'jiangsu-econ', 'sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('2020: Qingyang aviation firm waiting on a Binhai supplier goes Chengdu bureau → Tianjin commission', () => {
    expect(directory.route(QINGYANG, BINHAI)).toEqual({
      scope: 'NATIONAL',
      originator: 'qingyang-nets',
      requester: 'chengdu-econ',
      addressee: 'tianjin-commission',
      // Tianjin as province and Binhai by fallback are the addressee itself.
      copied: ['sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('NATIONAL to a municipality district that has its own agency still goes to the municipality', () => {
    const d = new RegionDirectory(regions, [...agencies, { id: 'binhai-econ', region: BINHAI }]);
    expect(d.route(QINGYANG, BINHAI)).toEqual({
      scope: 'NATIONAL',
      originator: 'qingyang-nets',
      requester: 'chengdu-econ',
      addressee: 'tianjin-commission',
      copied: ['binhai-econ', 'sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('NATIONAL from a municipality: the municipality asks', () => {
    expect(directory.route(BINHAI, QINGYANG)).toEqual({
      scope: 'NATIONAL',
      originator: 'tianjin-commission',
      requester: 'tianjin-commission',
      addressee: 'chengdu-econ',
      copied: ['qingyang-nets', 'sichuan-econ'],
      unroutableRegion: null,
    });
    const d = new RegionDirectory(regions, [...agencies, { id: 'binhai-econ', region: BINHAI }]);
    expect(d.route(BINHAI, QINGYANG).originator).toBe('binhai-econ');
    expect(d.route(BINHAI, QINGYANG).requester).toBe('tianjin-commission');
  });

  it('thermometer parts: a request from outside Sichuan reaches Qingyang', () => {
    const route = directory.route(HAIZHOU, QINGYANG);
    expect(route).toEqual({
      scope: 'NATIONAL',
      originator: 'haizhou-econ',
      requester: 'lianyungang-econ',
      addressee: 'chengdu-econ',
      copied: ['jiangsu-econ', 'qingyang-nets', 'sichuan-econ'],
      unroutableRegion: null,
    });
  });

  it('CITY with the supplier district lacking an agency: the city is addressee and not also copied', () => {
    const d = new RegionDirectory(
      regions,
      agencies.filter((a) => a.region !== JINJIANG),
    );
    expect(d.route(QINGYANG, JINJIANG)).toEqual({
      scope: 'CITY',
      originator: 'qingyang-nets',
      requester: 'qingyang-nets',
      addressee: 'chengdu-econ',
      copied: [],
      unroutableRegion: null,
    });
  });

  it('falls back over two levels', () => {
    const d = new RegionDirectory(
      regions,
      agencies.filter((a) => a.region !== MIANYANG),
    );
    expect(d.agencyFor(FUCHENG)).toBe('sichuan-econ');
    expect(d.route(QINGYANG, FUCHENG)).toEqual({
      scope: 'PROVINCE',
      originator: 'qingyang-nets',
      requester: 'chengdu-econ',
      addressee: 'sichuan-econ',
      copied: [],
      unroutableRegion: null,
    });
  });
});

describe('scope helpers', () => {
  it('widerScope orders LOCAL < CITY < PROVINCE < NATIONAL', () => {
    expect(widerScope('LOCAL', 'CITY')).toBe('CITY');
    expect(widerScope('NATIONAL', 'PROVINCE')).toBe('NATIONAL');
    expect(widerScope('CITY', 'CITY')).toBe('CITY');
  });

  it('scopeOf matches route', () => {
    expect(directory.scopeOf(QINGYANG, BINHAI)).toBe('NATIONAL');
    expect(directory.scopeOf(QINGYANG, JINJIANG)).toBe('CITY');
  });
});

describe('errors', () => {
  it('names an unknown region', () => {
    const e = caught(() => directory.route(QINGYANG, '440305'));
    expect(e.reason).toBe('UNKNOWN_REGION');
    expect(e.region).toBe('440305');
    expect(e.message).toContain('440305');
    expect(caught(() => directory.agencyFor('000000')).reason).toBe('UNKNOWN_REGION');
    expect(caught(() => directory.cityOf('000000')).region).toBe('000000');
  });

  /** A province no agency governs at any level. */
  const hubei: RegionInput[] = [
    { code: '420000', level: 'PROVINCE', parent: null },
    { code: '420100', level: 'CITY', parent: '420000' },
    { code: '420102', level: 'DISTRICT', parent: '420100' },
  ];

  it('names the region whose chain has no agency up to the root', () => {
    const d = new RegionDirectory([...regions, ...hubei], agencies);
    const e = caught(() => d.agencyFor('420102'));
    expect(e.reason).toBe('NO_AGENCY');
    expect(e.region).toBe('420102');
    expect(e.name).toBe('RoutingError');
  });

  it('routes a root cause no agency answers for, that party null and the region that needs one named', () => {
    const d = new RegionDirectory([...regions, ...hubei], agencies);
    const toWuhan = d.route(QINGYANG, '420102');
    expect(toWuhan.scope).toBe('NATIONAL');
    expect(toWuhan.originator).toBe('qingyang-nets');
    expect(toWuhan.requester).toBe(directory.agencyFor(CHENGDU));
    expect(toWuhan.addressee).toBeNull();
    expect(toWuhan.unroutableRegion).toBe('420100');
    expect(toWuhan.copied).toEqual([directory.agencyFor(SICHUAN)].filter((id) => id !== toWuhan.requester));
    const fromWuhan = d.route('420102', QINGYANG);
    expect(fromWuhan.requester).toBeNull();
    expect(fromWuhan.originator).toBeNull();
    expect(fromWuhan.addressee).toBe(directory.agencyFor(CHENGDU));
    expect(fromWuhan.unroutableRegion).toBe('420100');
  });

  it('refuses to route from anything but a district', () => {
    const e = caught(() => directory.route(CHENGDU, QINGYANG));
    expect(e.reason).toBe('NOT_A_DISTRICT');
    expect(e.region).toBe(CHENGDU);
  });

  it('refuses a malformed tree', () => {
    const dangling = caught(() => new RegionDirectory([...regions, { code: '440305', level: 'DISTRICT', parent: '440300' }], []));
    expect(dangling.reason).toBe('INVALID_REGION_TREE');
    expect(dangling.region).toBe('440305');
    const orphan = caught(() => new RegionDirectory([{ code: '440300', level: 'CITY', parent: null }], []));
    expect(orphan.reason).toBe('INVALID_REGION_TREE');
    const upsideDown = caught(() =>
      new RegionDirectory([...regions, { code: '510199', level: 'CITY', parent: QINGYANG }], []),
    );
    expect(upsideDown.region).toBe('510199');
    const cycle = caught(() =>
      new RegionDirectory(
        [
          { code: 'a', level: 'DISTRICT', parent: 'b' },
          { code: 'b', level: 'DISTRICT', parent: 'a' },
        ],
        [],
      ),
    );
    expect(cycle.reason).toBe('INVALID_REGION_TREE');
    const conflicting = caught(() => new RegionDirectory([...regions, { code: QINGYANG, level: 'DISTRICT', parent: MIANYANG }], []));
    expect(conflicting.region).toBe(QINGYANG);
  });

  it('accepts the same region row twice', () => {
    const d = new RegionDirectory([...regions, ...regions], [...agencies, ...agencies]);
    expect(d.route(QINGYANG, BINHAI)).toEqual(directory.route(QINGYANG, BINHAI));
  });

  it('refuses agencies on unknown regions or on two regions', () => {
    const unknown = caught(() => new RegionDirectory(regions, [{ id: 'shenzhen', region: '440300' }]));
    expect(unknown.reason).toBe('UNKNOWN_REGION');
    expect(unknown.region).toBe('440300');
    const twice = caught(() =>
      new RegionDirectory(regions, [
        { id: 'x', region: QINGYANG },
        { id: 'x', region: JINJIANG },
      ]),
    );
    expect(twice.reason).toBe('INVALID_AGENCY');
  });
});

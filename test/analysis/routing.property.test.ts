import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'vitest';
import {
  RegionDirectory,
  compareIds,
  type AgencyInput,
  type RegionInput,
  type Route,
  type RoutingScope,
} from '../../src/analysis/routing.ts';

interface World {
  readonly regions: RegionInput[];
  readonly agencies: AgencyInput[];
  readonly districts: string[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Provinces of three shapes: ordinary (cities with districts), municipality
 * (districts directly under the province) and mixed (both).
 * `agencyCount` is per region; `provinceAgencies` says whether every
 * province is guaranteed one, which makes every route resolvable.
 */
function worldArb(provinceAgencies: boolean): fc.Arbitrary<World> {
  const province = fc.record({
    cities: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
    direct: fc.integer({ min: 0, max: 3 }),
  });
  return fc
    .array(province, { minLength: 1, maxLength: 4 })
    .filter((ps) => ps.some((p) => p.direct > 0 || p.cities.length > 0))
    .chain((ps) => {
      const regions: RegionInput[] = [];
      const districts: string[] = [];
      ps.forEach((p, i) => {
        const prov = `${10 + i}0000`;
        regions.push({ code: prov, level: 'PROVINCE', parent: null });
        p.cities.forEach((count, j) => {
          const city = `${10 + i}${pad(j + 1)}00`;
          regions.push({ code: city, level: 'CITY', parent: prov });
          for (let k = 1; k <= count; k++) {
            const d = `${10 + i}${pad(j + 1)}${pad(k)}`;
            regions.push({ code: d, level: 'DISTRICT', parent: city });
            districts.push(d);
          }
        });
        for (let k = 1; k <= p.direct; k++) {
          const d = `${10 + i}90${k}`;
          regions.push({ code: d, level: 'DISTRICT', parent: prov });
          districts.push(d);
        }
      });
      const counts = regions.map((r) =>
        r.level === 'PROVINCE' && provinceAgencies ? fc.integer({ min: 1, max: 2 }) : fc.integer({ min: 0, max: 2 }),
      );
      return fc.tuple(...counts).map((ns) => {
        const agencies: AgencyInput[] = [];
        regions.forEach((r, idx) => {
          for (let n = 0; n < (ns[idx] ?? 0); n++) agencies.push({ id: `ag-${r.code}-${n}`, region: r.code });
        });
        return { regions, agencies, districts };
      });
    });
}

/** Deterministic shuffle so a failing case replays from its seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Straight reading of the DOMAIN table over the raw rows, sharing nothing with the index. */
function referenceRouter(world: World): (p: string, s: string) => Route {
  const byCode = new Map(world.regions.map((r) => [r.code, r]));
  const parent = (c: string): string | null => byCode.get(c)?.parent ?? null;
  const governing = new Map<string, string[]>();
  for (const a of world.agencies) governing.set(a.region, [...(governing.get(a.region) ?? []), a.id]);
  const agency = (c: string): string | null => {
    for (let at: string | null = c; at !== null; at = parent(at)) {
      const lowest = [...(governing.get(at) ?? [])].sort(compareIds)[0];
      if (lowest !== undefined) return lowest;
    }
    return null;
  };
  const province = (c: string): string => {
    let at = c;
    for (let up = parent(at); up !== null; up = parent(at)) at = up;
    return at;
  };
  // A district's parent is its city, or the municipality acting as one.
  const city = (d: string): string => parent(d) as string;
  return (p, s) => referenceRoute(p, s, agency, city, province);
}

function referenceRoute(
  p: string,
  s: string,
  agency: (c: string) => string | null,
  city: (d: string) => string,
  province: (c: string) => string,
): Route {
  // The regions each party is for, straight from DOMAIN.md's table.
  let scope: RoutingScope;
  let requesterRegion: string;
  let addresseeRegion: string;
  let copiedRegions: string[];
  if (p === s) {
    scope = 'LOCAL';
    requesterRegion = addresseeRegion = p;
    copiedRegions = [];
  } else if (city(p) === city(s)) {
    scope = 'CITY';
    requesterRegion = p;
    addresseeRegion = s;
    copiedRegions = [city(p)];
  } else if (province(p) === province(s)) {
    scope = 'PROVINCE';
    requesterRegion = city(p);
    addresseeRegion = city(s);
    copiedRegions = [province(p)];
  } else {
    scope = 'NATIONAL';
    requesterRegion = city(p);
    addresseeRegion = city(s);
    copiedRegions = [province(p), province(s), s];
  }
  const requester = agency(requesterRegion);
  const addressee = agency(addresseeRegion);
  const originator = agency(p);
  const copied = copiedRegions.map(agency).filter((id): id is string => id !== null);
  const unroutable = [requesterRegion, addresseeRegion, p, ...copiedRegions].find((region) => agency(region) === null);
  return {
    scope,
    originator,
    requester,
    addressee,
    copied: [...new Set(copied)].filter((id) => id !== requester && id !== addressee).sort(compareIds),
    unroutableRegion: unroutable ?? null,
  };
}

function pairs(world: World): [string, string][] {
  return world.districts.flatMap((p) => world.districts.map((s): [string, string] => [p, s]));
}

// Checks run over every pair of districts, so they return booleans instead of
// calling `expect` per pair: fast-check then reports the smallest failing tree.
describe('routing properties on random trees', { timeout: 30_000 }, () => {
  it('scope is symmetric and LOCAL exactly for the same district', () => {
    fc.assert(
      fc.property(worldArb(true), (world) => {
        const d = new RegionDirectory(world.regions, world.agencies);
        return pairs(world).every(([p, s]) => {
          const scope = d.route(p, s).scope;
          return scope === d.route(s, p).scope && (scope === 'LOCAL') === (p === s);
        });
      }),
    );
  });

  it('requester, addressee and originator always exist; copied is sorted, unique and disjoint from them', () => {
    fc.assert(
      fc.property(worldArb(true), (world) => {
        const d = new RegionDirectory(world.regions, world.agencies);
        const ids = new Set(world.agencies.map((a) => a.id));
        return pairs(world).every(([p, s]) => {
          const r = d.route(p, s);
          return (
            r.requester !== null &&
            r.addressee !== null &&
            r.originator !== null &&
            r.unroutableRegion === null &&
            ids.has(r.requester) &&
            ids.has(r.addressee) &&
            ids.has(r.originator) &&
            r.originator === d.agencyFor(p) &&
            isDeepStrictEqual([...r.copied], [...new Set(r.copied)].sort(compareIds)) &&
            !r.copied.includes(r.requester) &&
            !r.copied.includes(r.addressee) &&
            r.copied.every((id) => ids.has(id))
          );
        });
      }),
    );
  });

  it('agrees with a direct reading of the table', () => {
    fc.assert(
      fc.property(worldArb(true), (world) => {
        const d = new RegionDirectory(world.regions, world.agencies);
        const reference = referenceRouter(world);
        return pairs(world).every(([p, s]) => isDeepStrictEqual(d.route(p, s), reference(p, s)));
      }),
    );
  });

  it('scope follows the lowest common region', () => {
    fc.assert(
      fc.property(worldArb(true), (world) => {
        const d = new RegionDirectory(world.regions, world.agencies);
        return pairs(world).every(([p, s]) => {
          const l = d.lowestCommonRegion(p, s);
          const scope = d.scopeOf(p, s);
          if (l === null) return scope === 'NATIONAL';
          if (l === p) return scope === 'LOCAL';
          if (d.levelOf(l) === 'CITY') return scope === 'CITY';
          // A province containing both: PROVINCE, or CITY when it is a municipality holding both directly.
          return scope === 'PROVINCE' || (scope === 'CITY' && d.isMunicipality(l));
        });
      }),
    );
  });

  it('does not depend on the order of regions or agencies', () => {
    fc.assert(
      fc.property(worldArb(true), fc.integer(), (world, seed) => {
        const a = new RegionDirectory(world.regions, world.agencies);
        const b = new RegionDirectory(shuffle(world.regions, seed), shuffle(world.agencies, seed + 1));
        return pairs(world).every(([p, s]) => isDeepStrictEqual(b.route(p, s), a.route(p, s)));
      }),
    );
  });

  it('routes every pair where some region has no agency up to the root, that party null and the region named', () => {
    fc.assert(
      fc.property(worldArb(false), (world) => {
        const d = new RegionDirectory(world.regions, world.agencies);
        const reference = referenceRouter(world);
        return pairs(world).every(([p, s]) => isDeepStrictEqual(d.route(p, s), reference(p, s)));
      }),
    );
  });
});


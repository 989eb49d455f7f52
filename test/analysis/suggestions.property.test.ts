import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestionPriority } from '../../src/analysis/priority.ts';
import {
  RegionDirectory,
  ROUTING_SCOPES,
  compareIds,
  type AgencyInput,
  type RegionInput,
} from '../../src/analysis/routing.ts';
import { buildSuggestions, type BlockedPlantInput, type RootCauseEnterprise } from '../../src/analysis/suggestions.ts';

interface Case {
  readonly regions: RegionInput[];
  readonly agencies: AgencyInput[];
  readonly blocked: BlockedPlantInput[];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A random tree (ordinary, municipal and mixed provinces, sparse agencies) with plants blocked across it. */
const caseArb: fc.Arbitrary<Case> = fc
  .array(
    fc.record({
      cities: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }),
      direct: fc.integer({ min: 0, max: 2 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
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
    // Every province gets an agency so every route resolves; below that, agencies are sparse.
    const agencyCounts = fc.tuple(
      ...regions.map((r) => fc.integer({ min: r.level === 'PROVINCE' ? 1 : 0, max: 2 })),
    );
    const district = fc.constantFrom(...districts);
    const enterprises = fc.array(
      fc.record({
        district,
        expectedResumeDate: fc.option(fc.constantFrom('2020-02-10', '2020-02-20', '2020-03-01'), { nil: null }),
        epidemicCritical: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    );
    const plants = fc.array(
      fc.record({
        district,
        workforce: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
        epidemicCritical: fc.boolean(),
        causes: fc.array(
          fc.record({
            enterprise: fc.nat(),
            components: fc.subarray(['c1', 'c2', 'c3', 'c4'], { minLength: 1 }),
            tier: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 4 },
        ),
        restrictionCauses: fc.array(
          fc.record({
            restriction: fc.nat(),
            components: fc.subarray(['c1', 'c2', 'c3', 'c4'], { minLength: 1 }),
            tier: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 10 },
    );
    // Restrictions on any level of the tree: a district border, a city's or a province's.
    const restrictionRegions = fc.array(fc.constantFrom(...regions.map((r) => r.code)), { minLength: 1, maxLength: 4 });
    return fc.tuple(agencyCounts, enterprises, plants, restrictionRegions).map(([counts, es, ps2, rs]) => {
      const agencies: AgencyInput[] = [];
      regions.forEach((r, idx) => {
        for (let n = 0; n < (counts[idx] ?? 0); n++) agencies.push({ id: `ag-${r.code}-${n}`, region: r.code });
      });
      const pool: RootCauseEnterprise[] = es.map((e, j) => ({ id: `e${j}`, ...e }));
      const blocked: BlockedPlantInput[] = ps2.map((p, i) => ({
        plant: { id: `p${i}`, district: p.district, workforce: p.workforce, epidemicCritical: p.epidemicCritical },
        rootCauses: p.causes.map((c) => ({
          enterprise: pool[c.enterprise % pool.length] as RootCauseEnterprise,
          components: c.components,
          tier: c.tier,
        })),
        logisticsRootCauses: p.restrictionCauses.map((c) => {
          const k = c.restriction % rs.length;
          return { restriction: { id: `r${k}`, region: rs[k] as string }, components: c.components, tier: c.tier };
        }),
      }));
      return { regions, agencies, blocked };
    });
  });

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

describe('suggestion properties on random trees', { timeout: 30_000 }, () => {
  it('never yields two suggestions for the same requester and addressee', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = buildSuggestions({ routing: new RegionDirectory(c.regions, c.agencies), blocked: c.blocked });
        const pairs = result.map((s) => JSON.stringify([s.requester, s.addressee]));
        expect(new Set(pairs).size).toBe(result.length);
        expect(new Set(result.map((s) => s.key)).size).toBe(result.length);
      }),
    );
  });

  it('ranking does not depend on the order of plants, root causes, components, regions or agencies', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), (c, seed) => {
        const a = buildSuggestions({ routing: new RegionDirectory(c.regions, c.agencies), blocked: c.blocked });
        const permuted = shuffle(c.blocked, seed).map((b, i) => ({
          plant: b.plant,
          rootCauses: shuffle(b.rootCauses, seed + i).map((rc) => ({ ...rc, components: shuffle(rc.components, seed - i) })),
          logisticsRootCauses: shuffle(b.logisticsRootCauses ?? [], seed + 3 * i).map((rc) => ({ ...rc, components: shuffle(rc.components, seed + i) })),
        }));
        const routing = new RegionDirectory(shuffle(c.regions, seed + 1), shuffle(c.agencies, seed + 2));
        expect(buildSuggestions({ routing, blocked: permuted })).toEqual(a);
      }),
    );
  });

  it('covers every (plant, root cause) pair in the suggestion its route names, and nothing else', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const routing = new RegionDirectory(c.regions, c.agencies);
        const result = buildSuggestions({ routing, blocked: c.blocked });
        const byPair = new Map(result.map((s) => [`${s.requester}|${s.addressee}`, s]));
        let pairCount = 0;
        const expectedScopes = new Map<string, number>();
        for (const b of c.blocked) {
          for (const rc of b.rootCauses) {
            pairCount++;
            const route = routing.route(b.plant.district, rc.enterprise.district);
            const key = `${route.requester}|${route.addressee}`;
            const s = byPair.get(key);
            expect(s).toBeDefined();
            expect(s?.targets.map((t) => t.enterprise.id)).toContain(rc.enterprise.id);
            expect(s?.plants.map((p) => p.id)).toContain(b.plant.id);
            expect(s?.originators).toContain(route.originator);
            for (const id of route.copied) expect(s?.copied).toContain(id);
            expectedScopes.set(key, Math.max(expectedScopes.get(key) ?? 0, ROUTING_SCOPES.indexOf(route.scope)));
          }
          for (const lc of b.logisticsRootCauses ?? []) {
            pairCount++;
            const route = routing.routeToRegion(b.plant.district, lc.restriction.region);
            const key = `${route.requester}|${route.addressee}`;
            const s = byPair.get(key);
            expect(s).toBeDefined();
            expect(s?.restrictions.map((t) => t.restriction.id)).toContain(lc.restriction.id);
            expect(s?.plants.map((p) => p.id)).toContain(b.plant.id);
            for (const id of route.copied) expect(s?.copied).toContain(id);
            expectedScopes.set(key, Math.max(expectedScopes.get(key) ?? 0, ROUTING_SCOPES.indexOf(route.scope)));
          }
        }
        // A suggestion's plants are exactly those blocked by one of its targets or restrictions.
        for (const s of result) {
          const targets = new Set(s.targets.map((t) => t.enterprise.id));
          const restrictions = new Set(s.restrictions.map((t) => t.restriction.id));
          const expected = c.blocked
            .filter((b) => b.rootCauses.some((rc) => targets.has(rc.enterprise.id)) || (b.logisticsRootCauses ?? []).some((lc) => restrictions.has(lc.restriction.id)))
            .map((b) => b.plant.id);
          expect(s.plants.map((p) => p.id)).toEqual([...new Set(expected)].sort(compareIds));
        }
        expect(result.length).toBeLessThanOrEqual(pairCount);
        expect(result.length).toBe(expectedScopes.size);
        for (const s of result) {
          expect(ROUTING_SCOPES.indexOf(s.scope)).toBe(expectedScopes.get(`${s.requester}|${s.addressee}`));
        }
      }),
    );
  });

  it('each suggestion is sorted, consistent and ranked by priority then key', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = buildSuggestions({ routing: new RegionDirectory(c.regions, c.agencies), blocked: c.blocked });
        for (const s of result) {
          expect(s.key).toBe(`${s.requester}→${s.addressee}`);
          expect(s.originator).toBe(s.originators[0]);
          expect([...s.originators]).toEqual([...new Set(s.originators)].sort(compareIds));
          expect([...s.copied]).toEqual([...new Set(s.copied)].sort(compareIds));
          expect(s.copied).not.toContain(s.requester);
          expect(s.copied).not.toContain(s.addressee);
          const targetOrder = [...s.targets].sort((x, y) => x.tier - y.tier || compareIds(x.enterprise.id, y.enterprise.id));
          expect(s.targets).toEqual(targetOrder);
          for (const t of s.targets) expect([...t.components]).toEqual([...new Set(t.components)].sort(compareIds));
          const restrictionOrder = [...s.restrictions].sort((x, y) => x.tier - y.tier || compareIds(x.restriction.id, y.restriction.id));
          expect(s.restrictions).toEqual(restrictionOrder);
          for (const t of s.restrictions) expect([...t.components]).toEqual([...new Set(t.components)].sort(compareIds));
          expect(s.plants.map((p) => p.id)).toEqual([...new Set(s.plants.map((p) => p.id))].sort(compareIds));
          expect(s.workforce).toBe(s.plants.reduce((n, p) => n + p.workforce, 0));
          expect(s.priority).toBe(suggestionPriority({ plants: s.plants, targets: s.targets.map((t) => t.enterprise) }));
        }
        for (let i = 1; i < result.length; i++) {
          const prev = result[i - 1];
          const cur = result[i];
          if (prev === undefined || cur === undefined) continue;
          expect(prev.priority > cur.priority || (prev.priority === cur.priority && compareIds(prev.key, cur.key) < 0)).toBe(true);
        }
      }),
    );
  });
});

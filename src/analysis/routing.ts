/**
 * Who should ask whom (DOMAIN.md, "Who should ask whom").
 *
 * For a root cause S blocking a plant P, the request climbs only as high as
 * the lowest region containing both, because that is the lowest level where
 * one bureau can talk to its counterpart:
 *
 * | scope    | when                      | requester           | addressee                                      | copied                                           |
 * |----------|---------------------------|---------------------|------------------------------------------------|--------------------------------------------------|
 * | LOCAL    | same district             | P's district agency | the same                                       | —                                                |
 * | CITY     | same city, other district | P's district agency | S's district agency                            | the city agency                                  |
 * | PROVINCE | same province, other city | P's city agency     | S's city agency                                | the province agency                              |
 * | NATIONAL | other province            | P's city agency     | S's city agency (a municipality's own agency)  | both province agencies, S's district agency      |
 *
 * The originator is always P's district agency. Every "agency of a region"
 * falls back to the nearest ancestor that has one, since many districts have
 * no bureau of their own in the data. A municipality directly under the
 * central government (a PROVINCE with DISTRICT children) is also its own CITY.
 *
 * Pure: no I/O, no clock; the index is built once and then only read.
 */

export type RegionLevel = 'PROVINCE' | 'CITY' | 'DISTRICT';

export interface RegionInput {
  readonly code: string;
  readonly level: RegionLevel;
  /** `null` for a province, the root of its own tree. */
  readonly parent: string | null;
}

export interface AgencyInput {
  readonly id: string;
  /** The one region this agency governs. */
  readonly region: string;
}

export type RoutingScope = 'LOCAL' | 'CITY' | 'PROVINCE' | 'NATIONAL';

/** Narrowest first; the index of a scope is its width. */
export const ROUTING_SCOPES: readonly RoutingScope[] = Object.freeze(['LOCAL', 'CITY', 'PROVINCE', 'NATIONAL']);

/** The wider of two scopes: a request that must reach NATIONAL cannot be handled at CITY level. */
export function widerScope(a: RoutingScope, b: RoutingScope): RoutingScope {
  return ROUTING_SCOPES.indexOf(a) >= ROUTING_SCOPES.indexOf(b) ? a : b;
}

/**
 * A party is null when no agency governs the region the route needs it for,
 * nor any region above it (DOMAIN.md, "Targets no agency governs"): the
 * route still stands, and `unroutableRegion` names where an agency is
 * missing, so one unroutable root cause never hides the others.
 */
export interface Route {
  readonly scope: RoutingScope;
  /** P's district agency: the bureau that learned of the blockage. */
  readonly originator: string | null;
  readonly requester: string | null;
  readonly addressee: string | null;
  /** Deduplicated, without requester and addressee, sorted by id; a copied party no agency answers for is left out. */
  readonly copied: readonly string[];
  /** The first region the route needed an agency for and found none up to the root (requester's, addressee's, originator's, then a copied party's); null when every party is known. */
  readonly unroutableRegion: string | null;
}

export type RoutingErrorReason =
  /** The code is not in the region tree. */
  | 'UNKNOWN_REGION'
  /** Neither the region nor any of its ancestors is governed by an agency. */
  | 'NO_AGENCY'
  /** Enterprises are located at DISTRICT level; routing from anything else is meaningless. */
  | 'NOT_A_DISTRICT'
  /** The tree is malformed at this region (duplicate code, dangling parent, wrong nesting of levels). */
  | 'INVALID_REGION_TREE'
  /** An agency record contradicts another (one id governing two regions). */
  | 'INVALID_AGENCY';

export class RoutingError extends Error {
  override readonly name = 'RoutingError';
  readonly reason: RoutingErrorReason;
  /** The region code the problem was found at. */
  readonly region: string;

  constructor(reason: RoutingErrorReason, region: string, message: string) {
    super(message);
    this.reason = reason;
    this.region = region;
  }
}

/**
 * Code-unit order, not `localeCompare`: the ranking must not depend on the
 * locale of the machine that computes it.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted, deduplicated copy. */
export function sortedUnique(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}

interface RegionEntry {
  readonly code: string;
  readonly level: RegionLevel;
  readonly parent: string | null;
  readonly province: string;
  /** The region acting as CITY: a CITY itself, or a municipality; `null` above city level. */
  readonly city: string | null;
  readonly municipality: boolean;
  /** Lowest id among the agencies governing exactly this region. */
  readonly directAgency: string | null;
  /** `directAgency`, or the nearest ancestor's. */
  readonly agency: string | null;
}

const LEVEL_RANK: Readonly<Record<RegionLevel, number>> = { PROVINCE: 0, CITY: 1, DISTRICT: 2 };

/**
 * Index over a region tree and the agencies governing it. Build once per
 * snapshot of the tree; every query is then a few map look-ups.
 */
export class RegionDirectory {
  readonly #regions: ReadonlyMap<string, RegionEntry>;

  constructor(regions: Iterable<RegionInput>, agencies: Iterable<AgencyInput>) {
    const byCode = collectRegions(regions);
    const direct = collectAgencies(agencies, byCode);
    const municipalities = new Set<string>();
    for (const region of byCode.values()) {
      if (region.level === 'DISTRICT' && region.parent !== null && byCode.get(region.parent)?.level === 'PROVINCE') {
        municipalities.add(region.parent);
      }
    }

    // Levels strictly increase downwards (checked in collectRegions), so
    // processing by level guarantees every parent is resolved before its children.
    const ordered = [...byCode.values()].sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
    const entries = new Map<string, RegionEntry>();
    for (const region of ordered) {
      const parent = region.parent === null ? undefined : entries.get(region.parent);
      const directAgency = direct.get(region.code) ?? null;
      const municipality = municipalities.has(region.code);
      let province: string;
      let city: string | null;
      if (parent === undefined) {
        province = region.code;
        city = municipality ? region.code : null;
      } else {
        province = parent.province;
        city = region.level === 'CITY' ? region.code : parent.city;
      }
      entries.set(region.code, {
        code: region.code,
        level: region.level,
        parent: region.parent,
        province,
        city,
        municipality,
        directAgency,
        agency: directAgency ?? parent?.agency ?? null,
      });
    }
    this.#regions = entries;
  }

  has(regionCode: string): boolean {
    return this.#regions.has(regionCode);
  }

  levelOf(regionCode: string): RegionLevel {
    return this.#entry(regionCode).level;
  }

  parentOf(regionCode: string): string | null {
    return this.#entry(regionCode).parent;
  }

  /** A PROVINCE whose districts hang directly under it, and which therefore acts as its own CITY. */
  isMunicipality(regionCode: string): boolean {
    return this.#entry(regionCode).municipality;
  }

  /** The region itself when it is a DISTRICT; `null` for a city or province, which lie above any one district. */
  districtOf(regionCode: string): string | null {
    const entry = this.#entry(regionCode);
    return entry.level === 'DISTRICT' ? entry.code : null;
  }

  /** The region acting as CITY for this one (a municipality for its districts); `null` for an ordinary province. */
  cityOf(regionCode: string): string | null {
    return this.#entry(regionCode).city;
  }

  provinceOf(regionCode: string): string {
    return this.#entry(regionCode).province;
  }

  /** The lowest region containing both, either of them included; `null` when they lie in different provinces. */
  lowestCommonRegion(a: string, b: string): string | null {
    const ancestorsOfA = new Set<string>();
    for (let code: string | null = this.#entry(a).code; code !== null; code = this.#entry(code).parent) {
      ancestorsOfA.add(code);
    }
    for (let code: string | null = this.#entry(b).code; code !== null; code = this.#entry(code).parent) {
      if (ancestorsOfA.has(code)) return code;
    }
    return null;
  }

  /** The lowest-id agency governing exactly this region, without fallback. */
  directAgencyOf(regionCode: string): string | null {
    return this.#entry(regionCode).directAgency;
  }

  /** The agency answering for this region: its own, else the nearest ancestor's. */
  agencyFor(regionCode: string): string {
    const entry = this.#entry(regionCode);
    if (entry.agency === null) {
      throw new RoutingError(
        'NO_AGENCY',
        regionCode,
        `no agency governs region ${regionCode} or any region above it`,
      );
    }
    return entry.agency;
  }

  scopeOf(plantDistrict: string, rootCauseDistrict: string): RoutingScope {
    const p = this.#district(plantDistrict);
    const s = this.#district(rootCauseDistrict);
    if (p.code === s.code) return 'LOCAL';
    // A district's city is never null: it hangs under a CITY or a municipality.
    if (p.city === s.city) return 'CITY';
    if (p.province === s.province) return 'PROVINCE';
    return 'NATIONAL';
  }

  /** Who should ask whom to get the enterprise in `rootCauseDistrict` restarted for the plant in `plantDistrict`. */
  route(plantDistrict: string, rootCauseDistrict: string): Route {
    return this.#routeBetween(this.#district(plantDistrict), this.#district(rootCauseDistrict));
  }

  /**
   * Who should ask whom to reopen deliveries cut by a restriction on
   * `region` (any level), routed as if it were an enterprise there
   * (DOMAIN.md, "Logistics"): a city or province stands where the table says
   * "S's district", so its own agency, or the nearest above it, is asked.
   */
  routeToRegion(plantDistrict: string, region: string): Route {
    return this.#routeBetween(this.#district(plantDistrict), this.#entry(region));
  }

  #routeBetween(p: RegionEntry, s: RegionEntry): Route {
    let scope: RoutingScope;
    if (p.code === s.code) scope = 'LOCAL';
    // A district's city is never null: it hangs under a CITY or a municipality.
    else if (p.city === s.city) scope = 'CITY';
    else if (p.province === s.province) scope = 'PROVINCE';
    else scope = 'NATIONAL';
    const pCity = p.city ?? p.province;
    const sCity = s.city ?? s.province;
    // Where each party comes from, per DOMAIN.md's table: requester, addressee, then the copied.
    let parties: [requester: string, addressee: string, copied: string[]];
    switch (scope) {
      case 'LOCAL':
        parties = [p.code, p.code, []];
        break;
      case 'CITY':
        parties = [p.code, s.code, [pCity]];
        break;
      case 'PROVINCE':
        parties = [pCity, sCity, [p.province]];
        break;
      case 'NATIONAL':
        parties = [pCity, sCity, [p.province, s.province, s.code]];
        break;
    }
    const missing: string[] = [];
    const agencyOf = (code: string): string | null => {
      const agency = this.#entry(code).agency;
      if (agency === null) missing.push(code);
      return agency;
    };
    const requester = agencyOf(parties[0]);
    const addressee = agencyOf(parties[1]);
    const originator = agencyOf(p.code);
    const copied = parties[2].map(agencyOf).filter((id): id is string => id !== null);
    return {
      scope,
      originator,
      requester,
      addressee,
      copied: sortedUnique(copied).filter((id) => id !== requester && id !== addressee),
      unroutableRegion: missing[0] ?? null,
    };
  }

  #entry(regionCode: string): RegionEntry {
    const entry = this.#regions.get(regionCode);
    if (entry === undefined) {
      throw new RoutingError('UNKNOWN_REGION', regionCode, `region ${regionCode} is not in the region tree`);
    }
    return entry;
  }

  #district(regionCode: string): RegionEntry {
    const entry = this.#entry(regionCode);
    if (entry.level !== 'DISTRICT') {
      throw new RoutingError(
        'NOT_A_DISTRICT',
        regionCode,
        `region ${regionCode} is a ${entry.level}; enterprises are located in districts`,
      );
    }
    return entry;
  }
}

/** Same as `new RegionDirectory(regions, agencies)`. */
export function buildRoutingIndex(regions: Iterable<RegionInput>, agencies: Iterable<AgencyInput>): RegionDirectory {
  return new RegionDirectory(regions, agencies);
}

function collectRegions(regions: Iterable<RegionInput>): Map<string, RegionInput> {
  const byCode = new Map<string, RegionInput>();
  for (const region of regions) {
    const seen = byCode.get(region.code);
    if (seen !== undefined) {
      // The same row loaded twice is harmless; two different rows under one code are not.
      if (seen.level !== region.level || seen.parent !== region.parent) {
        throw new RoutingError('INVALID_REGION_TREE', region.code, `region ${region.code} is listed twice with different data`);
      }
      continue;
    }
    byCode.set(region.code, { code: region.code, level: region.level, parent: region.parent });
  }
  for (const region of byCode.values()) {
    if (region.parent === null) {
      if (region.level !== 'PROVINCE') {
        throw new RoutingError('INVALID_REGION_TREE', region.code, `${region.level} ${region.code} has no parent`);
      }
      continue;
    }
    const parent = byCode.get(region.parent);
    if (parent === undefined) {
      throw new RoutingError(
        'INVALID_REGION_TREE',
        region.code,
        `region ${region.code} has parent ${region.parent}, which is not in the region tree`,
      );
    }
    // A strictly higher parent level rules out cycles and keeps city/province lookups well defined.
    if (LEVEL_RANK[parent.level] >= LEVEL_RANK[region.level]) {
      throw new RoutingError(
        'INVALID_REGION_TREE',
        region.code,
        `${region.level} ${region.code} cannot lie under ${parent.level} ${parent.code}`,
      );
    }
  }
  return byCode;
}

function collectAgencies(agencies: Iterable<AgencyInput>, regions: ReadonlyMap<string, RegionInput>): Map<string, string> {
  const regionOfAgency = new Map<string, string>();
  const lowestByRegion = new Map<string, string>();
  for (const agency of agencies) {
    if (!regions.has(agency.region)) {
      throw new RoutingError(
        'UNKNOWN_REGION',
        agency.region,
        `agency ${agency.id} governs region ${agency.region}, which is not in the region tree`,
      );
    }
    const governed = regionOfAgency.get(agency.id);
    if (governed !== undefined && governed !== agency.region) {
      throw new RoutingError(
        'INVALID_AGENCY',
        agency.region,
        `agency ${agency.id} is listed as governing both ${governed} and ${agency.region}`,
      );
    }
    regionOfAgency.set(agency.id, agency.region);
    const current = lowestByRegion.get(agency.region);
    // Several agencies may govern one region; the lowest id answers so the choice does not depend on input order.
    if (current === undefined || compareIds(agency.id, current) < 0) {
      lowestByRegion.set(agency.region, agency.id);
    }
  }
  return lowestByRegion;
}

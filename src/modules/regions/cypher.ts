/** Cypher of the region and agency reads. */
import type { Tx } from '../../neo4j/database.ts';
import type { AgencyRecord, RegionRecord } from './mappers.ts';

const REGION = `r {.code, .name, .level, parentCode: [(r)-[:PART_OF]->(p:Region) | p.code][0]}`;
const AGENCY = `a {.id, .name, regionCode: r.code}`;

export async function regionsByCodes(tx: Tx, codes: readonly string[]): Promise<RegionRecord[]> {
  const result = await tx.run<{ r: RegionRecord }>(`UNWIND $codes AS code MATCH (r:Region {code: code}) RETURN ${REGION} AS r`, { codes });
  return result.records.map((x) => x.get('r'));
}

/** Every region, by code: a few thousand nationwide. */
export async function allRegions(tx: Tx): Promise<RegionRecord[]> {
  const result = await tx.run<{ r: RegionRecord }>(`MATCH (r:Region) RETURN ${REGION} AS r ORDER BY r.code`);
  return result.records.map((x) => x.get('r'));
}

export async function childRegions(tx: Tx, parents: readonly string[]): Promise<RegionRecord[]> {
  const result = await tx.run<{ r: RegionRecord }>(
    `UNWIND $parents AS code MATCH (:Region {code: code})<-[:PART_OF]-(r:Region) RETURN ${REGION} AS r ORDER BY r.code`,
    { parents },
  );
  return result.records.map((x) => x.get('r'));
}

/** The regions `Query.regions` lists as `r` (parameters `$level`, `$parent`): of a level and/or with a parent; with neither, the provinces. */
export const REGION_LIST = `MATCH (r:Region)
     WHERE ($level IS NULL OR r.level = $level)
       AND ($parent IS NULL OR EXISTS { (r)-[:PART_OF]->(:Region {code: $parent}) })
       AND ($level IS NOT NULL OR $parent IS NOT NULL OR r.level = 'PROVINCE')`;

export async function agenciesByIds(tx: Tx, ids: readonly string[]): Promise<AgencyRecord[]> {
  const result = await tx.run<{ a: AgencyRecord }>(
    `UNWIND $ids AS id MATCH (a:Agency {id: id})-[:GOVERNS]->(r:Region) RETURN ${AGENCY} AS a`,
    { ids },
  );
  return result.records.map((x) => x.get('a'));
}

export async function agenciesOfRegions(tx: Tx, codes: readonly string[]): Promise<AgencyRecord[]> {
  const result = await tx.run<{ a: AgencyRecord }>(
    `UNWIND $codes AS code MATCH (a:Agency)-[:GOVERNS]->(r:Region {code: code}) RETURN ${AGENCY} AS a ORDER BY a.id`,
    { codes },
  );
  return result.records.map((x) => x.get('a'));
}

export async function allAgencies(tx: Tx): Promise<AgencyRecord[]> {
  const result = await tx.run<{ a: AgencyRecord }>(`MATCH (a:Agency)-[:GOVERNS]->(r:Region) RETURN ${AGENCY} AS a ORDER BY a.id`);
  return result.records.map((x) => x.get('a'));
}

/** The agency speaking for each region: its own (lowest id), else the nearest ancestor's. */
export async function governingAgencies(tx: Tx, codes: readonly string[]): Promise<(AgencyRecord & { forRegion: string })[]> {
  const result = await tx.run<{ a: AgencyRecord & { forRegion: string } }>(
    `UNWIND $codes AS code
     MATCH path = (:Region {code: code})-[:PART_OF*0..2]->(r:Region)<-[:GOVERNS]-(a:Agency)
     WITH code, r, a ORDER BY length(path), a.id
     WITH code, head(collect({a: a, r: r})) AS best
     WITH code, best.a AS a, best.r AS r
     RETURN a {.id, .name, regionCode: r.code, forRegion: code} AS a`,
    { codes },
  );
  return result.records.map((x) => x.get('a'));
}

/**
 * The operations the API benchmarks send, as a bureau's screens ask them, and
 * the fixed samples of ids they are asked about, taken from Neo4j so that any
 * process over the same store draws the same lists.
 */
import type { Database } from '../neo4j/database.ts';
import { spread } from './bench-store.ts';

/** The day every benchmark asks about: the generated network's outbreak. */
export const BENCH_ASOF = '2020-02-10';

export const ENTERPRISE_BY_ID = `query($id: ID!) { enterprise(id: $id) { id name region { code name } } }`;

export const SUPPLIERS_TWO_LEVELS = `query($id: ID!) { enterprise(id: $id) { id name region { code name }
  suppliers { component { id } supplier { id name region { code name }
    suppliers { component { id } supplier { id name region { code name } } } } } } }`;

export const CITY_FIRST_20 = `query($code: String!) { region(code: $code) { enterprises(first: 20) { nodes { id name } } } }`;

export const READINESS = `query($id: ID!, $asOf: Date) { restartReadiness(enterpriseId: $id, asOf: $asOf) {
  ready expectedReadyDate blockedInputs { component { id } reason suppliers { id } rootCauses { id } }
  rootCauses { enterprise { id } components { id } tier } } }`;

export const IMPACT = `query($id: ID!, $asOf: Date) { impact(enterpriseId: $id, asOf: $asOf) { totalCount workforce enterprises(first: 20) { nodes { id name } } } }`;

export const BLOCKED = `query($code: String!, $asOf: Date) { blockedEnterprises(regionCode: $code, asOf: $asOf, first: 20) { totalCount nodes { enterprise { id name } rootCauseCount } } }`;

export interface BenchSamples {
  /** Enterprises with suppliers: their own record, and their suppliers two levels deep. */
  enterprises: string[];
  /** Plants with needs: their readiness. */
  plants: string[];
  /** Suppliers with customers: their impact. */
  suppliers: string[];
  /** Cities (regions with districts under them that hold enterprises): their first page. */
  cities: string[];
}

/** About `size` of each, spread over the ids in order. */
export async function benchSamples(db: Database, size: number): Promise<BenchSamples> {
  const ids = async (cypher: string) => (await db.query<{ id: string }>({ operation: 'bench.samples' }, cypher)).records.map((r) => r.get('id'));
  return {
    enterprises: spread(await ids('MATCH (e:Enterprise) WHERE EXISTS { (:Enterprise)-[:SUPPLIES]->(e) } RETURN e.id AS id ORDER BY id'), size),
    plants: spread(await ids('MATCH (e:Enterprise) WHERE EXISTS { (e)-[:NEEDS]->() } RETURN e.id AS id ORDER BY id'), size),
    suppliers: spread(await ids('MATCH (e:Enterprise) WHERE EXISTS { (e)-[:SUPPLIES]->() } RETURN e.id AS id ORDER BY id'), size),
    cities: spread(
      await ids(`MATCH (c:Region {level: 'CITY'}) WHERE EXISTS { (c)<-[:PART_OF]-(:Region)<-[:LOCATED_IN]-(:Enterprise) } RETURN c.code AS id ORDER BY id`),
      size,
    ),
  };
}

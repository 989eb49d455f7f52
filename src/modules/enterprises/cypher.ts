/**
 * Cypher of the enterprise and component reads. Every row projection is
 * written once here so resolvers and loaders read the same record shape.
 */
import type { Tx } from '../../neo4j/database.ts';
import type { ComponentRecord, EnterpriseRecord, MakeRecord, NeedRecord, SupplyRecord } from './mappers.ts';

/** Projects `e` (with its district `d`) to an EnterpriseRecord. */
export const ENTERPRISE_PROJECTION = `e {
  .id, .name, .status,
  industry: e.industry, note: e.note,
  workforce: coalesce(e.workforce, 0),
  epidemicCritical: coalesce(e.epidemicCritical, false),
  expectedResumeDate: toString(e.expectedResumeDate),
  regionCode: d.code
}`;

export async function enterprisesByIds(tx: Tx, ids: readonly string[]): Promise<EnterpriseRecord[]> {
  const result = await tx.run<{ e: EnterpriseRecord }>(
    `UNWIND $ids AS id
     MATCH (e:Enterprise {id: id})-[:LOCATED_IN]->(d:Region)
     RETURN ${ENTERPRISE_PROJECTION} AS e`,
    { ids },
  );
  return result.records.map((r) => r.get('e'));
}

export async function componentsByIds(tx: Tx, ids: readonly string[]): Promise<ComponentRecord[]> {
  const result = await tx.run<{ c: ComponentRecord }>(
    `UNWIND $ids AS id MATCH (c:Component {id: id}) RETURN c {.id, .name, category: c.category} AS c`,
    { ids },
  );
  return result.records.map((r) => r.get('c'));
}

/** Supplies into (direction `in`) or out of (`out`) each enterprise. */
export async function suppliesOf(tx: Tx, ids: readonly string[], direction: 'in' | 'out'): Promise<SupplyRecord[]> {
  const pattern = direction === 'in' ? '(s:Enterprise)-[r:SUPPLIES]->(e)' : '(e)-[r:SUPPLIES]->(s:Enterprise)';
  const result = await tx.run<{ r: SupplyRecord }>(
    `UNWIND $ids AS id
     MATCH (e:Enterprise {id: id})
     MATCH ${pattern}
     WITH startNode(r) AS supplier, endNode(r) AS customer, r
     RETURN {supplierId: supplier.id, customerId: customer.id, componentId: r.component, share: r.share} AS r
     ORDER BY ${direction === 'in' ? 'r.supplierId' : 'r.customerId'}, r.componentId`,
    { ids },
  );
  return result.records.map((r) => r.get('r'));
}

export async function needsOf(tx: Tx, by: 'enterprise' | 'component', ids: readonly string[]): Promise<NeedRecord[]> {
  const match = by === 'enterprise' ? '(e:Enterprise {id: id})-[n:NEEDS]->(c:Component)' : '(e:Enterprise)-[n:NEEDS]->(c:Component {id: id})';
  const result = await tx.run<{ n: NeedRecord }>(
    `UNWIND $ids AS id MATCH ${match}
     RETURN {enterpriseId: e.id, componentId: c.id, stockDays: n.stockDays} AS n
     ORDER BY n.enterpriseId, n.componentId`,
    { ids },
  );
  return result.records.map((r) => r.get('n'));
}

export async function makesOf(tx: Tx, by: 'enterprise' | 'component', ids: readonly string[]): Promise<MakeRecord[]> {
  const match = by === 'enterprise' ? '(e:Enterprise {id: id})-[m:MAKES]->(c:Component)' : '(e:Enterprise)-[m:MAKES]->(c:Component {id: id})';
  const result = await tx.run<{ m: MakeRecord }>(
    `UNWIND $ids AS id MATCH ${match}
     RETURN {enterpriseId: e.id, componentId: c.id, capacityPerDay: m.capacityPerDay} AS m
     ORDER BY m.enterpriseId, m.componentId`,
    { ids },
  );
  return result.records.map((r) => r.get('m'));
}

export interface EnterpriseSearch {
  regionCode?: string | null;
  status?: string | null;
  industry?: string | null;
  nameContains?: string | null;
  epidemicCritical?: boolean | null;
}

const CJK_ONLY = /^[\p{Script=Han}]{2,}$/u;

/**
 * The MATCH and WHERE of an enterprise search. A name of two or more Chinese
 * characters goes through the full-text index (CJK bigrams); anything else
 * (one character, Latin fragments) is a case-insensitive substring test.
 * Both are then held to plain `CONTAINS`, so the two paths agree exactly.
 */
export function searchClause(search: EnterpriseSearch): { cypher: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  let source = 'MATCH (e:Enterprise)';
  const term = search.nameContains ?? null;
  if (term !== null) {
    params.term = term;
    if (CJK_ONLY.test(term)) {
      params.phrase = `"${term}"`;
      source = "CALL db.index.fulltext.queryNodes('enterprise_name', $phrase) YIELD node AS e";
      where.push('e.name CONTAINS $term');
    } else {
      where.push('toLower(e.name) CONTAINS toLower($term)');
    }
  }
  let region = 'MATCH (e)-[:LOCATED_IN]->(d:Region)';
  if (search.regionCode != null) {
    params.regionCode = search.regionCode;
    region += ' WHERE d.code = $regionCode OR EXISTS { (d)-[:PART_OF*1..2]->(:Region {code: $regionCode}) }';
  }
  for (const [field, value] of [
    ['status', search.status],
    ['industry', search.industry],
  ] as const) {
    if (value != null) {
      params[field] = value;
      where.push(`e.${field} = $${field}`);
    }
  }
  if (search.epidemicCritical != null) {
    params.epidemicCritical = search.epidemicCritical;
    where.push('coalesce(e.epidemicCritical, false) = $epidemicCritical');
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return { cypher: `${source} ${filter} ${region}`, params };
}

/** The components whose name contains the term, as `c` (every component when it is null): full-text for Chinese, as for enterprises. */
export function componentSearchClause(nameContains: string | null): { cypher: string; params: Record<string, unknown> } {
  const phrase = nameContains !== null && CJK_ONLY.test(nameContains);
  return {
    cypher: phrase
      ? "CALL db.index.fulltext.queryNodes('component_name', $phrase) YIELD node AS c WHERE c.name CONTAINS $term"
      : 'MATCH (c:Component) WHERE $term IS NULL OR toLower(c.name) CONTAINS toLower($term)',
    params: { term: nameContains, phrase: phrase ? `"${nameContains}"` : null },
  };
}

/**
 * The analysis reads only what can change an answer. Every enterprise keeps a
 * materialised flag `able0`: whether it is in the able set computed from
 * statuses alone, counting no stock. That set depends on no date, and the
 * able set of any `asOf` (stock counted, any plant counted operating)
 * contains it, so an `able0` enterprise is able in every answer. A question
 * therefore fetches its start enterprises plus everything upstream of them
 * reached through enterprises that are NOT `able0`; the `able0` suppliers at
 * the edge of that cone come along as "known able" without their own needs.
 */
import type { GraphFacts, EnterpriseFacts, NeedFact, SupplyFact, MakesFact, LoanFact, RestrictionFact } from '../../analysis/types.ts';
import neo4j from 'neo4j-driver';
import type { Tx } from '../../neo4j/database.ts';
import type { ModelVersion, StoredChange } from './model.ts';
import type { LabelledEnterpriseFacts } from './records.ts';
import type { ComponentRecord } from '../enterprises/mappers.ts';

/** District, city and province of `e`, a municipality's district having the municipality as its city. */
const REGION_OF = `
  OPTIONAL MATCH (e)-[:LOCATED_IN]->(d:Region)
  OPTIONAL MATCH (d)-[:PART_OF]->(p1:Region)
  OPTIONAL MATCH (p1)-[:PART_OF]->(p2:Region)
  WITH e, d, p1, p2`;

// Everything an Enterprise record needs too, so an answer's enterprises cost no further round trip.
const FACTS = `{
  id: e.id, status: e.status, name: e.name, industry: e.industry, note: e.note, expectedResumeDate: toString(e.expectedResumeDate),
  workforce: coalesce(e.workforce, 0), epidemicCritical: coalesce(e.epidemicCritical, false),
  district: coalesce(d.code, ''), city: coalesce(p1.code, ''), province: coalesce(p2.code, p1.code, '')
}`;

/** A fetched subgraph: the facts for the evaluator, plus the components its enterprises need. */
export interface Subgraph extends GraphFacts {
  enterprises: LabelledEnterpriseFacts[];
  components: ComponentRecord[];
}

/**
 * Restrictions and loans as the evaluator reads them. They are few (a few
 * hundred at national scale) and a region restriction can cut any edge of a
 * cone, so every question reads them all with its subgraph; the evaluator
 * ignores those naming enterprises it was not given.
 */
const RESTRICTIONS = `CALL () {
       MATCH (r:Restriction)
       RETURN collect({
         id: r.id,
         supply: CASE WHEN r.supplier IS NULL THEN null ELSE {supplier: r.supplier, customer: r.customer, component: r.component} END,
         region: r.region, direction: r.direction, from: toString(r.from), until: toString(r.until)
       }) AS restrictions
     }
     CALL () {
       MATCH (l:Loan)
       RETURN collect({
         id: l.id, lender: l.lender, borrower: l.borrower, component: l.component,
         coverDays: toInteger(l.coverDays), start: toString(l.start), returnedOn: toString(l.returnedOn)
       }) AS loans
     }`;

/** Every restriction and loan, for a read model or an evaluation of its own. */
export async function fetchLogistics(tx: Tx): Promise<{ restrictions: RestrictionFact[]; loans: LoanFact[] }> {
  const result = await tx.run<{ restrictions: RestrictionFact[]; loans: LoanFact[] }>(`${RESTRICTIONS} RETURN restrictions, loans`);
  const row = result.records[0];
  return { restrictions: row?.get('restrictions') ?? [], loans: row?.get('loans') ?? [] };
}

interface SubgraphRow {
  restrictions: RestrictionFact[];
  loans: LoanFact[];
  inside: Subgraph['enterprises'];
  edge: Subgraph['enterprises'];
  components: Subgraph['components'];
  needs: NeedFact[];
  supplies: SupplyFact[];
  makes: MakesFact[];
}

/**
 * One round trip: the cone of `starts` through non-able0 enterprises, their
 * needs and the supplies into them, the able0 suppliers at the edge, and the
 * makers of what `alternativesFor` needs, with their own cones (so an
 * alternative is judged able exactly).
 */
export async function fetchSubgraph(tx: Tx, starts: readonly string[], alternativesFor: string | null = null): Promise<Subgraph> {
  const result = await tx.run<SubgraphRow>(
    `CALL () {
       UNWIND $starts AS sid MATCH (s:Enterprise {id: sid}) RETURN s
       UNION
       MATCH (:Enterprise {id: $plant})-[:NEEDS]->(:Component)<-[:MAKES]-(s:Enterprise) RETURN s
     }
     WITH collect(DISTINCT s) AS seeds
     CALL (seeds) {
       UNWIND seeds AS s
       MATCH ANY SHORTEST (s)((:Enterprise)<-[:SUPPLIES]-(b:Enterprise WHERE NOT coalesce(b.able0, false))){0,}(x:Enterprise)
       RETURN collect(DISTINCT x) AS cone
     }
     UNWIND cone AS e
     ${REGION_OF}
     WITH collect(${FACTS}) AS inside, collect(e) AS nodes
     CALL (nodes) {
       UNWIND nodes AS e
       MATCH (e)-[n:NEEDS]->(c:Component)
       RETURN collect({enterprise: e.id, component: c.id, stockDays: n.stockDays}) AS needs,
              collect(DISTINCT c {.id, .name, category: c.category}) AS components
     }
     CALL (nodes) {
       UNWIND nodes AS x
       MATCH (s:Enterprise)-[r:SUPPLIES]->(x)
       WITH collect({supplier: s.id, customer: x.id, component: r.component}) AS supplies, collect(DISTINCT s) AS suppliers
       RETURN supplies, [s IN suppliers WHERE NOT s IN nodes] AS edgeNodes
     }
     CALL (edgeNodes) {
       UNWIND edgeNodes AS e
       ${REGION_OF}
       RETURN collect(${FACTS}) AS edge
     }
     CALL () {
       MATCH (:Enterprise {id: $plant})-[:NEEDS]->(c:Component)<-[:MAKES]-(m:Enterprise)
       RETURN collect({enterprise: m.id, component: c.id}) AS makes
     }
     ${RESTRICTIONS}
     RETURN inside, edge, needs, supplies, makes, components, restrictions, loans`,
    { starts: [...starts], plant: alternativesFor },
  );
  const row = result.records[0];
  if (!row) return { enterprises: [], needs: [], supplies: [], makes: [], components: [], restrictions: [], loans: [] };
  return {
    enterprises: [...row.get('inside'), ...row.get('edge').map((e) => ({ ...e, knownAble: true }))],
    needs: row.get('needs'),
    supplies: row.get('supplies'),
    makes: row.get('makes'),
    components: row.get('components'),
    restrictions: row.get('restrictions'),
    loans: row.get('loans'),
  };
}

/** Enterprises downstream of `ids` (included), whatever their state: who a status change can affect. */
export async function downstreamOf(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const result = await tx.run<{ ids: string[] }>(
    `UNWIND $ids AS sid MATCH (s:Enterprise {id: sid})
     MATCH ANY SHORTEST (s)(()-[:SUPPLIES]->(:Enterprise)){0,}(x:Enterprise)
     RETURN collect(DISTINCT x.id) AS ids`,
    { ids: [...ids] },
  );
  return result.records[0]?.get('ids') ?? [];
}

/**
 * Customers of the supply edges the restriction applies to (DOMAIN.md,
 * "Logistics"): downstream of them is all a restriction can change. An
 * enterprise lies in a region's subtree when its district is the region or
 * below it.
 */
export async function restrictionCustomers(tx: Tx, restrictionId: string): Promise<string[]> {
  const result = await tx.run<{ ids: string[] }>(
    `MATCH (r:Restriction {id: $id})
     CALL (r) {
       WITH r WHERE r.supplier IS NOT NULL
       MATCH (:Enterprise {id: r.supplier})-[s:SUPPLIES]->(c:Enterprise {id: r.customer}) WHERE s.component = r.component
       RETURN c.id AS id
       UNION
       WITH r WHERE r.supplier IS NULL AND r.direction IN ['OUTBOUND', 'BOTH']
       MATCH (g:Region {code: r.region})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(:Enterprise)-[:SUPPLIES]->(c:Enterprise)
       WHERE NOT EXISTS { (c)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(g) }
       RETURN c.id AS id
       UNION
       WITH r WHERE r.supplier IS NULL AND r.direction IN ['INBOUND', 'BOTH']
       MATCH (g:Region {code: r.region})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(c:Enterprise)<-[:SUPPLIES]-(s:Enterprise)
       WHERE NOT EXISTS { (s)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(g) }
       RETURN c.id AS id
     }
     RETURN collect(DISTINCT id) AS ids`,
    { id: restrictionId },
  );
  return result.records[0]?.get('ids') ?? [];
}

/** Writes `able0` for the given enterprises, in batches. */
export async function writeAble0(tx: Tx, flags: { id: string; able0: boolean }[]): Promise<void> {
  for (let start = 0; start < flags.length; start += 20_000) {
    await tx.run('UNWIND $rows AS row MATCH (e:Enterprise {id: row.id}) SET e.able0 = row.able0', { rows: flags.slice(start, start + 20_000) });
  }
}

/** A dashboard candidate `e`, in Cypher: the rule and why are in src/analysis/region.ts (isDashboardCandidate); keep the two the same. */
const DASHBOARD_CANDIDATE = `e.status <> 'CLOSED' AND NOT (e.status = 'OPERATING' AND coalesce(e.able0, false))`;

/** Ids of the dashboard candidates of the region's subtree, in id order. */
export async function regionCandidateIds(tx: Tx, regionCode: string): Promise<string[]> {
  const result = await tx.run<{ id: string }>(
    `MATCH (r:Region {code: $code})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(e:Enterprise)
     WHERE ${DASHBOARD_CANDIDATE}
     RETURN e.id AS id ORDER BY id`,
    { code: regionCode },
  );
  return result.records.map((r) => r.get('id'));
}

/** Ids of every dashboard candidate, wherever it lies, in id order. */
export async function allCandidateIds(tx: Tx): Promise<string[]> {
  const result = await tx.run<{ id: string }>(`MATCH (e:Enterprise) WHERE ${DASHBOARD_CANDIDATE} RETURN e.id AS id ORDER BY id`);
  return result.records.map((r) => r.get('id'));
}

/** How many OPERATING able0 enterprises the region's subtree holds, and their workforce: at work on any date. */
export async function regionAtWorkAlways(tx: Tx, regionCode: string): Promise<{ count: number; workforce: number }> {
  const result = await tx.run<{ count: number; workforce: number }>(
    `MATCH (r:Region {code: $code})<-[:PART_OF*0..2]-(:Region)<-[:LOCATED_IN]-(e:Enterprise)
     WHERE e.status = 'OPERATING' AND coalesce(e.able0, false)
     RETURN count(e) AS count, coalesce(sum(coalesce(e.workforce, 0)), 0) AS workforce`,
    { code: regionCode },
  );
  const row = result.records[0];
  return { count: row?.get('count') ?? 0, workforce: row?.get('workforce') ?? 0 };
}

/**
 * Where the stored graph is: the load epoch and the last change's seq (a status, restriction or loan change),
 * with up to `maxChanges` changes after `afterSeq`. Runs before every answer,
 * so the usual case, nothing new, is one lookup of the lock node by its
 * unique id; the changes are read by a second statement only when the seq
 * moved. A change and the seq it took commit together, so every change up to
 * the seq read first is there for the second statement, even in a
 * transaction of its own.
 */
export async function readModelVersion(tx: Tx, afterSeq: number, maxChanges: number): Promise<ModelVersion & { changes: StoredChange[] }> {
  const head = await tx.run<{ epoch: string | null; seq: number }>(
    "OPTIONAL MATCH (l:AnalysisLock {id: 'able0'}) RETURN l.epoch AS epoch, coalesce(l.seq, 0) AS seq",
  );
  const epoch = head.records[0]!.get('epoch') ?? null;
  const seq = head.records[0]!.get('seq');
  if (seq <= afterSeq || maxChanges <= 0) return { epoch, seq, changes: [] };
  // Each label's seq is unique (migrations 0004, 0007, 0008), so each part is an index range scan.
  const result = await tx.run<{ change: StoredChange }>(
    `CALL () {
       MATCH (c:StatusChange) WHERE $after < c.seq <= $seq
       WITH c ORDER BY c.seq LIMIT $max
       MATCH (c)-[:OF]->(e:Enterprise)
       RETURN c.seq AS at, {seq: c.seq, enterpriseId: e.id, status: c.status, expectedResumeDate: toString(c.expectedResumeDate)} AS change
       UNION
       MATCH (c:RestrictionChange) WHERE $after < c.seq <= $seq
       WITH c ORDER BY c.seq LIMIT $max
       RETURN c.seq AS at, {seq: c.seq, restriction: {
         id: c.restrictionId,
         supply: CASE WHEN c.supplier IS NULL THEN null ELSE {supplier: c.supplier, customer: c.customer, component: c.component} END,
         region: c.region, direction: c.direction, from: toString(c.from), until: toString(c.until)
       }} AS change
       UNION
       MATCH (c:LoanChange) WHERE $after < c.seq <= $seq
       WITH c ORDER BY c.seq LIMIT $max
       RETURN c.seq AS at, {seq: c.seq, loan: {
         id: c.loanId, lender: c.lender, borrower: c.borrower, component: c.component,
         coverDays: toInteger(c.coverDays), start: toString(c.start), returnedOn: toString(c.returnedOn)
       }} AS change
     }
     WITH at, change ORDER BY at LIMIT $max
     RETURN change`,
    { after: neo4j.int(afterSeq), seq: neo4j.int(seq), max: neo4j.int(maxChanges) },
  );
  return { epoch, seq, changes: result.records.map((r) => r.get('change')) };
}

/** A new load epoch: every read model of an older one rebuilds. Call in a write transaction (which holds the graph's write lock, see neo4j/ableness-lock.ts). */
export async function startEpoch(tx: Tx): Promise<string> {
  const result = await tx.run<{ epoch: string }>(
    "MATCH (l:AnalysisLock {id: 'able0'}) SET l.epoch = randomUUID(), l.seq = coalesce(l.seq, 0) RETURN l.epoch AS epoch",
  );
  return result.records[0]!.get('epoch');
}

export interface ModelPageRow {
  facts: EnterpriseFacts & { storedAble0: boolean | null; name: string; industry: string | null; note: string | null };
  needs: [string, number | null][];
  /** Supplier, component, share. */
  supplies: [string, string, number | null][];
  /** Component, capacity per day. */
  makes: [string, number | null][];
}

/** One page of enterprises in id order, each with its needs, the supplies into it and what it makes (with the shares and capacities the read API shows). */
export async function fetchModelPage(tx: Tx, after: string, limit: number): Promise<ModelPageRow[]> {
  const result = await tx.run<ModelPageRow>(
    `MATCH (e:Enterprise) WHERE e.id > $after
     WITH e ORDER BY e.id LIMIT $limit
     ${REGION_OF}
     RETURN {
       id: e.id, status: e.status, expectedResumeDate: toString(e.expectedResumeDate),
       workforce: coalesce(e.workforce, 0), epidemicCritical: coalesce(e.epidemicCritical, false),
       district: coalesce(d.code, ''), city: coalesce(p1.code, ''), province: coalesce(p2.code, p1.code, ''),
       storedAble0: e.able0, name: e.name, industry: e.industry, note: e.note
     } AS facts,
     [(e)-[n:NEEDS]->(c:Component) | [c.id, n.stockDays]] AS needs,
     [(s:Enterprise)-[r:SUPPLIES]->(e) | [s.id, r.component, r.share]] AS supplies,
     [(e)-[m:MAKES]->(c:Component) | [c.id, m.capacityPerDay]] AS makes`,
    { after, limit: neo4j.int(limit) },
  );
  return result.records.map((r) => r.toObject());
}

/** Every component, for a read model: a few thousand at national scale. */
export async function fetchComponents(tx: Tx): Promise<{ id: string; name: string; category: string | null }[]> {
  const result = await tx.run<{ c: { id: string; name: string; category: string | null } }>('MATCH (c:Component) RETURN c {.id, .name, category: c.category} AS c');
  return result.records.map((r) => r.get('c'));
}

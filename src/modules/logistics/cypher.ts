/** Restrictions as stored: one `Restriction` node each (the dataset writer's shape), and the records of their changes. */
import neo4j from 'neo4j-driver';
import type { Tx } from '../../neo4j/database.ts';
import { NEXT_CHANGE_SEQ } from '../shared/change-seq.ts';
import type { RestrictionRecord } from './mappers.ts';

const PROJECTION = `{
  id: r.id,
  supply: CASE WHEN r.supplier IS NULL THEN null ELSE {supplier: r.supplier, customer: r.customer, component: r.component} END,
  region: r.region, direction: r.direction, from: toString(r.from), until: toString(r.until), note: r.note
}`;

export async function restrictionsByIds(tx: Tx, ids: readonly string[]): Promise<RestrictionRecord[]> {
  const result = await tx.run<{ r: RestrictionRecord }>(`UNWIND $ids AS id MATCH (r:Restriction {id: id}) RETURN ${PROJECTION} AS r`, { ids: [...ids] });
  return result.records.map((x) => x.get('r'));
}

export interface RestrictionSearch {
  regionCode: string | null;
  inForceOn: string | null;
}

/**
 * A region restriction concerns the region's subtree when its own region is
 * in that subtree or above it; an edge restriction, when its supplier or
 * customer is located in the subtree.
 */
const MATCHING = `MATCH (r:Restriction)
  WHERE ($on IS NULL OR (r.from <= date($on) AND (r.until IS NULL OR date($on) < r.until)))
    AND ($code IS NULL
      OR (r.region IS NOT NULL AND (
            EXISTS { (:Region {code: r.region})-[:PART_OF*0..2]->(:Region {code: $code}) }
            OR EXISTS { (:Region {code: $code})-[:PART_OF*0..2]->(:Region {code: r.region}) }))
      OR (r.supplier IS NOT NULL AND EXISTS {
            MATCH (e:Enterprise)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(:Region {code: $code})
            WHERE e.id IN [r.supplier, r.customer] }))`;

export async function searchRestrictions(tx: Tx, search: RestrictionSearch, after: string | null, limit: number): Promise<RestrictionRecord[]> {
  const result = await tx.run<{ r: RestrictionRecord }>(
    `${MATCHING} AND ($after IS NULL OR r.id > $after)
     WITH r ORDER BY r.id LIMIT $limit
     RETURN ${PROJECTION} AS r`,
    { code: search.regionCode, on: search.inForceOn, after, limit: neo4j.int(limit) },
  );
  return result.records.map((x) => x.get('r'));
}

export async function countRestrictions(tx: Tx, search: RestrictionSearch): Promise<number> {
  const result = await tx.run<{ n: number }>(`${MATCHING} RETURN count(r) AS n`, { code: search.regionCode, on: search.inForceOn });
  return Number(result.records[0]?.get('n') ?? 0);
}

/** Whether the supplier delivers the component to the customer: an edge restriction names an edge of the graph. */
export async function supplyEdgeExists(tx: Tx, supply: { supplier: string; customer: string; component: string }): Promise<boolean> {
  const result = await tx.run(
    `MATCH (:Enterprise {id: $supplier})-[s:SUPPLIES]->(:Enterprise {id: $customer}) WHERE s.component = $component RETURN 1 LIMIT 1`,
    supply,
  );
  return result.records.length > 0;
}

/**
 * Claims the idempotency key for this agency; returns the restriction a
 * first call created with it (null on the first call) and that call's fingerprint.
 * The key node's write lock makes a concurrent retry wait for the first call.
 */
export async function claimRestrictionKey(tx: Tx, key: string, fingerprint: string, at: string): Promise<{ restrictionId: string | null; fingerprint: string }> {
  const result = await tx.run<{ restrictionId: string | null; fingerprint: string }>(
    `MERGE (k:IdempotencyKey {key: $key})
     ON CREATE SET k.fingerprint = $fingerprint, k.createdAt = datetime($at)
     SET k.claimedAt = datetime($at)
     RETURN k.restrictionId AS restrictionId, k.fingerprint AS fingerprint`,
    { key: `restriction|${key}`, fingerprint, at },
  );
  const row = result.records[0];
  return { restrictionId: row?.get('restrictionId') ?? null, fingerprint: row?.get('fingerprint') ?? fingerprint };
}

export async function recordRestrictionKey(tx: Tx, key: string, restrictionId: string): Promise<void> {
  await tx.run('MATCH (k:IdempotencyKey {key: $key}) SET k.restrictionId = $restrictionId', { key: `restriction|${key}`, restrictionId });
}

export async function createRestriction(tx: Tx, r: RestrictionRecord): Promise<void> {
  await tx.run(
    `CREATE (r:Restriction {
       id: $id, supplier: $supplier, customer: $customer, component: $component, region: $region, direction: $direction,
       from: date($from), until: CASE WHEN $until IS NULL THEN null ELSE date($until) END, note: $note
     })`,
    {
      id: r.id,
      supplier: r.supply?.supplier ?? null,
      customer: r.supply?.customer ?? null,
      component: r.supply?.component ?? null,
      region: r.region,
      direction: r.direction,
      from: r.from,
      until: r.until,
      note: r.note,
    },
  );
}

export async function setRestrictionUntil(tx: Tx, id: string, until: string): Promise<void> {
  await tx.run('MATCH (r:Restriction {id: $id}) SET r.until = date($until)', { id, until });
}

/** Reads the restriction with its node write-locked, so two liftings of it queue rather than race. */
export async function lockedRestriction(tx: Tx, id: string): Promise<RestrictionRecord | null> {
  const result = await tx.run<{ r: RestrictionRecord }>(`MATCH (r:Restriction {id: $id}) SET r.eventCount = coalesce(r.eventCount, 0) RETURN ${PROJECTION} AS r`, { id });
  return result.records[0]?.get('r') ?? null;
}

/**
 * Records the restriction as it now stands with the next seq (see
 * shared/change-seq.ts), in the write transaction that changed it.
 */
export async function recordRestrictionChange(tx: Tx, id: string): Promise<void> {
  await tx.run(
    `MATCH (r:Restriction {id: $id})
     ${NEXT_CHANGE_SEQ}
     CREATE (:RestrictionChange {
       seq: seqLock.seq, restrictionId: r.id, supplier: r.supplier, customer: r.customer, component: r.component,
       region: r.region, direction: r.direction, from: r.from, until: r.until, at: datetime.realtime()
     })`,
    { id },
  );
}

/** Cypher of the suggestions: the region tree with its agencies, and open requests a suggestion may join. */
import type { AgencyInput, RegionInput } from '../../analysis/routing.ts';
import type { Tx } from '../../neo4j/database.ts';
import { OPEN_STATUSES } from '../coordination/transitions.ts';

export async function routingTables(tx: Tx): Promise<{ regions: RegionInput[]; agencies: AgencyInput[] }> {
  const result = await tx.run<{ regions: RegionInput[]; agencies: AgencyInput[] }>(
    `CALL () { MATCH (r:Region) OPTIONAL MATCH (r)-[:PART_OF]->(p:Region) RETURN collect({code: r.code, level: r.level, parent: p.code}) AS regions }
     CALL () { MATCH (a:Agency)-[:GOVERNS]->(r:Region) RETURN collect({id: a.id, region: r.code}) AS agencies }
     RETURN regions, agencies`,
  );
  const row = result.records[0];
  return { regions: row?.get('regions') ?? [], agencies: row?.get('agencies') ?? [] };
}

/** For each (addressee, targets) the first open request to that addressee targeting one of them (an enterprise or a restriction) with one of their components. */
export async function existingRequests(
  tx: Tx,
  wanted: {
    key: string;
    addressee: string;
    targets: { enterprise: string; components: readonly string[] }[];
    restrictions: { restriction: string; components: readonly string[] }[];
  }[],
): Promise<Map<string, string>> {
  const result = await tx.run<{ key: string; id: string }>(
    `UNWIND $wanted AS w
     CALL (w) {
       CALL (w) {
         UNWIND w.targets AS t
         MATCH (:Agency {id: w.addressee})<-[:ADDRESSED_TO]-(r:CoordinationRequest)-[x:TARGETS]->(:Enterprise {id: t.enterprise})
         WHERE r.status IN $open AND x.component IN t.components
         RETURN r.id AS id
         UNION
         UNWIND w.restrictions AS t
         MATCH (:Agency {id: w.addressee})<-[:ADDRESSED_TO]-(r:CoordinationRequest)-[x:TARGETS_RESTRICTION]->(:Restriction {id: t.restriction})
         WHERE r.status IN $open AND x.component IN t.components
         RETURN r.id AS id
       }
       RETURN id ORDER BY id LIMIT 1
     }
     RETURN w.key AS key, id`,
    { wanted, open: OPEN_STATUSES },
  );
  return new Map(result.records.map((r) => [r.get('key'), r.get('id')]));
}

/** Cypher of users: `(:User {id, name, role})-[:MEMBER_OF]->(:Agency)`. */
import type { Tx } from '../../neo4j/database.ts';
import type { UserRecord } from './mappers.ts';

export async function usersByIds(tx: Tx, ids: readonly string[]): Promise<UserRecord[]> {
  const result = await tx.run<{ u: UserRecord }>(
    `UNWIND $ids AS id MATCH (u:User {id: id})-[:MEMBER_OF]->(a:Agency) RETURN u {.id, .name, .role, agencyId: a.id} AS u`,
    { ids },
  );
  return result.records.map((r) => r.get('u'));
}

/** The ids among `ids` of agencies the graph holds. */
export async function heldAgencyIds(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const result = await tx.run<{ id: string }>(`UNWIND $ids AS id MATCH (a:Agency {id: id}) RETURN a.id AS id`, { ids });
  return result.records.map((r) => r.get('id'));
}

/** Every user the graph holds, by agency id then user id. */
export async function allUsers(tx: Tx): Promise<(UserRecord & { agencyName: string })[]> {
  const result = await tx.run<{ u: UserRecord & { agencyName: string } }>(
    `MATCH (u:User)-[:MEMBER_OF]->(a:Agency) RETURN u {.id, .name, .role, agencyId: a.id, agencyName: a.name} AS u ORDER BY a.id, u.id`,
  );
  return result.records.map((r) => r.get('u'));
}

/**
 * The keys a file refers to but does not hold, looked up in the database
 * once the whole file is checked (../dataset/checker.ts `resolve`): one
 * query per table, of every unresolved key, so that a file adding
 * enterprises to regions, agencies and components already loaded is
 * checked without a query per row.
 */
import type { Database } from '../neo4j/database.ts';
import type { KeyTable, KnownKeys } from './checker.ts';
import type { RegionLevel } from './format.ts';

/** Keys per query: one statement's parameters stay a few megabytes even for a national file. */
const KEYS_PER_QUERY = 50_000;

const LOOKUPS: Record<KeyTable, string> = {
  regions: 'UNWIND $ids AS id MATCH (r:Region {code: id}) RETURN r.code AS id, r.level AS level',
  agencies: 'UNWIND $ids AS id MATCH (a:Agency {id: id}) RETURN a.id AS id, null AS level',
  enterprises: 'UNWIND $ids AS id MATCH (e:Enterprise {id: id}) RETURN e.id AS id, null AS level',
  components: 'UNWIND $ids AS id MATCH (c:Component {id: id}) RETURN c.id AS id, null AS level',
};

/** `KnownKeys` answered by `db`; `connect` gives it when it is first needed, so a file that refers only to itself never asks. */
export function databaseKeys(connect: () => Promise<Database>): KnownKeys {
  return async (table, ids) => {
    const db = await connect();
    const found = new Map<string, RegionLevel | null>();
    for (let start = 0; start < ids.length; start += KEYS_PER_QUERY) {
      const result = await db.query<{ id: string; level: RegionLevel | null }>(
        { operation: `dataset.import.keys.${table}` },
        LOOKUPS[table],
        { ids: ids.slice(start, start + KEYS_PER_QUERY) },
      );
      for (const record of result.records) found.set(record.get('id'), record.get('level'));
    }
    return found;
  };
}

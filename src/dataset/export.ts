/**
 * Reads a dataset back out of Neo4j, table by table in the order of
 * DATASET_RECORD_ARRAYS, in pages of a few thousand records (each its own
 * read), so that a national graph streams out without being held. Records
 * come normalised, every field present, in key order: two exports of the
 * same graph are the same text.
 *
 * What is exported is the whole graph or the part around some enterprises:
 * a region's (every enterprise located in its subtree), or one enterprise's
 * upstream (it and every supplier it depends on, transitively) or
 * downstream (it and every customer). Regions, agencies, users and
 * components are exported whole, so the part imports on its own; the
 * tables about enterprises keep the records all of whose enterprises are
 * in the part (a supply edge both of whose ends are).
 */
import neo4j from 'neo4j-driver';
import type { Database } from '../neo4j/database.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';

export type ExportSelection =
  | { kind: 'all' }
  | { kind: 'region'; code: string }
  | { kind: 'upstream'; id: string }
  | { kind: 'downstream'; id: string };

/** The selection names nothing the graph holds. */
export class ExportSelectionError extends Error {
  override name = 'ExportSelectionError';
}

export interface ExportedRecord {
  array: DatasetRecordArray;
  record: Record<string, unknown>;
}

export interface ExportOptions {
  /** Records per read. */
  pageSize?: number;
}

const DEFAULT_PAGE = 5000;

type Row = Record<string, unknown>;

/** A Neo4j temporal value (or null) as the format writes it. */
function text(value: unknown): string | null {
  return value == null ? null : String(value);
}

async function rows(db: Database, operation: string, cypher: string, params: Record<string, unknown>): Promise<Row[]> {
  const result = await db.query({ operation: `dataset.export.${operation}` }, cypher, params);
  return result.records.map((r) => r.toObject() as Row);
}

/** Keyset pages of a whole label, ordered by its key. */
async function* keyPages(db: Database, operation: string, cypher: string, page: number): AsyncGenerator<Row[]> {
  let after = '';
  for (;;) {
    const batch = await rows(db, operation, cypher, { after, n: neo4j.int(page) });
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]!.key as string;
    if (batch.length < page) return;
  }
}

/** The ids of the selected enterprises, sorted; null for all of them. */
async function selectedEnterprises(db: Database, selection: ExportSelection): Promise<string[] | null> {
  switch (selection.kind) {
    case 'all':
      return null;
    case 'region': {
      const found = await rows(db, 'region', 'MATCH (r:Region {code: $code}) RETURN r.code AS code', { code: selection.code });
      if (found.length === 0) throw new ExportSelectionError(`no region has the code "${selection.code}"; give a code of the loaded regions, such as a province's "510000"`);
      const ids = await rows(
        db,
        'region',
        'MATCH (:Region {code: $code})<-[:PART_OF*0..]-(:Region)<-[:LOCATED_IN]-(e:Enterprise) RETURN DISTINCT e.id AS id',
        { code: selection.code },
      );
      return ids.map((r) => r.id as string).sort();
    }
    case 'upstream':
    case 'downstream': {
      const found = await rows(db, 'cone', 'MATCH (e:Enterprise {id: $id}) RETURN e.id AS id', { id: selection.id });
      if (found.length === 0) throw new ExportSelectionError(`no enterprise has the id "${selection.id}"; give the id of a loaded enterprise`);
      // Breadth first, a frontier per read: the cone's ids are all that is held.
      const step =
        selection.kind === 'upstream'
          ? 'UNWIND $ids AS id MATCH (s:Enterprise)-[:SUPPLIES]->(:Enterprise {id: id}) RETURN DISTINCT s.id AS id'
          : 'UNWIND $ids AS id MATCH (:Enterprise {id: id})-[:SUPPLIES]->(c:Enterprise) RETURN DISTINCT c.id AS id';
      const seen = new Set<string>([selection.id]);
      let frontier = [selection.id];
      while (frontier.length > 0) {
        const next: string[] = [];
        for (let i = 0; i < frontier.length; i += DEFAULT_PAGE) {
          for (const row of await rows(db, 'cone', step, { ids: frontier.slice(i, i + DEFAULT_PAGE) })) {
            const id = row.id as string;
            if (!seen.has(id)) {
              seen.add(id);
              next.push(id);
            }
          }
        }
        frontier = next;
      }
      return [...seen].sort();
    }
  }
}

/** Pages of selected enterprise ids, in id order. */
async function* enterprisePages(db: Database, selected: string[] | null, page: number): AsyncGenerator<string[]> {
  if (selected !== null) {
    for (let i = 0; i < selected.length; i += page) yield selected.slice(i, i + page);
    return;
  }
  for await (const batch of keyPages(db, 'enterprises', 'MATCH (e:Enterprise) WHERE e.id > $after RETURN e.id AS key ORDER BY key LIMIT $n', page)) {
    yield batch.map((r) => r.key as string);
  }
}

const WHOLE_TABLES: Partial<Record<DatasetRecordArray, string>> = {
  regions: `MATCH (r:Region) WHERE r.code > $after WITH r ORDER BY r.code LIMIT $n
    OPTIONAL MATCH (r)-[:PART_OF]->(p:Region)
    RETURN r.code AS key, r.name AS name, r.level AS level, p.code AS parent ORDER BY key`,
  agencies: `MATCH (a:Agency) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $n
    OPTIONAL MATCH (a)-[:GOVERNS]->(r:Region)
    RETURN a.id AS key, a.name AS name, r.code AS region ORDER BY key`,
  components: `MATCH (c:Component) WHERE c.id > $after
    RETURN c.id AS key, c.name AS name, c.category AS category ORDER BY key LIMIT $n`,
  users: `MATCH (u:User) WHERE u.id > $after WITH u ORDER BY u.id LIMIT $n
    OPTIONAL MATCH (u)-[:MEMBER_OF]->(a:Agency)
    RETURN u.id AS key, u.name AS name, a.id AS agency, u.role AS role ORDER BY key`,
  restrictions: `MATCH (r:Restriction) WHERE r.id > $after
    RETURN r.id AS key, r.supplier AS supplier, r.customer AS customer, r.component AS component, r.region AS region, r.direction AS direction,
      r.from AS from, r.until AS until, r.note AS note ORDER BY key LIMIT $n`,
  loans: `MATCH (l:Loan) WHERE l.id > $after
    RETURN l.id AS key, l.lender AS lender, l.borrower AS borrower, l.component AS component, l.quantity AS quantity, l.unit AS unit,
      l.coverDays AS coverDays, l.start AS start, l.returnBy AS returnBy, l.returnedOn AS returnedOn ORDER BY key LIMIT $n`,
  helpRequests: `MATCH (h:HelpRequest) WHERE h.id > $after
    RETURN h.id AS key, h.enterprise AS enterprise, h.component AS component, h.quantity AS quantity, h.unit AS unit,
      h.neededBy AS neededBy, h.note AS note, h.withdrawnOn AS withdrawnOn ORDER BY key LIMIT $n`,
  helpOffers: `MATCH (h:HelpOffer) WHERE h.id > $after
    RETURN h.id AS key, h.enterprise AS enterprise, h.component AS component, h.quantity AS quantity, h.unit AS unit,
      h.until AS until, h.note AS note, h.withdrawnOn AS withdrawnOn ORDER BY key LIMIT $n`,
  applications: `MATCH (a:ResumptionApplication) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $n
    OPTIONAL MATCH (a)-[:FOR]->(e:Enterprise)
    CALL (a) {
      OPTIONAL MATCH (a)-[:HAS_EVENT]->(ev:RequestEvent)
      WITH ev ORDER BY ev.seq
      RETURN collect(CASE WHEN ev IS NULL THEN null ELSE {kind: ev.kind, at: ev.at, actor: ev.actor, agency: ev.agencyId, note: ev.note} END) AS events
    }
    RETURN a.id AS key, e.id AS enterprise, a.status AS status, a.filedOn AS filedOn, a.plannedDate AS plannedDate,
      a.workforceReturning AS workforceReturning, a.measures AS measures, a.commitment AS commitment, a.documentsDue AS documentsDue,
      a.documentsReceivedOn AS documentsReceivedOn, a.decidedOn AS decidedOn, a.refusalReason AS refusalReason, a.note AS note, events
    ORDER BY key`,
};

const ENTERPRISE_TABLES: Partial<Record<DatasetRecordArray, string>> = {
  enterprises: `UNWIND $ids AS id MATCH (e:Enterprise {id: id})
    OPTIONAL MATCH (e)-[:LOCATED_IN]->(d:Region)
    RETURN e.id AS id, e.name AS name, d.code AS region, e.industry AS industry, e.status AS status, e.workforce AS workforce,
      e.epidemicCritical AS epidemicCritical, e.expectedResumeDate AS expectedResumeDate, e.note AS note ORDER BY id`,
  makes: `UNWIND $ids AS id MATCH (e:Enterprise {id: id})-[m:MAKES]->(c:Component)
    RETURN e.id AS enterprise, c.id AS component, m.capacityPerDay AS capacityPerDay ORDER BY enterprise, component`,
  needs: `UNWIND $ids AS id MATCH (e:Enterprise {id: id})-[n:NEEDS]->(c:Component)
    RETURN e.id AS enterprise, c.id AS component, n.stockDays AS stockDays ORDER BY enterprise, component`,
  supplies: `UNWIND $ids AS id MATCH (s:Enterprise {id: id})-[r:SUPPLIES]->(c:Enterprise)
    RETURN s.id AS supplier, c.id AS customer, r.component AS component, r.share AS share ORDER BY supplier, customer, component`,
};

const MEASURE_ORDER = ['TEMPERATURE_CHECKS', 'MASKS', 'DISINFECTION', 'STAGGERED_CANTEEN', 'ISOLATION_ROOM', 'STAFF_HEALTH_REGISTER'];

/** A row of Neo4j as the record of its table, in the format's field order. */
function recordOf(array: DatasetRecordArray, row: Row): Record<string, unknown> {
  switch (array) {
    case 'regions':
      return { code: row.key, name: row.name, level: row.level, parent: row.parent ?? null };
    case 'agencies':
      return { id: row.key, name: row.name, region: row.region };
    case 'enterprises':
      return {
        id: row.id,
        name: row.name,
        region: row.region,
        industry: row.industry ?? null,
        status: row.status,
        workforce: row.workforce ?? 0,
        epidemicCritical: row.epidemicCritical ?? false,
        expectedResumeDate: text(row.expectedResumeDate),
        note: row.note ?? null,
      };
    case 'components':
      return { id: row.key, name: row.name, category: row.category ?? null };
    case 'makes':
      return { enterprise: row.enterprise, component: row.component, capacityPerDay: row.capacityPerDay ?? null };
    case 'needs':
      return { enterprise: row.enterprise, component: row.component, stockDays: row.stockDays ?? null };
    case 'supplies':
      return { supplier: row.supplier, customer: row.customer, component: row.component, share: row.share ?? null };
    case 'users':
      return { id: row.key, name: row.name, agency: row.agency, role: row.role };
    case 'restrictions':
      return {
        id: row.key,
        supply: row.supplier == null ? null : { supplier: row.supplier, customer: row.customer, component: row.component },
        region: row.region ?? null,
        direction: row.direction ?? null,
        from: text(row.from),
        until: text(row.until),
        note: row.note ?? null,
      };
    case 'loans':
      return {
        id: row.key,
        lender: row.lender,
        borrower: row.borrower,
        component: row.component,
        quantity: row.quantity,
        unit: row.unit,
        coverDays: row.coverDays,
        start: text(row.start),
        returnBy: text(row.returnBy),
        returnedOn: text(row.returnedOn),
      };
    case 'helpRequests':
      return {
        id: row.key,
        enterprise: row.enterprise,
        component: row.component,
        quantity: row.quantity,
        unit: row.unit,
        neededBy: text(row.neededBy),
        note: row.note ?? null,
        withdrawnOn: text(row.withdrawnOn),
      };
    case 'helpOffers':
      return {
        id: row.key,
        enterprise: row.enterprise,
        component: row.component,
        quantity: row.quantity,
        unit: row.unit,
        until: text(row.until),
        note: row.note ?? null,
        withdrawnOn: text(row.withdrawnOn),
      };
    case 'applications': {
      const measures = new Set((row.measures as string[] | null) ?? []);
      return {
        id: row.key,
        enterprise: row.enterprise,
        status: row.status,
        filedOn: text(row.filedOn),
        plannedDate: text(row.plannedDate),
        workforceReturning: row.workforceReturning,
        measures: MEASURE_ORDER.filter((m) => measures.has(m)),
        commitment: row.commitment ?? false,
        documentsDue: text(row.documentsDue),
        documentsReceivedOn: text(row.documentsReceivedOn),
        decidedOn: text(row.decidedOn),
        refusalReason: row.refusalReason ?? null,
        note: row.note ?? null,
        events: ((row.events as Row[] | null) ?? []).map((e) => ({ kind: e.kind, at: text(e.at), actor: e.actor, agency: e.agency, note: e.note ?? null })),
      };
    }
  }
}

/** Whether a record about enterprises stays within the selection. */
function within(array: DatasetRecordArray, record: Record<string, unknown>, selected: ReadonlySet<string>): boolean {
  const has = (id: unknown) => typeof id === 'string' && selected.has(id);
  switch (array) {
    case 'supplies':
      return has(record.customer);
    case 'restrictions': {
      const supply = record.supply as Record<string, unknown> | null;
      return supply === null || (has(supply.supplier) && has(supply.customer));
    }
    case 'loans':
      return has(record.lender) && has(record.borrower);
    case 'helpRequests':
    case 'helpOffers':
    case 'applications':
      return has(record.enterprise);
    default:
      return true;
  }
}

/**
 * The selected records, table by table, read as they are consumed. Throws
 * ExportSelectionError, before anything is read, when the selection names
 * nothing the graph holds.
 */
export async function exportRecords(db: Database, selection: ExportSelection, options: ExportOptions = {}): Promise<AsyncGenerator<ExportedRecord>> {
  const selected = await selectedEnterprises(db, selection);
  return records(db, selected, options.pageSize ?? DEFAULT_PAGE);
}

async function* records(db: Database, selected: string[] | null, page: number): AsyncGenerator<ExportedRecord> {
  const selectedSet = selected === null ? null : new Set(selected);
  for (const array of DATASET_RECORD_ARRAYS) {
    const whole = WHOLE_TABLES[array];
    if (whole !== undefined) {
      for await (const batch of keyPages(db, array, whole, page)) {
        for (const row of batch) {
          const record = recordOf(array, row);
          if (selectedSet === null || within(array, record, selectedSet)) yield { array, record };
        }
      }
      continue;
    }
    const perEnterprise = ENTERPRISE_TABLES[array]!;
    for await (const ids of enterprisePages(db, selected, page)) {
      for (const row of await rows(db, array, perEnterprise, { ids })) {
        const record = recordOf(array, row);
        if (selectedSet === null || within(array, record, selectedSet)) yield { array, record };
      }
    }
  }
}

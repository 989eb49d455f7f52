/**
 * Writes a validated dataset into Neo4j with batched `UNWIND … MERGE`
 * statements. Loading upserts: every record in the document is created or
 * brought up to date (absent optional fields remove the property); nothing
 * absent from the document is deleted. Loading the same document twice
 * therefore changes nothing.
 *
 * A document of up to ATOMIC_MAX_ROWS records is written in one
 * transaction, so a value Neo4j refuses midway leaves the graph as it was.
 * A larger one (a national network, loaded with `npm run load`) would not
 * fit one transaction in the server's memory and is written one transaction
 * per batch; the checker's rules keep out what Neo4j is known to refuse.
 */
import { DatabaseError, DatabaseUnavailableError, TransientDatabaseError } from '../neo4j/errors.ts';
import type { Database, Tx } from '../neo4j/database.ts';
import { API_ID_TABLES, apiIdNumber, lastApiIdNumber, type ApiIdKind, type ApiIdTable } from './api-ids.ts';
import { LOGISTICS_ARRAYS, OPEN_APPLICATION_STATUSES, type NormalisedApplication, type NormalisedDataset, type NormalisedLogistics } from './format.ts';

/** Records (regions counted twice: their parents are a second pass) written in one transaction at most. */
export const ATOMIC_MAX_ROWS = 100_000;

/** Neo4j refused a statement of the load: `written` says whether earlier batches stayed written. */
export class DatasetWriteError extends Error {
  override name = 'DatasetWriteError';

  constructor(
    /** The array being written, or null when Neo4j refused at the commit. */
    readonly phase: keyof NormalisedDataset | null,
    readonly atomic: boolean,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      atomic
        ? `Neo4j refused to write ${phase ?? 'the dataset'}: ${reason}; nothing was written (the load is one transaction)`
        : `Neo4j refused to write ${phase ?? 'the dataset'}: ${reason}; the batches before it stay written (loading is an upsert: fix the file and load it again)`,
      options,
    );
  }
}

/** Neo4j's own reason, without the index internals it appends. */
function reasonOf(error: DatabaseError): string {
  const text = error.message.split(/\n|, please see| Index: /)[0]!.trim();
  return `${error.code ?? 'error'}: ${text.slice(0, 300)}`;
}

/** A refusal of the data becomes a DatasetWriteError; an unreachable or busy server stays what it is. */
function refusal(error: unknown, phase: keyof NormalisedDataset | null, atomic: boolean): unknown {
  if (error instanceof DatabaseError && !(error instanceof DatabaseUnavailableError) && !(error instanceof TransientDatabaseError)) {
    return new DatasetWriteError(phase, atomic, reasonOf(error), { cause: error });
  }
  return error;
}

export interface WriteProgress {
  (phase: keyof NormalisedDataset, written: number, total: number): void;
}

export interface WriteOptions {
  /** Rows per transaction: large enough to amortise a round trip, small enough to keep transactions light. */
  batchSize?: number;
  progress?: WriteProgress;
  requestId?: string;
  /** After each statement's rows are written: its name (`regions`, `region parents`, …), rows and seconds, for the benchmark. */
  onStep?: (name: string, rows: number, seconds: number) => void;
}

const optionalDate = (field: string): string => `CASE WHEN ${field} IS NULL THEN null ELSE date(${field}) END`;

/**
 * Restrictions, loans, help requests and offers as nodes keyed by id, their
 * enterprises, components and regions named by id: the analysis reads them
 * whole, and a loan or restriction outlives the edge it names.
 */
const LOGISTICS_STATEMENTS: { [K in keyof NormalisedLogistics]: string } = {
  restrictions: `UNWIND $rows AS row
    MERGE (r:Restriction {id: row.id})
    SET r.supplier = row.supply.supplier, r.customer = row.supply.customer, r.component = row.supply.component,
        r.region = row.region, r.direction = row.direction,
        r.from = date(row.from), r.until = ${optionalDate('row.until')}, r.note = row.note`,
  loans: `UNWIND $rows AS row
    MERGE (l:Loan {id: row.id})
    SET l.lender = row.lender, l.borrower = row.borrower, l.component = row.component,
        l.quantity = row.quantity, l.unit = row.unit, l.coverDays = row.coverDays,
        l.start = date(row.start), l.returnBy = date(row.returnBy), l.returnedOn = ${optionalDate('row.returnedOn')}`,
  helpRequests: `UNWIND $rows AS row
    MERGE (h:HelpRequest {id: row.id})
    SET h.enterprise = row.enterprise, h.component = row.component, h.quantity = row.quantity, h.unit = row.unit,
        h.neededBy = date(row.neededBy), h.note = row.note, h.withdrawnOn = ${optionalDate('row.withdrawnOn')}`,
  helpOffers: `UNWIND $rows AS row
    MERGE (h:HelpOffer {id: row.id})
    SET h.enterprise = row.enterprise, h.component = row.component, h.quantity = row.quantity, h.unit = row.unit,
        h.until = date(row.until), h.note = row.note, h.withdrawnOn = ${optionalDate('row.withdrawnOn')}`,
};

// A record's stale edge is removed in a subquery that starts from the record's node, the far end
// unlabelled: with a label, the planner scans that label's whole index for the far end and expands
// into it (2,970 agencies cost 48M db hits), and outside a subquery the delete makes the plan eager.
const STATEMENTS: { [K in keyof NormalisedDataset]: string } = {
  regions: `UNWIND $rows AS row
    MERGE (r:Region {code: row.code})
    SET r.name = row.name, r.level = row.level`,
  agencies: `UNWIND $rows AS row
    MERGE (a:Agency {id: row.id})
    SET a.name = row.name
    WITH a, row
    MATCH (r:Region {code: row.region})
    CALL (a, row) { MATCH (a)-[old:GOVERNS]->(other) WHERE other.code <> row.region DELETE old }
    MERGE (a)-[:GOVERNS]->(r)`,
  enterprises: `UNWIND $rows AS row
    MERGE (e:Enterprise {id: row.id})
    SET e.name = row.name, e.industry = row.industry, e.status = row.status,
        e.workforce = row.workforce, e.epidemicCritical = row.epidemicCritical,
        e.expectedResumeDate = CASE WHEN row.expectedResumeDate IS NULL THEN null ELSE date(row.expectedResumeDate) END,
        e.note = row.note
    WITH e, row
    MATCH (d:Region {code: row.region})
    CALL (e, row) { MATCH (e)-[old:LOCATED_IN]->(other) WHERE other.code <> row.region DELETE old }
    MERGE (e)-[:LOCATED_IN]->(d)`,
  components: `UNWIND $rows AS row
    MERGE (c:Component {id: row.id})
    SET c.name = row.name, c.category = row.category`,
  makes: `UNWIND $rows AS row
    MATCH (e:Enterprise {id: row.enterprise}), (c:Component {id: row.component})
    MERGE (e)-[m:MAKES]->(c)
    SET m.capacityPerDay = row.capacityPerDay`,
  needs: `UNWIND $rows AS row
    MATCH (e:Enterprise {id: row.enterprise}), (c:Component {id: row.component})
    MERGE (e)-[n:NEEDS]->(c)
    SET n.stockDays = row.stockDays`,
  supplies: `UNWIND $rows AS row
    MATCH (s:Enterprise {id: row.supplier}), (e:Enterprise {id: row.customer})
    MERGE (s)-[r:SUPPLIES {component: row.component}]->(e)
    SET r.share = row.share`,
  users: `UNWIND $rows AS row
    MERGE (u:User {id: row.id})
    SET u.name = row.name, u.role = row.role
    WITH u, row
    MATCH (a:Agency {id: row.agency})
    CALL (u, row) { MATCH (u)-[old:MEMBER_OF]->(other) WHERE other.id <> row.agency DELETE old }
    MERGE (u)-[:MEMBER_OF]->(a)`,
  // An application is brought to the file's state, its event log included
  // (replaced, so that loading twice changes nothing), and is its
  // enterprise's open application exactly while its status is open, as
  // src/modules/applications/cypher.ts keeps it for filings through the API.
  applications: `UNWIND $rows AS row
    MATCH (e:Enterprise {id: row.enterprise})
    MERGE (a:ResumptionApplication {id: row.id})
    ON CREATE SET a.createdAt = datetime(row.createdAt), a.lock = 0
    SET a.status = row.status, a.filedOn = date(row.filedOn), a.plannedDate = date(row.plannedDate),
        a.workforceReturning = row.workforceReturning, a.commitment = row.commitment,
        a.measures = CASE WHEN size(row.measures) = 0 THEN null ELSE row.measures END,
        a.documentsDue = CASE WHEN row.documentsDue IS NULL THEN null ELSE date(row.documentsDue) END,
        a.documentsReceivedOn = CASE WHEN row.documentsReceivedOn IS NULL THEN null ELSE date(row.documentsReceivedOn) END,
        a.decidedOn = CASE WHEN row.decidedOn IS NULL THEN null ELSE date(row.decidedOn) END,
        a.refusalReason = row.refusalReason, a.note = row.note, a.filerAgencyId = null,
        a.updatedAt = datetime(row.updatedAt), a.eventCount = size(row.events),
        a.seq = CASE WHEN row.seq IS NULL THEN null ELSE toInteger(row.seq) END
    WITH a, e, row
    CALL (a, e) {
      MATCH (a)-[old:FOR]->(other) WHERE other <> e
      DELETE old
    }
    MERGE (a)-[:FOR]->(e)
    WITH a, row
    CALL (a) {
      OPTIONAL MATCH (a)-[:HAS_EVENT]->(old:RequestEvent)
      DETACH DELETE old
    }
    CALL (a, row) {
      UNWIND range(0, size(row.events) - 1) AS k
      WITH a, k, row.events[k] AS ev
      CREATE (a)-[:HAS_EVENT]->(:RequestEvent {
        requestId: a.id, seq: k + 1, kind: ev.kind, actor: ev.actor, agencyId: ev.agency, at: datetime(ev.at), note: ev.note
      })
    }
    CALL (a) {
      OPTIONAL MATCH (:OpenApplication)-[open:OPEN_APPLICATION]->(a)
      DELETE open
    }
    WITH a, row WHERE row.status IN $openStatuses
    MERGE (o:OpenApplication {enterpriseId: row.enterprise})
    MERGE (o)-[:OPEN_APPLICATION {enterpriseId: row.enterprise}]->(a)`,
  ...LOGISTICS_STATEMENTS,
};

/** Moves a kind's counter (./api-ids.ts) up to the highest number loaded, never back. */
const API_ID_COUNTER = `UNWIND $rows AS row
  MERGE (c:Counter {name: row.counter})
  SET c.value = CASE WHEN coalesce(c.value, 0) >= row.last THEN c.value ELSE toInteger(row.last) END`;

/** Region hierarchy edges go after all regions exist, so parents may appear after children in the document. */
const REGION_PARENTS = `UNWIND $rows AS row
  MATCH (r:Region {code: row.code})
  CALL (r, row) { MATCH (r)-[old:PART_OF]->(other) WHERE row.parent IS NULL OR other.code <> row.parent DELETE old }
  WITH r, row WHERE row.parent IS NOT NULL
  MATCH (p:Region {code: row.parent})
  MERGE (r)-[:PART_OF]->(p)`;

/**
 * An application's row: the file's fields, and the instants it was created
 * and last changed, which a file does not say but its events do (the day
 * it was filed and its last event otherwise; the zone is Asia/Shanghai's).
 */
export function applicationRow(a: NormalisedApplication): NormalisedApplication & { createdAt: string; updatedAt: string; seq: number | null } {
  const filed = `${a.filedOn}T00:00:00+08:00`;
  return { ...a, createdAt: a.events[0]?.at ?? filed, updatedAt: a.events.at(-1)?.at ?? filed, seq: apiIdNumber('ResumptionApplication', a.id) };
}

/** For each kind whose ids `dataset` carries, the highest number among them: where its counter must reach. */
export function lastApiIdNumbers(dataset: Partial<Pick<NormalisedDataset, ApiIdTable>>): { table: ApiIdTable; counter: ApiIdKind; last: number }[] {
  return (Object.keys(API_ID_TABLES) as ApiIdTable[]).flatMap((table) => {
    const counter = API_ID_TABLES[table];
    const last = lastApiIdNumber(counter, (dataset[table] ?? []).map((r) => r.id));
    return last > 0 ? [{ table, counter, last }] : [];
  });
}

interface Step {
  phase: keyof NormalisedDataset;
  /** What the step writes, when it is not the phase's records. */
  name?: string;
  rows: readonly unknown[];
  statement: string;
  progress: boolean;
}

function stepsOf(dataset: NormalisedDataset): Step[] {
  const counters = lastApiIdNumbers(dataset).map(({ table, counter, last }) => ({
    phase: table,
    name: `${table} counter`,
    rows: [{ counter, last }],
    statement: API_ID_COUNTER,
    progress: false,
  }));
  return [
    { phase: 'regions', rows: dataset.regions, statement: STATEMENTS.regions, progress: true },
    { phase: 'regions', name: 'region parents', rows: dataset.regions, statement: REGION_PARENTS, progress: false },
    ...(['agencies', 'enterprises', 'components', 'makes', 'needs', 'supplies', 'users', ...LOGISTICS_ARRAYS] as const).map((phase) => ({
      phase,
      // A document without the later tables (an older file) leaves them as they are.
      rows: (dataset[phase] ?? []) as readonly unknown[],
      statement: STATEMENTS[phase],
      progress: true,
    })),
    { phase: 'applications', rows: (dataset.applications ?? []).map(applicationRow), statement: STATEMENTS.applications, progress: true },
    // After the records: the API's next ids of each kind come after those loaded.
    ...counters,
  ];
}

/** Runs one step's batches in `tx`; throws a DatasetWriteError for what Neo4j refuses. */
async function runStep(tx: Tx, step: Step, batch: readonly unknown[], atomic: boolean): Promise<void> {
  try {
    await tx.run(step.statement, { rows: batch, openStatuses: OPEN_APPLICATION_STATUSES });
  } catch (error) {
    throw refusal(error, step.phase, atomic);
  }
}

export async function writeDataset(db: Database, dataset: NormalisedDataset, options: WriteOptions = {}): Promise<void> {
  const size = options.batchSize ?? 5000;
  const steps = stepsOf(dataset);
  const rows = steps.reduce((sum, step) => sum + step.rows.length, 0);
  const report = (step: Step, start: number) => {
    if (step.progress) options.progress?.(step.phase, Math.min(start + size, step.rows.length), step.rows.length);
  };
  if (rows <= ATOMIC_MAX_ROWS) {
    try {
      await db.write({ operation: 'dataset.write', requestId: options.requestId, timeoutMs: 300_000 }, async (tx) => {
        for (const step of steps) {
          const started = performance.now();
          for (let start = 0; start < step.rows.length; start += size) await runStep(tx, step, step.rows.slice(start, start + size), true);
          options.onStep?.(step.name ?? step.phase, step.rows.length, (performance.now() - started) / 1000);
        }
      });
    } catch (error) {
      // Neo4j checks some limits (index key sizes) only at the commit.
      throw error instanceof DatasetWriteError ? error : refusal(error, null, true);
    }
    for (const step of steps) if (step.rows.length > 0) report(step, step.rows.length);
    return;
  }
  for (const step of steps) {
    const started = performance.now();
    for (let start = 0; start < step.rows.length; start += size) {
      const batch = step.rows.slice(start, start + size);
      await db.write({ operation: `dataset.write.${step.phase}`, requestId: options.requestId, timeoutMs: 300_000 }, (tx) => runStep(tx, step, batch, false));
      report(step, start);
    }
    options.onStep?.(step.name ?? step.phase, step.rows.length, (performance.now() - started) / 1000);
  }
}

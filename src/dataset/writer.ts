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
import type { NormalisedDataset } from './format.ts';

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
}

const STATEMENTS: { [K in keyof NormalisedDataset]: string } = {
  regions: `UNWIND $rows AS row
    MERGE (r:Region {code: row.code})
    SET r.name = row.name, r.level = row.level`,
  agencies: `UNWIND $rows AS row
    MERGE (a:Agency {id: row.id})
    SET a.name = row.name
    WITH a, row
    MATCH (r:Region {code: row.region})
    OPTIONAL MATCH (a)-[old:GOVERNS]->(other:Region) WHERE other.code <> row.region
    DELETE old
    MERGE (a)-[:GOVERNS]->(r)`,
  enterprises: `UNWIND $rows AS row
    MERGE (e:Enterprise {id: row.id})
    SET e.name = row.name, e.industry = row.industry, e.status = row.status,
        e.workforce = row.workforce, e.epidemicCritical = row.epidemicCritical,
        e.expectedResumeDate = CASE WHEN row.expectedResumeDate IS NULL THEN null ELSE date(row.expectedResumeDate) END,
        e.note = row.note
    WITH e, row
    MATCH (d:Region {code: row.region})
    OPTIONAL MATCH (e)-[old:LOCATED_IN]->(other:Region) WHERE other.code <> row.region
    DELETE old
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
    OPTIONAL MATCH (u)-[old:MEMBER_OF]->(other:Agency) WHERE other.id <> row.agency
    DELETE old
    MERGE (u)-[:MEMBER_OF]->(a)`,
};

/** Region hierarchy edges go after all regions exist, so parents may appear after children in the document. */
const REGION_PARENTS = `UNWIND $rows AS row
  MATCH (r:Region {code: row.code})
  OPTIONAL MATCH (r)-[old:PART_OF]->(other:Region) WHERE row.parent IS NULL OR other.code <> row.parent
  DELETE old
  WITH r, row WHERE row.parent IS NOT NULL
  MATCH (p:Region {code: row.parent})
  MERGE (r)-[:PART_OF]->(p)`;

interface Step {
  phase: keyof NormalisedDataset;
  rows: readonly unknown[];
  statement: string;
  progress: boolean;
}

function stepsOf(dataset: NormalisedDataset): Step[] {
  return [
    { phase: 'regions', rows: dataset.regions, statement: STATEMENTS.regions, progress: true },
    { phase: 'regions', rows: dataset.regions, statement: REGION_PARENTS, progress: false },
    ...(['agencies', 'enterprises', 'components', 'makes', 'needs', 'supplies', 'users'] as const).map((phase) => ({
      phase,
      rows: (dataset[phase] ?? []) as readonly unknown[],
      statement: STATEMENTS[phase],
      progress: true,
    })),
  ];
}

/** Runs one step's batches in `tx`; throws a DatasetWriteError for what Neo4j refuses. */
async function runStep(tx: Tx, step: Step, batch: readonly unknown[], atomic: boolean): Promise<void> {
  try {
    await tx.run(step.statement, { rows: batch });
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
          for (let start = 0; start < step.rows.length; start += size) await runStep(tx, step, step.rows.slice(start, start + size), true);
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
    for (let start = 0; start < step.rows.length; start += size) {
      const batch = step.rows.slice(start, start + size);
      await db.write({ operation: `dataset.write.${step.phase}`, requestId: options.requestId, timeoutMs: 300_000 }, (tx) => runStep(tx, step, batch, false));
      report(step, start);
    }
  }
}

/**
 * Loading a dataset: validate the whole document, write nothing unless it is
 * clean, then let the parts of the service that keep derived state bring it
 * up to date. Shared by `npm run load` and the `loadDataset` mutation.
 */
import type { Database } from '../../neo4j/database.ts';
import { validateDataset, type Problem } from '../../dataset/validate.ts';
import { DatasetWriteError, writeDataset, type WriteOptions, type WriteProgress } from '../../dataset/writer.ts';
import type { NormalisedDataset } from '../../dataset/format.ts';
import { datasetCounts, type DatasetCounts } from '../../dataset/stats.ts';
import { readSeed } from '../../dataset/seed.ts';
import type { KnownKeys } from '../../dataset/checker.ts';
import { databaseKeys } from '../../dataset/known-keys.ts';
import type { ImportRecords } from '../../dataset/import-source.ts';

export interface LoadOutcome {
  loaded: boolean;
  problems: Problem[];
  warnings: Problem[];
  counts: DatasetCounts;
}

/** Runs after a dataset was written, e.g. to refresh materialised analysis state. */
export type AfterLoad = (db: Database, dataset: NormalisedDataset) => Promise<void>;

export class DatasetService {
  private readonly afterLoad: AfterLoad[] = [];

  constructor(private readonly db: Database) {}

  onLoaded(hook: AfterLoad): void {
    this.afterLoad.push(hook);
  }

  async load(input: unknown, options: { requestId?: string; progress?: WriteProgress } = {}): Promise<LoadOutcome> {
    const validation = validateDataset(input);
    if (!validation.ok) {
      const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
      return { loaded: false, problems: validation.problems, warnings: validation.warnings, counts: datasetCounts(raw) };
    }
    try {
      await writeDataset(this.db, validation.dataset, options);
    } catch (error) {
      if (!(error instanceof DatasetWriteError)) throw error;
      // Valid by every rule, refused by Neo4j: a problem of the document, reported like the others.
      return { loaded: false, problems: [{ path: error.phase ?? '$', message: error.message }], warnings: validation.warnings, counts: datasetCounts(validation.dataset) };
    }
    for (const hook of this.afterLoad) await hook(this.db, validation.dataset);
    return { loaded: true, problems: [], warnings: validation.warnings, counts: datasetCounts(validation.dataset) };
  }

  /**
   * Writes records the streaming check of an import has passed
   * (../../dataset/import-source.ts), references to this database's keys
   * included, which a check of the records alone would refuse. Its warnings
   * were reported by that check.
   */
  async loadChecked(records: ImportRecords, options: WriteOptions = {}): Promise<LoadOutcome> {
    const dataset = { regions: [], ...records } as NormalisedDataset;
    try {
      await writeDataset(this.db, dataset, options);
    } catch (error) {
      if (!(error instanceof DatasetWriteError)) throw error;
      return { loaded: false, problems: [{ path: error.phase ?? '$', message: error.message }], warnings: [], counts: datasetCounts(dataset) };
    }
    for (const hook of this.afterLoad) await hook(this.db, dataset);
    return { loaded: true, problems: [], warnings: [], counts: datasetCounts(dataset) };
  }

  /** Which keys a file refers to lie in this database: for the import's check. */
  readonly knownKeys: KnownKeys = databaseKeys(async () => this.db);

  /** Loads the 2020 seed scenario when the graph holds no enterprise; null when it holds some. */
  async seedIfEmpty(): Promise<LoadOutcome | null> {
    const existing = await this.db.query<{ n: number }>({ operation: 'startup.count' }, 'MATCH (e:Enterprise) RETURN count(e) AS n');
    if ((existing.records[0]?.get('n') ?? 0) > 0) return null;
    return this.load(await readSeed());
  }
}

/**
 * The check-and-write of an import, shared by `npm run import` and the
 * upload (`POST /datasets/import`): the source is checked in one streaming
 * pass by the one checker (./check-source.ts); its records are kept
 * (normalised) only while it has no problem, so a file of junk is refused
 * in bounded memory; and only a clean source reaches `load`, which the
 * caller supplies (the datasets service's writer), so that on any problem
 * the database is not even asked.
 */
import type { Problem } from './validate.ts';
import { checkSource, type SourceCheck, type SourceCheckOptions } from './check-source.ts';
import type { DatasetRecordArray } from './format.ts';
import { DatasetReadError } from './read-stream.ts';
import { SourceReadError, type Encoding } from './sources.ts';
import type { DatasetCounts } from './stats.ts';

/** Problems kept for the report (and while reading): all are counted. */
export const PROBLEMS_SHOWN = 100;

export type ImportRecords = Partial<Record<DatasetRecordArray, unknown[]>>;

/** What the datasets service's `load` answers. */
export interface WriteOutcome {
  loaded: boolean;
  problems: Problem[];
  warnings: Problem[];
  counts: DatasetCounts;
}

export interface ImportOptions {
  encoding?: Encoding;
  onProgress?: SourceCheckOptions['onProgress'];
  /** Once the source is checked, before anything is written: to report its problems and warnings. */
  onChecked?: (check: SourceCheck) => void;
  /** Where keys the file refers to but does not hold may be found (the database); without it they are refused. */
  knownKeys?: SourceCheckOptions['knownKeys'];
  /** Writes the checked records; called only when the source has no problem. */
  load: (records: ImportRecords) => Promise<WriteOutcome>;
}

export type ImportResult =
  /** The source could not be read as its format: the message says where and why. */
  | { kind: 'unreadable'; message: string }
  /** The checker found problems: nothing was written. */
  | { kind: 'problems'; check: SourceCheck }
  /** Checked clean, written or refused by the writer (`outcome.loaded`). */
  | { kind: 'written'; check: SourceCheck; outcome: WriteOutcome };

/** The message of a source that cannot be read, or null for an error of another kind. */
export function unreadableMessage(path: string, error: unknown): string | null {
  if (error instanceof DatasetReadError) return `cannot read ${path} as JSON: line ${error.line}: ${error.reason}`;
  if (error instanceof SourceReadError) return `cannot read ${error.where}: ${error.reason}`;
  return null;
}

export async function importSource(path: string, options: ImportOptions): Promise<ImportResult> {
  const records: ImportRecords = {};
  let keeping = true;
  let check: SourceCheck;
  try {
    check = await checkSource(path, {
      encoding: options.encoding,
      problemsKept: PROBLEMS_SHOWN,
      ...(options.knownKeys ? { knownKeys: options.knownKeys } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      onFirstProblem: () => {
        keeping = false;
        for (const array of Object.keys(records) as DatasetRecordArray[]) delete records[array];
      },
      onRecord: (array, record) => {
        if (keeping) (records[array] ??= ([] as unknown[])).push(record);
      },
    });
  } catch (error) {
    const message = unreadableMessage(path, error);
    if (message === null) throw error;
    return { kind: 'unreadable', message };
  }
  options.onChecked?.(check);
  if (check.problemCount > 0 || !keeping) return { kind: 'problems', check };
  for (const array of check.summary.arrays) records[array] ??= [];
  return { kind: 'written', check, outcome: await options.load(records) };
}

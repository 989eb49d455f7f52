/**
 * Checks a dataset file in one pass, record by record, without holding its
 * records: ./read-stream.ts reads them, the dataset checker (./checker.ts)
 * judges each as it streams by, and every problem names its line as well as
 * its JSON path. A loader that stages what it reads (./bulk/) takes each
 * record whose shape is valid from `onRecord`, and writes nothing when the
 * check finds a problem.
 *
 * The arrays must come in an order where each follows the arrays it refers
 * to, as `npm run generate` writes them; a file that breaks the order is
 * reported with that one problem.
 */
import { ArrayOrderError, DatasetChecker, type CheckedRecord } from './checker.ts';
import type { DatasetRecordArray } from './format.ts';
import { emptyRecordCounts, readDatasetFile, type DatasetFileSummary } from './read-stream.ts';

/** A problem of the file, at the line where its record starts and the JSON path of the value at fault. */
export interface FileProblem {
  line: number;
  path: string;
  message: string;
}

export interface FileCheckOptions {
  /** Each record whose shape is valid, normalised, as soon as it is checked. */
  onRecord?: <K extends DatasetRecordArray>(array: K, record: CheckedRecord<K>) => void;
  /** Called once, when the first problem is found: a caller keeping records drops them (the file will not load). */
  onFirstProblem?: () => void;
  /** Progress every few seconds while the file is read. */
  log?: (message: string) => void;
  /** Problems kept for the report (all are counted); default all. */
  problemsKept?: number;
  warningsKept?: number;
}

export interface FileCheck {
  /** What was read; empty when reading stopped at an array out of order. */
  summary: DatasetFileSummary;
  /** Records read. */
  records: number;
  /** The first problems kept, in line order, and how many there are. */
  problems: FileProblem[];
  problemCount: number;
  warnings: FileProblem[];
  warningCount: number;
}

const PROGRESS_EVERY_MS = 5000;

/**
 * Reads and checks the dataset file at `path`. Throws DatasetReadError when
 * the file is not a dataset document (not JSON, or not an object of the
 * dataset's arrays), with the line where reading stopped.
 */
export async function checkDatasetFile(path: string, options: FileCheckOptions = {}): Promise<FileCheck> {
  const checker = new DatasetChecker({ problemsKept: options.problemsKept, warningsKept: options.warningsKept });
  const { onRecord, onFirstProblem, log } = options;
  let records = 0;
  let clean = true;
  let lastReport = performance.now();
  let summary: DatasetFileSummary;
  try {
    summary = await readDatasetFile(path, ({ array, index, line, record }) => {
      const checked = checker.record(array, index, record, line);
      if (clean && checker.errors.count > 0) {
        clean = false;
        onFirstProblem?.();
      }
      if (checked !== undefined && onRecord !== undefined) onRecord(array, checked);
      records++;
      if (log !== undefined && (records & 0xffff) === 0 && performance.now() - lastReport > PROGRESS_EVERY_MS) {
        lastReport = performance.now();
        log(`${records.toLocaleString('en')} records read (${array}, line ${line.toLocaleString('en')})`);
      }
    });
  } catch (error) {
    if (!(error instanceof ArrayOrderError)) throw error;
    // Later references could not be judged: this one problem is the report.
    const { line, path: at, message } = error.problem;
    const problems = [{ line: line ?? 1, path: at, message }];
    return { summary: emptySummary(), records, problems, problemCount: 1, warnings: [], warningCount: 0 };
  }
  // The document's outline is all read-stream left to judge: which arrays it has.
  checker.outline(Object.fromEntries(summary.arrays.map((array) => [array, []])), 1);
  checker.finish();
  return {
    summary,
    records,
    problems: checker.errors.list() as FileProblem[],
    problemCount: checker.errors.count,
    warnings: checker.warnings.list() as FileProblem[],
    warningCount: checker.warnings.count,
  };
}

function emptySummary(): DatasetFileSummary {
  return { layout: 'lines', arrays: [], counts: emptyRecordCounts(), lines: 0 };
}

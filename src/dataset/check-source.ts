/**
 * Checks a dataset in any form `npm run import` takes (./sources.ts) with
 * the one checker of the dataset's rules (./checker.ts), in one streaming
 * pass, and says where each problem is: `file:line` for JSON, NDJSON and
 * CSV, `file, sheet S, row R` for xlsx.
 *
 * For the canonical JSON a problem keeps its JSON path (`enterprises[3].region`).
 * For a table of rows, the path within the record is the column
 * (`region`, `supply.supplier`), and a message that points at another
 * record (`enterprises[0] already has it`) points at its row instead.
 */
import { ArrayOrderError, DatasetChecker, type CheckedProblem, type CheckedRecord, type KnownKeys } from './checker.ts';
import { LineIndex } from './compact.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';
import { Origins, formatOf, readSource, type Encoding, type SourceSummary } from './sources.ts';

/** A problem at a row of the source: `where: field: message`. */
export interface SourceProblem {
  /** `file:line`, `file, sheet S, row R`, or the source itself for a problem of the whole. */
  where: string;
  /** The field or column at fault; null for the record as a whole. */
  field: string | null;
  message: string;
}

export interface SourceCheckOptions {
  encoding?: Encoding;
  /** Each record whose shape is valid, normalised, as it is checked. */
  onRecord?: <K extends DatasetRecordArray>(array: K, record: CheckedRecord<K>) => void;
  /** Once, at the first problem: a caller keeping records drops them. */
  onFirstProblem?: () => void;
  /** Every so many records read. */
  onProgress?: (records: number) => void;
  /** Problems and warnings kept for the report (all are counted); default all. */
  problemsKept?: number;
  /** Where keys the file refers to but does not hold may be found (the database); without it they are refused. */
  knownKeys?: KnownKeys;
}

export interface SourceCheck {
  summary: SourceSummary;
  records: number;
  problems: SourceProblem[];
  problemCount: number;
  /** Problems beyond the kept ones, by kind (`enterprises.region`). */
  moreProblems: Map<string, number>;
  warnings: SourceProblem[];
  warningCount: number;
  moreWarnings: Map<string, number>;
}

const RECORD_PATH = /^([A-Za-z]+)\[(\d+)\]\.?(.*)$/s;
const RECORD_REFERENCE = new RegExp(`\\b(${DATASET_RECORD_ARRAYS.join('|')})\\[(\\d+)\\]`, 'g');
const PROGRESS_EVERY = 1 << 14;

/**
 * Reads and checks the dataset at `path`. Throws SourceReadError or
 * DatasetReadError when it cannot be read as its format.
 */
export async function checkSource(path: string, options: SourceCheckOptions = {}): Promise<SourceCheck> {
  const checker = new DatasetChecker({ problemsKept: options.problemsKept, warningsKept: options.problemsKept, referencesBeyond: options.knownKeys !== undefined });
  const indexes = Object.fromEntries(DATASET_RECORD_ARRAYS.map((array) => [array, 0])) as Record<DatasetRecordArray, number>;
  // The position of each record, by array, for messages that point at another record.
  const positions = Object.fromEntries(DATASET_RECORD_ARRAYS.map((array) => [array, new LineIndex()])) as Record<DatasetRecordArray, LineIndex>;
  const { onRecord, onFirstProblem, onProgress } = options;
  let records = 0;
  let clean = true;
  const noticeProblems = () => {
    if (clean && checker.errors.count > 0) {
      clean = false;
      onFirstProblem?.();
    }
  };
  const origins = new Origins();
  let summary: SourceSummary;
  let orderProblem: CheckedProblem | null = null;
  try {
    summary = await readSource(
      path,
      {
        record(array, value, position) {
          const index = indexes[array]++;
          positions[array].add(position);
          const checked = checker.record(array, index, value, position);
          noticeProblems();
          if (checked !== undefined) onRecord?.(array, checked);
          if ((++records & (PROGRESS_EVERY - 1)) === 0) onProgress?.(records);
        },
        problem(position, field, message) {
          checker.errors.add(position, { line: position, path: field ?? '', message });
          noticeProblems();
        },
      },
      { encoding: options.encoding },
      origins,
    );
  } catch (error) {
    if (!(error instanceof ArrayOrderError)) throw error;
    orderProblem = error.problem;
    summary = { format: formatOf(path), arrays: [], encoding: null, origins };
  }
  onProgress?.(records);
  if (orderProblem !== null) {
    // Later references could not be judged: this one problem is the report.
    const where = orderProblem.line === undefined ? path : origins.label(orderProblem.line);
    const problems = [{ where, field: orderProblem.path, message: orderProblem.message }];
    onFirstProblem?.();
    return { summary, records, problems, problemCount: 1, moreProblems: new Map(), warnings: [], warningCount: 0, moreWarnings: new Map() };
  }
  // A file adding to the database need not repeat its regions; a file on its own must have them.
  const beyond = options.knownKeys !== undefined ? { regions: [] } : {};
  checker.outline({ ...beyond, ...Object.fromEntries(summary.arrays.map((array) => [array, []])) });
  checker.finish();
  if (options.knownKeys !== undefined) await checker.resolve(options.knownKeys);
  noticeProblems();
  const tabular = summary.format !== 'json';
  const describe = (p: CheckedProblem): SourceProblem => {
    const where = p.line === undefined ? path : origins.label(p.line);
    if (!tabular) return { where, field: p.path === '' ? null : p.path, message: p.message };
    const match = RECORD_PATH.exec(p.path);
    const field = match === null ? (p.path === '' ? null : p.path) : match[3] === '' ? null : match[3]!;
    const message = p.message.replace(RECORD_REFERENCE, (text, array: DatasetRecordArray, index: string) => {
      const position = positions[array].at(Number(index));
      return position === undefined ? text : origins.label(position);
    });
    return { where, field, message };
  };
  return {
    summary,
    records,
    problems: checker.errors.list().map(describe),
    problemCount: checker.errors.count,
    moreProblems: checker.errors.beyond,
    warnings: checker.warnings.list().map(describe),
    warningCount: checker.warnings.count,
    moreWarnings: checker.warnings.beyond,
  };
}

/** `where: field: message` lines, then how many more of each kind. */
export function formatSourceProblems(problems: readonly SourceProblem[], count: number, more: ReadonlyMap<string, number>): string {
  const lines = problems.map((p) => (p.field === null ? `${p.where}: ${p.message}` : `${p.where}: ${p.field}: ${p.message}`));
  if (count > problems.length) {
    const kinds = [...more].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind || 'record'} ${n.toLocaleString('en')}`);
    lines.push(`… and ${count - problems.length} more (${kinds.join(', ')})`);
  }
  return lines.join('\n');
}

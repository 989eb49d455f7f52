/**
 * Validation of a parsed dataset document: its arrays are fed, record by
 * record, through the one checker of the dataset's rules (./checker.ts).
 * Every problem is reported, each at the JSON path of the value at fault,
 * so one run lists everything a file needs fixed.
 *
 * Documents reach millions of records (1,000,000 enterprises and 5,000,000
 * supplies must validate in seconds): the checker keeps compact state and
 * runs the hand-written record checks of ./record-checks.ts in front of zod.
 */
import { DatasetChecker } from './checker.ts';
import { duplicateKeyMessage, findDuplicateKey } from './duplicate-keys.ts';
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray, type NormalisedDataset } from './format.ts';
import type { Problem } from './problems.ts';


export { formatProblems, type Problem } from './problems.ts';

export type ValidationResult =
  | { ok: true; dataset: NormalisedDataset; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

/** Parses `text` as JSON and validates it; a syntax error is a problem at `$`. */
export function validateDatasetJson(text: string): ValidationResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${reason}` }], warnings: [] };
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) return { ok: false, problems: [{ path: duplicate.path, message: duplicateKeyMessage(duplicate) }], warnings: [] };
  return validateDataset(input);
}

/**
 * Checks a parsed document. On success the dataset is normalised; records
 * that were already complete are returned as they are rather than copied,
 * so the result may share objects with `input`.
 */
export function validateDataset(input: unknown): ValidationResult {
  const checker = new DatasetChecker();
  if (!checker.outline(input)) return { ok: false, problems: checker.errors.list(), warnings: [] };
  const document = input as Record<string, unknown>;
  const dataset = {} as Record<DatasetRecordArray, unknown[]>;
  // In the checker's order, whatever the document's: the rules need referred arrays first.
  for (const array of DATASET_RECORD_ARRAYS) {
    const value = document[array];
    // A top-level value that is not an array was reported by the outline; its records cannot be read.
    const records = Array.isArray(value) ? value : [];
    const checked = new Array<unknown>(records.length);
    for (let i = 0; i < records.length; i++) checked[i] = checker.record(array, i, records[i]);
    dataset[array] = checked;
  }
  checker.finish();
  const warnings: Problem[] = checker.warnings.list();
  if (checker.errors.count > 0) return { ok: false, problems: checker.errors.list(), warnings };
  // No problems: every record's shape is valid.
  return { ok: true, dataset: dataset as unknown as NormalisedDataset, warnings };
}

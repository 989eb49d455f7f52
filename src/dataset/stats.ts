/** Record counts of a dataset, for the loader to print. */
import { DATASET_RECORD_ARRAYS, type DatasetRecordArray } from './format.ts';

export type DatasetCounts = Record<DatasetRecordArray, number>;

/**
 * Records per array. Takes a normalised dataset or a raw document alike, so
 * that a document that failed validation can still be summarised; anything
 * that is not an array counts as empty.
 */
export function datasetCounts(dataset: { readonly [K in DatasetRecordArray]?: unknown }): DatasetCounts {
  const counts = {} as DatasetCounts;
  for (const name of DATASET_RECORD_ARRAYS) {
    const records = dataset[name];
    counts[name] = Array.isArray(records) ? records.length : 0;
  }
  return counts;
}

/** One line: `regions 31, agencies 17, enterprises 36, …`. */
export function formatDatasetCounts(counts: DatasetCounts): string {
  return DATASET_RECORD_ARRAYS.map((name) => `${name} ${counts[name]}`).join(', ');
}

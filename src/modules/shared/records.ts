/**
 * Records that must exist: a dangling id is a NOT_FOUND error, never a
 * silent null. A record the request already holds (a read model checked
 * current for it, or a subgraph a question fetched) comes back as it is,
 * with no promise: an analysis answer names hundreds of records, and a
 * promise and a loader entry for each cost more than building the record.
 * Any other goes through the request's loader, one batch per tick (the
 * loaders consult the same records for resolvers that load directly).
 * The modules that own a kind of record build their `…Of` on these.
 */
import type DataLoader from 'dataloader';
import { notFound } from './errors.ts';
import type { KnownRecordKind, KnownRecordKinds, KnownRecords } from './loaders.ts';

async function loaded<T>(load: Promise<T | null>, what: string, key: string, argument?: string): Promise<T> {
  const found = await load;
  if (!found) throw notFound(what, key, argument);
  return found;
}

/** The record of `kind` under `key`: held, or loaded; NOT_FOUND (naming `argument`) when it does not exist. */
export function recordOf<K extends KnownRecordKind>(
  known: KnownRecords,
  loader: DataLoader<string, KnownRecordKinds[K] | null>,
  kind: K,
  key: string,
  argument?: string,
): KnownRecordKinds[K] | Promise<KnownRecordKinds[K]> {
  return known.find(kind, key) ?? loaded(loader.load(key), kind, key, argument);
}

/** A list of records, waiting only when some record had to be loaded. */
export function allOf<T>(records: (T | Promise<T>)[]): T[] | Promise<T[]> {
  return records.some((r) => r instanceof Promise) ? Promise.all(records) : (records as T[]);
}

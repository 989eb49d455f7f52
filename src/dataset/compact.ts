/**
 * The compact state of the dataset checker (./checker.ts): ids mapped to
 * small integers and typed columns of edge ends, a few bytes per record,
 * never the records themselves, so that a file of a million enterprises and
 * five million supplies is checked as it streams by.
 */

const COLUMN_CHUNK_BITS = 16;
const COLUMN_CHUNK = 1 << COLUMN_CHUNK_BITS;

/** A growable column of 32-bit integers, in fixed chunks: growing never copies, nor holds twice the room. */
export class IntColumn {
  private readonly chunks: Int32Array[] = [];
  length = 0;

  push(value: number): void {
    const offset = this.length & (COLUMN_CHUNK - 1);
    if (offset === 0) this.chunks.push(new Int32Array(COLUMN_CHUNK));
    this.chunks[this.chunks.length - 1]![offset] = value;
    this.length++;
  }

  at(i: number): number {
    return this.chunks[i >>> COLUMN_CHUNK_BITS]![i & (COLUMN_CHUNK - 1)]!;
  }

  set(i: number, value: number): void {
    this.chunks[i >>> COLUMN_CHUNK_BITS]![i & (COLUMN_CHUNK - 1)] = value;
  }
}

/**
 * The lines of one array's records, as runs in which the line grows by a
 * fixed step per record: one run per array when each record has its line,
 * and mostly so in pretty-printed JSON. Lines are only needed for the few
 * records a late check reports, so a column of them would be mostly waste.
 */
export class LineIndex {
  private readonly starts = new IntColumn();
  private readonly lines = new IntColumn();
  /** Lines per record; -1 until the run's second record. */
  private readonly steps = new IntColumn();
  private count = 0;

  add(line: number): void {
    const index = this.count++;
    const run = this.starts.length - 1;
    if (run >= 0) {
      const start = this.starts.at(run);
      const step = this.steps.at(run);
      if (step < 0 && index === start + 1) {
        this.steps.set(run, line - this.lines.at(run));
        return;
      }
      if (step >= 0 && line === this.lines.at(run) + (index - start) * step) return;
    }
    this.starts.push(index);
    this.lines.push(line);
    this.steps.push(-1);
  }

  /** The line of record `index`; undefined when records came without lines. */
  at(index: number): number | undefined {
    if (this.starts.length === 0) return undefined;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts.at(mid) <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.lines.at(lo) + (index - this.starts.at(lo)) * Math.max(0, this.steps.at(lo));
  }
}

/** Keys of the records of one array: ids to small integers (their order of appearance), and back. */
export class IdIndex {
  private readonly positions = new Map<string, number>();
  /** Array index of each key's record, for messages about repeats. */
  private readonly recordIndex: number[] = [];
  readonly ids: string[] = [];

  /** The key's number, or -1 when the id is new (then it is added). */
  addOrFind(id: string, index: number): number {
    const known = this.positions.get(id);
    if (known !== undefined) return known;
    this.positions.set(id, this.ids.length);
    this.ids.push(id);
    this.recordIndex.push(index);
    return -1;
  }

  get(id: string): number | undefined {
    return this.positions.get(id);
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  firstIndex(key: number): number {
    return this.recordIndex[key]!;
  }

  get size(): number {
    return this.ids.length;
  }
}

/** No reference: the field is absent or failed its own check. */
export const UNREADABLE = -1;

/**
 * References from edges to the keys of an IdIndex. A known id is its key
 * (≥ 0); an unknown id gets a number of its own, stored as -2, -3, …, so
 * that records with unknown references still take part in the search for
 * repeats. `number` turns both into one range once the keys are complete.
 */
export class References {
  private readonly unknown = new Map<string, number>();
  private readonly unknownIds: string[] = [];

  constructor(private readonly keys: IdIndex) {}

  /** `key` for one column of references: see `column`. */
  key(id: string): number {
    const known = this.keys.get(id);
    if (known !== undefined) return known;
    let unknown = this.unknown.get(id);
    if (unknown === undefined) {
      unknown = -2 - this.unknownIds.length;
      this.unknown.set(id, unknown);
      this.unknownIds.push(id);
    }
    return unknown;
  }

  /**
   * `key` with a memory of the last id. Edges mostly come grouped by one
   * end (an enterprise's makes together, a customer's supplies together):
   * remembering it spares most lookups in a map of a million ids.
   */
  column(): (id: string) => number {
    let lastId: string | undefined;
    let last = UNREADABLE;
    return (id) => {
      if (id !== lastId) {
        lastId = id;
        last = this.key(id);
      }
      return last;
    };
  }

  /** Known keys first, then the unknown ids in order of appearance; UNREADABLE stays. */
  number(key: number): number {
    return key >= 0 || key === UNREADABLE ? key : this.keys.size - 2 - key;
  }

  /** The ids not among the keys, in order of appearance. */
  unknownIdList(): readonly string[] {
    return this.unknownIds;
  }

  /** How many numbers `number` gives. */
  get size(): number {
    return this.keys.size + this.unknownIds.length;
  }

  isKnown(number: number): boolean {
    return number >= 0 && number < this.keys.size;
  }

  /** The id of a number from `number`. */
  id(number: number): string {
    return number < this.keys.size ? this.keys.ids[number]! : this.unknownIds[number - this.keys.size]!;
  }
}

/**
 * Calls `repeat(i, first)` for each of records 0..count-1 whose key and
 * `same` match an earlier record, `first` being the earliest such record
 * (a negative key: the record takes no part). Sorting the keys finds the
 * few repeated ones without a map of millions of entries; only the records
 * with those keys are then compared.
 */
export function findRepeats(
  count: number,
  keyOf: (i: number) => number,
  same: (i: number, j: number) => boolean,
  repeat: (i: number, first: number) => void,
): void {
  const sorted = new Float64Array(count);
  for (let i = 0; i < count; i++) sorted[i] = keyOf(i);
  sorted.sort();
  const repeated = new Set<number>();
  for (let i = 1; i < count; i++) if (sorted[i]! >= 0 && sorted[i] === sorted[i - 1]) repeated.add(sorted[i]!);
  if (repeated.size === 0) return;
  const seen = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    if (!repeated.has(key)) continue;
    let earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, (earlier = []));
    const first = earlier.find((j) => same(i, j));
    if (first === undefined) earlier.push(i);
    else repeat(i, first);
  }
}

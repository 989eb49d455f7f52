/**
 * Loads a national-scale dataset file into a new embedded store with
 * `neo4j-admin database import full`, which writes store files directly:
 * minutes instead of the hours that `UNWIND … MERGE` batches through Bolt
 * take for millions of edges. The price is that it only creates a database
 * (the `neo4j` one of the home, overwritten) and cannot upsert into one.
 *
 * One pass over the file (../read-stream.ts) checks every record the way
 * `npm run load` does (the record schemas of src/dataset/format.ts, unique
 * keys, resolvable references, the region hierarchy) and writes the CSV
 * files the import tool reads. The checks keep only compact state: maps
 * from ids to small integers and typed arrays of edge ends, a few bytes per
 * record, never the records themselves. When a problem is found nothing
 * reaches the store: the CSV files are removed and the error lists the
 * problems with their lines.
 *
 * The store holds what src/dataset/writer.ts writes for the same document:
 * the same labels, relationship types and properties, absent properties for
 * null fields, numbers as floats (the JavaScript driver sends every number
 * as a float), dates as dates. A duplicate record is a problem here as it is
 * for `npm run load`, so no relationship is ever imported twice. Schema
 * (constraints, indexes) is not written: the startup migrations create it
 * when the API first starts on the store. Nor is derived analysis state
 * (the materialised `able0` flags), which writer.ts does not write either:
 * what a dataset load runs after writing must run once on the new store.
 *
 * The arrays must come in an order where each follows the arrays it refers
 * to (regions before agencies and enterprises, agencies before users,
 * enterprises and components before makes, needs and supplies), as
 * `npm run generate` writes them: each is checked as it streams by.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { FAST_CHECKS, type NormalisedRecordOf } from '../record-checks.ts';
import {
  MUNICIPALITY_CODES,
  NORMALISE_RECORD,
  RECORD_SCHEMAS,
  UserRecordSchema,
  normaliseUser,
  type DatasetArrayName,
  type NormalisedUser,
  type RegionLevel,
} from '../format.ts';
import { formatPath, parseWithProblems } from '../problems.ts';
import { readDatasetFile, type DatasetRecord, type DatasetRecordArray } from '../read-stream.ts';
import { EmbeddedNeo4jError, ensureEmbeddedConfig, ensureNeo4jJars, findRunningEmbedded } from '../../neo4j/embedded/runtime.ts';

export interface BulkImportOptions {
  /** Server home (conf/, data/, logs/): a store never started, or one whose `neo4j` database may be replaced. */
  home: string;
  /** Where the Neo4j jars are cached, as for startEmbeddedNeo4j. */
  cacheDir: string;
  /** The dataset document (schema/dataset.schema.json). */
  datasetPath: string;
  /** Progress, one line at a time, the import tool's output included. */
  log?: (message: string) => void;
  /** Heap of the import tool's JVM; its large structures live off heap. Default 1g. */
  heap?: string;
  /** The import tool's `--max-off-heap-memory`, e.g. `2g` or `50%`. Default: the tool's own (90% of free memory). */
  maxOffHeapMemory?: string;
  /** The import tool's worker threads. Default: one per processor. */
  threads?: number;
}

/** A problem of the document, at the line where its record starts and the JSON path of the value at fault. */
export interface BulkImportProblem {
  line: number;
  path: string;
  message: string;
}

export interface BulkImportResult {
  /** Records per array of the document. */
  counts: Record<DatasetRecordArray, number>;
  /** Nodes and relationships in the new database. */
  nodes: number;
  relationships: number;
  /** What `npm run load` would warn about: the first WARNINGS_KEPT of them, and how many there are. */
  warnings: BulkImportProblem[];
  warningCount: number;
  /** Wall time in all, and of its two halves: reading and checking the file, and neo4j-admin. */
  seconds: number;
  readSeconds: number;
  importSeconds: number;
}

/** The document has problems; nothing was written. */
export class BulkImportError extends Error {
  override name = 'BulkImportError';

  constructor(
    readonly file: string,
    /** The first problems in line order (at most PROBLEMS_KEPT). */
    readonly problems: BulkImportProblem[],
    readonly problemCount: number,
  ) {
    super(`${file}: ${problemCount} problem(s), nothing was written:\n${formatBulkProblems(problems, problemCount)}`);
  }
}

const PROBLEMS_KEPT = 1000;
const WARNINGS_KEPT = 100;
const PROBLEMS_SHOWN = 20;
const DEFAULT_IMPORT_HEAP = '1g';
/** Only for the config file neo4j-admin reads; every server start writes its own. */
const CONFIG_HEAP = '512m';
const CONFIG_PAGECACHE = '256m';
/** Bytes buffered per CSV file between writes. */
const FLUSH_BYTES = 1 << 20;
const PROGRESS_EVERY_MS = 5000;

/** `line N: path: message` lines, the first PROBLEMS_SHOWN, and how many more there are. */
export function formatBulkProblems(problems: readonly BulkImportProblem[], total = problems.length): string {
  const lines = problems.slice(0, PROBLEMS_SHOWN).map((p) => `line ${p.line}: ${p.path}: ${p.message}`);
  if (total > PROBLEMS_SHOWN) lines.push(`… and ${total - PROBLEMS_SHOWN} more`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// CSV files in the import tool's dialect: every string quoted (so that an
// empty string stays a property while an empty unquoted field, null, leaves
// it out), quotes doubled, typed columns named `name:type`.

class CsvFile {
  rows = 0;
  /** A value spans lines: the tool must be told, and reads the file more slowly. */
  multiline = false;
  /** Rows are encoded into a buffer at once: a string buffer would keep millions of small strings alive until each flush. */
  private readonly buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  private used = 0;
  private readonly fd: number;
  private closed = false;

  constructor(
    readonly path: string,
    readonly kind: 'nodes' | 'relationships',
    /** The label of the nodes or the type of the relationships. */
    readonly name: string,
    header: string,
  ) {
    this.fd = openSync(path, 'w');
    this.add(header);
    this.rows = 0;
  }

  add(row: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the newline one more.
    const most = row.length * 3 + 1;
    if (this.used + most > this.buffer.length) {
      this.flush();
      if (most > this.buffer.length) {
        writeSync(this.fd, `${row}\n`);
        this.rows++;
        return;
      }
    }
    this.used += this.buffer.write(row, this.used);
    this.buffer[this.used++] = 10;
    this.rows++;
  }

  text(value: string): string {
    if (!SPECIAL.test(value)) return `"${value}"`;
    if (value.includes('\n') || value.includes('\r')) this.multiline = true;
    return `"${value.replaceAll('"', '""')}"`;
  }

  optionalText(value: string | null): string {
    return value === null ? '' : this.text(value);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let written = 0;
    while (written < this.used) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }
}

/** What a quoted CSV value must not hold as it is: a quote (doubled) or a line break (multi-line parsing). */
const SPECIAL = /["\n\r]/;

function optionalNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

/** The CSV files of an import, in the order the tool is given them. */
class Staging {
  readonly regions: CsvFile;
  readonly partOf: CsvFile;
  readonly agencies: CsvFile;
  readonly governs: CsvFile;
  readonly enterprises: CsvFile;
  readonly locatedIn: CsvFile;
  readonly components: CsvFile;
  readonly makes: CsvFile;
  readonly needs: CsvFile;
  readonly supplies: CsvFile;
  readonly users: CsvFile;
  readonly memberOf: CsvFile;
  private readonly all: CsvFile[] = [];

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    const file = (name: string, kind: 'nodes' | 'relationships', label: string, header: string) => {
      const csv = new CsvFile(join(dir, `${name}.csv`), kind, label, header);
      this.all.push(csv);
      return csv;
    };
    // ID spaces per label: an enterprise and a component may share an id without meeting.
    // Numbers are doubles because writer.ts stores them as floats.
    this.regions = file('regions', 'nodes', 'Region', 'code:ID(Region),name,level');
    this.agencies = file('agencies', 'nodes', 'Agency', 'id:ID(Agency),name');
    this.enterprises = file(
      'enterprises',
      'nodes',
      'Enterprise',
      'id:ID(Enterprise),name,industry,status,workforce:double,epidemicCritical:boolean,expectedResumeDate:date,note',
    );
    this.components = file('components', 'nodes', 'Component', 'id:ID(Component),name,category');
    this.users = file('users', 'nodes', 'User', 'id:ID(User),name,role');
    this.partOf = file('part_of', 'relationships', 'PART_OF', ':START_ID(Region),:END_ID(Region)');
    this.governs = file('governs', 'relationships', 'GOVERNS', ':START_ID(Agency),:END_ID(Region)');
    this.locatedIn = file('located_in', 'relationships', 'LOCATED_IN', ':START_ID(Enterprise),:END_ID(Region)');
    this.makes = file('makes', 'relationships', 'MAKES', ':START_ID(Enterprise),:END_ID(Component),capacityPerDay:double');
    this.needs = file('needs', 'relationships', 'NEEDS', ':START_ID(Enterprise),:END_ID(Component),stockDays:double');
    this.supplies = file('supplies', 'relationships', 'SUPPLIES', ':START_ID(Enterprise),:END_ID(Enterprise),component,share:double');
    this.memberOf = file('member_of', 'relationships', 'MEMBER_OF', ':START_ID(User),:END_ID(Agency)');
  }

  close(): void {
    for (const csv of this.all) csv.close();
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    try {
      // The import folder too, unless something else lives there.
      rmdirSync(dirname(this.dir));
    } catch {
      // not empty, or already gone
    }
  }

  count(kind: 'nodes' | 'relationships'): number {
    return this.all.filter((csv) => csv.kind === kind).reduce((sum, csv) => sum + csv.rows, 0);
  }

  /** The import tool's arguments naming the files; files without rows are left out. */
  arguments(): string[] {
    const used = this.all.filter((csv) => csv.rows > 0);
    const args = used.map((csv) => `--${csv.kind}=${csv.name}=${csv.path}`);
    const multiline = used.filter((csv) => csv.multiline);
    // Only the files that need it: multi-line parsing is much slower.
    if (multiline.length > 0) args.push('--multiline-fields-format=v2', `--multiline-fields=${multiline.map((csv) => csv.path).join(',')}`);
    return args;
  }
}

// ---------------------------------------------------------------------------
// Compact state

const COLUMN_CHUNK_BITS = 16;
const COLUMN_CHUNK = 1 << COLUMN_CHUNK_BITS;

/** A growable column of 32-bit integers, in fixed chunks: growing never copies, nor holds twice the room. */
class IntColumn {
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
class LineIndex {
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

  at(index: number): number {
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

/**
 * The ends of the edges of one array, one entry per record (its index in
 * the array), -1 for an end that is unknown or unreadable.
 */
class EdgeColumns {
  readonly a = new IntColumn();
  readonly b = new IntColumn();
  readonly c = new IntColumn();
  readonly lines = new LineIndex();

  get length(): number {
    return this.a.length;
  }

  complete(i: number): boolean {
    return this.a.at(i) >= 0 && this.b.at(i) >= 0 && (this.c.length === 0 || this.c.at(i) >= 0);
  }
}

/** Keys of known records: ids to small integers (their order of appearance), and back. */
class IdIndex {
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

interface RegionEntry {
  name: string | undefined;
  level: RegionLevel | undefined;
  parent: string | null | undefined;
  index: number;
  line: number;
}

class Findings {
  readonly kept: BulkImportProblem[] = [];
  count = 0;

  constructor(private readonly keep: number) {}

  add(line: number, path: string, message: string): void {
    this.count++;
    if (this.kept.length < this.keep) this.kept.push({ line, path, message });
  }

  /** Kept findings in line order (stable: a record's shape problems stay ahead of its reference problems). */
  sorted(): BulkImportProblem[] {
    return [...this.kept].sort((x, y) => x.line - y.line);
  }
}

/** Arrays whose records refer to the key array: the key array must come first. */
const REFERRED_BY: Partial<Record<DatasetRecordArray, DatasetRecordArray[]>> = {
  regions: ['agencies', 'enterprises'],
  agencies: ['users'],
  enterprises: ['makes', 'needs', 'supplies'],
  components: ['makes', 'needs', 'supplies'],
};

const PARENT_OF: Readonly<Record<string, string>> = {
  CITY: 'its PROVINCE',
  DISTRICT: 'its CITY, or the PROVINCE of a municipality',
};

type Fields = Record<string, unknown>;

/** Checks records as they stream by and writes the valid ones as CSV rows. */
class Checker {
  readonly errors = new Findings(PROBLEMS_KEPT);
  readonly warnings = new Findings(WARNINGS_KEPT);
  private readonly regions = new Map<string, RegionEntry>();
  private readonly agencies = new IdIndex();
  private readonly enterprises = new IdIndex();
  private readonly components = new IdIndex();
  private readonly users = new IdIndex();
  private readonly makes = new EdgeColumns();
  private readonly needs = new EdgeColumns();
  private readonly supplies = new EdgeColumns();
  private readonly started = new Set<DatasetRecordArray>();
  private readonly enterpriseLookups: Partial<Record<'enterprise' | 'supplier' | 'customer', (id: string) => number | undefined>> = {};
  private componentLookup: ((id: string) => number | undefined) | undefined;

  constructor(
    private readonly file: string,
    private readonly csv: Staging,
  ) {}

  record(r: DatasetRecord): void {
    if (!this.started.has(r.array)) this.start(r);
    switch (r.array) {
      case 'regions':
        return this.region(r);
      case 'agencies':
        return this.agency(r);
      case 'enterprises':
        return this.enterprise(r);
      case 'components':
        return this.component(r);
      case 'makes':
      case 'needs':
        return this.pair(r, r.array);
      case 'supplies':
        return this.supply(r);
      case 'users':
        return this.user(r);
    }
  }

  /** The checks that need whole arrays, once the file is read. */
  finish(arrays: readonly DatasetRecordArray[]): void {
    if (!arrays.includes('regions')) this.errors.add(1, 'regions', 'missing; expected an array');
    this.checkRegions();
    this.repeatedPairs('makes', this.makes);
    this.repeatedPairs('needs', this.needs);
    this.repeatedSupplies();
    this.suppliesByNonMakers();
  }

  private start(r: DatasetRecord): void {
    for (const dependent of REFERRED_BY[r.array] ?? []) {
      if (this.started.has(dependent)) {
        throw new BulkImportError(
          this.file,
          [
            {
              line: r.line,
              path: r.array,
              message:
                `"${r.array}" comes after "${dependent}", whose records refer to it; a bulk import checks each array as it reads it, ` +
                'so put regions before agencies and enterprises, agencies before users, and enterprises and components before makes, needs and supplies ' +
                '(the order npm run generate writes)',
            },
          ],
          1,
        );
      }
    }
    this.started.add(r.array);
  }

  /**
   * The record when its shape is valid; otherwise its problems are recorded
   * and the fields that passed their own check are returned, so references
   * are still checked (as validate.ts does).
   */
  private shape<K extends DatasetArrayName>(r: DatasetRecord, array: K): { record: NormalisedRecordOf<K> | undefined; view: Fields } {
    const fast = (FAST_CHECKS[array] as (value: unknown) => NormalisedRecordOf<K> | undefined)(r.record);
    if (fast !== undefined) return { record: fast, view: fast as unknown as Fields };
    const schema = RECORD_SCHEMAS[array] as z.ZodType;
    const parsed = parseWithProblems(schema, r.record, [array, r.index]);
    if (parsed.success) {
      // Only if the fast check is stricter than the schema: the schema decides.
      const record = (NORMALISE_RECORD[array] as (record: unknown) => NormalisedRecordOf<K>)(parsed.data);
      return { record, view: record as unknown as Fields };
    }
    for (const problem of parsed.problems) this.errors.add(r.line, problem.path, problem.message);
    return { record: undefined, view: partialView(r.record, Object.keys(RECORD_SCHEMAS[array].shape), parsed.issues) };
  }

  private add(r: DatasetRecord, field: string | null, message: string): void {
    this.errors.add(r.line, formatPath(field === null ? [r.array, r.index] : [r.array, r.index, field]), message);
  }

  private warn(line: number, array: DatasetRecordArray, index: number, field: string, message: string): void {
    this.warnings.add(line, formatPath([array, index, field]), message);
  }

  /** Registers a key; reports a repeat. Returns whether the key is new. */
  private unique(r: DatasetRecord, keys: IdIndex, id: unknown, field: string, what: string): boolean {
    if (typeof id !== 'string') return false;
    const known = keys.addOrFind(id, r.index);
    if (known < 0) return true;
    this.add(r, field, `duplicate ${what} "${id}": ${r.array}[${keys.firstIndex(known)}] already has it; each must appear once`);
    return false;
  }

  private region(r: DatasetRecord): void {
    const { record, view } = this.shape(r, 'regions');
    const code = view.code;
    if (typeof code === 'string') {
      const first = this.regions.get(code);
      if (first !== undefined) {
        this.add(r, 'code', `duplicate region code "${code}": regions[${first.index}] already has it; each must appear once`);
      } else {
        this.regions.set(code, {
          name: view.name as string | undefined,
          level: view.level as RegionLevel | undefined,
          parent: view.parent as string | null | undefined,
          index: r.index,
          line: r.line,
        });
      }
    }
    if (record === undefined) return;
    const csv = this.csv;
    csv.regions.add(`${csv.regions.text(record.code)},${csv.regions.text(record.name)},${record.level}`);
    if (record.parent !== null) csv.partOf.add(`${csv.partOf.text(record.code)},${csv.partOf.text(record.parent)}`);
  }

  private regionKnown(r: DatasetRecord, code: unknown): RegionEntry | undefined {
    if (typeof code !== 'string') return undefined;
    const region = this.regions.get(code);
    if (region === undefined) this.add(r, 'region', unknownRegion(code));
    return region;
  }

  private agency(r: DatasetRecord): void {
    const { record, view } = this.shape(r, 'agencies');
    this.unique(r, this.agencies, view.id, 'id', 'agency id');
    this.regionKnown(r, view.region);
    if (record === undefined) return;
    const { id, name, region } = record;
    const csv = this.csv;
    csv.agencies.add(`${csv.agencies.text(id)},${csv.agencies.text(name)}`);
    csv.governs.add(`${csv.governs.text(id)},${csv.governs.text(region)}`);
  }

  private enterprise(r: DatasetRecord): void {
    const { record, view } = this.shape(r, 'enterprises');
    this.unique(r, this.enterprises, view.id, 'id', 'enterprise id');
    const region = this.regionKnown(r, view.region);
    if (region?.level !== undefined && region.level !== 'DISTRICT') {
      this.add(
        r,
        'region',
        `${quoteName(view.region as string, region)} is a ${region.level}; an enterprise must be located in a DISTRICT: use its district's code`,
      );
    }
    if (view.expectedResumeDate != null && view.status !== undefined && view.status !== 'SUSPENDED') {
      this.warn(
        r.line,
        'enterprises',
        r.index,
        'expectedResumeDate',
        `only a SUSPENDED enterprise has an expected resume date, and this one is ${String(view.status)}: the date is ignored; remove it or correct the status`,
      );
    }
    if (record === undefined) return;
    const e = record;
    const csv = this.csv.enterprises;
    csv.add(
      `${csv.text(e.id)},${csv.text(e.name)},${csv.optionalText(e.industry)},${e.status},${e.workforce},${e.epidemicCritical},` +
        `${e.expectedResumeDate ?? ''},${csv.optionalText(e.note)}`,
    );
    const located = this.csv.locatedIn;
    located.add(`${located.text(e.id)},${located.text(e.region)}`);
  }

  private component(r: DatasetRecord): void {
    const { record, view } = this.shape(r, 'components');
    this.unique(r, this.components, view.id, 'id', 'component id');
    if (record === undefined) return;
    const { id, name, category } = record;
    const csv = this.csv.components;
    csv.add(`${csv.text(id)},${csv.text(name)},${csv.optionalText(category)}`);
  }

  /** The key of a referenced enterprise, or -1 (reported) when unknown or unreadable. */
  private enterpriseKey(r: DatasetRecord, field: 'enterprise' | 'supplier' | 'customer', id: unknown): number {
    if (typeof id !== 'string') return -1;
    // Referring arrays come after enterprises, so the map no longer changes.
    const lookup = (this.enterpriseLookups[field] ??= cachedLookup(this.enterprises));
    const key = lookup(id);
    if (key !== undefined) return key;
    this.add(r, field, `unknown enterprise "${id}"; add it to enterprises or correct the id`);
    return -1;
  }

  private componentKey(r: DatasetRecord, id: unknown): number {
    if (typeof id !== 'string') return -1;
    const key = (this.componentLookup ??= cachedLookup(this.components))(id);
    if (key !== undefined) return key;
    this.add(r, 'component', `unknown component "${id}"; add it to components or correct the id`);
    return -1;
  }

  private pair(r: DatasetRecord, array: 'makes' | 'needs'): void {
    const { record, view } = this.shape(r, array);
    const e = this.enterpriseKey(r, 'enterprise', view.enterprise);
    const c = this.componentKey(r, view.component);
    const columns = array === 'makes' ? this.makes : this.needs;
    columns.a.push(e);
    columns.b.push(c);
    columns.lines.add(r.line);
    if (record === undefined || e < 0 || c < 0) return;
    const csv = this.csv[array];
    const amount = 'capacityPerDay' in record ? record.capacityPerDay : record.stockDays;
    csv.add(`${csv.text(record.enterprise)},${csv.text(record.component)},${optionalNumber(amount)}`);
  }

  private supply(r: DatasetRecord): void {
    const { record, view } = this.shape(r, 'supplies');
    const s = this.enterpriseKey(r, 'supplier', view.supplier);
    const cu = this.enterpriseKey(r, 'customer', view.customer);
    const c = this.componentKey(r, view.component);
    if (typeof view.supplier === 'string' && view.supplier === view.customer) {
      this.add(r, 'customer', `enterprise "${view.supplier}" cannot supply itself; supplier and customer must differ`);
    }
    const columns = this.supplies;
    columns.a.push(s);
    columns.b.push(cu);
    columns.c.push(c);
    columns.lines.add(r.line);
    if (record === undefined || s < 0 || cu < 0 || c < 0) return;
    const { supplier, customer, component, share } = record;
    const csv = this.csv.supplies;
    csv.add(`${csv.text(supplier)},${csv.text(customer)},${csv.text(component)},${optionalNumber(share)}`);
  }

  private user(r: DatasetRecord): void {
    // Users are few: zod alone, as validate.ts does.
    const parsed = parseWithProblems(UserRecordSchema, r.record, ['users', r.index]);
    let view: Fields;
    let user: NormalisedUser | undefined;
    if (parsed.success) {
      user = normaliseUser(parsed.data);
      view = user as unknown as Fields;
    } else {
      for (const problem of parsed.problems) this.errors.add(r.line, problem.path, problem.message);
      view = partialView(r.record, Object.keys(UserRecordSchema.shape), parsed.issues);
    }
    this.unique(r, this.users, view.id, 'id', 'user id');
    if (typeof view.agency === 'string' && !this.agencies.has(view.agency)) {
      this.add(r, 'agency', `unknown agency "${view.agency}"; add it to agencies or correct the id`);
    }
    if (user === undefined) return;
    const csv = this.csv;
    csv.users.add(`${csv.users.text(user.id)},${csv.users.text(user.name)},${user.role}`);
    csv.memberOf.add(`${csv.memberOf.text(user.id)},${csv.memberOf.text(user.agency)}`);
  }

  /** Parents: known, of the right level (as validate.ts checks them). */
  private checkRegions(): void {
    for (const region of this.regions.values()) {
      const { level, parent, index, line } = region;
      if (parent === undefined) continue;
      const at = formatPath(['regions', index, 'parent']);
      if (parent === null) {
        if (level !== undefined && level !== 'PROVINCE') {
          this.errors.add(line, at, `a ${level} needs a parent (${PARENT_OF[level]}); set parent to that region's code`);
        }
        continue;
      }
      if (level === 'PROVINCE') {
        this.errors.add(line, at, `a PROVINCE has no parent, got "${parent}"; set parent to null`);
        continue;
      }
      const up = this.regions.get(parent);
      if (up === undefined) {
        this.errors.add(line, at, unknownRegion(parent));
        continue;
      }
      if (level === undefined || up.level === undefined) continue;
      const upName = quoteName(parent, up);
      if (level === 'CITY' && up.level !== 'PROVINCE') {
        this.errors.add(line, at, `a CITY's parent must be a PROVINCE, but ${upName} is a ${up.level}`);
      } else if (level === 'DISTRICT' && up.level === 'DISTRICT') {
        this.errors.add(line, at, `a DISTRICT's parent must be a CITY or the PROVINCE of a municipality, but ${upName} is a DISTRICT`);
      } else if (level === 'DISTRICT' && up.level === 'PROVINCE' && !MUNICIPALITY_CODES.includes(parent)) {
        this.warnings.add(
          line,
          at,
          `DISTRICT hangs directly under ${upName}, which is not a municipality (${MUNICIPALITY_CODES.join(', ')}), ` +
            `so the province will also act as its city; point parent at its CITY unless the province administers it directly`,
        );
      }
    }
  }

  /** One MAKES or NEEDS per (enterprise, component). */
  private repeatedPairs(array: 'makes' | 'needs', columns: EdgeColumns): void {
    const width = this.components.size;
    findRepeats(
      columns.length,
      (i) => (columns.complete(i) ? columns.a.at(i) * width + columns.b.at(i) : -1),
      (i, j) => columns.a.at(i) === columns.a.at(j) && columns.b.at(i) === columns.b.at(j),
      (i, first) => {
        const enterprise = this.enterprises.ids[columns.a.at(i)]!;
        const component = this.components.ids[columns.b.at(i)]!;
        this.errors.add(
          columns.lines.at(i),
          formatPath([array, i]),
          `duplicate of ${array}[${first}] (enterprise "${enterprise}", component "${component}"); keep one record per enterprise and component`,
        );
      },
    );
  }

  /** One SUPPLIES per (supplier, customer, component). */
  private repeatedSupplies(): void {
    const columns = this.supplies;
    const enterprises = this.enterprises.size;
    const width = this.components.size;
    findRepeats(
      columns.length,
      // Beyond 2^53 two triples may share a key; `same` tells them apart.
      (i) => (columns.complete(i) ? (columns.a.at(i) * enterprises + columns.b.at(i)) * width + columns.c.at(i) : -1),
      (i, j) => columns.a.at(i) === columns.a.at(j) && columns.b.at(i) === columns.b.at(j) && columns.c.at(i) === columns.c.at(j),
      (i, first) => {
        const ids = this.enterprises.ids;
        this.errors.add(
          columns.lines.at(i),
          formatPath(['supplies', i]),
          `duplicate of supplies[${first}] (supplier "${ids[columns.a.at(i)]}", customer "${ids[columns.b.at(i)]}", ` +
            `component "${this.components.ids[columns.c.at(i)]}"); keep one record per supplier, customer and component`,
        );
      },
    );
  }

  private suppliesByNonMakers(): void {
    const width = this.components.size;
    const makes = this.makes;
    const made = new Float64Array(makes.length);
    for (let i = 0; i < made.length; i++) made[i] = makes.complete(i) ? makes.a.at(i) * width + makes.b.at(i) : -1;
    made.sort();
    const columns = this.supplies;
    const offeredKey = (i: number) => (columns.complete(i) ? columns.a.at(i) * width + columns.c.at(i) : -1);
    // Both sorted, one merge finds the (supplier, component) pairs nobody makes; then only their records are named.
    const sorted = new Float64Array(columns.length);
    for (let i = 0; i < sorted.length; i++) sorted[i] = offeredKey(i);
    sorted.sort();
    const unmade = new Set<number>();
    let m = 0;
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i]!;
      if (key < 0 || (i > 0 && key === sorted[i - 1])) continue;
      while (m < made.length && made[m]! < key) m++;
      if (m === made.length || made[m] !== key) unmade.add(key);
    }
    if (unmade.size === 0) return;
    for (let i = 0; i < columns.length; i++) {
      if (!unmade.has(offeredKey(i))) continue;
      this.warn(
        columns.lines.at(i),
        'supplies',
        i,
        'component',
        `supplier "${this.enterprises.ids[columns.a.at(i)]}" does not make component "${this.components.ids[columns.c.at(i)]}"; ` +
          'add a makes record for it or correct the supplier',
      );
    }
  }
}

/**
 * Lookups for one column of references. Edges mostly come grouped by one
 * end (an enterprise's makes together, a customer's supplies together):
 * remembering the last id spares most lookups in a map of a million ids.
 */
function cachedLookup(index: IdIndex): (id: string) => number | undefined {
  let lastId: string | undefined;
  let last: number | undefined;
  return (id) => {
    if (id !== lastId) {
      lastId = id;
      last = index.get(id);
    }
    return last;
  };
}

function partialView(value: unknown, fields: readonly string[], issues: readonly z.core.$ZodIssue[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const bad = new Set<PropertyKey>();
  for (const issue of issues) if (issue.path.length > 0) bad.add(issue.path[0] as PropertyKey);
  const source = value as Fields;
  const view: Fields = {};
  for (const field of fields) if (!bad.has(field)) view[field] = source[field] ?? null;
  return view;
}

function unknownRegion(code: string): string {
  return `unknown region "${code}"; add that region to regions or correct the code`;
}

function quoteName(code: string, region: { name: string | undefined }): string {
  return region.name === undefined ? `"${code}"` : `"${code}" (${region.name})`;
}

/**
 * Calls `repeat(i, first)` for each of records 0..count-1 whose key and
 * `same` match an earlier record (a negative key: the record takes no part). Sorting the keys finds the few repeated
 * ones without a map of millions of entries; only the records with those
 * keys are then compared.
 */
function findRepeats(
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

// ---------------------------------------------------------------------------

function runImportTool(lib: string, home: string, args: string[], heap: string, log: (message: string) => void): Promise<void> {
  const command = ['-Xmx' + heap, '-cp', join(lib, '*'), 'org.neo4j.cli.AdminTool', 'database', 'import', 'full', 'neo4j', ...args];
  log(`neo4j-admin database import full neo4j ${args.join(' ')}`);
  const child = spawn('java', command, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const follow = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (line.trim() === '') return;
      log(`  ${line}`);
      tail.push(line);
      if (tail.length > 40) tail.shift();
    });
  follow(child.stdout);
  follow(child.stderr);
  return new Promise((resolveRun, reject) => {
    child.once('error', (error) => reject(new EmbeddedNeo4jError(`could not run java for neo4j-admin: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolveRun();
      else reject(new EmbeddedNeo4jError(`neo4j-admin database import failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

/**
 * Checks the dataset file and, when it has no problem, imports it as the
 * `neo4j` database of `home` (replacing the one there). Throws
 * BulkImportError listing the problems, with nothing written, otherwise.
 * No server may be running on `home`.
 */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const home = resolve(options.home);
  const datasetPath = resolve(options.datasetPath);
  const running = await findRunningEmbedded(home);
  if (running) {
    throw new EmbeddedNeo4jError(`a Neo4j server (pid ${running.pid}) serves ${home}; stop it before a bulk import replaces its database`);
  }
  const lib = ensureNeo4jJars(options.cacheDir, log);
  ensureEmbeddedConfig(home, CONFIG_HEAP, CONFIG_PAGECACHE);
  mkdirSync(join(home, 'logs'), { recursive: true });

  const staging = new Staging(join(home, 'import', `bulk-${process.pid}-${Date.now()}`));
  try {
    const checker = new Checker(datasetPath, staging);
    log(`reading ${datasetPath}`);
    let records = 0;
    let lastReport = performance.now();
    const summary = await readDatasetFile(datasetPath, (record) => {
      checker.record(record);
      if ((++records & 0xffff) === 0 && performance.now() - lastReport > PROGRESS_EVERY_MS) {
        lastReport = performance.now();
        log(`  ${records.toLocaleString('en')} records read (${record.array}, line ${record.line.toLocaleString('en')})`);
      }
    });
    checker.finish(summary.arrays);
    staging.close();
    const readSeconds = (performance.now() - started) / 1000;
    if (checker.errors.count > 0) throw new BulkImportError(datasetPath, checker.errors.sorted(), checker.errors.count);
    const counts = summary.counts;
    log(
      `read and checked ${records.toLocaleString('en')} records (${summary.layout === 'lines' ? 'one per line' : 'streamed JSON'}) ` +
        `in ${readSeconds.toFixed(1)} s; ${checker.warnings.count} warning(s)`,
    );

    const importStarted = performance.now();
    const report = join(home, 'logs', 'bulk-import.report');
    const args = ['--overwrite-destination=true', '--id-type=string', `--report-file=${report}`];
    if (options.maxOffHeapMemory !== undefined) args.push(`--max-off-heap-memory=${options.maxOffHeapMemory}`);
    if (options.threads !== undefined) args.push(`--threads=${options.threads}`);
    args.push(...staging.arguments());
    await runImportTool(lib, home, args, options.heap ?? DEFAULT_IMPORT_HEAP, log);
    // The tool lists bad entries there; checked input has none, and an empty report says nothing.
    if (existsSync(report) && statSync(report).size === 0) rmSync(report);
    const importSeconds = (performance.now() - importStarted) / 1000;
    const seconds = (performance.now() - started) / 1000;
    log(`imported in ${importSeconds.toFixed(1)} s; ${seconds.toFixed(1)} s in all`);
    return {
      counts,
      nodes: staging.count('nodes'),
      relationships: staging.count('relationships'),
      warnings: checker.warnings.sorted(),
      warningCount: checker.warnings.count,
      seconds,
      readSeconds,
      importSeconds,
    };
  } finally {
    staging.close();
    staging.remove();
  }
}

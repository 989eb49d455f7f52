/**
 * The dataset's rules, each stated once: record shapes (./format.ts, with
 * the hand-written equivalents of ./record-checks.ts in front of zod),
 * unique keys, resolvable references, the region hierarchy, one edge per
 * key, and the warnings about what is allowed but likely a mistake.
 *
 * Records are fed one at a time, in document order, by whoever reads the
 * document: ./validate.ts feeds a parsed document's arrays (problems named
 * by JSON path), ./check-file.ts a file record by record (problems that
 * also name their line). The same rule gives the same message either way.
 *
 * What the checker keeps is compact (./compact.ts): ids as small integers
 * and typed columns of edge ends, never the records themselves, so that a
 * million enterprises and five million supplies are checked in one pass
 * with a few bytes per record. Rules that need a whole array (parents,
 * repeated edges, suppliers that do not make what they deliver) run in
 * `finish`.
 *
 * Every array must come after the arrays it refers to (regions before
 * agencies and enterprises, agencies before users, enterprises and
 * components before makes, needs and supplies, enterprises and agencies
 * before applications), so that a reference is
 * judged when its record is read; DATASET_RECORD_ARRAYS is such an order.
 */
import { z } from 'zod';
import { IdIndex, IntColumn, LineIndex, References, UNREADABLE, findRepeats } from './compact.ts';
import {
  ApplicationRecordSchema,
  DATASET_RECORD_ARRAYS,
  DatasetSchema,
  MUNICIPALITY_CODES,
  NORMALISE_RECORD,
  OPEN_APPLICATION_STATUSES,
  RECORD_SCHEMAS,
  STATUS_AFTER_EVENT,
  LOGISTICS_ARRAYS,
  LOGISTICS_RECORD_SCHEMAS,
  NORMALISE_LOGISTICS_RECORD,
  UserRecordSchema,
  normaliseApplication,
  normaliseUser,
  type ApplicationStatus,
  type DatasetArrayName,
  type DatasetRecordArray,
  type NormalisedApplication,
  type NormalisedApplicationEvent,
  type LogisticsArrayName,
  type NormalisedHelpOffer,
  type NormalisedHelpRequest,
  type NormalisedLoan,
  type NormalisedRestriction,
  type NormalisedUser,
  type RegionLevel,
} from './format.ts';
import { formatPath, parseWithProblems, type Problem } from './problems.ts';
import { apiIdProblem } from './api-ids.ts';

import { FAST_CHECKS, type NormalisedRecordOf } from './record-checks.ts';

/** A problem at a JSON path, and at the line where its record starts when the records came with lines. */
export interface CheckedProblem extends Problem {
  line?: number;
}

/** What a record is once its shape is valid: the normalised form of its array. */
export type CheckedRecord<K extends DatasetRecordArray> = K extends DatasetArrayName
  ? NormalisedRecordOf<K>
  : K extends LogisticsArrayName
    ? NormalisedLogisticsOf<K>
    : K extends 'users'
      ? NormalisedUser
      : NormalisedApplication;

interface NormalisedLogisticsByArray {
  restrictions: NormalisedRestriction;
  loans: NormalisedLoan;
  helpRequests: NormalisedHelpRequest;
  helpOffers: NormalisedHelpOffer;
}
type NormalisedLogisticsOf<K extends LogisticsArrayName> = NormalisedLogisticsByArray[K];

/** An array came before one it refers to: its references cannot be judged as it is read. */
export class ArrayOrderError extends Error {
  override name = 'ArrayOrderError';

  constructor(readonly problem: CheckedProblem) {
    super(`${problem.path}: ${problem.message}`);
  }
}

/** The top level only: the arrays' elements are fed one by one. */
const OutlineSchema = DatasetSchema.extend({
  regions: z.array(z.unknown()),
  agencies: z.array(z.unknown()).nullable().optional(),
  enterprises: z.array(z.unknown()).nullable().optional(),
  components: z.array(z.unknown()).nullable().optional(),
  makes: z.array(z.unknown()).nullable().optional(),
  needs: z.array(z.unknown()).nullable().optional(),
  supplies: z.array(z.unknown()).nullable().optional(),
  users: z.array(z.unknown()).nullable().optional(),
  applications: z.array(z.unknown()).nullable().optional(),
  restrictions: z.array(z.unknown()).nullable().optional(),
  loans: z.array(z.unknown()).nullable().optional(),
  helpRequests: z.array(z.unknown()).nullable().optional(),
  helpOffers: z.array(z.unknown()).nullable().optional(),
});

/** Arrays whose records refer to the key array: the key array must come first. */
const REFERRED_BY: Partial<Record<DatasetRecordArray, DatasetRecordArray[]>> = {
  regions: ['agencies', 'enterprises', 'restrictions'],
  agencies: ['users', 'applications'],
  enterprises: ['makes', 'needs', 'supplies', ...LOGISTICS_ARRAYS, 'applications'],
  components: ['makes', 'needs', 'supplies', ...LOGISTICS_ARRAYS],
};

const PARENT_OF: Readonly<Record<string, string>> = {
  CITY: 'its PROVINCE',
  DISTRICT: 'its CITY, or the PROVINCE of a municipality',
};

// ---------------------------------------------------------------------------
// Messages

function unknownRegion(code: string): string {
  return `unknown region "${code}"; add that region to regions or correct the code`;
}

function unknownEnterprise(id: string): string {
  return `unknown enterprise "${id}"; add it to enterprises or correct the id`;
}

function unknownComponent(id: string): string {
  return `unknown component "${id}"; add it to components or correct the id`;
}

function unknownAgency(id: string): string {
  return `unknown agency "${id}"; add it to agencies or correct the id`;
}

const UNKNOWN: Record<KeyTable, (id: string) => string> = {
  regions: unknownRegion,
  agencies: unknownAgency,
  enterprises: unknownEnterprise,
  components: unknownComponent,
};

function duplicateKey(what: string, key: string, array: DatasetRecordArray, first: number): string {
  return `duplicate ${what} "${key}": ${array}[${first}] already has it; each must appear once`;
}

function quoteName(code: string, region: RegionEntry | undefined): string {
  return region?.name === undefined ? `"${code}"` : `"${code}" (${region.name})`;
}

// ---------------------------------------------------------------------------
// Findings

const ARRAY_RANK = Object.fromEntries(DATASET_RECORD_ARRAYS.map((array, rank) => [array, rank])) as Record<DatasetRecordArray, number>;

/** Where a finding about a record sorts: its line, or else its array and index; document order either way. */
function orderOf(array: DatasetRecordArray, index: number, line: number | undefined): number {
  return line ?? ARRAY_RANK[array] * 2 ** 32 + index;
}

function problem(path: string, message: string, line: number | undefined): CheckedProblem {
  return line === undefined ? { path, message } : { line, path, message };
}

const MAX_KINDS = 1000;

/** Problems (or warnings) in any order of discovery: the first `keep` are kept, all are counted. */
export class Findings {
  count = 0;
  private readonly kept: CheckedProblem[] = [];
  private readonly order: number[] = [];

  constructor(private readonly keep: number) {}

  /** Findings beyond the kept ones, by kind: their path without indexes, `enterprises.region`. */
  readonly beyond = new Map<string, number>();

  add(order: number, finding: CheckedProblem): void {
    this.count++;
    if (this.kept.length >= this.keep) {
      let kind = finding.path.replace(/\[\d+\]/g, '');
      // Unknown fields name kinds of their own: bounded, so that a file of junk keys stays a count.
      if (!this.beyond.has(kind) && this.beyond.size >= MAX_KINDS) kind = 'other';
      this.beyond.set(kind, (this.beyond.get(kind) ?? 0) + 1);
      return;
    }
    this.kept.push(finding);
    this.order.push(order);
  }

  /** The kept findings in document order; stable, so a record's shape problems stay ahead of its cross-record ones. */
  list(): CheckedProblem[] {
    const positions = this.kept.map((_, i) => i);
    positions.sort((a, b) => this.order[a]! - this.order[b]! || a - b);
    return positions.map((i) => this.kept[i]!);
  }
}

// ---------------------------------------------------------------------------
// State

type Fields = Record<string, unknown>;

/**
 * A record as far as it could be read: complete when its shape is valid;
 * otherwise only the fields that passed their own check (the rest are
 * absent), so that cross-record rules still run on what is usable without
 * repeating the shape error.
 */
function partialView(value: unknown, fields: readonly string[], issues: readonly z.core.$ZodIssue[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const bad = new Set<PropertyKey>();
  for (const issue of issues) if (issue.path.length > 0) bad.add(issue.path[0] as PropertyKey);
  const source = value as Fields;
  const view: Fields = {};
  for (const field of fields) if (!bad.has(field)) view[field] = source[field] ?? null;
  return view;
}

/** The fields of each array's records, for partialView. */
const FIELDS = Object.fromEntries(
  DATASET_RECORD_ARRAYS.map((array) => [
    array,
    Object.keys(
      (array === 'users'
        ? UserRecordSchema
        : array === 'applications'
          ? ApplicationRecordSchema
          : (LOGISTICS_ARRAYS as readonly string[]).includes(array)
            ? LOGISTICS_RECORD_SCHEMAS[array as LogisticsArrayName]
            : RECORD_SCHEMAS[array as DatasetArrayName]
      ).shape,
    ),
  ]),
) as Record<DatasetRecordArray, string[]>;


/** The first region of a code. */
interface RegionEntry {
  name: string | undefined;
  level: RegionLevel | undefined;
  index: number;
}

/** Every region record with a readable parent, for the hierarchy check once all regions are known. */
interface RegionParent {
  level: RegionLevel | undefined;
  parent: string | null;
  index: number;
  line: number | undefined;
}

/** The ends of one array's edges, one entry per record: a References key, or UNREADABLE. */
class EdgeColumns {
  readonly a = new IntColumn();
  readonly b = new IntColumn();
  readonly c = new IntColumn();
  readonly lines = new LineIndex();

  get length(): number {
    return this.a.length;
  }
}

export interface CheckerOptions {
  /** Problems kept for the report (all are counted); default all. */
  problemsKept?: number;
  warningsKept?: number;
  /**
   * A key the file refers to but does not hold may be one the database
   * holds: such references are kept (as keys, not records) and judged by
   * `resolve` once the whole file is read, rather than refused at once.
   */
  referencesBeyond?: boolean;
}

/** The tables whose keys other records refer to. */
export const KEY_TABLES = ['regions', 'agencies', 'enterprises', 'components'] as const;
export type KeyTable = (typeof KEY_TABLES)[number];

/**
 * Which of `ids` exist beyond the file (in the database), each with its
 * region level for regions (null for the other tables): one look-up per
 * table, of every key the file left unresolved.
 */
export type KnownKeys = (table: KeyTable, ids: readonly string[]) => Promise<Map<string, RegionLevel | null>>;

const LEVELS: readonly RegionLevel[] = ['PROVINCE', 'CITY', 'DISTRICT'];
/** What a reference to a region beyond the file asks of its level: nothing, a district, or to be a parent of a region of this level. */
const NO_LEVEL = -1;
const MUST_BE_DISTRICT = 3;

/**
 * References to keys the file does not hold, awaiting `resolve`: the keys
 * once each, and one entry per referring record (the edges of makes, needs
 * and supplies are not here: their columns already hold such keys).
 */
class Unresolved {
  readonly keys = Object.fromEntries(KEY_TABLES.map((table) => [table, new IdIndex()])) as Record<KeyTable, IdIndex>;
  readonly table = new IntColumn();
  readonly key = new IntColumn();
  readonly array = new IntColumn();
  readonly index = new IntColumn();
  readonly path = new IntColumn();
  readonly line = new IntColumn();
  readonly level = new IntColumn();
  /** Paths within a record (`region`, `events[2].agency`), once each. */
  readonly paths = new IdIndex();

  add(table: KeyTable, id: string, array: DatasetRecordArray, index: number, path: readonly (string | number)[], line: number | undefined, level: number): void {
    const keys = this.keys[table];
    const known = keys.addOrFind(id, 0);
    this.table.push(KEY_TABLES.indexOf(table));
    this.key.push(known >= 0 ? known : keys.size - 1);
    this.array.push(ARRAY_RANK[array]);
    this.index.push(index);
    const suffix = formatPath(['x', ...path]).slice(1);
    const p = this.paths.addOrFind(suffix, 0);
    this.path.push(p >= 0 ? p : this.paths.size - 1);
    this.line.push(line ?? -1);
    this.level.push(level);
  }
}

// ---------------------------------------------------------------------------

export class DatasetChecker {
  readonly errors: Findings;
  readonly warnings: Findings;
  private readonly regionByCode = new Map<string, RegionEntry>();
  private readonly regionParents: RegionParent[] = [];
  private readonly agencyKeys = new IdIndex();
  private readonly enterpriseKeys = new IdIndex();
  private readonly componentKeys = new IdIndex();
  private readonly userKeys = new IdIndex();
  private readonly applicationKeys = new IdIndex();
  /** Each enterprise's open application, by index: an enterprise has at most one. */
  private readonly openApplicationOf = new Map<string, number>();
  private readonly logisticsKeys: Record<LogisticsArrayName, IdIndex> = {
    restrictions: new IdIndex(),
    loans: new IdIndex(),
    helpRequests: new IdIndex(),
    helpOffers: new IdIndex(),
  };
  private readonly enterpriseRefs = new References(this.enterpriseKeys);
  private readonly componentRefs = new References(this.componentKeys);
  private readonly makes = new EdgeColumns();
  private readonly needs = new EdgeColumns();
  private readonly supplies = new EdgeColumns();
  private readonly lookups = {
    makes: { enterprise: this.enterpriseRefs.column(), component: this.componentRefs.column() },
    needs: { enterprise: this.enterpriseRefs.column(), component: this.componentRefs.column() },
    supplies: { supplier: this.enterpriseRefs.column(), customer: this.enterpriseRefs.column(), component: this.componentRefs.column() },
  };
  private readonly started = new Set<DatasetRecordArray>();
  private readonly unresolved: Unresolved | null;
  /** The record being checked, as far as it could be read (see partialView). */
  private view: Fields = {};

  constructor(options: CheckerOptions = {}) {
    this.errors = new Findings(options.problemsKept ?? Infinity);
    this.warnings = new Findings(options.warningsKept ?? Infinity);
    this.unresolved = options.referencesBeyond ? new Unresolved() : null;
  }

  /**
   * A reference to a key the file does not hold: refused at once, or kept
   * for `resolve` when keys may lie beyond the file.
   */
  private missing(table: KeyTable, array: DatasetRecordArray, index: number, path: readonly (string | number)[], id: string, line: number | undefined, level = NO_LEVEL): void {
    if (this.unresolved === null) this.error(array, index, path, UNKNOWN[table](id), line);
    else this.unresolved.add(table, id, array, index, path, line, level);
  }

  /**
   * Once the file is read and `finish`ed: asks `known` about every key the
   * file referred to but did not hold, one call per table, and reports each
   * reference to a key that is neither in the file nor beyond it, with the
   * message a file-only check gives, at its record.
   */
  async resolve(known: KnownKeys): Promise<void> {
    const pending = this.unresolved;
    if (pending === null) return;
    const edgeIds: Record<KeyTable, readonly string[]> = {
      regions: [],
      agencies: [],
      enterprises: this.enterpriseRefs.unknownIdList(),
      components: this.componentRefs.unknownIdList(),
    };
    const found = {} as Record<KeyTable, Map<string, RegionLevel | null>>;
    for (const table of KEY_TABLES) {
      const ids = new Set([...pending.keys[table].ids, ...edgeIds[table]]);
      found[table] = ids.size === 0 ? new Map() : await known(table, [...ids]);
    }
    for (let i = 0; i < pending.table.length; i++) {
      const table = KEY_TABLES[pending.table.at(i)]!;
      const id = pending.keys[table].ids[pending.key.at(i)]!;
      const array = DATASET_RECORD_ARRAYS[pending.array.at(i)]!;
      const index = pending.index.at(i);
      const lineAt = pending.line.at(i);
      const line = lineAt < 0 ? undefined : lineAt;
      const path = `${formatPath([array, index])}${pending.paths.ids[pending.path.at(i)]}`;
      const report = (message: string) => this.errors.add(orderOf(array, index, line), problem(path, message, line));
      if (!found[table].has(id)) {
        report(UNKNOWN[table](id));
        continue;
      }
      const level = found[table].get(id) ?? undefined;
      const wanted = pending.level.at(i);
      if (level === undefined || wanted === NO_LEVEL) continue;
      if (wanted === MUST_BE_DISTRICT) {
        if (level !== 'DISTRICT') report(`"${id}" is a ${level}; an enterprise must be located in a DISTRICT: use its district's code`);
        continue;
      }
      const child = LEVELS[wanted]!;
      if (child === 'CITY' && level !== 'PROVINCE') report(`a CITY's parent must be a PROVINCE, but "${id}" is a ${level}`);
      else if (child === 'DISTRICT' && level === 'DISTRICT') report(`a DISTRICT's parent must be a CITY or the PROVINCE of a municipality, but "${id}" is a DISTRICT`);
    }
    const edges: [DatasetRecordArray, EdgeColumns, [IntColumn, References, KeyTable, string][]][] = [
      ['makes', this.makes, [[this.makes.a, this.enterpriseRefs, 'enterprises', 'enterprise'], [this.makes.b, this.componentRefs, 'components', 'component']]],
      ['needs', this.needs, [[this.needs.a, this.enterpriseRefs, 'enterprises', 'enterprise'], [this.needs.b, this.componentRefs, 'components', 'component']]],
      [
        'supplies',
        this.supplies,
        [
          [this.supplies.a, this.enterpriseRefs, 'enterprises', 'supplier'],
          [this.supplies.b, this.enterpriseRefs, 'enterprises', 'customer'],
          [this.supplies.c, this.componentRefs, 'components', 'component'],
        ],
      ],
    ];
    for (const [array, columns, ends] of edges) {
      for (const [column, refs, table, field] of ends) {
        for (let i = 0; i < column.length; i++) {
          const key = column.at(i);
          if (key >= 0 || key === UNREADABLE) continue;
          const id = refs.id(refs.number(key));
          if (!found[table].has(id)) this.error(array, i, field, UNKNOWN[table](id), columns.lines.at(i));
        }
      }
    }
  }

  /**
   * The document's top level: an object whose fields are the dataset's
   * arrays, `regions` among them. `document` may stand for the real one with
   * empty arrays: only its fields are judged. Returns false when it is not
   * an object, so that no array of it can be read.
   */
  outline(document: unknown, line?: number): boolean {
    const parsed = parseWithProblems(OutlineSchema, document);
    // Ahead of every record's findings.
    if (!parsed.success) for (const p of parsed.problems) this.errors.add(line ?? -1, problem(p.path, p.message, line));
    return typeof document === 'object' && document !== null && !Array.isArray(document);
  }

  /**
   * Checks `value`, element `index` of `array` (indexes from 0, in order),
   * starting at `line` of its file when there is one. Returns the normalised
   * record when its shape is valid, whatever else is wrong with it; a record
   * that is already normalised is returned as it is. Throws ArrayOrderError
   * when `array` starts after an array that refers to it.
   */
  record<K extends DatasetRecordArray>(array: K, index: number, value: unknown, line?: number): CheckedRecord<K> | undefined {
    if (!this.started.has(array)) this.start(array, line);
    switch (array) {
      case 'regions':
        return this.region(index, value, line) as CheckedRecord<K> | undefined;
      case 'agencies':
        return this.agency(index, value, line) as CheckedRecord<K> | undefined;
      case 'enterprises':
        return this.enterprise(index, value, line) as CheckedRecord<K> | undefined;
      case 'components':
        return this.component(index, value, line) as CheckedRecord<K> | undefined;
      case 'makes':
      case 'needs':
        return this.pair(array as 'makes' | 'needs', index, value, line) as CheckedRecord<K> | undefined;
      case 'supplies':
        return this.supply(index, value, line) as CheckedRecord<K> | undefined;
      case 'users':
        return this.user(index, value, line) as CheckedRecord<K> | undefined;
      case 'applications':
        return this.application(index, value, line) as CheckedRecord<K> | undefined;
      case 'restrictions':
      case 'loans':
      case 'helpRequests':
      case 'helpOffers':
        return this.logistics(array as LogisticsArrayName, index, value, line) as CheckedRecord<K> | undefined;
    }
    throw new TypeError(`not an array of a dataset: ${String(array)}`);
  }

  /** The rules that need whole arrays, once every record is fed. */
  finish(): void {
    this.checkParents();
    this.repeatedPairs('makes', this.makes);
    this.repeatedPairs('needs', this.needs);
    this.repeatedSupplies();
    this.suppliesByNonMakers();
  }

  private start(array: DatasetRecordArray, line: number | undefined): void {
    for (const dependent of REFERRED_BY[array] ?? []) {
      if (this.started.has(dependent)) {
        throw new ArrayOrderError(
          problem(
            array,
            `"${array}" comes after "${dependent}", whose records refer to it; a bulk import checks each array as it reads it, ` +
              'so put regions before agencies and enterprises, agencies before users, enterprises and components before makes, needs and supplies, ' +
              'and enterprises and agencies before applications ' +
              '(the order npm run generate writes)',
            line,
          ),
        );
      }
    }
    this.started.add(array);
  }

  /** `field` may be a path within the record, `['events', 2, 'at']`. */
  private error(array: DatasetRecordArray, index: number, field: string | readonly (string | number)[] | null, message: string, line: number | undefined): void {
    const path = formatPath(field === null ? [array, index] : [array, index, ...(typeof field === 'string' ? [field] : field)]);
    this.errors.add(orderOf(array, index, line), problem(path, message, line));
  }

  private warn(array: DatasetRecordArray, index: number, field: string, message: string, line: number | undefined): void {
    this.warnings.add(orderOf(array, index, line), problem(formatPath([array, index, field]), message, line));
  }

  /**
   * The record when its shape is valid; otherwise its problems are recorded
   * and undefined returned. Either way `view` holds what could be read.
   */
  private shape<K extends DatasetArrayName>(array: K, index: number, value: unknown, line: number | undefined): NormalisedRecordOf<K> | undefined {
    const fast = (FAST_CHECKS[array] as (value: unknown) => NormalisedRecordOf<K> | undefined)(value);
    if (fast !== undefined) {
      this.view = fast as unknown as Fields;
      return fast;
    }
    const parsed = parseWithProblems(RECORD_SCHEMAS[array] as z.ZodType, value, [array, index]);
    if (parsed.success) {
      // Only reached if the hand-written check is stricter than the schema: the schema decides.
      const record = (NORMALISE_RECORD[array] as (record: unknown) => NormalisedRecordOf<K>)(parsed.data);
      this.view = record as unknown as Fields;
      return record;
    }
    this.shapeProblems(array, index, parsed.problems, line);
    this.view = partialView(value, FIELDS[array], parsed.issues);
    return undefined;
  }

  private shapeProblems(array: DatasetRecordArray, index: number, problems: readonly Problem[], line: number | undefined): void {
    const order = orderOf(array, index, line);
    for (const p of problems) this.errors.add(order, problem(p.path, p.message, line));
  }

  /** Registers a key; reports a repeat. */
  private unique(array: DatasetRecordArray, index: number, keys: IdIndex, id: unknown, field: string, what: string, line: number | undefined): void {
    if (typeof id !== 'string') return;
    const known = keys.addOrFind(id, index);
    if (known >= 0) this.error(array, index, field, duplicateKey(what, id, array, keys.firstIndex(known)), line);
  }

  private region(index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'regions'> | undefined {
    const record = this.shape('regions', index, value, line);
    const { code, name, level, parent } = this.view;
    if (typeof code === 'string') {
      const first = this.regionByCode.get(code);
      if (first !== undefined) {
        this.error('regions', index, 'code', duplicateKey('region code', code, 'regions', first.index), line);
      } else {
        this.regionByCode.set(code, { name: name as string | undefined, level: level as RegionLevel | undefined, index });
      }
    }
    if (parent !== undefined) this.regionParents.push({ level: level as RegionLevel | undefined, parent: parent as string | null, index, line });
    return record;
  }

  /** The region of a code, reported when unknown. */
  private regionOf(array: DatasetRecordArray, index: number, code: unknown, line: number | undefined): RegionEntry | undefined {
    if (typeof code !== 'string') return undefined;
    const region = this.regionByCode.get(code);
    if (region === undefined) this.missing('regions', array, index, ['region'], code, line, array === 'enterprises' ? MUST_BE_DISTRICT : NO_LEVEL);
    return region;
  }

  private agency(index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'agencies'> | undefined {
    const record = this.shape('agencies', index, value, line);
    const { id, region } = this.view;
    this.unique('agencies', index, this.agencyKeys, id, 'id', 'agency id', line);
    this.regionOf('agencies', index, region, line);
    return record;
  }

  private enterprise(index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'enterprises'> | undefined {
    const record = this.shape('enterprises', index, value, line);
    const { id, region: code, status, expectedResumeDate } = this.view;
    this.unique('enterprises', index, this.enterpriseKeys, id, 'id', 'enterprise id', line);
    const region = this.regionOf('enterprises', index, code, line);
    if (region?.level !== undefined && region.level !== 'DISTRICT') {
      this.error(
        'enterprises',
        index,
        'region',
        `${quoteName(code as string, region)} is a ${region.level}; an enterprise must be located in a DISTRICT: use its district's code`,
        line,
      );
    }
    if (expectedResumeDate != null && status !== undefined && status !== 'SUSPENDED') {
      this.warn(
        'enterprises',
        index,
        'expectedResumeDate',
        `only a SUSPENDED enterprise has an expected resume date, and this one is ${String(status)}: the date is ignored; remove it or correct the status`,
        line,
      );
    }
    return record;
  }

  private component(index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'components'> | undefined {
    const record = this.shape('components', index, value, line);
    this.unique('components', index, this.componentKeys, this.view.id, 'id', 'component id', line);
    return record;
  }

  /** The References key of an enterprise or component id, reported when unknown; UNREADABLE when there is none. */
  private reference(
    array: DatasetRecordArray,
    index: number,
    field: string,
    id: unknown,
    lookup: (id: string) => number,
    unknown: (id: string) => string,
    line: number | undefined,
  ): number {
    if (typeof id !== 'string') return UNREADABLE;
    const key = lookup(id);
    // Beyond the file, the column's key stands for the reference until `resolve`.
    if (key < 0 && this.unresolved === null) this.error(array, index, field, unknown(id), line);
    return key;
  }

  private pair(array: 'makes' | 'needs', index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'makes' | 'needs'> | undefined {
    const record = this.shape(array, index, value, line);
    const { enterprise, component } = this.view;
    const lookups = this.lookups[array];
    const columns = this[array];
    columns.a.push(this.reference(array, index, 'enterprise', enterprise, lookups.enterprise, unknownEnterprise, line));
    columns.b.push(this.reference(array, index, 'component', component, lookups.component, unknownComponent, line));
    if (line !== undefined) columns.lines.add(line);
    return record;
  }

  private supply(index: number, value: unknown, line: number | undefined): NormalisedRecordOf<'supplies'> | undefined {
    const record = this.shape('supplies', index, value, line);
    const { supplier, customer, component } = this.view;
    const lookups = this.lookups.supplies;
    const columns = this.supplies;
    columns.a.push(this.reference('supplies', index, 'supplier', supplier, lookups.supplier, unknownEnterprise, line));
    columns.b.push(this.reference('supplies', index, 'customer', customer, lookups.customer, unknownEnterprise, line));
    columns.c.push(this.reference('supplies', index, 'component', component, lookups.component, unknownComponent, line));
    if (line !== undefined) columns.lines.add(line);
    if (typeof supplier === 'string' && supplier === customer) {
      this.error('supplies', index, 'customer', `enterprise "${supplier}" cannot supply itself; supplier and customer must differ`, line);
    }
    return record;
  }

  /** Users are few: zod alone. */
  private user(index: number, value: unknown, line: number | undefined): NormalisedUser | undefined {
    const parsed = parseWithProblems(UserRecordSchema, value, ['users', index]);
    let user: NormalisedUser | undefined;
    let view: Fields;
    if (parsed.success) {
      user = normaliseUser(parsed.data);
      view = user as unknown as Fields;
    } else {
      this.shapeProblems('users', index, parsed.problems, line);
      view = partialView(value, FIELDS.users, parsed.issues);
    }
    this.unique('users', index, this.userKeys, view.id, 'id', 'user id', line);
    if (typeof view.agency === 'string' && !this.agencyKeys.has(view.agency)) {
      this.missing('agencies', 'users', index, ['agency'], view.agency, line);
    }
    return user;
  }

  /**
   * Applications are few: zod, then what ties their fields together (a
   * decision's day and reason, a commitment's documents, one open
   * application per enterprise) and their events to the status.
   */
  private application(index: number, value: unknown, line: number | undefined): NormalisedApplication | undefined {
    const parsed = parseWithProblems(ApplicationRecordSchema, value, ['applications', index]);
    if (!parsed.success) {
      this.shapeProblems('applications', index, parsed.problems, line);
      const view = partialView(value, FIELDS.applications, parsed.issues);
      this.unique('applications', index, this.applicationKeys, view.id, 'id', 'application id', line);
      return undefined;
    }
    const a = normaliseApplication(parsed.data);
    const error = (field: string, message: string) => this.error('applications', index, field, message, line);
    this.unique('applications', index, this.applicationKeys, a.id, 'id', 'application id', line);
    const idProblem = apiIdProblem('applications', a.id);
    if (idProblem !== null) error('id', idProblem);
    if (!this.enterpriseKeys.has(a.enterprise)) this.missing('enterprises', 'applications', index, ['enterprise'], a.enterprise, line);
    const decided = a.status === 'APPROVED' || a.status === 'REFUSED';
    if (decided && a.decidedOn === null) error('decidedOn', `an ${a.status} application needs the day it was decided; set decidedOn`);
    if (!decided && a.decidedOn !== null) error('decidedOn', `only an APPROVED or REFUSED application has a decision day, and this one is ${a.status}; remove decidedOn`);
    if (a.decidedOn !== null && a.decidedOn < a.filedOn) error('decidedOn', `decided on ${a.decidedOn}, before it was filed on ${a.filedOn}; correct one of the two`);
    if (a.status === 'REFUSED' && a.refusalReason === null) error('refusalReason', 'a REFUSED application needs the reason it was refused; set refusalReason');
    if (a.status !== 'REFUSED' && a.refusalReason !== null) error('refusalReason', `only a REFUSED application has a refusal reason, and this one is ${a.status}; remove refusalReason`);
    if (a.commitment && a.documentsDue === null) error('documentsDue', 'a commitment application needs the day its documents are due; set documentsDue');
    for (const field of ['documentsDue', 'documentsReceivedOn'] as const) {
      if (!a.commitment && a[field] !== null) error(field, `only a commitment application has documents to follow; remove ${field} or set commitment to true`);
    }
    if (a.documentsReceivedOn !== null && a.documentsReceivedOn < a.filedOn) {
      error('documentsReceivedOn', `received on ${a.documentsReceivedOn}, before it was filed on ${a.filedOn}; correct one of the two`);
    }
    if (OPEN_APPLICATION_STATUSES.includes(a.status)) {
      const other = this.openApplicationOf.get(a.enterprise);
      if (other === undefined) this.openApplicationOf.set(a.enterprise, index);
      else error('status', `enterprise "${a.enterprise}" already has an open application, applications[${other}]; an enterprise has at most one open application`);
    }
    this.applicationEvents(index, a.status, a.filedOn, a.events, line);
    return a;
  }

  /** Events: known agencies, oldest first from the FILED one, and leading to the application's status. */
  private applicationEvents(index: number, status: ApplicationStatus, filedOn: string, events: readonly NormalisedApplicationEvent[], line: number | undefined): void {
    if (events.length === 0) return;
    const error = (at: number, field: string, message: string) => this.error('applications', index, ['events', at, field], message, line);
    events.forEach((event, k) => {
      if (!this.agencyKeys.has(event.agency)) this.missing('agencies', 'applications', index, ['events', k, 'agency'], event.agency, line);
      if (k === 0 && event.kind !== 'FILED') error(k, 'kind', `the first event of an application is its FILED event, got ${event.kind}; start events with it`);
      if (k > 0 && event.kind === 'FILED') error(k, 'kind', 'an application is filed once: only its first event is FILED');
      if (k > 0 && Date.parse(event.at) < Date.parse(events[k - 1]!.at)) error(k, 'at', `${event.at} is before the event above it; list events oldest first`);
    });
    if (events[0]!.kind === 'FILED' && events[0]!.at.slice(0, 10) !== filedOn) {
      error(0, 'at', `the FILED event is on ${events[0]!.at.slice(0, 10)} but filedOn is ${filedOn}; make them the same day`);
    }
    let last = -1;
    for (let k = 0; k < events.length; k++) if (STATUS_AFTER_EVENT[events[k]!.kind] !== null) last = k;
    const after = last < 0 ? null : STATUS_AFTER_EVENT[events[last]!.kind];
    if (after !== null && after !== status) {
      error(last, 'kind', `the last step, ${events[last]!.kind}, leaves the application ${after}, but its status is ${status}; correct the status or the events`);
    }
  }

  /**
   * Restrictions, loans, help requests and offers are few: zod for the
   * shape, then their references (enterprises, components, regions) and the
   * rules between their fields, each at the field to correct.
   */
  private logistics(array: LogisticsArrayName, index: number, value: unknown, line: number | undefined): unknown {
    const parsed = parseWithProblems(LOGISTICS_RECORD_SCHEMAS[array] as z.ZodType, value, [array, index]);
    let record: unknown;
    let view: Fields;
    if (parsed.success) {
      record = (NORMALISE_LOGISTICS_RECORD[array] as (r: unknown) => unknown)(parsed.data);
      view = record as Fields;
    } else {
      this.shapeProblems(array, index, parsed.problems, line);
      view = partialView(value, FIELDS[array], parsed.issues);
    }
    const what = { restrictions: 'restriction id', loans: 'loan id', helpRequests: 'help request id', helpOffers: 'help offer id' }[array];
    this.unique(array, index, this.logisticsKeys[array], view.id, 'id', what, line);
    const error = (path: (string | number)[], message: string): void => {
      this.errors.add(orderOf(array, index, line), problem(formatPath([array, index, ...path]), message, line));
    };
    const idProblem = typeof view.id === 'string' ? apiIdProblem(array, view.id) : null;
    if (idProblem !== null) error(['id'], idProblem);
    const enterprise = (path: (string | number)[], id: unknown): void => {
      if (typeof id === 'string' && !this.enterpriseKeys.has(id)) this.missing('enterprises', array, index, path, id, line);
    };
    const component = (path: (string | number)[], id: unknown): void => {
      if (typeof id === 'string' && !this.componentKeys.has(id)) this.missing('components', array, index, path, id, line);
    };
    const after = (later: unknown, earlier: unknown, strictly: boolean): boolean =>
      typeof later !== 'string' || typeof earlier !== 'string' || (strictly ? later > earlier : later >= earlier);
    switch (array) {
      case 'restrictions': {
        const { supply, region, direction, from, until } = view;
        const onRegion = region != null || direction != null;
        if (supply != null && onRegion) {
          error([region != null ? 'region' : 'direction'], 'a restriction names either one supply edge or a region with a direction, not both; set supply or region and direction to null');
        } else if (supply === null && !onRegion && 'supply' in view && 'region' in view && 'direction' in view) {
          error(['supply'], 'a restriction needs a supply edge ({supplier, customer, component}), or a region with a direction; set one of them');
        } else if (supply === null && onRegion) {
          if (region == null && 'region' in view) error(['region'], 'a restriction with a direction needs the region whose border it closes; set region to its code');
          if (direction == null && 'direction' in view) error(['direction'], 'a restriction on a region needs a direction: INBOUND, OUTBOUND or BOTH');
        }
        if (typeof region === 'string' && !this.regionByCode.has(region)) this.missing('regions', array, index, ['region'], region, line);
        if (typeof supply === 'object' && supply !== null) {
          const edge = supply as Fields;
          enterprise(['supply', 'supplier'], edge.supplier);
          enterprise(['supply', 'customer'], edge.customer);
          component(['supply', 'component'], edge.component);
          if (typeof edge.supplier === 'string' && edge.supplier === edge.customer) {
            error(['supply', 'customer'], `enterprise "${edge.supplier}" cannot supply itself; supplier and customer must differ`);
          }
        }
        if (until != null && !after(until, from, true)) error(['until'], `must come after from (${String(from)}), got "${String(until)}"; a restriction is in force from its first day until the day it ends`);
        break;
      }
      case 'loans': {
        const { lender, borrower, start, returnBy, returnedOn } = view;
        enterprise(['lender'], lender);
        enterprise(['borrower'], borrower);
        component(['component'], view.component);
        if (typeof lender === 'string' && lender === borrower) error(['borrower'], `enterprise "${lender}" cannot lend to itself; lender and borrower must differ`);
        if (!after(returnBy, start, false)) error(['returnBy'], `must be on or after start (${String(start)}), got "${String(returnBy)}"`);
        if (returnedOn != null && !after(returnedOn, start, false)) error(['returnedOn'], `must be on or after start (${String(start)}), got "${String(returnedOn)}"`);
        break;
      }
      case 'helpRequests':
      case 'helpOffers':
        enterprise(['enterprise'], view.enterprise);
        component(['component'], view.component);
        break;
    }
    return record;
  }

  /** Parents: present where the level needs one, known, of the right level. */
  private checkParents(): void {
    for (const { level, parent, index, line } of this.regionParents) {
      const error = (message: string) => this.error('regions', index, 'parent', message, line);
      if (parent === null) {
        if (level !== undefined && level !== 'PROVINCE') error(`a ${level} needs a parent (${PARENT_OF[level]}); set parent to that region's code`);
        continue;
      }
      if (level === 'PROVINCE') {
        error(`a PROVINCE has no parent, got "${parent}"; set parent to null`);
        continue;
      }
      const up = this.regionByCode.get(parent);
      if (up === undefined) {
        this.missing('regions', 'regions', index, ['parent'], parent, line, level === undefined ? NO_LEVEL : LEVELS.indexOf(level));
        continue;
      }
      if (level === undefined || up.level === undefined) continue;
      const upName = quoteName(parent, up);
      if (level === 'CITY' && up.level !== 'PROVINCE') {
        error(`a CITY's parent must be a PROVINCE, but ${upName} is a ${up.level}`);
      } else if (level === 'DISTRICT' && up.level === 'DISTRICT') {
        error(`a DISTRICT's parent must be a CITY or the PROVINCE of a municipality, but ${upName} is a DISTRICT`);
      } else if (level === 'DISTRICT' && up.level === 'PROVINCE' && !MUNICIPALITY_CODES.includes(parent)) {
        this.warn(
          'regions',
          index,
          'parent',
          `DISTRICT hangs directly under ${upName}, which is not a municipality (${MUNICIPALITY_CODES.join(', ')}), ` +
            `so the province will also act as its city; point parent at its CITY unless the province administers it directly`,
          line,
        );
      }
    }
  }

  /** One MAKES or NEEDS per (enterprise, component), unknown ids included. */
  private repeatedPairs(array: 'makes' | 'needs', columns: EdgeColumns): void {
    const enterprises = this.enterpriseRefs;
    const components = this.componentRefs;
    const width = components.size;
    const enterpriseOf = (i: number) => enterprises.number(columns.a.at(i));
    const componentOf = (i: number) => components.number(columns.b.at(i));
    findRepeats(
      columns.length,
      (i) => {
        const e = enterpriseOf(i);
        const c = componentOf(i);
        return e < 0 || c < 0 ? -1 : e * width + c;
      },
      (i, j) => columns.a.at(i) === columns.a.at(j) && columns.b.at(i) === columns.b.at(j),
      (i, first) => {
        this.error(
          array,
          i,
          null,
          `duplicate of ${array}[${first}] (enterprise "${enterprises.id(enterpriseOf(i))}", component "${components.id(componentOf(i))}"); ` +
            'keep one record per enterprise and component',
          columns.lines.at(i),
        );
      },
    );
  }

  /** One SUPPLIES per (supplier, customer, component), unknown ids included. */
  private repeatedSupplies(): void {
    const columns = this.supplies;
    const enterprises = this.enterpriseRefs;
    const components = this.componentRefs;
    const height = enterprises.size;
    const width = components.size;
    findRepeats(
      columns.length,
      (i) => {
        const s = enterprises.number(columns.a.at(i));
        const cu = enterprises.number(columns.b.at(i));
        const c = components.number(columns.c.at(i));
        // Beyond 2^53 two triples may share a key; `same` tells them apart.
        return s < 0 || cu < 0 || c < 0 ? -1 : (s * height + cu) * width + c;
      },
      (i, j) => columns.a.at(i) === columns.a.at(j) && columns.b.at(i) === columns.b.at(j) && columns.c.at(i) === columns.c.at(j),
      (i, first) => {
        const supplier = enterprises.id(enterprises.number(columns.a.at(i)));
        const customer = enterprises.id(enterprises.number(columns.b.at(i)));
        const component = components.id(components.number(columns.c.at(i)));
        this.error(
          'supplies',
          i,
          null,
          `duplicate of supplies[${first}] (supplier "${supplier}", customer "${customer}", component "${component}"); ` +
            'keep one record per supplier, customer and component',
          columns.lines.at(i),
        );
      },
    );
  }

  /** A known supplier delivering a known component it has no makes record for. */
  private suppliesByNonMakers(): void {
    // What each known enterprise makes, grouped by enterprise: an enterprise makes few components.
    const makes = this.makes;
    const enterpriseCount = this.enterpriseKeys.size;
    const start = new Int32Array(enterpriseCount + 1);
    for (let i = 0; i < makes.length; i++) {
      const e = makes.a.at(i);
      if (e >= 0 && makes.b.at(i) >= 0) start[e + 1]!++;
    }
    for (let e = 0; e < enterpriseCount; e++) start[e + 1]! += start[e]!;
    const made = new Int32Array(start[enterpriseCount]!);
    const next = start.slice(0, enterpriseCount);
    for (let i = 0; i < makes.length; i++) {
      const e = makes.a.at(i);
      const c = makes.b.at(i);
      if (e >= 0 && c >= 0) made[next[e]!++] = c;
    }
    const columns = this.supplies;
    for (let i = 0; i < columns.length; i++) {
      const s = columns.a.at(i);
      const c = columns.c.at(i);
      if (s < 0 || c < 0 || columns.b.at(i) === UNREADABLE) continue;
      let makesIt = false;
      for (let k = start[s]!; k < start[s + 1]! && !makesIt; k++) makesIt = made[k] === c;
      if (makesIt) continue;
      this.warn(
        'supplies',
        i,
        'component',
        `supplier "${this.enterpriseKeys.ids[s]}" does not make component "${this.componentKeys.ids[c]}"; ` +
          'add a makes record for it or correct the supplier',
        columns.lines.at(i),
      );
    }
  }
}

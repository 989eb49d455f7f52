/**
 * Validation of a dataset document: shape (./format.ts) and the rules that
 * span records — unique keys, resolvable references, the region hierarchy.
 * Every problem is reported, each at the JSON path of the value at fault,
 * so one run lists everything a file needs fixed.
 *
 * Documents reach millions of records (1,000,000 enterprises and 5,000,000
 * supplies must validate in seconds), hence plain loops and Maps here and
 * the hand-written record checks of ./record-checks.ts in front of zod.
 */
import { z } from 'zod';
import { FAST_CHECKS, type NormalisedRecordOf } from './record-checks.ts';
import {
  DATASET_ARRAYS,
  DatasetSchema,
  MUNICIPALITY_CODES,
  NORMALISE_RECORD,
  RECORD_SCHEMAS,
  UserRecordSchema,
  normaliseUser,
  type DatasetArrayName,
  type NormalisedDataset,
  type NormalisedSupplies,
  type NormalisedUser,
} from './format.ts';
import { formatPath, parseWithProblems, type Problem } from './problems.ts';

export { formatProblems, type Problem } from './problems.ts';

export type ValidationResult =
  | { ok: true; dataset: NormalisedDataset; warnings: Problem[] }
  | { ok: false; problems: Problem[]; warnings: Problem[] };

/**
 * A record as far as it could be read: complete when its shape is valid;
 * otherwise only the fields that passed their own check (the rest are
 * absent), so that cross-record rules still run on what is usable without
 * repeating the shape error.
 */
type View<K extends DatasetArrayName> = Partial<NormalisedRecordOf<K>>;
type Views = { [K in DatasetArrayName]: (View<K> | undefined)[] };

/** Users sit beside the graph's arrays: few, checked with zod alone, reported after them. */
type ArrayName = DatasetArrayName | 'users';
const REPORTED_ARRAYS: readonly ArrayName[] = [...DATASET_ARRAYS, 'users'];

/** The top level only: the arrays' elements are checked one by one below. */
const ShellSchema = DatasetSchema.extend({
  regions: z.array(z.unknown()),
  agencies: z.array(z.unknown()).nullable().optional(),
  enterprises: z.array(z.unknown()).nullable().optional(),
  components: z.array(z.unknown()).nullable().optional(),
  makes: z.array(z.unknown()).nullable().optional(),
  needs: z.array(z.unknown()).nullable().optional(),
  supplies: z.array(z.unknown()).nullable().optional(),
  users: z.array(z.unknown()).nullable().optional(),
});

/** Problems collected in any order, reported in document order. */
class Findings {
  private readonly general: Problem[] = [];
  private readonly byArray = new Map<ArrayName, { index: number; problem: Problem }[]>();

  addGeneral(problems: readonly Problem[]): void {
    this.general.push(...problems);
  }

  addRecordProblems(array: ArrayName, index: number, problems: readonly Problem[]): void {
    for (const problem of problems) this.bucket(array).push({ index, problem });
  }

  /** `field` null: the record as a whole. */
  add(array: ArrayName, index: number, field: string | null, message: string): void {
    const path = formatPath(field === null ? [array, index] : [array, index, field]);
    this.bucket(array).push({ index, problem: { path, message } });
  }

  get empty(): boolean {
    return this.general.length === 0 && this.byArray.size === 0;
  }

  list(): Problem[] {
    const out = [...this.general];
    for (const array of REPORTED_ARRAYS) {
      const bucket = this.byArray.get(array);
      if (bucket === undefined) continue;
      // Stable: a record's shape problems stay ahead of its cross-record ones.
      bucket.sort((a, b) => a.index - b.index);
      for (const entry of bucket) out.push(entry.problem);
    }
    return out;
  }

  private bucket(array: ArrayName): { index: number; problem: Problem }[] {
    let bucket = this.byArray.get(array);
    if (bucket === undefined) {
      bucket = [];
      this.byArray.set(array, bucket);
    }
    return bucket;
  }
}

/** Parses `text` as JSON and validates it; a syntax error is a problem at `$`. */
export function validateDatasetJson(text: string): ValidationResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '$', message: `not valid JSON: ${reason}` }], warnings: [] };
  }
  return validateDataset(input);
}

/**
 * Checks a parsed document. On success the dataset is normalised; records
 * that were already complete are returned as they are rather than copied,
 * so the result may share objects with `input`.
 */
export function validateDataset(input: unknown): ValidationResult {
  const errors = new Findings();
  const warnings = new Findings();

  const shell = parseWithProblems(ShellSchema, input);
  if (!shell.success) {
    errors.addGeneral(shell.problems);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, problems: errors.list(), warnings: [] };
    }
  }
  const document = input as Record<string, unknown>;
  const read = <K extends DatasetArrayName>(array: K) => {
    const value = document[array];
    // A top-level value that is not an array was reported above; its records cannot be read.
    return readRecords(array, Array.isArray(value) ? value : [], errors);
  };
  const views: Views = {
    regions: read('regions'),
    agencies: read('agencies'),
    enterprises: read('enterprises'),
    components: read('components'),
    makes: read('makes'),
    needs: read('needs'),
    supplies: read('supplies'),
  };

  const regions = indexRegions(views.regions, errors);
  const agencyIds = indexKeys('agencies', views.agencies, (r) => r.id, 'agency id', errors);
  const enterpriseIds = indexKeys('enterprises', views.enterprises, (r) => r.id, 'enterprise id', errors);
  const componentIds = indexKeys('components', views.components, (r) => r.id, 'component id', errors);

  checkRegions(views.regions, regions, errors, warnings);
  checkAgencies(views.agencies, regions, errors);
  checkEnterprises(views.enterprises, regions, errors, warnings);
  const enterpriseCount = views.enterprises.length;
  const makes = checkPairs('makes', views.makes, enterpriseIds, enterpriseCount, componentIds, errors);
  checkPairs('needs', views.needs, enterpriseIds, enterpriseCount, componentIds, errors);
  checkSupplies(views.supplies, enterpriseIds, enterpriseCount, componentIds, views.components.length, makes, errors, warnings);
  const users = checkUsers(Array.isArray(document.users) ? document.users : [], agencyIds, errors);

  if (!errors.empty) return { ok: false, problems: errors.list(), warnings: warnings.list() };
  // No problems: every view is a complete record.
  return { ok: true, dataset: { ...views, users } as unknown as NormalisedDataset, warnings: warnings.list() };
}

function readRecords<K extends DatasetArrayName>(array: K, raw: readonly unknown[], errors: Findings): (View<K> | undefined)[] {
  const check = FAST_CHECKS[array] as (value: unknown) => NormalisedRecordOf<K> | undefined;
  const schema = RECORD_SCHEMAS[array];
  const fields = Object.keys(schema.shape);
  const out = new Array<View<K> | undefined>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const value = raw[i];
    const fast = check(value);
    if (fast !== undefined) {
      out[i] = fast;
      continue;
    }
    const parsed = parseWithProblems(schema, value, [array, i]);
    if (parsed.success) {
      // Only reached if the fast check is stricter than the schema: the schema decides.
      out[i] = (NORMALISE_RECORD[array] as (record: unknown) => NormalisedRecordOf<K>)(parsed.data);
      continue;
    }
    errors.addRecordProblems(array, i, parsed.problems);
    out[i] = partialView<K>(value, fields, parsed.issues);
  }
  return out;
}

function partialView<K extends DatasetArrayName>(
  value: unknown,
  fields: readonly string[],
  issues: readonly z.core.$ZodIssue[],
): View<K> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const bad = new Set<PropertyKey>();
  for (const issue of issues) if (issue.path.length > 0) bad.add(issue.path[0] as PropertyKey);
  const source = value as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  for (const field of fields) if (!bad.has(field)) view[field] = source[field] ?? null;
  return view as View<K>;
}

function quoteName(code: string, region: View<'regions'> | undefined): string {
  return region?.name === undefined ? `"${code}"` : `"${code}" (${region.name})`;
}

/** Regions by code, the first record of each code. */
type RegionIndex = ReadonlyMap<string, View<'regions'>>;

/** Maps each key to the position of its first record and reports the repeats. */
function indexKeys<K extends DatasetArrayName>(
  array: K,
  views: readonly (View<K> | undefined)[],
  keyOf: (view: View<K>) => string | undefined,
  what: string,
  errors: Findings,
): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < views.length; i++) {
    const view = views[i];
    if (view === undefined) continue;
    const key = keyOf(view);
    if (key === undefined) continue;
    const first = index.get(key);
    if (first === undefined) {
      index.set(key, i);
    } else {
      errors.add(array, i, keyField(array), `duplicate ${what} "${key}": ${array}[${first}] already has it; each must appear once`);
    }
  }
  return index;
}

function keyField(array: DatasetArrayName): string {
  return array === 'regions' ? 'code' : 'id';
}

function indexRegions(views: readonly (View<'regions'> | undefined)[], errors: Findings): RegionIndex {
  const positions = indexKeys('regions', views, (r) => r.code, 'region code', errors);
  const byCode = new Map<string, View<'regions'>>();
  for (const [code, i] of positions) {
    const view = views[i];
    if (view !== undefined) byCode.set(code, view);
  }
  return byCode;
}

const PARENT_OF: Readonly<Record<string, string>> = {
  CITY: 'its PROVINCE',
  DISTRICT: 'its CITY, or the PROVINCE of a municipality',
};

function checkRegions(
  views: readonly (View<'regions'> | undefined)[],
  regions: RegionIndex,
  errors: Findings,
  warnings: Findings,
): void {
  for (let i = 0; i < views.length; i++) {
    const region = views[i];
    if (region === undefined || region.parent === undefined) continue;
    const { level, parent } = region;
    if (parent === null) {
      if (level !== undefined && level !== 'PROVINCE') {
        errors.add('regions', i, 'parent', `a ${level} needs a parent (${PARENT_OF[level]}); set parent to that region's code`);
      }
      continue;
    }
    if (level === 'PROVINCE') {
      errors.add('regions', i, 'parent', `a PROVINCE has no parent, got "${parent}"; set parent to null`);
      continue;
    }
    const up = regions.get(parent);
    if (up === undefined) {
      errors.add('regions', i, 'parent', unknownRegion(parent));
      continue;
    }
    if (level === undefined || up.level === undefined) continue;
    const upName = quoteName(parent, up);
    if (level === 'CITY' && up.level !== 'PROVINCE') {
      errors.add('regions', i, 'parent', `a CITY's parent must be a PROVINCE, but ${upName} is a ${up.level}`);
    } else if (level === 'DISTRICT' && up.level === 'DISTRICT') {
      errors.add(
        'regions',
        i,
        'parent',
        `a DISTRICT's parent must be a CITY or the PROVINCE of a municipality, but ${upName} is a DISTRICT`,
      );
    } else if (level === 'DISTRICT' && up.level === 'PROVINCE' && !MUNICIPALITY_CODES.includes(parent)) {
      warnings.add(
        'regions',
        i,
        'parent',
        `DISTRICT hangs directly under ${upName}, which is not a municipality (${MUNICIPALITY_CODES.join(', ')}), ` +
          `so the province will also act as its city; point parent at its CITY unless the province administers it directly`,
      );
    }
  }
}

function unknownRegion(code: string): string {
  return `unknown region "${code}"; add that region to regions or correct the code`;
}

function checkAgencies(views: readonly (View<'agencies'> | undefined)[], regions: RegionIndex, errors: Findings): void {
  for (let i = 0; i < views.length; i++) {
    const region = views[i]?.region;
    if (region !== undefined && !regions.has(region)) errors.add('agencies', i, 'region', unknownRegion(region));
  }
}

function checkEnterprises(
  views: readonly (View<'enterprises'> | undefined)[],
  regions: RegionIndex,
  errors: Findings,
  warnings: Findings,
): void {
  for (let i = 0; i < views.length; i++) {
    const enterprise = views[i];
    if (enterprise === undefined) continue;
    const { region: code, status, expectedResumeDate } = enterprise;
    if (code !== undefined) {
      const region = regions.get(code);
      if (region === undefined) {
        errors.add('enterprises', i, 'region', unknownRegion(code));
      } else if (region.level !== undefined && region.level !== 'DISTRICT') {
        errors.add(
          'enterprises',
          i,
          'region',
          `${quoteName(code, region)} is a ${region.level}; an enterprise must be located in a DISTRICT: use its district's code`,
        );
      }
    }
    if (expectedResumeDate != null && status !== undefined && status !== 'SUSPENDED') {
      warnings.add(
        'enterprises',
        i,
        'expectedResumeDate',
        `only a SUSPENDED enterprise has an expected resume date, and this one is ${status}: the date is ignored; remove it or correct the status`,
      );
    }
  }
}

function unknownEnterprise(id: string): string {
  return `unknown enterprise "${id}"; add it to enterprises or correct the id`;
}

function unknownComponent(id: string): string {
  return `unknown component "${id}"; add it to components or correct the id`;
}

/**
 * Small integer keys for ids: the record index for a known id, and fresh
 * numbers past the end for unknown ones, so that records with unknown
 * references still take part in duplicate detection.
 */
class IdKeys {
  private readonly unknown = new Map<string, number>();

  constructor(private readonly known: ReadonlyMap<string, number>, private readonly knownCount: number) {}

  key(id: string): number {
    let key = this.known.get(id) ?? this.unknown.get(id);
    if (key === undefined) {
      key = this.knownCount + this.unknown.size;
      this.unknown.set(id, key);
    }
    return key;
  }

  /**
   * `key` for one column of references. Edges usually come grouped by one
   * end (a customer's supplies together, an enterprise's needs together):
   * remembering the column's last id spares most lookups in a table of a
   * million ids.
   */
  column(): (id: string) => number {
    let lastId: string | undefined;
    let lastKey = -1;
    return (id) => {
      if (id !== lastId) {
        lastId = id;
        lastKey = this.key(id);
      }
      return lastKey;
    };
  }

  isKnown(key: number): boolean {
    return key < this.knownCount;
  }

  get size(): number {
    return this.knownCount + this.unknown.size;
  }
}

/**
 * Stable counting sort of `items` by `keys[item]` (all in 0..keyCount-1):
 * the items of key k are `order[start[k]] … order[start[k + 1] - 1]`, in
 * their original order.
 */
function groupBy(items: Int32Array, keys: Int32Array, keyCount: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (const item of items) start[keys[item]! + 1]!++;
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const next = start.slice(0, keyCount);
  const order = new Int32Array(items.length);
  for (const item of items) order[next[keys[item]!]!++] = item;
  return { start, order };
}

/** Beyond this size a group is searched through a Map rather than pair by pair. */
const SMALL_GROUP = 32;

/**
 * Within `order[from..to)` (records in ascending order), calls `repeat(i,
 * first)` for each record whose key equals that of an earlier one.
 */
function findRepeats(
  order: Int32Array,
  from: number,
  to: number,
  keyOf: (record: number) => string,
  repeat: (record: number, first: number) => void,
): void {
  if (to - from <= SMALL_GROUP) {
    for (let p = from + 1; p < to; p++) {
      const record = order[p]!;
      const key = keyOf(record);
      for (let q = from; q < p; q++) {
        if (keyOf(order[q]!) === key) {
          repeat(record, order[q]!);
          break;
        }
      }
    }
    return;
  }
  const firsts = new Map<string, number>();
  for (let p = from; p < to; p++) {
    const record = order[p]!;
    const key = keyOf(record);
    const first = firsts.get(key);
    if (first === undefined) firsts.set(key, record);
    else repeat(record, first);
  }
}

/** The components each known enterprise makes, grouped by enterprise. */
interface MakesByEnterprise {
  start: Int32Array;
  order: Int32Array;
  /** Component index per makes record, -1 when unknown. */
  component: Int32Array;
}

/** MAKES and NEEDS: references and one record per (enterprise, component). */
function checkPairs(
  array: 'makes' | 'needs',
  views: readonly (View<'makes'> | View<'needs'> | undefined)[],
  enterpriseIds: ReadonlyMap<string, number>,
  enterpriseCount: number,
  componentIds: ReadonlyMap<string, number>,
  errors: Findings,
): MakesByEnterprise {
  const enterprises = new IdKeys(enterpriseIds, enterpriseCount);
  const enterpriseKeyOf = enterprises.column();
  const enterpriseKey = new Int32Array(views.length);
  const componentKey = new Int32Array(views.length).fill(-1);
  const complete = new Int32Array(views.length);
  let completeCount = 0;
  for (let i = 0; i < views.length; i++) {
    const view = views[i];
    if (view === undefined) continue;
    const { enterprise, component } = view;
    if (enterprise !== undefined) {
      enterpriseKey[i] = enterpriseKeyOf(enterprise);
      if (!enterprises.isKnown(enterpriseKey[i]!)) errors.add(array, i, 'enterprise', unknownEnterprise(enterprise));
    }
    if (component !== undefined) {
      const c = componentIds.get(component);
      if (c === undefined) errors.add(array, i, 'component', unknownComponent(component));
      else componentKey[i] = c;
    }
    if (enterprise !== undefined && component !== undefined) complete[completeCount++] = i;
  }

  const { start, order } = groupBy(complete.subarray(0, completeCount), enterpriseKey, enterprises.size);
  const componentOf = (record: number) => (views[record] as NormalisedRecordOf<'makes' | 'needs'>).component;
  for (let e = 0; e < enterprises.size; e++) {
    findRepeats(order, start[e]!, start[e + 1]!, componentOf, (record, first) => {
      const { enterprise, component } = views[record] as NormalisedRecordOf<'makes' | 'needs'>;
      errors.add(
        array,
        record,
        null,
        `duplicate of ${array}[${first}] (enterprise "${enterprise}", component "${component}"); keep one record per enterprise and component`,
      );
    });
  }
  return { start, order, component: componentKey };
}

function checkSupplies(
  views: readonly (View<'supplies'> | undefined)[],
  enterpriseIds: ReadonlyMap<string, number>,
  enterpriseCount: number,
  componentIds: ReadonlyMap<string, number>,
  componentCount: number,
  makes: MakesByEnterprise,
  errors: Findings,
  warnings: Findings,
): void {
  const enterprises = new IdKeys(enterpriseIds, enterpriseCount);
  const supplierKeyOf = enterprises.column();
  const customerKeyOf = enterprises.column();
  const supplierKey = new Int32Array(views.length);
  const customerKey = new Int32Array(views.length);
  const componentKey = new Int32Array(views.length).fill(-1);
  const complete = new Int32Array(views.length);
  let completeCount = 0;
  for (let i = 0; i < views.length; i++) {
    const view = views[i];
    if (view === undefined) continue;
    const { supplier, customer, component } = view;
    if (supplier !== undefined) {
      supplierKey[i] = supplierKeyOf(supplier);
      if (!enterprises.isKnown(supplierKey[i]!)) errors.add('supplies', i, 'supplier', unknownEnterprise(supplier));
    }
    if (customer !== undefined) {
      customerKey[i] = customerKeyOf(customer);
      if (!enterprises.isKnown(customerKey[i]!)) errors.add('supplies', i, 'customer', unknownEnterprise(customer));
    }
    if (component !== undefined) {
      const c = componentIds.get(component);
      if (c === undefined) errors.add('supplies', i, 'component', unknownComponent(component));
      else componentKey[i] = c;
    }
    if (supplier !== undefined && supplier === customer) {
      errors.add('supplies', i, 'customer', `enterprise "${supplier}" cannot supply itself; supplier and customer must differ`);
    }
    if (supplier !== undefined && customer !== undefined && component !== undefined) complete[completeCount++] = i;
  }

  // Ordered by supplier, then customer, then position: repeats sit side by side.
  const byCustomer = groupBy(complete.subarray(0, completeCount), customerKey, enterprises.size);
  const { start, order } = groupBy(byCustomer.order, supplierKey, enterprises.size);
  const componentOf = (record: number) => (views[record] as NormalisedSupplies).component;
  const repeat = (record: number, first: number) => {
    const { supplier, customer, component } = views[record] as NormalisedSupplies;
    errors.add(
      'supplies',
      record,
      null,
      `duplicate of supplies[${first}] (supplier "${supplier}", customer "${customer}", component "${component}"); ` +
        'keep one record per supplier, customer and component',
    );
  };
  // madeBy[c] === s + 1 while supplier s is examined and makes component c.
  const madeBy = new Int32Array(componentCount);
  for (let s = 0; s < enterprises.size; s++) {
    const from = start[s]!;
    const to = start[s + 1]!;
    if (from === to) continue;
    if (enterprises.isKnown(s)) {
      for (let p = makes.start[s]!; p < makes.start[s + 1]!; p++) {
        const c = makes.component[makes.order[p]!]!;
        if (c >= 0) madeBy[c] = s + 1;
      }
      for (let p = from; p < to; p++) {
        const record = order[p]!;
        const c = componentKey[record]!;
        if (c >= 0 && madeBy[c] !== s + 1) {
          const { supplier, component } = views[record] as NormalisedSupplies;
          warnings.add(
            'supplies',
            record,
            'component',
            `supplier "${supplier}" does not make component "${component}"; add a makes record for it or correct the supplier`,
          );
        }
      }
    }
    let runStart = from;
    for (let p = from + 1; p <= to; p++) {
      if (p === to || customerKey[order[p]!] !== customerKey[order[runStart]!]) {
        if (p - runStart > 1) findRepeats(order, runStart, p, componentOf, repeat);
        runStart = p;
      }
    }
  }
}

/** Users: shape (a known role), one record per id, and an agency of the document. */
function checkUsers(raw: readonly unknown[], agencyIds: ReadonlyMap<string, number>, errors: Findings): NormalisedUser[] {
  const users: NormalisedUser[] = [];
  const firstOf = new Map<string, number>();
  for (let i = 0; i < raw.length; i++) {
    const parsed = parseWithProblems(UserRecordSchema, raw[i], ['users', i]);
    let id: unknown;
    let agency: unknown;
    if (parsed.success) {
      const user = normaliseUser(parsed.data);
      users.push(user);
      ({ id, agency } = user);
    } else {
      errors.addRecordProblems('users', i, parsed.problems);
      // Cross-record rules still run on the fields that passed their own check.
      const bad = new Set(parsed.issues.map((issue) => issue.path[0]));
      const value = typeof raw[i] === 'object' && raw[i] !== null ? (raw[i] as Record<string, unknown>) : {};
      if (!bad.has('id')) id = value.id;
      if (!bad.has('agency')) agency = value.agency;
    }
    if (typeof id === 'string') {
      const first = firstOf.get(id);
      if (first === undefined) firstOf.set(id, i);
      else errors.add('users', i, 'id', `duplicate user id "${id}": users[${first}] already has it; each must appear once`);
    }
    if (typeof agency === 'string' && !agencyIds.has(agency)) {
      errors.add('users', i, 'agency', `unknown agency "${agency}"; add it to agencies or correct the id`);
    }
  }
  return users;
}

/**
 * Hand-written equivalents of the record schemas in ./format.ts.
 *
 * A dataset may hold millions of records, and running zod on each one
 * costs more than the rest of validation together. Each check here accepts
 * a record exactly when its zod schema does and returns the normalised
 * record; on `undefined` the caller runs the zod schema to explain why, so
 * every message still comes from one place. test/dataset/record-checks.test.ts
 * holds the two to the same answers.
 *
 * A record that already is in normalised form (every field present, null
 * where unknown — what the generator writes) is returned as it is: copying
 * millions of records that are kept anyway costs mostly garbage collection.
 */
import {
  ENTERPRISE_STATUSES,
  MAX_NOTE_CHARS,
  MAX_TEXT_CHARS,
  REGION_LEVELS,
  RECORD_SCHEMAS,
  normaliseComponent,
  normaliseEnterprise,
  normaliseMakes,
  normaliseNeeds,
  normaliseRegion,
  normaliseSupplies,
  type DatasetArrayName,
  type EnterpriseStatus,
  type NormalisedDataset,
  type RegionLevel,
} from './format.ts';

type Fields = Record<string, unknown>;

export type NormalisedRecordOf<K extends DatasetArrayName> = NormalisedDataset[K][number];

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keySet(name: DatasetArrayName): ReadonlySet<string> {
  return new Set(Object.keys(RECORD_SCHEMAS[name].shape));
}

/** Same key walk as zod's strict objects: own and inherited enumerable string keys. */
function onlyKnownKeys(value: Fields, known: ReadonlySet<string>): boolean {
  for (const key in value) if (!known.has(key)) return false;
  return true;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT_CHARS;
const isOptionalString = (v: unknown): v is string | null | undefined => v == null || (typeof v === 'string' && v.length <= MAX_TEXT_CHARS);
const isOptionalNote = (v: unknown): v is string | null | undefined => v == null || (typeof v === 'string' && v.length <= MAX_NOTE_CHARS);
const isOptionalCount = (v: unknown): v is number | null | undefined =>
  v == null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
const isOptionalAmount = (v: unknown): v is number | null | undefined =>
  v == null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isOptionalShare = (v: unknown): v is number | null | undefined =>
  v == null || (typeof v === 'number' && v >= 0 && v <= 1);
const isOptionalBoolean = (v: unknown): v is boolean | null | undefined => v == null || typeof v === 'boolean';

const levels: ReadonlySet<unknown> = new Set(REGION_LEVELS);
const statuses: ReadonlySet<unknown> = new Set(ENTERPRISE_STATUSES);
const isLevel = (v: unknown): v is RegionLevel => levels.has(v);
const isStatus = (v: unknown): v is EnterpriseStatus => statuses.has(v);

export function isRegionCode(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** YYYY-MM-DD naming a day of the proleptic Gregorian calendar (2020-02-29 yes, 2021-02-29 no). */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10 || v[4] !== '-' || v[7] !== '-') return false;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= last;
}

const isOptionalRegionCode = (v: unknown): v is string | null | undefined => v == null || isRegionCode(v);
const isOptionalIsoDate = (v: unknown): v is string | null | undefined => v == null || isIsoDate(v);

const REGION_KEYS = keySet('regions');
const AGENCY_KEYS = keySet('agencies');
const ENTERPRISE_KEYS = keySet('enterprises');
const COMPONENT_KEYS = keySet('components');
const MAKES_KEYS = keySet('makes');
const NEEDS_KEYS = keySet('needs');
const SUPPLIES_KEYS = keySet('supplies');

export const FAST_CHECKS: { readonly [K in DatasetArrayName]: (value: unknown) => NormalisedRecordOf<K> | undefined } = {
  regions(value) {
    if (!isObject(value) || !onlyKnownKeys(value, REGION_KEYS)) return undefined;
    const { code, name, level, parent } = value;
    if (!isRegionCode(code) || !isText(name) || !isLevel(level) || !isOptionalRegionCode(parent)) return undefined;
    if (parent !== undefined) return value as unknown as NormalisedRecordOf<'regions'>;
    return normaliseRegion({ code, name, level, parent });
  },

  agencies(value) {
    if (!isObject(value) || !onlyKnownKeys(value, AGENCY_KEYS)) return undefined;
    const { id, name, region } = value;
    if (!isText(id) || !isText(name) || !isRegionCode(region)) return undefined;
    return value as unknown as NormalisedRecordOf<'agencies'>;
  },

  enterprises(value) {
    if (!isObject(value) || !onlyKnownKeys(value, ENTERPRISE_KEYS)) return undefined;
    const { id, name, region, industry, status, workforce, epidemicCritical, expectedResumeDate, note } = value;
    if (
      !isText(id) ||
      !isText(name) ||
      !isRegionCode(region) ||
      !isOptionalString(industry) ||
      !isStatus(status) ||
      !isOptionalCount(workforce) ||
      !isOptionalBoolean(epidemicCritical) ||
      !isOptionalIsoDate(expectedResumeDate) ||
      !isOptionalNote(note)
    ) {
      return undefined;
    }
    if (industry !== undefined && workforce != null && epidemicCritical != null && expectedResumeDate !== undefined && note !== undefined) {
      return value as unknown as NormalisedRecordOf<'enterprises'>;
    }
    return normaliseEnterprise({ id, name, region, industry, status, workforce, epidemicCritical, expectedResumeDate, note });
  },

  components(value) {
    if (!isObject(value) || !onlyKnownKeys(value, COMPONENT_KEYS)) return undefined;
    const { id, name, category } = value;
    if (!isText(id) || !isText(name) || !isOptionalString(category)) return undefined;
    if (category !== undefined) return value as unknown as NormalisedRecordOf<'components'>;
    return normaliseComponent({ id, name, category });
  },

  makes(value) {
    if (!isObject(value) || !onlyKnownKeys(value, MAKES_KEYS)) return undefined;
    const { enterprise, component, capacityPerDay } = value;
    if (!isText(enterprise) || !isText(component) || !isOptionalAmount(capacityPerDay)) return undefined;
    if (capacityPerDay !== undefined) return value as unknown as NormalisedRecordOf<'makes'>;
    return normaliseMakes({ enterprise, component, capacityPerDay });
  },

  needs(value) {
    if (!isObject(value) || !onlyKnownKeys(value, NEEDS_KEYS)) return undefined;
    const { enterprise, component, stockDays } = value;
    if (!isText(enterprise) || !isText(component) || !isOptionalCount(stockDays)) return undefined;
    if (stockDays !== undefined) return value as unknown as NormalisedRecordOf<'needs'>;
    return normaliseNeeds({ enterprise, component, stockDays });
  },

  supplies(value) {
    if (!isObject(value) || !onlyKnownKeys(value, SUPPLIES_KEYS)) return undefined;
    const { supplier, customer, component, share } = value;
    if (!isText(supplier) || !isText(customer) || !isText(component) || !isOptionalShare(share)) return undefined;
    if (share !== undefined) return value as unknown as NormalisedRecordOf<'supplies'>;
    return normaliseSupplies({ supplier, customer, component, share });
  },
};

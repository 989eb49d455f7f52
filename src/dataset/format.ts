/**
 * The canonical dataset format: one JSON document with the regions,
 * agencies, enterprises and components of the graph and its MAKES, NEEDS
 * and SUPPLIES edges (see /work/shared/DOMAIN.md for what each means).
 *
 * schema/dataset.schema.json is generated from the zod schemas below so
 * that editors can check a seed file while it is written. After changing a
 * schema, regenerate it with
 *
 *     npx tsx src/dataset/write-json-schema.ts
 *
 * (test/dataset/json-schema.test.ts fails while the file is stale).
 *
 * Two forms exist: `Dataset` is what the file may say (optional fields
 * absent or null, optional arrays absent); `NormalisedDataset` is what the
 * rest of the code reads, with every optional field present (null when
 * unknown) and the defaults applied. `validateDataset` in ./validate.ts
 * turns untrusted input into the latter.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { apiIdDescription } from './api-ids.ts';

export const REGION_LEVELS = ['PROVINCE', 'CITY', 'DISTRICT'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const ENTERPRISE_STATUSES = ['OPERATING', 'SUSPENDED', 'CLOSED'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

/**
 * Municipalities directly under the central government: PROVINCE-level
 * regions whose districts hang directly under them (no CITY in between).
 */
export const MUNICIPALITY_CODES: readonly string[] = ['110000', '120000', '310000', '500000'];

/** Roles a user holds in their agency (the `role` claim of their tokens). */
export const USER_ROLES = ['VIEWER', 'COORDINATOR', 'ADMIN'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * The vocabulary of resumption applications (DOMAIN.md, "Resumption
 * applications"), which a dataset may carry as history; the status machine
 * that moves them is src/modules/applications/transitions.ts.
 */
export const APPLICATION_STATUSES = ['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK', 'APPROVED', 'REFUSED', 'WITHDRAWN'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const OPEN_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK'];
export const PREVENTION_MEASURES = ['TEMPERATURE_CHECKS', 'MASKS', 'DISINFECTION', 'STAGGERED_CANTEEN', 'ISOLATION_ROOM', 'STAFF_HEALTH_REGISTER'] as const;
export type PreventionMeasure = (typeof PREVENTION_MEASURES)[number];
export const APPLICATION_EVENT_KINDS = ['FILED', 'CHECK_STARTED', 'RECHECK_REQUESTED', 'APPROVED', 'REFUSED', 'WITHDRAWN', 'DOCUMENTS_RECEIVED'] as const;
export type ApplicationEventKind = (typeof APPLICATION_EVENT_KINDS)[number];

/** Where an application stands after each kind of event; DOCUMENTS_RECEIVED leaves it where it was. */
export const STATUS_AFTER_EVENT: Readonly<Record<ApplicationEventKind, ApplicationStatus | null>> = {
  FILED: 'FILED',
  CHECK_STARTED: 'ON_SITE_CHECK',
  RECHECK_REQUESTED: 'CITY_RECHECK',
  APPROVED: 'APPROVED',
  REFUSED: 'REFUSED',
  WITHDRAWN: 'WITHDRAWN',
  DOCUMENTS_RECEIVED: null,
};

/** The arrays of a dataset, in the order they are validated and reported. */
export const DATASET_ARRAYS = ['regions', 'agencies', 'enterprises', 'components', 'makes', 'needs', 'supplies'] as const;
export type DatasetArrayName = (typeof DATASET_ARRAYS)[number];

/** The tables of logistics and mutual aid, in the order they are validated (after the supply graph and users). */
export const LOGISTICS_ARRAYS = ['restrictions', 'loans', 'helpRequests', 'helpOffers'] as const;
export type LogisticsArrayName = (typeof LOGISTICS_ARRAYS)[number];

/** Every array a dataset document may hold, the graph's and those beside it, in the order `npm run generate` writes them. */
export const DATASET_RECORD_ARRAYS = [...DATASET_ARRAYS, 'users', ...LOGISTICS_ARRAYS, 'applications'] as const;
export type DatasetRecordArray = (typeof DATASET_RECORD_ARRAYS)[number];

// ---------------------------------------------------------------------------
// Messages. Schema-level messages describe what a field expects in the
// reader's terms ("a six-digit region code"); issues without one are
// explained by `explainIssue`, passed as the per-parse error map.

const MAX_SHOWN_CHARS = 60;

/** A short rendering of an offending value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_CHARS ? `${value.slice(0, MAX_SHOWN_CHARS)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function expectedGot(expected: string, input: unknown): string {
  return input === undefined ? `missing; expected ${expected}` : `expected ${expected}, got ${describeValue(input)}`;
}

/** An error for a field whose expectation is worth spelling out. */
function expecting(expected: string) {
  return (issue: z.core.$ZodRawIssue): string => expectedGot(expected, issue.input);
}

const EXPECTED_TYPE_TEXT: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Per-parse error map: a message that says what is wrong and what is expected instead. */
export function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return expectedGot(EXPECTED_TYPE_TEXT[issue.expected] ?? issue.expected, issue.input);
    case 'invalid_value':
      return expectedGot(`one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, issue.input);
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must have at least ${issue.minimum} characters`;
      }
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}, got ${describeValue(issue.input)}`;
    case 'too_big':
      if (issue.origin === 'string') {
        const length = typeof issue.input === 'string' ? issue.input.length : undefined;
        const why = Number(issue.maximum) === MAX_TEXT_CHARS ? ' (Neo4j cannot index a longer value)' : '';
        return `must have at most ${issue.maximum} characters${why}${length === undefined ? '' : `, got ${length}`}`;
      }
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}, got ${describeValue(issue.input)}`;
    case 'invalid_format':
      return expectedGot(`a string in ${issue.format} format`, issue.input);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Field schemas

/**
 * Longest id, name, industry or category, in characters (UTF-16 code units,
 * at most 3 UTF-8 bytes each): far above any real name, and within the
 * 8,167 bytes Neo4j indexes (ids are under uniqueness constraints, names
 * under text indexes). Longer, Neo4j refuses the write ("Property value is
 * too large to index") after validation passed.
 */
export const MAX_TEXT_CHARS = 1000;
/** Longest note: not indexed, bounded so one record stays a record. */
export const MAX_NOTE_CHARS = 4000;

const nonEmptyText = z.string().min(1).max(MAX_TEXT_CHARS);
const freeText = z.string().max(MAX_TEXT_CHARS);
const noteText = z.string().max(MAX_NOTE_CHARS);
const entityId = (what: string) => nonEmptyText.meta({ description: `${what} id: a short stable string, e.g. "ent-tj-binhai-parts"` });

const regionCode = z
  .string({ error: expecting('a six-digit region code as a string, such as "510105"') })
  .regex(/^\d{6}$/, { error: expecting('a six-digit region code, such as "510105"') });

const isoDate = z.iso.date({ error: expecting('a real calendar date written YYYY-MM-DD, such as "2020-02-20"') });

const isoInstant = z.iso.datetime({
  offset: true,
  error: expecting('an instant written YYYY-MM-DDTHH:MM:SS with a zone, such as "2020-02-20T09:30:00+08:00"'),
});

/** Numbers carry one message for every way they can be wrong, naming the whole range. */
function count() {
  const error = expecting('a whole number ≥ 0');
  return z.int({ error }).min(0, { error });
}

function amount() {
  const error = expecting('a number ≥ 0');
  return z.number({ error }).min(0, { error });
}

function fraction() {
  const error = expecting('a number from 0 to 1');
  return z.number({ error }).min(0, { error }).max(1, { error });
}

/** Optional fields may be absent or null; both mean "not known". */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullable().optional();
}

// ---------------------------------------------------------------------------
// Record schemas

export const RegionRecordSchema = z
  .strictObject({
    code: regionCode.meta({ description: 'GB/T 2260 code, e.g. "510105" for 成都市青羊区' }),
    name: nonEmptyText,
    level: z.enum(REGION_LEVELS),
    parent: optional(regionCode).meta({
      description:
        'code of the enclosing region: a PROVINCE for a CITY; a CITY for a DISTRICT, or the PROVINCE of a ' +
        'municipality (110000, 120000, 310000, 500000); null or absent only for a PROVINCE',
    }),
  })
  .meta({ title: 'Region' });

export const AgencyRecordSchema = z
  .strictObject({
    id: entityId('agency'),
    name: nonEmptyText,
    region: regionCode.meta({ description: 'code of the one region the agency governs' }),
  })
  .meta({ title: 'Agency' });

export const EnterpriseRecordSchema = z
  .strictObject({
    id: entityId('enterprise'),
    name: nonEmptyText,
    region: regionCode.meta({ description: 'code of the DISTRICT-level region the enterprise is located in' }),
    industry: optional(freeText),
    status: z.enum(ENTERPRISE_STATUSES),
    workforce: optional(count()).meta({ description: 'people employed; absent or null means 0', default: 0 }),
    epidemicCritical: optional(z.boolean()).meta({
      description: 'makes epidemic-prevention supplies or their inputs; absent or null means false',
      default: false,
    }),
    expectedResumeDate: optional(isoDate).meta({
      description: 'for a SUSPENDED enterprise: the date it expects to resume (YYYY-MM-DD)',
    }),
    note: optional(noteText).meta({ description: 'provenance and remarks, e.g. the report a record is taken from' }),
  })
  .meta({ title: 'Enterprise' });

export const ComponentRecordSchema = z
  .strictObject({
    id: entityId('component'),
    name: nonEmptyText,
    category: optional(freeText),
  })
  .meta({ title: 'Component', description: 'a product or part' });

export const MakesRecordSchema = z
  .strictObject({
    enterprise: entityId('enterprise'),
    component: entityId('component'),
    capacityPerDay: optional(amount()).meta({ description: "units per day in the component's own unit" }),
  })
  .meta({ title: 'Makes', description: 'the enterprise can make the component' });

export const NeedsRecordSchema = z
  .strictObject({
    enterprise: entityId('enterprise'),
    component: entityId('component'),
    stockDays: optional(count()).meta({ description: 'how many days the stock of the component lasts' }),
  })
  .meta({ title: 'Needs', description: 'the enterprise cannot operate without the component' });

export const SuppliesRecordSchema = z
  .strictObject({
    supplier: entityId('enterprise'),
    customer: entityId('enterprise'),
    component: entityId('component'),
    share: optional(fraction()).meta({ description: "fraction of the customer's need this supplier covers" }),
  })
  .meta({
    title: 'Supplies',
    description: 'the supplier delivers the component to the customer; several suppliers of one component are alternatives',
  });

export const UserRecordSchema = z
  .strictObject({
    id: nonEmptyText.meta({ description: 'user id: the `sub` claim of their tokens, e.g. "user-qingyang-coordinator"' }),
    name: nonEmptyText,
    agency: entityId('agency').meta({ description: 'id of the agency the user acts for' }),
    role: z.enum(USER_ROLES),
  })
  .meta({ title: 'User', description: 'a person using Fugong for one agency, with one role' });

export const ApplicationEventRecordSchema = z
  .strictObject({
    kind: z.enum(APPLICATION_EVENT_KINDS),
    at: isoInstant,
    actor: nonEmptyText.meta({ description: 'who acted: a user id, e.g. "user-qingyang-coordinator"' }),
    agency: entityId('agency').meta({ description: 'id of the agency the actor acted for' }),
    note: optional(freeText),
  })
  .meta({ title: 'Application event', description: 'one step of a resumption application, oldest first' });

export const ApplicationRecordSchema = z
  .strictObject({
    id: entityId('application').meta({ description: apiIdDescription('applications', 'application', 'app-qy-0001') }),
    enterprise: entityId('enterprise'),
    status: z.enum(APPLICATION_STATUSES),
    filedOn: isoDate,
    plannedDate: isoDate.meta({ description: 'the day the firm plans to restart' }),
    workforceReturning: count(),
    measures: optional(z.array(z.enum(PREVENTION_MEASURES))).meta({ description: 'epidemic-prevention measures in place; absent means none' }),
    commitment: optional(z.boolean()).meta({
      description: 'approved on a written commitment (承诺制), documents to follow by documentsDue; absent or null means false',
      default: false,
    }),
    documentsDue: optional(isoDate).meta({ description: 'for a commitment application: the day its documents are due' }),
    documentsReceivedOn: optional(isoDate),
    decidedOn: optional(isoDate).meta({ description: 'the day it was approved or refused: set exactly when APPROVED or REFUSED' }),
    refusalReason: optional(nonEmptyText).meta({ description: 'why it was refused: set exactly when REFUSED' }),
    note: optional(freeText),
    events: optional(z.array(ApplicationEventRecordSchema)).meta({
      description: 'its steps, oldest first, from its FILED event; absent means none are known',
    }),
  })
  .meta({ title: 'Resumption application', description: 'a firm’s application to resume work and where its review stands' });
// ---------------------------------------------------------------------------
// Logistics and mutual aid (DOMAIN.md, "Logistics: interrupted deliveries"
// and "Mutual aid"): tables beside the supply graph, each naming its
// enterprises, components and regions by id.

export const RESTRICTION_DIRECTIONS = ['INBOUND', 'OUTBOUND', 'BOTH'] as const;
export type RestrictionDirection = (typeof RESTRICTION_DIRECTIONS)[number];

const SupplyEdgeSchema = z
  .strictObject({
    supplier: entityId('enterprise'),
    customer: entityId('enterprise'),
    component: entityId('component'),
  })
  .meta({ title: 'Supply edge', description: 'one delivery: the supplier, the customer and the component' });

export const RestrictionRecordSchema = z
  .strictObject({
    id: entityId('restriction').meta({ description: apiIdDescription('restrictions', 'restriction', 'rs-tj-0001') }),
    supply: optional(SupplyEdgeSchema).meta({ description: 'the one supply edge interrupted; null when the restriction is on a region' }),
    region: optional(regionCode).meta({ description: 'code of the region whose border deliveries cannot cross; null for an edge' }),
    direction: optional(z.enum(RESTRICTION_DIRECTIONS)).meta({
      description:
        'with region: OUTBOUND stops deliveries leaving its subtree, INBOUND those entering it, BOTH either; null for an edge',
    }),
    from: isoDate.meta({ description: 'first day the restriction is in force (YYYY-MM-DD)' }),
    until: optional(isoDate).meta({ description: 'first day it is no longer in force, after from; null or absent: open-ended' }),
    note: optional(freeText).meta({ description: 'what the restriction is, e.g. a highway check or a closed district border' }),
  })
  .meta({
    title: 'Restriction',
    description: 'deliveries interrupted from `from` until `until`: exactly one of `supply`, or `region` with `direction`',
  });

export const LoanRecordSchema = z
  .strictObject({
    id: entityId('loan').meta({ description: apiIdDescription('loans', 'loan', 'loan-qy-0001') }),
    lender: entityId('enterprise'),
    borrower: entityId('enterprise'),
    component: entityId('component'),
    quantity: amount(),
    unit: nonEmptyText.meta({ description: 'unit of the quantity, e.g. "件" or "kg"' }),
    coverDays: count().meta({ description: "how many days of the borrower's need the loan bridges, from start" }),
    start: isoDate.meta({ description: 'the day the stock is handed over (YYYY-MM-DD)' }),
    returnBy: isoDate.meta({ description: 'the day it is to be returned by, on or after start' }),
    returnedOn: optional(isoDate).meta({ description: 'the day it was returned; null or absent while open' }),
  })
  .meta({ title: 'Loan', description: 'stock lent by one enterprise to another: it meets the borrower\'s need while in force' });

export const HelpRequestRecordSchema = z
  .strictObject({
    id: entityId('help request').meta({ description: apiIdDescription('helpRequests', 'help request', 'help-qy-0001') }),
    enterprise: entityId('enterprise').meta({ description: 'the enterprise that needs the component' }),
    component: entityId('component'),
    quantity: amount(),
    unit: nonEmptyText,
    neededBy: isoDate,
    note: optional(freeText),
    withdrawnOn: optional(isoDate).meta({ description: 'the day it was withdrawn; null or absent while open' }),
  })
  .meta({ title: 'Help request', description: 'a component asked for on behalf of an enterprise' });

export const HelpOfferRecordSchema = z
  .strictObject({
    id: entityId('help offer').meta({ description: apiIdDescription('helpOffers', 'help offer', 'offer-tj-0001') }),
    enterprise: entityId('enterprise').meta({ description: 'the enterprise that has the component to spare' }),
    component: entityId('component'),
    quantity: amount(),
    unit: nonEmptyText,
    until: isoDate.meta({ description: 'the last day the offer stands' }),
    note: optional(freeText),
    withdrawnOn: optional(isoDate).meta({ description: 'the day it was withdrawn; null or absent while open' }),
  })
  .meta({ title: 'Help offer', description: 'a component offered by an enterprise' });

export type RestrictionRecord = z.infer<typeof RestrictionRecordSchema>;
export type LoanRecord = z.infer<typeof LoanRecordSchema>;
export type HelpRequestRecord = z.infer<typeof HelpRequestRecordSchema>;
export type HelpOfferRecord = z.infer<typeof HelpOfferRecordSchema>;


export const LOGISTICS_RECORD_SCHEMAS = {
  restrictions: RestrictionRecordSchema,
  loans: LoanRecordSchema,
  helpRequests: HelpRequestRecordSchema,
  helpOffers: HelpOfferRecordSchema,
} as const satisfies Record<LogisticsArrayName, z.ZodType>;

export interface NormalisedRestriction {
  id: string;
  supply: { supplier: string; customer: string; component: string } | null;
  region: string | null;
  direction: RestrictionDirection | null;
  from: string;
  until: string | null;
  note: string | null;
}

export interface NormalisedLoan {
  id: string;
  lender: string;
  borrower: string;
  component: string;
  quantity: number;
  unit: string;
  coverDays: number;
  start: string;
  returnBy: string;
  returnedOn: string | null;
}

export interface NormalisedHelpRequest {
  id: string;
  enterprise: string;
  component: string;
  quantity: number;
  unit: string;
  neededBy: string;
  note: string | null;
  withdrawnOn: string | null;
}

export interface NormalisedHelpOffer {
  id: string;
  enterprise: string;
  component: string;
  quantity: number;
  unit: string;
  until: string;
  note: string | null;
  withdrawnOn: string | null;
}

export function normaliseRestriction(r: RestrictionRecord): NormalisedRestriction {
  return {
    id: r.id,
    supply: r.supply == null ? null : { supplier: r.supply.supplier, customer: r.supply.customer, component: r.supply.component },
    region: r.region ?? null,
    direction: r.direction ?? null,
    from: r.from,
    until: r.until ?? null,
    note: r.note ?? null,
  };
}

export function normaliseLoan(r: LoanRecord): NormalisedLoan {
  return { ...r, returnedOn: r.returnedOn ?? null };
}

export function normaliseHelpRequest(r: HelpRequestRecord): NormalisedHelpRequest {
  return { ...r, note: r.note ?? null, withdrawnOn: r.withdrawnOn ?? null };
}

export function normaliseHelpOffer(r: HelpOfferRecord): NormalisedHelpOffer {
  return { ...r, note: r.note ?? null, withdrawnOn: r.withdrawnOn ?? null };
}

export const NORMALISE_LOGISTICS_RECORD = {
  restrictions: normaliseRestriction,
  loans: normaliseLoan,
  helpRequests: normaliseHelpRequest,
  helpOffers: normaliseHelpOffer,
} as const satisfies Record<LogisticsArrayName, (record: never) => unknown>;

export interface NormalisedLogistics {
  restrictions: NormalisedRestriction[];
  loans: NormalisedLoan[];
  helpRequests: NormalisedHelpRequest[];
  helpOffers: NormalisedHelpOffer[];
}

export const DatasetSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'path or URL of this JSON Schema, for editors' }),
    regions: z.array(RegionRecordSchema),
    agencies: optional(z.array(AgencyRecordSchema)),
    enterprises: optional(z.array(EnterpriseRecordSchema)),
    components: optional(z.array(ComponentRecordSchema)),
    makes: optional(z.array(MakesRecordSchema)),
    needs: optional(z.array(NeedsRecordSchema)),
    supplies: optional(z.array(SuppliesRecordSchema)),
    users: optional(z.array(UserRecordSchema)).meta({ description: 'users of the agencies above; not part of the supply graph' }),
    applications: optional(z.array(ApplicationRecordSchema)).meta({
      description: 'resumption applications of the enterprises above and their review; not part of the supply graph',
    }),
    restrictions: optional(z.array(RestrictionRecordSchema)).meta({ description: 'deliveries interrupted: on one supply edge, or across a region\'s border' }),
    loans: optional(z.array(LoanRecordSchema)).meta({ description: 'stock lent between enterprises' }),
    helpRequests: optional(z.array(HelpRequestRecordSchema)).meta({ description: 'components asked for (mutual aid)' }),
    helpOffers: optional(z.array(HelpOfferRecordSchema)).meta({ description: 'components offered (mutual aid)' }),
  })
  .meta({
    title: 'Fugong dataset',
    description: 'Regions, agencies, enterprises and components with their MAKES, NEEDS and SUPPLIES edges, the users of the agencies, and resumption applications.',
  });

/** The schema of each record, by the array it belongs to. */
export const RECORD_SCHEMAS = {
  regions: RegionRecordSchema,
  agencies: AgencyRecordSchema,
  enterprises: EnterpriseRecordSchema,
  components: ComponentRecordSchema,
  makes: MakesRecordSchema,
  needs: NeedsRecordSchema,
  supplies: SuppliesRecordSchema,
} as const satisfies Record<DatasetArrayName, z.ZodType>;

export type RegionRecord = z.infer<typeof RegionRecordSchema>;
export type AgencyRecord = z.infer<typeof AgencyRecordSchema>;
export type EnterpriseRecord = z.infer<typeof EnterpriseRecordSchema>;
export type ComponentRecord = z.infer<typeof ComponentRecordSchema>;
export type MakesRecord = z.infer<typeof MakesRecordSchema>;
export type NeedsRecord = z.infer<typeof NeedsRecordSchema>;
export type SuppliesRecord = z.infer<typeof SuppliesRecordSchema>;
export type UserRecord = z.infer<typeof UserRecordSchema>;
export type ApplicationRecord = z.infer<typeof ApplicationRecordSchema>;
export type Dataset = z.infer<typeof DatasetSchema>;

// ---------------------------------------------------------------------------
// Normalised form

export interface NormalisedRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
}

export interface NormalisedAgency {
  id: string;
  name: string;
  region: string;
}

export interface NormalisedEnterprise {
  id: string;
  name: string;
  region: string;
  industry: string | null;
  status: EnterpriseStatus;
  workforce: number;
  epidemicCritical: boolean;
  expectedResumeDate: string | null;
  note: string | null;
}

export interface NormalisedComponent {
  id: string;
  name: string;
  category: string | null;
}

export interface NormalisedMakes {
  enterprise: string;
  component: string;
  capacityPerDay: number | null;
}

export interface NormalisedNeeds {
  enterprise: string;
  component: string;
  stockDays: number | null;
}

export interface NormalisedSupplies {
  supplier: string;
  customer: string;
  component: string;
  share: number | null;
}

export interface NormalisedUser {
  id: string;
  name: string;
  agency: string;
  role: UserRole;
}

export interface NormalisedApplicationEvent {
  kind: ApplicationEventKind;
  at: string;
  actor: string;
  agency: string;
  note: string | null;
}

/** Where an application's review stands, as a dataset and the API both hold it (days YYYY-MM-DD). */
export interface ApplicationReview {
  status: ApplicationStatus;
  filedOn: string;
  plannedDate: string;
  workforceReturning: number;
  /** In the order of PREVENTION_MEASURES. */
  measures: PreventionMeasure[];
  commitment: boolean;
  documentsDue: string | null;
  documentsReceivedOn: string | null;
  decidedOn: string | null;
  refusalReason: string | null;
  note: string | null;
}

export interface NormalisedApplication extends ApplicationReview {
  id: string;
  enterprise: string;
  events: NormalisedApplicationEvent[];
}

export interface NormalisedDataset extends NormalisedLogistics {
  regions: NormalisedRegion[];
  agencies: NormalisedAgency[];
  enterprises: NormalisedEnterprise[];
  components: NormalisedComponent[];
  makes: NormalisedMakes[];
  needs: NormalisedNeeds[];
  supplies: NormalisedSupplies[];
  /** Absent from a document means none. */
  users: NormalisedUser[];
  /** Absent from a document means none. */
  applications: NormalisedApplication[];
}

export function normaliseRegion(r: RegionRecord): NormalisedRegion {
  return { code: r.code, name: r.name, level: r.level, parent: r.parent ?? null };
}

export function normaliseAgency(r: AgencyRecord): NormalisedAgency {
  return { id: r.id, name: r.name, region: r.region };
}

export function normaliseEnterprise(r: EnterpriseRecord): NormalisedEnterprise {
  return {
    id: r.id,
    name: r.name,
    region: r.region,
    industry: r.industry ?? null,
    status: r.status,
    workforce: r.workforce ?? 0,
    epidemicCritical: r.epidemicCritical ?? false,
    expectedResumeDate: r.expectedResumeDate ?? null,
    note: r.note ?? null,
  };
}

export function normaliseComponent(r: ComponentRecord): NormalisedComponent {
  return { id: r.id, name: r.name, category: r.category ?? null };
}

export function normaliseMakes(r: MakesRecord): NormalisedMakes {
  return { enterprise: r.enterprise, component: r.component, capacityPerDay: r.capacityPerDay ?? null };
}

export function normaliseNeeds(r: NeedsRecord): NormalisedNeeds {
  return { enterprise: r.enterprise, component: r.component, stockDays: r.stockDays ?? null };
}

export function normaliseSupplies(r: SuppliesRecord): NormalisedSupplies {
  return { supplier: r.supplier, customer: r.customer, component: r.component, share: r.share ?? null };
}

export function normaliseUser(r: UserRecord): NormalisedUser {
  return { id: r.id, name: r.name, agency: r.agency, role: r.role };
}

export function normaliseApplication(r: ApplicationRecord): NormalisedApplication {
  const measures = new Set(r.measures ?? []);
  return {
    id: r.id,
    enterprise: r.enterprise,
    status: r.status,
    filedOn: r.filedOn,
    plannedDate: r.plannedDate,
    workforceReturning: r.workforceReturning,
    measures: PREVENTION_MEASURES.filter((m) => measures.has(m)),
    commitment: r.commitment ?? false,
    documentsDue: r.documentsDue ?? null,
    documentsReceivedOn: r.documentsReceivedOn ?? null,
    decidedOn: r.decidedOn ?? null,
    refusalReason: r.refusalReason ?? null,
    note: r.note ?? null,
    events: (r.events ?? []).map((e) => ({ kind: e.kind, at: e.at, actor: e.actor, agency: e.agency, note: e.note ?? null })),
  };
}

/** The normaliser of each array's records. */
export const NORMALISE_RECORD = {
  regions: normaliseRegion,
  agencies: normaliseAgency,
  enterprises: normaliseEnterprise,
  components: normaliseComponent,
  makes: normaliseMakes,
  needs: normaliseNeeds,
  supplies: normaliseSupplies,
} as const satisfies Record<DatasetArrayName, (record: never) => unknown>;

// ---------------------------------------------------------------------------
// JSON Schema

/** Where the generated JSON Schema is kept in the repository. */
export const DATASET_JSON_SCHEMA_FILE = fileURLToPath(new URL('../../schema/dataset.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of the document a file may contain. */
export function datasetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(DatasetSchema, { io: 'input', target: 'draft-2020-12' });
}

/** `datasetJsonSchema()` as written to DATASET_JSON_SCHEMA_FILE. */
export function datasetJsonSchemaText(): string {
  return `${JSON.stringify(datasetJsonSchema(), null, 2)}\n`;
}

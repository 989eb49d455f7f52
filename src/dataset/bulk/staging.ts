/**
 * The CSV files of a bulk import, in the dialect `neo4j-admin database
 * import` reads: one file per label and relationship type, holding what
 * src/dataset/writer.ts writes for the same records (the same labels,
 * relationship types and properties; absent properties for null fields;
 * numbers as floats, since the JavaScript driver sends every number as a
 * float; dates as dates).
 */
import { closeSync, mkdirSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckedRecord } from '../checker.ts';
import { OPEN_APPLICATION_STATUSES } from '../format.ts';
import type {
  DatasetRecordArray,
  NormalisedAgency,
  NormalisedApplication,
  NormalisedComponent,
  NormalisedEnterprise,
  NormalisedMakes,
  NormalisedNeeds,
  NormalisedRegion,
  NormalisedSupplies,
  NormalisedUser,
  NormalisedRestriction,
  NormalisedLoan,
  NormalisedHelpRequest,
  NormalisedHelpOffer,
} from '../format.ts';

import { API_ID_TABLES, apiIdNumber, type ApiIdKind } from '../api-ids.ts';
import { applicationRow } from '../writer.ts';

/** Bytes buffered per CSV file between writes. */
const FLUSH_BYTES = 1 << 20;

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
export class Staging {
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
  readonly applications: CsvFile;
  readonly applicationFor: CsvFile;
  readonly applicationEvents: CsvFile;
  readonly hasEvent: CsvFile;
  readonly openApplications: CsvFile;
  readonly openApplication: CsvFile;
  /** Events have no key of their own: the import tool is given one per event, not stored. */
  private eventNumber = 0;
  readonly counters: CsvFile;
  /** The highest number of each kind among the ids the API issues, for the counters. */
  private readonly lastApiIds = new Map<ApiIdKind, number>();
  readonly restrictions: CsvFile;
  readonly loans: CsvFile;
  readonly helpRequests: CsvFile;
  readonly helpOffers: CsvFile;
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
    this.applications = file(
      'applications',
      'nodes',
      'ResumptionApplication',
      'id:ID(ResumptionApplication),status,filedOn:date,plannedDate:date,workforceReturning:double,measures:string[],commitment:boolean,' +
        'documentsDue:date,documentsReceivedOn:date,decidedOn:date,refusalReason,note,createdAt:datetime,updatedAt:datetime,eventCount:long,lock:long,seq:long',
    );
    this.applicationEvents = file('application_events', 'nodes', 'RequestEvent', ':ID(RequestEvent),requestId,seq:long,kind,actor,agencyId,at:datetime,note');
    this.openApplications = file('open_applications', 'nodes', 'OpenApplication', 'enterpriseId:ID(OpenApplication)');
    this.applicationFor = file('application_for', 'relationships', 'FOR', ':START_ID(ResumptionApplication),:END_ID(Enterprise)');
    this.hasEvent = file('has_event', 'relationships', 'HAS_EVENT', ':START_ID(ResumptionApplication),:END_ID(RequestEvent)');
    this.openApplication = file(
      'open_application',
      'relationships',
      'OPEN_APPLICATION',
      ':START_ID(OpenApplication),:END_ID(ResumptionApplication),enterpriseId',
    );
    this.counters = file('counters', 'nodes', 'Counter', 'name:ID(Counter),value:long');
    // Logistics and mutual aid: nodes naming their enterprises, components and regions by id, as writer.ts stores them.
    this.restrictions = file('restrictions', 'nodes', 'Restriction', 'id:ID(Restriction),supplier,customer,component,region,direction,from:date,until:date,note');
    this.loans = file(
      'loans',
      'nodes',
      'Loan',
      'id:ID(Loan),lender,borrower,component,quantity:double,unit,coverDays:double,start:date,returnBy:date,returnedOn:date',
    );
    this.helpRequests = file('help_requests', 'nodes', 'HelpRequest', 'id:ID(HelpRequest),enterprise,component,quantity:double,unit,neededBy:date,note,withdrawnOn:date');
    this.helpOffers = file('help_offers', 'nodes', 'HelpOffer', 'id:ID(HelpOffer),enterprise,component,quantity:double,unit,until:date,note,withdrawnOn:date');
  }

  /** The rows of one checked record; written before the whole file is checked, and removed with the rest when it has problems. */
  write<K extends DatasetRecordArray>(array: K, record: CheckedRecord<K>): void {
    if (Object.hasOwn(API_ID_TABLES, array)) {
      const kind = API_ID_TABLES[array as keyof typeof API_ID_TABLES];
      const n = apiIdNumber(kind, (record as { id: string }).id);
      if (n !== null) this.lastApiIds.set(kind, Math.max(this.lastApiIds.get(kind) ?? 0, n));
    }
    switch (array) {
      case 'regions': {
        const { code, name, level, parent } = record as NormalisedRegion;
        this.regions.add(`${this.regions.text(code)},${this.regions.text(name)},${level}`);
        if (parent !== null) this.partOf.add(`${this.partOf.text(code)},${this.partOf.text(parent)}`);
        return;
      }
      case 'agencies': {
        const { id, name, region } = record as NormalisedAgency;
        this.agencies.add(`${this.agencies.text(id)},${this.agencies.text(name)}`);
        this.governs.add(`${this.governs.text(id)},${this.governs.text(region)}`);
        return;
      }
      case 'enterprises': {
        const e = record as NormalisedEnterprise;
        const csv = this.enterprises;
        csv.add(
          `${csv.text(e.id)},${csv.text(e.name)},${csv.optionalText(e.industry)},${e.status},${e.workforce},${e.epidemicCritical},` +
            `${e.expectedResumeDate ?? ''},${csv.optionalText(e.note)}`,
        );
        this.locatedIn.add(`${this.locatedIn.text(e.id)},${this.locatedIn.text(e.region)}`);
        return;
      }
      case 'components': {
        const { id, name, category } = record as NormalisedComponent;
        this.components.add(`${this.components.text(id)},${this.components.text(name)},${this.components.optionalText(category)}`);
        return;
      }
      case 'makes':
      case 'needs': {
        const pair = record as NormalisedMakes | NormalisedNeeds;
        const csv = array === 'makes' ? this.makes : this.needs;
        const amount = array === 'makes' ? (pair as NormalisedMakes).capacityPerDay : (pair as NormalisedNeeds).stockDays;
        csv.add(`${csv.text(pair.enterprise)},${csv.text(pair.component)},${optionalNumber(amount)}`);
        return;
      }
      case 'supplies': {
        const { supplier, customer, component, share } = record as NormalisedSupplies;
        const csv = this.supplies;
        csv.add(`${csv.text(supplier)},${csv.text(customer)},${csv.text(component)},${optionalNumber(share)}`);
        return;
      }
      case 'users': {
        const user = record as NormalisedUser;
        this.users.add(`${this.users.text(user.id)},${this.users.text(user.name)},${user.role}`);
        this.memberOf.add(`${this.memberOf.text(user.id)},${this.memberOf.text(user.agency)}`);
        return;
      }
      case 'applications':
        this.application(record as NormalisedApplication);
        return;
      case 'restrictions': {
        const r = record as NormalisedRestriction;
        const csv = this.restrictions;
        csv.add(
          `${csv.text(r.id)},${csv.optionalText(r.supply?.supplier ?? null)},${csv.optionalText(r.supply?.customer ?? null)},` +
            `${csv.optionalText(r.supply?.component ?? null)},${csv.optionalText(r.region)},${r.direction ?? ''},${r.from},${r.until ?? ''},${csv.optionalText(r.note)}`,
        );
        return;
      }
      case 'loans': {
        const l = record as NormalisedLoan;
        const csv = this.loans;
        csv.add(
          `${csv.text(l.id)},${csv.text(l.lender)},${csv.text(l.borrower)},${csv.text(l.component)},${l.quantity},${csv.text(l.unit)},` +
            `${l.coverDays},${l.start},${l.returnBy},${l.returnedOn ?? ''}`,
        );
        return;
      }
      case 'helpRequests': {
        const h = record as NormalisedHelpRequest;
        const csv = this.helpRequests;
        csv.add(
          `${csv.text(h.id)},${csv.text(h.enterprise)},${csv.text(h.component)},${h.quantity},${csv.text(h.unit)},${h.neededBy},` +
            `${csv.optionalText(h.note)},${h.withdrawnOn ?? ''}`,
        );
        return;
      }
      case 'helpOffers': {
        const h = record as NormalisedHelpOffer;
        const csv = this.helpOffers;
        csv.add(
          `${csv.text(h.id)},${csv.text(h.enterprise)},${csv.text(h.component)},${h.quantity},${csv.text(h.unit)},${h.until},` +
            `${csv.optionalText(h.note)},${h.withdrawnOn ?? ''}`,
        );
        return;
      }
    }
  }

  private application(record: NormalisedApplication): void {
    const a = applicationRow(record);
    const csv = this.applications;
    csv.add(
      [
        csv.text(a.id),
        a.status,
        a.filedOn,
        a.plannedDate,
        a.workforceReturning,
        // The tool's array delimiter is `;`, which no measure holds; an empty list is no property, as writer.ts leaves it.
        a.measures.length === 0 ? '' : csv.text(a.measures.join(';')),
        a.commitment,
        a.documentsDue ?? '',
        a.documentsReceivedOn ?? '',
        a.decidedOn ?? '',
        csv.optionalText(a.refusalReason),
        csv.optionalText(a.note),
        a.createdAt,
        a.updatedAt,
        a.events.length,
        0,
        a.seq ?? '',
      ].join(','),
    );
    this.applicationFor.add(`${csv.text(a.id)},${csv.text(a.enterprise)}`);
    a.events.forEach((event, k) => {
      const key = String(this.eventNumber++);
      const events = this.applicationEvents;
      events.add(
        [key, events.text(a.id), k + 1, event.kind, events.text(event.actor), events.text(event.agency), event.at, events.optionalText(event.note)].join(','),
      );
      this.hasEvent.add(`${csv.text(a.id)},${key}`);
    });
    if (OPEN_APPLICATION_STATUSES.includes(a.status)) {
      this.openApplications.add(csv.text(a.enterprise));
      this.openApplication.add(`${csv.text(a.enterprise)},${csv.text(a.id)},${csv.text(a.enterprise)}`);
    }
  }

  close(): void {
    // The API's ids of each kind number on from the highest brought in, as writer.ts leaves the counters.
    if (this.counters.rows === 0) for (const [kind, last] of this.lastApiIds) this.counters.add(`"${kind}",${last}`);
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


/**
 * Cypher of resumption applications.
 *
 * An application is `(:ResumptionApplication {id, seq?, status, plannedDate,
 * workforceReturning, measures, commitment, documentsDue, documentsReceivedOn,
 * note, refusalReason, filedOn, decidedOn, filerAgencyId, createdAt,
 * updatedAt, eventCount, lock})` with `FOR` → its Enterprise and the event
 * log it shares with coordination requests (../shared/event-log.ts). The
 * district and city agencies are read from the regions each time, so an
 * agency added later takes over its region's applications.
 *
 * `(:OpenApplication {enterpriseId})` is MERGEd and write-locked by every
 * filing for that enterprise and points (`OPEN_APPLICATION {enterpriseId}`,
 * unique) at its one open application while there is one: a second open
 * application cannot commit, even from two filings at once. The filer's
 * idempotency key is an `(:IdempotencyKey {key})` like a request filing's,
 * in its own `resumption|` namespace.
 */
import neo4j from 'neo4j-driver';
import { MUNICIPALITY_CODES } from '../../dataset/format.ts';
import type { Tx } from '../../neo4j/database.ts';
import type { ResumptionApplicationRecord } from './mappers.ts';
import type { StatsRow } from './stats.ts';
import type { ApplicationFiling } from './validation.ts';
import { PREVENTION_MEASURES, type ApplicationStatus } from './transitions.ts';

/** After `a` is bound: its enterprise, district, and the agencies that take part. */
const PARTIES = `
  MATCH (a)-[:FOR]->(e:Enterprise)-[:LOCATED_IN]->(d:Region)
  CALL (d) {
    OPTIONAL MATCH p = (d)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(g:Agency)
    WITH g, p ORDER BY length(p), g.id LIMIT 1
    RETURN g.id AS districtAgencyId
  }
  CALL (d) {
    OPTIONAL MATCH p = (d)-[:PART_OF*1..]->(c:Region)
    WHERE c.level = 'CITY' OR (c.level = 'PROVINCE' AND c.code IN $municipalities)
    WITH c, p ORDER BY length(p) LIMIT 1
    OPTIONAL MATCH q = (c)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(g:Agency)
    WITH g, q ORDER BY length(q), g.id LIMIT 1
    RETURN g.id AS cityAgencyId
  }`;

const PROJECTION = `a {
  .id, .status, .workforceReturning, .commitment, .note, .refusalReason, .filerAgencyId,
  measures: coalesce(a.measures, []),
  plannedDate: toString(a.plannedDate), documentsDue: toString(a.documentsDue), documentsReceivedOn: toString(a.documentsReceivedOn),
  filedOn: toString(a.filedOn), decidedOn: toString(a.decidedOn),
  createdAt: a.createdAt.epochMillis, updatedAt: a.updatedAt.epochMillis,
  enterpriseId: e.id,
  governingAgencyIds: [(d)-[:PART_OF*0..]->(:Region)<-[:GOVERNS]-(g:Agency) | g.id],
  districtAgencyId: districtAgencyId, cityAgencyId: cityAgencyId
}`;

type RawApplication = Omit<ResumptionApplicationRecord, 'createdAt' | 'updatedAt'> & { createdAt: number; updatedAt: number };

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toRecord(raw: RawApplication): ResumptionApplicationRecord {
  const measures = new Set(raw.measures);
  return {
    ...raw,
    workforceReturning: Number(raw.workforceReturning),
    commitment: raw.commitment ?? false,
    note: raw.note ?? null,
    refusalReason: raw.refusalReason ?? null,
    filerAgencyId: raw.filerAgencyId ?? null,
    measures: PREVENTION_MEASURES.filter((m) => measures.has(m)),
    createdAt: new Date(raw.createdAt).toISOString(),
    updatedAt: new Date(raw.updatedAt).toISOString(),
    governingAgencyIds: [...new Set(raw.governingAgencyIds)].sort(byId),
  };
}

const PARAMS = { municipalities: MUNICIPALITY_CODES };

export async function applicationsByIds(tx: Tx, ids: readonly string[]): Promise<ResumptionApplicationRecord[]> {
  const result = await tx.run<{ a: RawApplication }>(
    `UNWIND $ids AS id MATCH (a:ResumptionApplication {id: id}) ${PARTIES} RETURN ${PROJECTION} AS a`,
    { ids, ...PARAMS },
  );
  return result.records.map((x) => toRecord(x.get('a')));
}

/** Takes the application's write lock, then reads it: concurrent steps queue here and each sees what the one before committed. */
export async function lockApplication(tx: Tx, id: string): Promise<ResumptionApplicationRecord | null> {
  const result = await tx.run<{ a: RawApplication }>(
    `MATCH (a:ResumptionApplication {id: $id})
     SET a.lock = coalesce(a.lock, 0) + 1
     WITH a ${PARTIES}
     RETURN ${PROJECTION} AS a`,
    { id, ...PARAMS },
  );
  const row = result.records[0];
  return row ? toRecord(row.get('a')) : null;
}

/** The enterprise's status and workforce, or null when the graph has no such enterprise. */
export async function enterpriseFacts(tx: Tx, enterpriseId: string): Promise<{ status: string; workforce: number } | null> {
  const result = await tx.run<{ status: string; workforce: number | null }>(
    'MATCH (e:Enterprise {id: $enterpriseId}) RETURN e.status AS status, e.workforce AS workforce',
    { enterpriseId },
  );
  const row = result.records[0];
  return row ? { status: row.get('status'), workforce: Number(row.get('workforce') ?? 0) } : null;
}

/** Write-locks the enterprise's open-application node, then reads which open application, if any, it points at. */
export async function lockOpenApplication(tx: Tx, enterpriseId: string): Promise<string | null> {
  const result = await tx.run<{ id: string | null }>(
    `MERGE (o:OpenApplication {enterpriseId: $enterpriseId})
     SET o.lock = coalesce(o.lock, 0) + 1
     WITH o
     OPTIONAL MATCH (o)-[:OPEN_APPLICATION]->(a:ResumptionApplication)
     RETURN a.id AS id`,
    { enterpriseId },
  );
  return result.records[0]?.get('id') ?? null;
}

export async function claimIdempotencyKey(tx: Tx, key: string, fingerprint: string, at: string): Promise<{ applicationId: string | null; fingerprint: string }> {
  const result = await tx.run<{ applicationId: string | null; fingerprint: string }>(
    `MERGE (k:IdempotencyKey {key: $key})
     ON CREATE SET k.fingerprint = $fingerprint, k.createdAt = datetime($at)
     RETURN k.applicationId AS applicationId, k.fingerprint AS fingerprint`,
    { key: `resumption|${key}`, fingerprint, at },
  );
  const row = result.records[0];
  return { applicationId: row?.get('applicationId') ?? null, fingerprint: row?.get('fingerprint') ?? fingerprint };
}

export async function recordIdempotencyResult(tx: Tx, key: string, applicationId: string): Promise<void> {
  await tx.run('MATCH (k:IdempotencyKey {key: $key}) SET k.applicationId = $applicationId', { key: `resumption|${key}`, applicationId });
}

/** A filing as it is written, with what the filing transaction gives it. */
export interface NewApplication extends Omit<ApplicationFiling, 'idempotencyKey'> {
  id: string;
  seq: number;
  filedOn: string;
  filerAgencyId: string;
  at: string;
}

/** Creates the application FILED and makes it its enterprise's open one. */
export async function createApplication(tx: Tx, application: NewApplication): Promise<void> {
  await tx.run(
    `MATCH (e:Enterprise {id: $enterpriseId}), (o:OpenApplication {enterpriseId: $enterpriseId})
     CREATE (a:ResumptionApplication {
       id: $id, seq: $seq, status: 'FILED', plannedDate: date($plannedDate), workforceReturning: $workforceReturning,
       measures: $measures, commitment: $commitment,
       documentsDue: CASE WHEN $documentsDue IS NULL THEN null ELSE date($documentsDue) END,
       note: $note, filedOn: date($filedOn), filerAgencyId: $filerAgencyId,
       createdAt: datetime($at), updatedAt: datetime($at), eventCount: 0, lock: 0
     })-[:FOR]->(e)
     CREATE (o)-[:OPEN_APPLICATION {enterpriseId: $enterpriseId}]->(a)`,
    { ...application, seq: neo4j.int(application.seq), workforceReturning: neo4j.int(application.workforceReturning) },
  );
}

/** What a step writes besides its status and event. */
export interface StepFields {
  decidedOn?: string;
  refusalReason?: string;
  documentsReceivedOn?: string;
}

/** Writes a step's fields and, when the application leaves the open statuses, frees its enterprise for a new one. */
export async function applyStep(tx: Tx, id: string, fields: StepFields, closes: boolean): Promise<void> {
  await tx.run(
    `MATCH (a:ResumptionApplication {id: $id})
     SET a.decidedOn = CASE WHEN $decidedOn IS NULL THEN a.decidedOn ELSE date($decidedOn) END,
         a.refusalReason = coalesce($refusalReason, a.refusalReason),
         a.documentsReceivedOn = CASE WHEN $documentsReceivedOn IS NULL THEN a.documentsReceivedOn ELSE date($documentsReceivedOn) END`,
    { id, decidedOn: fields.decidedOn ?? null, refusalReason: fields.refusalReason ?? null, documentsReceivedOn: fields.documentsReceivedOn ?? null },
  );
  if (closes) await tx.run('MATCH (:OpenApplication)-[f:OPEN_APPLICATION]->(:ResumptionApplication {id: $id}) DELETE f', { id });
}

export interface ApplicationSearch {
  regionCode: string | null;
  status: ApplicationStatus | null;
  overdueDocuments: boolean | null;
  agencyId: string | null;
  today: string;
}

/** Overdue documents, as the `documentsOverdue` field says. */
export const DOCUMENTS_OVERDUE = `(a.commitment AND a.documentsReceivedOn IS NULL AND a.documentsDue < date($today) AND NOT a.status IN ['REFUSED', 'WITHDRAWN'])`;

function searchClause(search: ApplicationSearch): { cypher: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { ...PARAMS, today: search.today, agencyId: search.agencyId };
  if (search.regionCode !== null) {
    params.regionCode = search.regionCode;
    where.push('EXISTS { (a)-[:FOR]->(:Enterprise)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(:Region {code: $regionCode}) }');
  }
  if (search.status !== null) {
    params.status = search.status;
    where.push('a.status = $status');
  }
  if (search.overdueDocuments !== null) where.push(search.overdueDocuments ? DOCUMENTS_OVERDUE : `NOT coalesce(${DOCUMENTS_OVERDUE}, false)`);
  return {
    cypher: `MATCH (a:ResumptionApplication) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ${PARTIES}
      WITH a, e, d, districtAgencyId, cityAgencyId
      WHERE $agencyId IS NULL OR $agencyId IN [a.filerAgencyId, districtAgencyId, cityAgencyId]`,
    params,
  };
}

/** A page oldest filing first (then by id), after the application `after`. */
export async function searchApplications(tx: Tx, search: ApplicationSearch, after: string | null, limit: number): Promise<ResumptionApplicationRecord[]> {
  const { cypher, params } = searchClause(search);
  const result = await tx.run<{ a: RawApplication }>(
    `OPTIONAL MATCH (cursor:ResumptionApplication {id: $after})
     CALL (cursor) {
       ${cypher}
       WITH a, e, d, districtAgencyId, cityAgencyId
       WHERE cursor IS NULL OR a.createdAt > cursor.createdAt OR (a.createdAt = cursor.createdAt AND a.id > cursor.id)
       RETURN a, e, d, districtAgencyId, cityAgencyId
     }
     WITH a, e, d, districtAgencyId, cityAgencyId ORDER BY a.createdAt, a.id LIMIT $limit
     RETURN ${PROJECTION} AS a`,
    { ...params, after, limit: neo4j.int(limit) },
  );
  return result.records.map((x) => toRecord(x.get('a'))).sort((x, y) => byId(x.createdAt, y.createdAt) || byId(x.id, y.id));
}

export async function countApplications(tx: Tx, search: ApplicationSearch): Promise<number> {
  const { cypher, params } = searchClause(search);
  const result = await tx.run<{ n: number }>(`${cypher} RETURN count(a) AS n`, params);
  return Number(result.records[0]?.get('n') ?? 0);
}

/** The applications filed in the region's subtree within [from, to]; null when the region does not exist. */
export async function statsRows(tx: Tx, regionCode: string, from: string, to: string): Promise<StatsRow[] | null> {
  const result = await tx.run<{ rows: StatsRow[] }>(
    `MATCH (r:Region {code: $regionCode})
     OPTIONAL MATCH (a:ResumptionApplication)-[:FOR]->(:Enterprise)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..]->(r)
     WHERE a.filedOn >= date($from) AND a.filedOn <= date($to)
     WITH DISTINCT r, a
     RETURN collect(CASE WHEN a IS NULL THEN null ELSE {
       status: a.status, workforceReturning: a.workforceReturning, filedOn: toString(a.filedOn), decidedOn: toString(a.decidedOn)
     } END) AS rows`,
    { regionCode, from, to },
  );
  const row = result.records[0];
  return row ? row.get('rows').map((r) => ({ ...r, workforceReturning: Number(r.workforceReturning) })) : null;
}

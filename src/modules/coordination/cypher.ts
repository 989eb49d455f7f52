/**
 * Cypher of coordination requests.
 *
 * A request is `(:CoordinationRequest {id, seq, status, message, dueDate,
 * createdAt, updatedAt, eventCount, lock})` with edges to its parties
 * (`REQUESTED_BY {seq, at}`, `ADDRESSED_TO`, `ORIGINATED_BY`, `COPIED_TO` →
 * Agency), its targets (`TARGETS {component}` → Enterprise,
 * `TARGETS_RESTRICTION {component}` → Restriction), the plants it
 * was filed for (`FOR_PLANT` → Enterprise) and its append-only log
 * (`HAS_EVENT` → `(:RequestEvent {requestId, seq, kind, actor, agencyId, at,
 * note, readyPlantIds})`, unique on (requestId, seq); the event log it shares
 * with resumption applications, see ../shared/event-log.ts).
 *
 * Two uniquely keyed nodes make duplicates impossible under concurrency:
 * `(:OpenTarget {key: addressee|enterprise|component})` is MERGEd and
 * write-locked by every filing on that target, and points (`OPEN_FOR`) at the
 * one open request while there is one (the edge carries the key too, unique,
 * so even a broken lock could not commit a second); `(:IdempotencyKey {key:
 * agency|client key})` remembers a filing's first result.
 */
import neo4j from 'neo4j-driver';
import type { Tx } from '../../neo4j/database.ts';
import { appendLoggedEvent } from '../shared/event-log.ts';
import type { CoordinationRequestRecord, RequestEventRecord, RequestRestrictionTargetRecord, RequestTargetRecord } from './mappers.ts';
import { OPEN_STATUSES, type RequestEventKind, type RequestStatus } from './transitions.ts';

export const REQUEST_PROJECTION = `r {
  .id, .status, .message,
  dueDate: toString(r.dueDate), createdAt: r.createdAt.epochMillis, updatedAt: r.updatedAt.epochMillis,
  requesters: [(r)-[q:REQUESTED_BY]->(a:Agency) | {id: a.id, seq: q.seq}],
  addresseeId: head([(r)-[:ADDRESSED_TO]->(a:Agency) | a.id]),
  originatorId: head([(r)-[:ORIGINATED_BY]->(a:Agency) | a.id]),
  copiedIds: [(r)-[:COPIED_TO]->(a:Agency) | a.id],
  targets: [(r)-[t:TARGETS]->(e:Enterprise) | {enterpriseId: e.id, componentId: t.component}],
  restrictionTargets: [(r)-[t:TARGETS_RESTRICTION]->(x:Restriction) | {restrictionId: x.id, componentId: t.component}],
  plantIds: [(r)-[:FOR_PLANT]->(p:Enterprise) | p.id]
}`;

const EVENT_PROJECTION = `ev {.requestId, .seq, .kind, .actor, .agencyId, at: ev.at.epochMillis, note: ev.note, readyPlantIds: ev.readyPlantIds}`;

type RawRequest = Omit<CoordinationRequestRecord, 'requesterIds' | 'createdAt' | 'updatedAt'> & {
  requesters: { id: string; seq: number }[];
  createdAt: number;
  updatedAt: number;
};
type RawEvent = Omit<RequestEventRecord, 'at'> & { at: number };

/** Instants leave as JavaScript writes them (millisecond ISO 8601, UTC), whatever Neo4j's own formatting. */
const iso = (epochMillis: number) => new Date(epochMillis).toISOString();

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lists in a stable order, whatever order the store returns edges in. */
function toRecord(raw: RawRequest): CoordinationRequestRecord {
  const { requesters, ...rest } = raw;
  return {
    ...rest,
    createdAt: iso(raw.createdAt),
    updatedAt: iso(raw.updatedAt),
    requesterIds: [...requesters].sort((a, b) => a.seq - b.seq || byId(a.id, b.id)).map((q) => q.id),
    copiedIds: [...raw.copiedIds].sort(byId),
    targets: [...raw.targets].sort((a, b) => byId(a.enterpriseId, b.enterpriseId) || byId(a.componentId, b.componentId)),
    restrictionTargets: [...raw.restrictionTargets].sort((a, b) => byId(a.restrictionId, b.restrictionId) || byId(a.componentId, b.componentId)),
    plantIds: [...raw.plantIds].sort(byId),
  };
}

function toEvent(raw: RawEvent): RequestEventRecord {
  return { ...raw, at: iso(raw.at), note: raw.note ?? null, readyPlantIds: raw.readyPlantIds ?? null };
}

export async function requestsByIds(tx: Tx, ids: readonly string[]): Promise<CoordinationRequestRecord[]> {
  const result = await tx.run<{ r: RawRequest }>(`UNWIND $ids AS id MATCH (r:CoordinationRequest {id: id}) RETURN ${REQUEST_PROJECTION} AS r`, { ids });
  return result.records.map((x) => toRecord(x.get('r')));
}

export async function eventsOfRequests(tx: Tx, ids: readonly string[]): Promise<RequestEventRecord[]> {
  const result = await tx.run<{ ev: RawEvent }>(
    `UNWIND $ids AS id MATCH (:CoordinationRequest {id: id})-[:HAS_EVENT]->(ev:RequestEvent)
     RETURN ${EVENT_PROJECTION} AS ev ORDER BY ev.requestId, ev.seq`,
    { ids },
  );
  return result.records.map((x) => toEvent(x.get('ev')));
}

/**
 * Takes the request's write lock, then reads it: every change to a request
 * starts here, so concurrent changes queue on the lock and each sees the
 * state the previous one committed (no lost update).
 */
export async function lockRequest(tx: Tx, id: string): Promise<CoordinationRequestRecord | null> {
  const result = await tx.run<{ r: RawRequest }>(
    `MATCH (r:CoordinationRequest {id: $id})
     SET r.lock = coalesce(r.lock, 0) + 1
     WITH r
     RETURN ${REQUEST_PROJECTION} AS r`,
    { id },
  );
  const row = result.records[0];
  return row ? toRecord(row.get('r')) : null;
}

export interface NewEvent {
  requestId: string;
  kind: RequestEventKind;
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
  readyPlantIds?: string[] | null;
  /** The status the request moves to with this event; when it is final, the request's targets stop being open. */
  status?: { to: RequestStatus; closes: boolean };
}

/** Appends an event (the next seq) to the shared event log and applies its status change. Call with the request locked. */
export async function appendEvent(tx: Tx, event: NewEvent): Promise<RequestEventRecord> {
  const logged = await appendLoggedEvent(tx, 'CoordinationRequest', {
    subjectId: event.requestId,
    kind: event.kind,
    actor: event.actor,
    agencyId: event.agencyId,
    at: event.at,
    note: event.note,
    readyPlantIds: event.readyPlantIds ?? null,
    status: event.status?.to ?? null,
  });
  if (event.status?.closes) {
    await tx.run(`MATCH (:OpenTarget)-[f:OPEN_FOR]->(:CoordinationRequest {id: $requestId}) DELETE f`, { requestId: event.requestId });
  }
  if (!logged) throw new Error(`request ${event.requestId} vanished while it was locked`);
  const { subjectId, ...rest } = logged;
  return { ...rest, requestId: subjectId, kind: rest.kind as RequestEventKind };
}

/** Ids among those given that the graph does not hold, per label. */
export async function missingReferences(
  tx: Tx,
  ids: { agencies: string[]; enterprises: string[]; components: string[]; restrictions: string[] },
): Promise<{ agencies: string[]; enterprises: string[]; components: string[]; restrictions: string[] }> {
  const result = await tx.run<{ agencies: string[]; enterprises: string[]; components: string[]; restrictions: string[] }>(
    `RETURN [id IN $agencies WHERE NOT EXISTS { MATCH (:Agency {id: id}) }] AS agencies,
            [id IN $enterprises WHERE NOT EXISTS { MATCH (:Enterprise {id: id}) }] AS enterprises,
            [id IN $components WHERE NOT EXISTS { MATCH (:Component {id: id}) }] AS components,
            [id IN $restrictions WHERE NOT EXISTS { MATCH (:Restriction {id: id}) }] AS restrictions`,
    ids,
  );
  const row = result.records[0];
  return {
    agencies: row?.get('agencies') ?? [],
    enterprises: row?.get('enterprises') ?? [],
    components: row?.get('components') ?? [],
    restrictions: row?.get('restrictions') ?? [],
  };
}

/**
 * Claims an idempotency key. The uniqueness constraint makes a concurrent
 * claim of the same key wait for this transaction, then see its result.
 */
export async function claimIdempotencyKey(
  tx: Tx,
  key: string,
  fingerprint: string,
  at: string,
): Promise<{ requestId: string | null; joined: boolean; fingerprint: string }> {
  const result = await tx.run<{ requestId: string | null; joined: boolean | null; fingerprint: string }>(
    `MERGE (k:IdempotencyKey {key: $key})
     ON CREATE SET k.fingerprint = $fingerprint, k.createdAt = datetime($at)
     RETURN k.requestId AS requestId, k.joined AS joined, k.fingerprint AS fingerprint`,
    { key, fingerprint, at },
  );
  const row = result.records[0];
  return { requestId: row?.get('requestId') ?? null, joined: row?.get('joined') ?? false, fingerprint: row?.get('fingerprint') ?? fingerprint };
}

export async function recordIdempotencyResult(tx: Tx, key: string, requestId: string, joined: boolean): Promise<void> {
  await tx.run(`MATCH (k:IdempotencyKey {key: $key}) SET k.requestId = $requestId, k.joined = $joined`, { key, requestId, joined });
}

/**
 * MERGEs and write-locks the open-target node of each key (in key order, so
 * two filings lock in the same order), then reads which open request, if
 * any, each points at. A concurrent filing on the same key waits here until
 * this transaction ends, then sees the request it made.
 */
export async function lockOpenTargets(tx: Tx, keys: readonly string[]): Promise<{ key: string; requestId: string | null }[]> {
  const result = await tx.run<{ key: string; requestId: string | null }>(
    `UNWIND $keys AS key
     MERGE (o:OpenTarget {key: key})
     SET o.lock = coalesce(o.lock, 0) + 1
     WITH o, key
     OPTIONAL MATCH (o)-[:OPEN_FOR]->(r:CoordinationRequest)
     RETURN key, r.id AS requestId`,
    { keys: [...keys].sort() },
  );
  return result.records.map((x) => ({ key: x.get('key'), requestId: x.get('requestId') }));
}

export async function pointOpenTargets(tx: Tx, keys: readonly string[], requestId: string): Promise<void> {
  await tx.run(
    `MATCH (r:CoordinationRequest {id: $requestId})
     UNWIND $keys AS key
     MATCH (o:OpenTarget {key: key})
     MERGE (o)-[:OPEN_FOR {key: key}]->(r)`,
    { keys, requestId },
  );
}

export interface RequestParts {
  requesterId: string;
  copiedIds: string[];
  targets: RequestTargetRecord[];
  restrictionTargets: RequestRestrictionTargetRecord[];
  plantIds: string[];
  at: string;
}

export async function createRequest(
  tx: Tx,
  request: RequestParts & { id: string; seq: number; addresseeId: string; originatorId: string; message: string; dueDate: string },
): Promise<void> {
  await tx.run(
    `MATCH (req:Agency {id: $requesterId}), (addr:Agency {id: $addresseeId}), (orig:Agency {id: $originatorId})
     CREATE (r:CoordinationRequest {
       id: $id, seq: $seq, status: 'SUBMITTED', message: $message, dueDate: date($dueDate),
       createdAt: datetime($at), updatedAt: datetime($at), eventCount: 0, lock: 0
     })
     CREATE (r)-[:REQUESTED_BY {seq: 1, at: datetime($at)}]->(req)
     CREATE (r)-[:ADDRESSED_TO]->(addr)
     CREATE (r)-[:ORIGINATED_BY]->(orig)`,
    { ...request, seq: neo4j.int(request.seq) },
  );
  await addParts(tx, request.id, request);
}

/** Adds a requester, copied agencies, targets and plants to a request; what it already has stays once. */
export async function addParts(tx: Tx, requestId: string, parts: RequestParts): Promise<void> {
  await tx.run(
    `MATCH (r:CoordinationRequest {id: $requestId})
     CALL (r) {
       MATCH (a:Agency {id: $requesterId})
       MERGE (r)-[q:REQUESTED_BY]->(a)
       ON CREATE SET q.seq = r.eventCount + 1, q.at = datetime($at)
     }
     CALL (r) {
       UNWIND $copiedIds AS id
       MATCH (a:Agency {id: id})
       MERGE (r)-[:COPIED_TO]->(a)
     }
     CALL (r) {
       UNWIND $targets AS t
       MATCH (e:Enterprise {id: t.enterpriseId})
       MERGE (r)-[:TARGETS {component: t.componentId}]->(e)
     }
     CALL (r) {
       UNWIND $restrictionTargets AS t
       MATCH (x:Restriction {id: t.restrictionId})
       MERGE (r)-[:TARGETS_RESTRICTION {component: t.componentId}]->(x)
     }
     CALL (r) {
       UNWIND $plantIds AS id
       MATCH (p:Enterprise {id: id})
       MERGE (r)-[:FOR_PLANT]->(p)
     }`,
    { requestId, ...parts },
  );
}

export interface RequestSearch {
  agencyId: string | null;
  role: 'REQUESTER' | 'ADDRESSEE' | 'COPIED' | 'ORIGINATOR' | null;
  status: RequestStatus | null;
  overdue: boolean | null;
  today: string;
}

const ROLE_EDGE = { REQUESTER: 'REQUESTED_BY', ADDRESSEE: 'ADDRESSED_TO', COPIED: 'COPIED_TO', ORIGINATOR: 'ORIGINATED_BY' } as const;

function searchClause(search: RequestSearch): { cypher: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { open: OPEN_STATUSES, today: search.today };
  if (search.agencyId !== null) {
    params.agencyId = search.agencyId;
    const edges = search.role ? ROLE_EDGE[search.role] : Object.values(ROLE_EDGE).join('|');
    where.push(`EXISTS { (r)-[:${edges}]->(:Agency {id: $agencyId}) }`);
  }
  if (search.status !== null) {
    params.status = search.status;
    where.push('r.status = $status');
  }
  if (search.overdue !== null) {
    const overdue = 'r.status IN $open AND r.dueDate < date($today)';
    where.push(search.overdue ? overdue : `NOT (${overdue})`);
  }
  return { cypher: `MATCH (r:CoordinationRequest) ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params };
}

/** A page in filing order (request number), after the request numbered `afterSeq`. */
export async function searchRequests(tx: Tx, search: RequestSearch, afterSeq: number | null, limit: number): Promise<CoordinationRequestRecord[]> {
  const { cypher, params } = searchClause(search);
  const result = await tx.run<{ r: RawRequest }>(
    `${cypher}
     WITH r WHERE $afterSeq IS NULL OR r.seq > $afterSeq
     WITH r ORDER BY r.seq LIMIT $limit
     RETURN ${REQUEST_PROJECTION} AS r`,
    { ...params, afterSeq: afterSeq === null ? null : neo4j.int(afterSeq), limit: neo4j.int(limit) },
  );
  return result.records.map((x) => toRecord(x.get('r')));
}

export async function countRequests(tx: Tx, search: RequestSearch): Promise<number> {
  const { cypher, params } = searchClause(search);
  const result = await tx.run<{ n: number }>(`${cypher} RETURN count(r) AS n`, params);
  return result.records[0]?.get('n') ?? 0;
}

/** What a request can target: an enterprise (TARGETS) or a restriction (TARGETS_RESTRICTION). */
export type RequestTarget = { enterpriseId: string } | { restrictionId: string };

/** Open requests with the target among their targets, in filing order, with the plants each was filed for. */
export async function openRequestsTargeting(tx: Tx, target: RequestTarget): Promise<{ id: string; plantIds: string[] }[]> {
  const pattern = 'enterpriseId' in target ? '(:Enterprise {id: $id})<-[:TARGETS]-' : '(:Restriction {id: $id})<-[:TARGETS_RESTRICTION]-';
  const result = await tx.run<{ id: string; plantIds: string[] }>(
    `MATCH ${pattern}(r:CoordinationRequest)
     WHERE r.status IN $open
     WITH DISTINCT r
     RETURN r.id AS id, [(r)-[:FOR_PLANT]->(p:Enterprise) | p.id] AS plantIds
     ORDER BY r.seq`,
    { id: 'enterpriseId' in target ? target.enterpriseId : target.restrictionId, open: OPEN_STATUSES },
  );
  return result.records.map((x) => ({ id: x.get('id'), plantIds: [...x.get('plantIds')].sort(byId) }));
}

/**
 * The append-only event log that coordination requests, resumption
 * applications, logistics restrictions and mutual aid (help requests, offers,
 * loans) share: each event is a `(:RequestEvent {requestId, seq, kind,
 * actor, agencyId, at, note, readyPlantIds})` hung off its subject by
 * `HAS_EVENT`, where `requestId` is the subject's id (a request's `CR-…` or
 * an application's `RA-…`, a restriction's, help request's, offer's or loan's id, never the same) and `seq` counts the subject's
 * events from 1. The constraint on (requestId, seq) keeps two appends that
 * read the same count from both committing.
 */
import type { Tx } from '../../neo4j/database.ts';

/** The nodes that keep an event log; a closed list, so the label can be written into Cypher. */
export type EventSubject = 'CoordinationRequest' | 'ResumptionApplication' | 'Restriction' | 'HelpRequest' | 'HelpOffer' | 'Loan';

export interface NewLoggedEvent {
  subjectId: string;
  kind: string;
  actor: string;
  agencyId: string;
  /** ISO 8601 instant. */
  at: string;
  note: string | null;
  readyPlantIds?: string[] | null;
  /** The subject's status after the event, when the event changes it. */
  status?: string | null;
}

export interface LoggedEvent {
  subjectId: string;
  seq: number;
  kind: string;
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
  readyPlantIds: string[] | null;
}

const PROJECTION = `ev {subjectId: ev.requestId, .seq, .kind, .actor, .agencyId, at: ev.at.epochMillis, note: ev.note, readyPlantIds: ev.readyPlantIds}`;

type RawLoggedEvent = Omit<LoggedEvent, 'at'> & { at: number };

function toLogged(raw: RawLoggedEvent): LoggedEvent {
  return { ...raw, at: new Date(raw.at).toISOString(), note: raw.note ?? null, readyPlantIds: raw.readyPlantIds ?? null };
}

/** Appends the subject's next event and applies its status, if any. Call with the subject locked; null when it does not exist. */
export async function appendLoggedEvent(tx: Tx, subject: EventSubject, event: NewLoggedEvent): Promise<LoggedEvent | null> {
  const result = await tx.run<{ ev: RawLoggedEvent }>(
    `MATCH (s:${subject} {id: $subjectId})
     SET s.eventCount = coalesce(s.eventCount, 0) + 1, s.updatedAt = datetime($at),
         s.status = coalesce($status, s.status)
     CREATE (s)-[:HAS_EVENT]->(ev:RequestEvent {
       requestId: s.id, seq: s.eventCount, kind: $kind, actor: $actor, agencyId: $agencyId,
       at: datetime($at), note: $note, readyPlantIds: $readyPlantIds
     })
     RETURN ${PROJECTION} AS ev`,
    {
      subjectId: event.subjectId,
      kind: event.kind,
      actor: event.actor,
      agencyId: event.agencyId,
      at: event.at,
      note: event.note,
      readyPlantIds: event.readyPlantIds ?? null,
      status: event.status ?? null,
    },
  );
  const row = result.records[0];
  return row ? toLogged(row.get('ev')) : null;
}

/** The events of each subject, oldest first. */
export async function loggedEventsOf(tx: Tx, subject: EventSubject, ids: readonly string[]): Promise<LoggedEvent[]> {
  const result = await tx.run<{ ev: RawLoggedEvent }>(
    `UNWIND $ids AS id MATCH (:${subject} {id: id})-[:HAS_EVENT]->(ev:RequestEvent)
     RETURN ${PROJECTION} AS ev ORDER BY ev.requestId, ev.seq`,
    { ids },
  );
  return result.records.map((x) => toLogged(x.get('ev')));
}

/** What coordination resolvers hand to their fields: plain values read from the graph. */
import type { RequestEventKind, RequestStatus } from './transitions.ts';
import type { CountedPage } from '../shared/pagination.ts';

export interface RequestTargetRecord {
  enterpriseId: string;
  componentId: string;
}

export interface RequestRestrictionTargetRecord {
  restrictionId: string;
  componentId: string;
}

export interface CoordinationRequestRecord {
  id: string;
  status: RequestStatus;
  message: string;
  /** YYYY-MM-DD */
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  /** In the order they joined; the first filed it. */
  requesterIds: string[];
  addresseeId: string;
  originatorId: string;
  /** By id. */
  copiedIds: string[];
  /** By enterprise id, then component id. */
  targets: RequestTargetRecord[];
  /** By restriction id, then component id. */
  restrictionTargets: RequestRestrictionTargetRecord[];
  /** By id. */
  plantIds: string[];
}

export interface RequestEventRecord {
  requestId: string;
  seq: number;
  kind: RequestEventKind;
  /** The user id from the actor's token. */
  actor: string;
  agencyId: string;
  at: string;
  note: string | null;
  /** Only on TARGET_RESUMED: the plants that are ready now. */
  readyPlantIds: string[] | null;
}

/** A request with one of its events: what the live inbox delivers and what a change returns. */
export interface RequestEventNoticeRecord {
  request: CoordinationRequestRecord;
  event: RequestEventRecord;
}

export interface FileCoordinationRequestPayloadRecord {
  request: CoordinationRequestRecord;
  joined: boolean;
  replayed: boolean;
}

export type CoordinationRequestConnectionRecord = CountedPage<CoordinationRequestRecord>;

/** Every agency with a part in the request: who hears of its events and who may comment. */
export function participantsOf(request: CoordinationRequestRecord): string[] {
  return [...new Set([...request.requesterIds, request.addresseeId, ...request.copiedIds, request.originatorId])].sort();
}

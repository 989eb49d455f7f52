/**
 * Changes to coordination requests. Each runs in one managed write
 * transaction (the driver retries it on deadlocks and other transient
 * failures), takes the write locks it needs before it reads what it decides
 * on, appends exactly one event, and returns that event so the caller
 * publishes it once the transaction has committed.
 */
import { GraphQLError } from 'graphql';
import type { CoordinationRequestFilter, FileCoordinationRequestInput } from '../../generated/graphql.ts';
import type { Tx } from '../../neo4j/database.ts';
import type { GraphQLContext } from '../context.ts';
import { apiIdNumber } from '../../dataset/api-ids.ts';
import { issueApiId } from '../shared/api-ids.ts';
import { badUserInput, conflict, forbidden, invalidInput, invalidTransition as invalidTransitionError, notFound } from '../shared/errors.ts';
import type { CurrentUser } from '../shared/user.ts';
import { authorize } from '../identity/permissions.ts';
import * as cypher from './cypher.ts';
import { countedPage, decodeCursor, pageSize } from '../shared/pagination.ts';
import type { CoordinationRequestConnectionRecord, CoordinationRequestRecord, FileCoordinationRequestPayloadRecord, RequestEventNoticeRecord, RequestEventRecord } from './mappers.ts';
import { isOpen, nextStatus, refusal, TRANSITIONS, type Transition } from './transitions.ts';
import { fingerprintOf, normaliseFiling, referencePaths, type Filing, type Problem } from './validation.ts';

type Actor = Pick<GraphQLContext, 'user' | 'db' | 'requestId' | 'today'>;

function openTargetKey(addresseeId: string, target: { enterpriseId: string; componentId: string }): string {
  return `${addresseeId}|${target.enterpriseId}|${target.componentId}`;
}

/** Four parts where an enterprise's key has three: a restriction and an enterprise never share an open target. */
function openRestrictionTargetKey(addresseeId: string, target: { restrictionId: string; componentId: string }): string {
  return `${addresseeId}|restriction|${target.restrictionId}|${target.componentId}`;
}

async function requireRequest(tx: Tx, id: string): Promise<CoordinationRequestRecord> {
  const [request] = await cypher.requestsByIds(tx, [id]);
  if (!request) throw new Error(`request ${id} vanished inside its own transaction`);
  return request;
}

async function checkReferences(tx: Tx, input: FileCoordinationRequestInput, filing: Filing, user: CurrentUser): Promise<void> {
  const paths = referencePaths(input);
  const ids = (list: [string, string][]) => [...new Set(list.map(([, id]) => id))];
  const missing = await cypher.missingReferences(tx, {
    agencies: [...ids(paths.agencies), filing.requesterId],
    enterprises: ids(paths.enterprises),
    components: ids(paths.components),
    restrictions: ids(paths.restrictions),
  });
  if (missing.agencies.includes(filing.requesterId)) {
    throw forbidden(`only a COORDINATOR of an agency the graph holds may file a coordination request; you are ${user.role} of ${filing.requesterId}, which it does not hold`);
  }
  const problems: Problem[] = [];
  const report = (list: [string, string][], absent: string[], what: string) => {
    const set = new Set(absent);
    for (const [path, id] of list) if (set.has(id)) problems.push({ path, message: `no ${what} has id ${JSON.stringify(id)}` });
  };
  report(paths.agencies, missing.agencies, 'agency');
  report(paths.enterprises, missing.enterprises, 'enterprise');
  report(paths.components, missing.components, 'component');
  report(paths.restrictions, missing.restrictions, 'restriction');
  if (problems.length) throw invalidInput(problems.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

/**
 * Files a request, or joins the open one on the same target and addressee,
 * or (same idempotency key) returns the first result and changes nothing.
 */
export async function fileRequest(
  ctx: Actor,
  input: FileCoordinationRequestInput,
  at: string = new Date().toISOString(),
): Promise<FileCoordinationRequestPayloadRecord & { notice: RequestEventNoticeRecord | null }> {
  authorize(ctx.user, { kind: 'file' });
  const filing = normaliseFiling(input, ctx.user.agencyId, ctx.today());
  const idempotencyKey = `${filing.requesterId}|${filing.idempotencyKey}`;
  const fingerprint = fingerprintOf(filing);
  return ctx.db.write({ operation: 'mutation.fileCoordinationRequest', requestId: ctx.requestId }, async (tx) => {
    const claimed = await cypher.claimIdempotencyKey(tx, idempotencyKey, fingerprint, at);
    if (claimed.requestId !== null) {
      if (claimed.fingerprint !== fingerprint) {
        throw conflict(`idempotency key ${JSON.stringify(filing.idempotencyKey)} was already used by ${filing.requesterId} for a different filing (request ${claimed.requestId}); use a new key for a new filing`);
      }
      return { request: await requireRequest(tx, claimed.requestId), joined: claimed.joined, replayed: true, notice: null };
    }
    await checkReferences(tx, input, filing, ctx.user);

    const keys = [
      ...filing.targets.map((t) => openTargetKey(filing.addresseeId, t)),
      ...filing.restrictionTargets.map((t) => openRestrictionTargetKey(filing.addresseeId, t)),
    ];
    const open = await cypher.lockOpenTargets(tx, keys);
    const existing = [...new Set(open.flatMap((o) => (o.requestId ? [o.requestId] : [])))].sort();
    if (existing.length > 1) {
      const problems = [
        ...filing.targets.flatMap((t) => {
          const requestId = open.find((o) => o.key === openTargetKey(filing.addresseeId, t))?.requestId;
          const index = (input.targets ?? []).findIndex((x) => x.enterpriseId === t.enterpriseId && x.componentId === t.componentId);
          return requestId ? [{ path: `input.targets[${index}]`, message: `already has open request ${requestId} to ${filing.addresseeId}` }] : [];
        }),
        ...filing.restrictionTargets.flatMap((t) => {
          const requestId = open.find((o) => o.key === openRestrictionTargetKey(filing.addresseeId, t))?.requestId;
          const index = (input.restrictionTargets ?? []).findIndex((x) => x.restrictionId === t.restrictionId && x.componentId === t.componentId);
          return requestId ? [{ path: `input.restrictionTargets[${index}]`, message: `already has open request ${requestId} to ${filing.addresseeId}` }] : [];
        }),
      ];
      problems.unshift({ path: 'input.targets', message: `these targets are covered by different open requests (${existing.join(', ')}); file for each of them separately to join it` });
      throw invalidInput(problems);
    }

    const parts = { requesterId: filing.requesterId, copiedIds: filing.copiedIds, targets: filing.targets, restrictionTargets: filing.restrictionTargets, plantIds: filing.plantIds, at };
    let requestId: string;
    let event: RequestEventRecord;
    const joined = existing.length === 1;
    if (joined) {
      requestId = existing[0] as string;
      const locked = await cypher.lockRequest(tx, requestId);
      // An open target only ever points at an open request: closing a request unlinks its targets in the same transaction.
      if (!locked || !isOpen(locked.status)) throw new Error(`open target points at ${requestId}, which is not open`);
      await cypher.addParts(tx, requestId, parts);
      event = await cypher.appendEvent(tx, { requestId, kind: 'JOINED', actor: ctx.user.id, agencyId: filing.requesterId, at, note: filing.message });
    } else {
      const { id, n: seq } = await issueApiId(tx, 'CoordinationRequest');
      requestId = id;
      await cypher.createRequest(tx, { ...parts, id: requestId, seq, addresseeId: filing.addresseeId, originatorId: filing.originatorId, message: filing.message, dueDate: filing.dueDate });
      event = await cypher.appendEvent(tx, { requestId, kind: 'FILED', actor: ctx.user.id, agencyId: filing.requesterId, at, note: null });
    }
    await cypher.pointOpenTargets(tx, keys, requestId);
    await cypher.recordIdempotencyResult(tx, idempotencyKey, requestId, joined);
    const request = await requireRequest(tx, requestId);
    return { request, joined, replayed: false, notice: { request, event } };
  });
}

function invalidTransition(request: CoordinationRequestRecord, transition: Transition): GraphQLError {
  return invalidTransitionError(refusal(request.id, request.status, transition), request.status);
}

/** Moves a request along the status machine; refused changes leave everything as it was. */
export async function changeStatus(
  ctx: Actor,
  id: string,
  transition: Transition,
  note: string | null,
  at: string = new Date().toISOString(),
): Promise<RequestEventNoticeRecord> {
  const rule = TRANSITIONS[transition];
  return ctx.db.write({ operation: `mutation.${rule.verb}Request`, requestId: ctx.requestId }, async (tx) => {
    const request = await cypher.lockRequest(tx, id);
    if (!request) throw notFound('coordination request', id, 'id');
    if (rule.by === 'REQUESTER') authorize(ctx.user, { kind: 'withdraw', request });
    else authorize(ctx.user, { kind: 'respond', verb: rule.verb as 'acknowledge' | 'start' | 'resolve' | 'reject', request });
    const to = nextStatus(request.status, transition);
    if (to === null) throw invalidTransition(request, transition);
    const event = await cypher.appendEvent(tx, {
      requestId: id,
      kind: rule.event,
      actor: ctx.user.id,
      agencyId: ctx.user.agencyId,
      at,
      note,
      status: { to, closes: !isOpen(to) },
    });
    return { request: await requireRequest(tx, id), event };
  });
}

export async function commentOn(ctx: Actor, id: string, note: string, at: string = new Date().toISOString()): Promise<RequestEventNoticeRecord> {
  return ctx.db.write({ operation: 'mutation.commentOnRequest', requestId: ctx.requestId }, async (tx) => {
    const request = await cypher.lockRequest(tx, id);
    if (!request) throw notFound('coordination request', id, 'id');
    authorize(ctx.user, { kind: 'comment', request });
    const event = await cypher.appendEvent(tx, { requestId: id, kind: 'COMMENTED', actor: ctx.user.id, agencyId: ctx.user.agencyId, at, note });
    return { request: await requireRequest(tx, id), event };
  });
}

/**
 * Open requests (SUBMITTED, ACKNOWLEDGED, IN_PROGRESS) with the enterprise
 * among their targets, in filing order, with the plants each was filed for.
 * Runs inside the caller's transaction.
 */
export function openRequestsOnTarget(tx: Tx, enterpriseId: string): Promise<{ id: string; plantIds: string[] }[]> {
  return cypher.openRequestsTargeting(tx, { enterpriseId });
}

/**
 * Open requests with the restriction among their targets, in filing order,
 * with the plants each was filed for. Runs inside the caller's transaction.
 */
export function openRequestsOnRestriction(tx: Tx, restrictionId: string): Promise<{ id: string; plantIds: string[] }[]> {
  return cypher.openRequestsTargeting(tx, { restrictionId });
}

export interface TargetResumed {
  requestId: string;
  actor: { userId: string; agencyId: string };
  /** ISO 8601 instant. */
  at: string;
  /** The request's plants that are ready now. */
  readyPlantIds: string[];
  note?: string | null;
}

/**
 * Appends TARGET_RESUMED to a request inside the caller's transaction (it
 * takes the request's write lock first) and returns the notice. It does not
 * publish: the caller passes the notice to `ctx.requestEvents.publish` after
 * its transaction commits, so no subscriber hears of an event that was
 * rolled back. The status does not change: the addressee still resolves.
 */
export async function appendTargetResumed(tx: Tx, resumed: TargetResumed): Promise<RequestEventNoticeRecord> {
  const request = await cypher.lockRequest(tx, resumed.requestId);
  if (!request) throw new Error(`no coordination request ${resumed.requestId}`);
  const event = await cypher.appendEvent(tx, {
    requestId: resumed.requestId,
    kind: 'TARGET_RESUMED',
    actor: resumed.actor.userId,
    agencyId: resumed.actor.agencyId,
    at: resumed.at,
    note: resumed.note ?? null,
    readyPlantIds: [...new Set(resumed.readyPlantIds)].sort(),
  });
  return { request: await requireRequest(tx, resumed.requestId), event };
}

/** A request by id, or null. */
export function findRequest(ctx: Pick<GraphQLContext, 'loaders'>, id: string): Promise<CoordinationRequestRecord | null> {
  return ctx.loaders.requestById.load(id);
}

/** A request's events, oldest first. */
export function eventsOf(ctx: Pick<GraphQLContext, 'loaders'>, requestId: string): Promise<RequestEventRecord[]> {
  return ctx.loaders.eventsOfRequest.load(requestId);
}

/** A page of requests in filing order (the id's number), counted only when asked; the cursor is the last id seen. */
export async function requestsPage(
  ctx: Pick<GraphQLContext, 'db' | 'requestId' | 'today' | 'loaders'>,
  filter: CoordinationRequestFilter,
  first: number | null | undefined,
  afterCursor: string | null | undefined,
): Promise<CoordinationRequestConnectionRecord> {
  if (filter.role != null && filter.agencyId == null) throw badUserInput('filter.role', 'needs filter.agencyId: the role is the part that agency plays');
  const size = pageSize(first);
  const after = decodeCursor(afterCursor);
  const afterSeq = after === null ? null : apiIdNumber('CoordinationRequest', after);
  if (after !== null && afterSeq === null) throw badUserInput('after', 'is not a cursor of this connection; pass the endCursor of the previous page');
  const search: cypher.RequestSearch = {
    agencyId: filter.agencyId ?? null,
    role: filter.role ?? null,
    status: filter.status ?? null,
    overdue: filter.overdue ?? null,
    today: ctx.today(),
  };
  const meta = { operation: 'query.coordinationRequests', requestId: ctx.requestId };
  const rows = await ctx.db.read(meta, (tx) => cypher.searchRequests(tx, search, afterSeq, size + 1));
  for (const row of rows) ctx.loaders.requestById.prime(row.id, row);
  return countedPage(rows, size, (r) => r.id, after, () => ctx.db.read({ ...meta, operation: 'query.coordinationRequests.count' }, (tx) => cypher.countRequests(tx, search)));
}

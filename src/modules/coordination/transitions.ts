/**
 * The request status machine, pure: SUBMITTED → ACKNOWLEDGED → IN_PROGRESS →
 * RESOLVED, and from any open status REJECTED (by the addressee, with a
 * reason) or WITHDRAWN (by a requester). Nothing else moves a status.
 */
export const REQUEST_STATUSES = ['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'REJECTED', 'WITHDRAWN'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const OPEN_STATUSES: readonly RequestStatus[] = ['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS'];

export const REQUEST_EVENT_KINDS = [
  'FILED',
  'JOINED',
  'ACKNOWLEDGED',
  'STARTED',
  'RESOLVED',
  'REJECTED',
  'WITHDRAWN',
  'COMMENTED',
  'TARGET_RESUMED',
] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];

export type Transition = 'ACKNOWLEDGE' | 'START' | 'RESOLVE' | 'REJECT' | 'WITHDRAW';

export interface TransitionRule {
  from: readonly RequestStatus[];
  to: RequestStatus;
  event: RequestEventKind;
  /** Whose coordinators may make it. */
  by: 'ADDRESSEE' | 'REQUESTER';
  /** The verb a message uses, and the mutation's name without `Request`. */
  verb: 'acknowledge' | 'start' | 'resolve' | 'reject' | 'withdraw';
}

export const TRANSITIONS: Readonly<Record<Transition, TransitionRule>> = {
  ACKNOWLEDGE: { from: ['SUBMITTED'], to: 'ACKNOWLEDGED', event: 'ACKNOWLEDGED', by: 'ADDRESSEE', verb: 'acknowledge' },
  START: { from: ['ACKNOWLEDGED'], to: 'IN_PROGRESS', event: 'STARTED', by: 'ADDRESSEE', verb: 'start' },
  RESOLVE: { from: ['IN_PROGRESS'], to: 'RESOLVED', event: 'RESOLVED', by: 'ADDRESSEE', verb: 'resolve' },
  REJECT: { from: OPEN_STATUSES, to: 'REJECTED', event: 'REJECTED', by: 'ADDRESSEE', verb: 'reject' },
  WITHDRAW: { from: OPEN_STATUSES, to: 'WITHDRAWN', event: 'WITHDRAWN', by: 'REQUESTER', verb: 'withdraw' },
};

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** The status a transition leads to from `from`, or null when it is not allowed there. */
export function nextStatus(from: RequestStatus, transition: Transition): RequestStatus | null {
  const rule = TRANSITIONS[transition];
  return rule.from.includes(from) ? rule.to : null;
}

/** The transitions allowed from a status, in the order of the table. */
export function allowedTransitions(from: RequestStatus): Transition[] {
  return (Object.keys(TRANSITIONS) as Transition[]).filter((t) => nextStatus(from, t) !== null);
}

/** Why a transition is refused: the current status and what it allows instead. */
export function refusal(requestId: string, from: RequestStatus, transition: Transition): string {
  const allowed = allowedTransitions(from).map((t) => `${TRANSITIONS[t].verb} (→ ${TRANSITIONS[t].to})`);
  const what = `cannot ${TRANSITIONS[transition].verb} request ${requestId}: it is ${from}`;
  return allowed.length === 0 ? `${what}, a final status; no further change is allowed` : `${what}; from ${from} only ${allowed.join(', ')} is allowed`;
}

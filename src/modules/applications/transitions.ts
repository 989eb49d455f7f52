/**
 * The resumption application status machine, pure. FILED → ON_SITE_CHECK →
 * APPROVED or REFUSED; an application over the joint-check threshold goes
 * ON_SITE_CHECK → CITY_RECHECK → APPROVED or REFUSED instead (the district
 * may still refuse after its own check); a commitment application may be
 * approved straight from FILED; the applicant's side may withdraw an open
 * one; a commitment application's documents are received once, unless it
 * was refused or withdrawn. Nothing else moves an application.
 */
import { OPEN_APPLICATION_STATUSES, type ApplicationEventKind, type ApplicationStatus } from '../../dataset/format.ts';

// The vocabulary is the dataset format's, which carries applications too.
export {
  APPLICATION_EVENT_KINDS,
  APPLICATION_STATUSES,
  OPEN_APPLICATION_STATUSES,
  PREVENTION_MEASURES,
  type ApplicationEventKind,
  type ApplicationStatus,
  type PreventionMeasure,
} from '../../dataset/format.ts';

export const APPLICATION_TRANSITIONS = ['START_CHECK', 'REQUEST_RECHECK', 'APPROVE', 'REFUSE', 'WITHDRAW', 'RECEIVE_DOCUMENTS'] as const;
export type ApplicationTransition = (typeof APPLICATION_TRANSITIONS)[number];

/** What the machine decides on. */
export interface ApplicationState {
  status: ApplicationStatus;
  commitment: boolean;
  /** More staff returning than the joint-check threshold: the city rechecks before a decision. */
  jointCheck: boolean;
  documentsReceived: boolean;
}

/** Who makes a step: the applicant's side, the district bureau, or the city bureau. */
export type ApplicationActor = 'APPLICANT' | 'DISTRICT' | 'CITY';

/** Each step's event, the verb a message uses, and the mutation that takes it. */
export const APPLICATION_STEPS: Readonly<Record<ApplicationTransition, { event: ApplicationEventKind; verb: string; mutation: string }>> = {
  START_CHECK: { event: 'CHECK_STARTED', verb: 'start the on-site check of', mutation: 'startOnSiteCheck' },
  REQUEST_RECHECK: { event: 'RECHECK_REQUESTED', verb: 'request a city recheck of', mutation: 'requestCityRecheck' },
  APPROVE: { event: 'APPROVED', verb: 'approve', mutation: 'approveApplication' },
  REFUSE: { event: 'REFUSED', verb: 'refuse', mutation: 'refuseApplication' },
  WITHDRAW: { event: 'WITHDRAWN', verb: 'withdraw', mutation: 'withdrawApplication' },
  RECEIVE_DOCUMENTS: { event: 'DOCUMENTS_RECEIVED', verb: 'record the documents of', mutation: 'receiveCommitmentDocuments' },
};

export function isOpenApplication(status: ApplicationStatus): boolean {
  return OPEN_APPLICATION_STATUSES.includes(status);
}

/** The status a step leads to, or null when the machine refuses it. */
export function nextApplicationStatus(state: ApplicationState, transition: ApplicationTransition): ApplicationStatus | null {
  const { status } = state;
  switch (transition) {
    case 'START_CHECK':
      return status === 'FILED' ? 'ON_SITE_CHECK' : null;
    case 'REQUEST_RECHECK':
      return status === 'ON_SITE_CHECK' && state.jointCheck ? 'CITY_RECHECK' : null;
    case 'APPROVE':
      if (status === 'FILED') return state.commitment ? 'APPROVED' : null;
      if (status === 'ON_SITE_CHECK') return state.jointCheck ? null : 'APPROVED';
      return status === 'CITY_RECHECK' ? 'APPROVED' : null;
    case 'REFUSE':
      return status === 'ON_SITE_CHECK' || status === 'CITY_RECHECK' ? 'REFUSED' : null;
    case 'WITHDRAW':
      return isOpenApplication(status) ? 'WITHDRAWN' : null;
    case 'RECEIVE_DOCUMENTS':
      return state.commitment && !state.documentsReceived && status !== 'REFUSED' && status !== 'WITHDRAWN' ? status : null;
  }
}

/** Whose coordinators make an allowed step: the city decides what it rechecks, the district the rest of the review. */
export function actorOf(status: ApplicationStatus, transition: ApplicationTransition): ApplicationActor {
  if (transition === 'WITHDRAW') return 'APPLICANT';
  if ((transition === 'APPROVE' || transition === 'REFUSE') && status === 'CITY_RECHECK') return 'CITY';
  return 'DISTRICT';
}

export function allowedApplicationTransitions(state: ApplicationState): ApplicationTransition[] {
  return APPLICATION_TRANSITIONS.filter((t) => nextApplicationStatus(state, t) !== null);
}

/** Why a step is refused: where the application stands and what it allows instead. */
export function applicationRefusal(id: string, state: ApplicationState, transition: ApplicationTransition): string {
  const what = `cannot ${APPLICATION_STEPS[transition].verb} resumption application ${id}: it is ${state.status}`;
  const why =
    transition === 'APPROVE' && state.status === 'ON_SITE_CHECK' && state.jointCheck
      ? ' and has more staff returning than the joint-check threshold, so request the city recheck (requestCityRecheck) first'
      : transition === 'REQUEST_RECHECK' && state.status === 'ON_SITE_CHECK'
        ? ' and has no more staff returning than the joint-check threshold, so no city recheck is needed'
        : transition === 'APPROVE' && state.status === 'FILED'
          ? ' and is not a commitment application, so start the on-site check (startOnSiteCheck) first'
          : transition === 'RECEIVE_DOCUMENTS' && !state.commitment
            ? ' and is not a commitment application: it has no documents to follow'
            : transition === 'RECEIVE_DOCUMENTS' && state.documentsReceived
              ? ' and its documents were already received'
              : '';
  const allowed = allowedApplicationTransitions(state).map((t) => APPLICATION_STEPS[t].verb.replace(/ of$/, ''));
  const instead = allowed.length === 0 ? '; no further change is allowed' : `; allowed now: ${allowed.join(', ')}`;
  return `${what}${why}${instead}`;
}

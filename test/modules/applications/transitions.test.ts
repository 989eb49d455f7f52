/** The resumption application status machine: every status against every step, in every kind of application. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_AFTER_EVENT } from '../../../src/dataset/format.ts';
import {
  APPLICATION_STATUSES,
  APPLICATION_STEPS,
  APPLICATION_TRANSITIONS,
  actorOf,
  allowedApplicationTransitions,
  applicationRefusal,
  isOpenApplication,
  nextApplicationStatus,
  type ApplicationState,
  type ApplicationStatus,
  type ApplicationTransition,
} from '../../../src/modules/applications/transitions.ts';

type Row = Record<ApplicationTransition, ApplicationStatus | null>;
const NONE: Row = { START_CHECK: null, REQUEST_RECHECK: null, APPROVE: null, REFUSE: null, WITHDRAW: null, RECEIVE_DOCUMENTS: null };

/** The table written out for an ordinary application (no commitment, at most the threshold's staff). */
const ORDINARY: Record<ApplicationStatus, Row> = {
  FILED: { ...NONE, START_CHECK: 'ON_SITE_CHECK', WITHDRAW: 'WITHDRAWN' },
  ON_SITE_CHECK: { ...NONE, APPROVE: 'APPROVED', REFUSE: 'REFUSED', WITHDRAW: 'WITHDRAWN' },
  CITY_RECHECK: { ...NONE, APPROVE: 'APPROVED', REFUSE: 'REFUSED', WITHDRAW: 'WITHDRAWN' },
  APPROVED: NONE,
  REFUSED: NONE,
  WITHDRAWN: NONE,
};

/** What differs from ORDINARY for each kind: joint check, commitment, documents already received. */
function expected(state: ApplicationState, t: ApplicationTransition): ApplicationStatus | null {
  const { status } = state;
  if (state.jointCheck && status === 'ON_SITE_CHECK' && t === 'REQUEST_RECHECK') return 'CITY_RECHECK';
  if (state.jointCheck && status === 'ON_SITE_CHECK' && t === 'APPROVE') return null;
  if (state.commitment && status === 'FILED' && t === 'APPROVE') return 'APPROVED';
  if (t === 'RECEIVE_DOCUMENTS') return state.commitment && !state.documentsReceived && !['REFUSED', 'WITHDRAWN'].includes(status) ? status : null;
  return ORDINARY[status][t];
}

const KINDS: Omit<ApplicationState, 'status'>[] = [false, true].flatMap((commitment) =>
  [false, true].flatMap((jointCheck) => [false, true].map((documentsReceived) => ({ commitment, jointCheck, documentsReceived }))),
);

describe('resumption application status machine', () => {
  it('covers every status and step', () => {
    expect(Object.keys(ORDINARY).sort()).toEqual([...APPLICATION_STATUSES].sort());
    expect([...APPLICATION_TRANSITIONS].sort()).toEqual(['APPROVE', 'RECEIVE_DOCUMENTS', 'REFUSE', 'REQUEST_RECHECK', 'START_CHECK', 'WITHDRAW']);
  });

  for (const kind of KINDS) {
    const label = `${kind.commitment ? 'commitment' : 'ordinary'}, ${kind.jointCheck ? 'joint check' : 'district check'}${kind.documentsReceived ? ', documents received' : ''}`;
    it(`${label}: every status × every step moves as the table says, or is refused`, () => {
      for (const status of APPLICATION_STATUSES) {
        const state = { ...kind, status };
        for (const transition of APPLICATION_TRANSITIONS) {
          const want = expected(state, transition);
          expect({ status, transition, to: nextApplicationStatus(state, transition) }).toEqual({ status, transition, to: want });
          if (want === null) expect(applicationRefusal('RA-000001', state, transition)).toContain(`resumption application RA-000001: it is ${status}`);
        }
        expect(allowedApplicationTransitions(state)).toEqual(APPLICATION_TRANSITIONS.filter((t) => expected(state, t) !== null));
      }
    });
  }

  it("leaves an application where a dataset's events say each step's event leaves it", () => {
    for (const kind of KINDS) {
      for (const status of APPLICATION_STATUSES) {
        for (const transition of allowedApplicationTransitions({ ...kind, status })) {
          const after = STATUS_AFTER_EVENT[APPLICATION_STEPS[transition].event] ?? status;
          expect({ status, transition, after }).toEqual({ status, transition, after: nextApplicationStatus({ ...kind, status }, transition) });
        }
      }
    }
  });

  it('only the open statuses are open, and only they may be withdrawn', () => {
    expect(APPLICATION_STATUSES.filter(isOpenApplication)).toEqual(['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK']);
  });

  it('the city decides what it rechecks; the applicant withdraws; the district does the rest', () => {
    expect(actorOf('CITY_RECHECK', 'APPROVE')).toBe('CITY');
    expect(actorOf('CITY_RECHECK', 'REFUSE')).toBe('CITY');
    expect(actorOf('ON_SITE_CHECK', 'APPROVE')).toBe('DISTRICT');
    expect(actorOf('ON_SITE_CHECK', 'REQUEST_RECHECK')).toBe('DISTRICT');
    expect(actorOf('FILED', 'APPROVE')).toBe('DISTRICT');
    expect(actorOf('CITY_RECHECK', 'WITHDRAW')).toBe('APPLICANT');
  });

  it('says what to do instead', () => {
    const joint = { status: 'ON_SITE_CHECK', commitment: false, jointCheck: true, documentsReceived: false } as const;
    expect(applicationRefusal('RA-000007', joint, 'APPROVE')).toBe(
      'cannot approve resumption application RA-000007: it is ON_SITE_CHECK and has more staff returning than the joint-check threshold, so request the city recheck (requestCityRecheck) first; allowed now: request a city recheck, refuse, withdraw',
    );
    expect(applicationRefusal('RA-000007', { ...joint, status: 'APPROVED' }, 'WITHDRAW')).toMatch(/no further change is allowed$/);
  });
});

/**
 * A reference machine written as the domain tells it, step by step: random
 * sequences of steps on random kinds of application must agree with it,
 * and a refused step must leave the state as it was.
 */
function reference(state: ApplicationState, t: ApplicationTransition): ApplicationState | null {
  const s = state.status;
  const open = s === 'FILED' || s === 'ON_SITE_CHECK' || s === 'CITY_RECHECK';
  const to = (status: ApplicationStatus): ApplicationState => ({ ...state, status });
  if (t === 'WITHDRAW') return open ? to('WITHDRAWN') : null;
  if (t === 'START_CHECK') return s === 'FILED' ? to('ON_SITE_CHECK') : null;
  if (t === 'REQUEST_RECHECK') return s === 'ON_SITE_CHECK' && state.jointCheck ? to('CITY_RECHECK') : null;
  if (t === 'REFUSE') return s === 'ON_SITE_CHECK' || s === 'CITY_RECHECK' ? to('REFUSED') : null;
  if (t === 'APPROVE') {
    const decidable = (s === 'FILED' && state.commitment) || (s === 'ON_SITE_CHECK' && !state.jointCheck) || s === 'CITY_RECHECK';
    return decidable ? to('APPROVED') : null;
  }
  return state.commitment && !state.documentsReceived && s !== 'REFUSED' && s !== 'WITHDRAWN' ? { ...state, documentsReceived: true } : null;
}

describe('resumption application status machine, random sequences', () => {
  it('agrees with the reference machine on every step', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.array(fc.constantFrom(...APPLICATION_TRANSITIONS), { maxLength: 12 }), (commitment, jointCheck, steps) => {
        let state: ApplicationState = { status: 'FILED', commitment, jointCheck, documentsReceived: false };
        let model: ApplicationState = { ...state };
        for (const step of steps) {
          const want = reference(model, step);
          const to = nextApplicationStatus(state, step);
          if (want === null) {
            expect(to).toBeNull();
            continue;
          }
          expect(to).toBe(want.status);
          state = { ...state, status: to as ApplicationStatus, documentsReceived: state.documentsReceived || step === 'RECEIVE_DOCUMENTS' };
          model = want;
          expect(state).toEqual(model);
        }
        // A final status allows nothing but, for a commitment approval, its documents.
        if (!isOpenApplication(state.status)) {
          const allowed = allowedApplicationTransitions(state);
          expect(allowed.filter((t) => t !== 'RECEIVE_DOCUMENTS')).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

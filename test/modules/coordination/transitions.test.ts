/** The status machine, every status against every transition. */
import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  isOpen,
  nextStatus,
  refusal,
  REQUEST_STATUSES,
  TRANSITIONS,
  type RequestStatus,
  type Transition,
} from '../../../src/modules/coordination/transitions.ts';

/** The whole table, written out: from-status → transition → to-status, or null for refused. */
const EXPECTED: Record<RequestStatus, Record<Transition, RequestStatus | null>> = {
  SUBMITTED: { ACKNOWLEDGE: 'ACKNOWLEDGED', START: null, RESOLVE: null, REJECT: 'REJECTED', WITHDRAW: 'WITHDRAWN' },
  ACKNOWLEDGED: { ACKNOWLEDGE: null, START: 'IN_PROGRESS', RESOLVE: null, REJECT: 'REJECTED', WITHDRAW: 'WITHDRAWN' },
  IN_PROGRESS: { ACKNOWLEDGE: null, START: null, RESOLVE: 'RESOLVED', REJECT: 'REJECTED', WITHDRAW: 'WITHDRAWN' },
  RESOLVED: { ACKNOWLEDGE: null, START: null, RESOLVE: null, REJECT: null, WITHDRAW: null },
  REJECTED: { ACKNOWLEDGE: null, START: null, RESOLVE: null, REJECT: null, WITHDRAW: null },
  WITHDRAWN: { ACKNOWLEDGE: null, START: null, RESOLVE: null, REJECT: null, WITHDRAW: null },
};
const ALL_TRANSITIONS = Object.keys(TRANSITIONS) as Transition[];

describe('request status machine', () => {
  it('covers every status and transition', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...REQUEST_STATUSES].sort());
    expect(ALL_TRANSITIONS.sort()).toEqual(['ACKNOWLEDGE', 'REJECT', 'RESOLVE', 'START', 'WITHDRAW']);
  });

  for (const from of REQUEST_STATUSES) {
    for (const transition of ALL_TRANSITIONS) {
      const to = EXPECTED[from][transition];
      it(`${from} + ${transition} → ${to ?? 'refused'}`, () => {
        expect(nextStatus(from, transition)).toBe(to);
        expect(allowedTransitions(from).includes(transition)).toBe(to !== null);
        if (to === null) {
          const message = refusal('CR-000001', from, transition);
          expect(message).toContain(`it is ${from}`);
          expect(message).toContain(`cannot ${TRANSITIONS[transition].verb} request CR-000001`);
          for (const allowed of allowedTransitions(from)) expect(message).toContain(TRANSITIONS[allowed].verb);
        }
      });
    }
  }

  it('open statuses are exactly those with a way out; final ones have none', () => {
    for (const status of REQUEST_STATUSES) expect(isOpen(status)).toBe(allowedTransitions(status).length > 0);
    expect(REQUEST_STATUSES.filter(isOpen)).toEqual(['SUBMITTED', 'ACKNOWLEDGED', 'IN_PROGRESS']);
    expect(refusal('CR-000001', 'RESOLVED', 'WITHDRAW')).toBe('cannot withdraw request CR-000001: it is RESOLVED, a final status; no further change is allowed');
  });

  it('only the withdrawal belongs to the requester; every other move to the addressee', () => {
    expect(ALL_TRANSITIONS.filter((t) => TRANSITIONS[t].by === 'REQUESTER')).toEqual(['WITHDRAW']);
    expect(Object.fromEntries(ALL_TRANSITIONS.map((t) => [t, TRANSITIONS[t].event]))).toEqual({
      ACKNOWLEDGE: 'ACKNOWLEDGED',
      START: 'STARTED',
      RESOLVE: 'RESOLVED',
      REJECT: 'REJECTED',
      WITHDRAW: 'WITHDRAWN',
    });
  });
});

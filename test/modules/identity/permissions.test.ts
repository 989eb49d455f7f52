/** The permission rules, role by role and party by party, in memory. */
import { describe, expect, it } from 'vitest';
import { ROLES, type CurrentUser, type Role } from '../../../src/modules/shared/user.ts';
import { authorize, decide, type Action, type RequestParties } from '../../../src/modules/identity/permissions.ts';

const REQUEST: RequestParties = {
  id: 'CR-000001',
  requesterIds: ['agency-chengdu', 'agency-mianyang'],
  addresseeId: 'agency-tianjin',
  copiedIds: ['agency-sichuan'],
  originatorId: 'agency-qingyang',
};

const user = (agencyId: string, role: Role): CurrentUser => ({ id: `${agencyId}:${role}`, agencyId, role });

/** For each action, the (agency, minimum role) pairs allowed; every other pair is refused. ADMIN anywhere is `*`. */
const CASES: { action: Action; allowed: (u: CurrentUser) => boolean }[] = [
  { action: { kind: 'read' }, allowed: () => true },
  { action: { kind: 'file' }, allowed: (u) => u.role !== 'VIEWER' },
  { action: { kind: 'withdraw', request: REQUEST }, allowed: (u) => u.role !== 'VIEWER' && REQUEST.requesterIds.includes(u.agencyId) },
  ...(['acknowledge', 'start', 'resolve', 'reject'] as const).map((verb) => ({
    action: { kind: 'respond', verb, request: REQUEST } as Action,
    allowed: (u: CurrentUser) => u.role !== 'VIEWER' && u.agencyId === 'agency-tianjin',
  })),
  {
    action: { kind: 'comment', request: REQUEST },
    allowed: (u) => u.role !== 'VIEWER' && ['agency-chengdu', 'agency-mianyang', 'agency-tianjin', 'agency-sichuan', 'agency-qingyang'].includes(u.agencyId),
  },
  {
    action: { kind: 'setStatus', enterpriseId: 'ent-tj', governingAgencyIds: ['agency-tianjin', 'agency-tj-binhai'] },
    allowed: (u) => u.role === 'ADMIN' || (u.role === 'COORDINATOR' && ['agency-tianjin', 'agency-tj-binhai'].includes(u.agencyId)),
  },
  ...(['borrower', 'lender'] as const).map((side) => ({
    action: { kind: 'aid', side, what: 'agree a loan from help offer HO-000001', enterpriseId: 'ent-tj', governingAgencyIds: ['agency-tianjin', 'agency-tj-binhai'] } as Action,
    allowed: (u: CurrentUser) => u.role === 'ADMIN' || (u.role === 'COORDINATOR' && ['agency-tianjin', 'agency-tj-binhai'].includes(u.agencyId)),
  })),
  { action: { kind: 'import' }, allowed: (u) => u.role === 'ADMIN' },
  { action: { kind: 'subscribe', agencyId: 'agency-qingyang' }, allowed: (u) => u.role === 'ADMIN' || u.agencyId === 'agency-qingyang' },
];

const AGENCIES = ['agency-chengdu', 'agency-mianyang', 'agency-tianjin', 'agency-tj-binhai', 'agency-sichuan', 'agency-qingyang', 'agency-guangdong'];

describe('permissions', () => {
  for (const { action, allowed } of CASES) {
    const label = action.kind === 'respond' ? `respond (${action.verb})` : action.kind;
    it(`${label}: decided for every agency and role`, () => {
      for (const agency of AGENCIES) {
        for (const role of ROLES) {
          const who = user(agency, role);
          const decision = decide(who, action);
          expect({ agency, role, allowed: decision.allowed }).toEqual({ agency, role, allowed: allowed(who) });
          if (decision.allowed) expect(() => authorize(who, action)).not.toThrow();
          else {
            expect(decision.reason).toContain(`you are ${role} of ${agency}`);
            expect(() => authorize(who, action)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
          }
        }
      }
    });
  }

  it('names what is missing', () => {
    const refusal = decide(user('agency-qingyang', 'VIEWER'), { kind: 'respond', verb: 'acknowledge', request: REQUEST });
    expect(refusal).toEqual({
      allowed: false,
      reason: 'only a COORDINATOR of agency-tianjin (the addressee) may acknowledge request CR-000001; you are VIEWER of agency-qingyang',
    });
    const withdraw = decide(user('agency-tianjin', 'ADMIN'), { kind: 'withdraw', request: REQUEST });
    expect(withdraw).toMatchObject({ reason: 'only a COORDINATOR of one of agency-chengdu, agency-mianyang (the requester) may withdraw request CR-000001; you are ADMIN of agency-tianjin' });
    const status = decide(user('agency-chengdu', 'COORDINATOR'), { kind: 'setStatus', enterpriseId: 'ent-x', governingAgencyIds: [] });
    expect(status).toMatchObject({ reason: expect.stringContaining('no agency governs its region') });
  });
});

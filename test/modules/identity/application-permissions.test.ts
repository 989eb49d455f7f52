/** Who may file, review, recheck and withdraw a resumption application, role by role and agency by agency, in memory. */
import { describe, expect, it } from 'vitest';
import { ROLES, type CurrentUser, type Role } from '../../../src/modules/shared/user.ts';
import { authorize, decide, type Action, type ApplicationParties } from '../../../src/modules/identity/permissions.ts';

/** A Qingyang firm: Qingyang's bureau governs its district, Chengdu's its city, Sichuan's its province. */
const QINGYANG_FIRM: ApplicationParties = {
  id: 'RA-000001',
  enterpriseId: 'ent-qy',
  governingAgencyIds: ['agency-chengdu', 'agency-qingyang', 'agency-sichuan'],
  districtAgencyId: 'agency-qingyang',
  cityAgencyId: 'agency-chengdu',
};

/** A Binhai firm whose district has no agency: Tianjin's commission is its district's (nearest) and its city's agency. */
const BINHAI_FIRM: ApplicationParties = {
  id: 'RA-000002',
  enterpriseId: 'ent-tj',
  governingAgencyIds: ['agency-tianjin'],
  districtAgencyId: 'agency-tianjin',
  cityAgencyId: 'agency-tianjin',
};

const user = (agencyId: string, role: Role): CurrentUser => ({ id: `${agencyId}:${role}`, agencyId, role });
const coordinatorOf = (agencies: string[]) => (u: CurrentUser) => u.role === 'ADMIN' || (u.role === 'COORDINATOR' && agencies.includes(u.agencyId));

const REVIEW_VERBS = ['start the on-site check of', 'request a city recheck of', 'approve', 'refuse', 'record the documents of'] as const;

const CASES: { label: string; action: Action; allowed: (u: CurrentUser) => boolean }[] = [
  ...[QINGYANG_FIRM, BINHAI_FIRM].flatMap((app) => [
    {
      label: `file for ${app.enterpriseId}`,
      action: { kind: 'fileApplication', enterpriseId: app.enterpriseId, governingAgencyIds: app.governingAgencyIds } as Action,
      allowed: coordinatorOf([...app.governingAgencyIds]),
    },
    { label: `withdraw ${app.id}`, action: { kind: 'withdrawApplication', application: app } as Action, allowed: coordinatorOf([...app.governingAgencyIds]) },
    ...REVIEW_VERBS.map((verb) => ({
      label: `${verb} ${app.id}`,
      action: { kind: 'reviewApplication', verb, application: app } as Action,
      allowed: coordinatorOf([app.districtAgencyId as string]),
    })),
    ...(['approve', 'refuse'] as const).map((verb) => ({
      label: `recheck: ${verb} ${app.id}`,
      action: { kind: 'recheckApplication', verb, application: app } as Action,
      allowed: coordinatorOf([app.cityAgencyId as string]),
    })),
  ]),
];

const AGENCIES = ['agency-chengdu', 'agency-qingyang', 'agency-sichuan', 'agency-tianjin', 'agency-mianyang', 'agency-guangdong'];

describe('permissions of resumption applications', () => {
  for (const { label, action, allowed } of CASES) {
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

  it('names who may act instead', () => {
    expect(decide(user('agency-chengdu', 'COORDINATOR'), { kind: 'reviewApplication', verb: 'approve', application: QINGYANG_FIRM })).toEqual({
      allowed: false,
      reason: "only an ADMIN or a COORDINATOR of agency-qingyang (the enterprise's district bureau) may approve resumption application RA-000001; you are COORDINATOR of agency-chengdu",
    });
    expect(decide(user('agency-qingyang', 'COORDINATOR'), { kind: 'recheckApplication', verb: 'refuse', application: QINGYANG_FIRM })).toMatchObject({
      reason: expect.stringContaining("a COORDINATOR of agency-chengdu (the city's bureau, which rechecks it)"),
    });
    const ungoverned: ApplicationParties = { ...QINGYANG_FIRM, governingAgencyIds: [], districtAgencyId: null, cityAgencyId: null };
    expect(decide(user('agency-qingyang', 'COORDINATOR'), { kind: 'fileApplication', enterpriseId: 'ent-x', governingAgencyIds: [] })).toMatchObject({
      reason: expect.stringContaining('no agency governs its region'),
    });
    expect(decide(user('agency-qingyang', 'COORDINATOR'), { kind: 'reviewApplication', verb: 'approve', application: ungoverned })).toMatchObject({
      reason: expect.stringContaining('no agency governs its district'),
    });
  });
});

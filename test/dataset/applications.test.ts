/**
 * Resumption applications in a dataset (DOMAIN.md, "Resumption
 * applications"): what a file may say of an application's review, and the
 * seed's Qingyang applications.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES } from '../../src/dataset/format.ts';
import { SEED_FILE } from '../../src/dataset/seed.ts';
import { validateDataset, validateDatasetJson, type Problem } from '../../src/dataset/validate.ts';

const QY = 'agency-qingyang';
const at = (day: string, time = '09:00:00') => `${day}T${time}+08:00`;

function doc(applications: unknown[]) {
  return {
    regions: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
      { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
    ],
    agencies: [
      { id: 'agency-chengdu', name: '成都市经济和信息化局', region: '510100' },
      { id: QY, name: '成都市青羊区新经济和科技局', region: '510105' },
    ],
    enterprises: [
      { id: 'ent-a', name: '成都青航精密机械有限公司', region: '510105', status: 'OPERATING', workforce: 320 },
      { id: 'ent-b', name: '成都浣花金属制品有限公司', region: '510105', status: 'SUSPENDED', workforce: 40 },
    ],
    applications,
  };
}

const approved = {
  id: 'app-1',
  enterprise: 'ent-a',
  status: 'APPROVED',
  filedOn: '2020-02-03',
  plannedDate: '2020-02-07',
  workforceReturning: 320,
  measures: ['STAFF_HEALTH_REGISTER', 'MASKS'],
  decidedOn: '2020-02-06',
  events: [
    { kind: 'FILED', at: at('2020-02-03'), actor: 'user-qy', agency: QY },
    { kind: 'CHECK_STARTED', at: at('2020-02-04'), actor: 'user-qy', agency: QY, note: '到厂核查' },
    { kind: 'RECHECK_REQUESTED', at: at('2020-02-04', '16:00:00'), actor: 'user-qy', agency: QY },
    { kind: 'APPROVED', at: at('2020-02-06'), actor: 'user-cd', agency: 'agency-chengdu' },
  ],
};

function problems(applications: unknown[]): Problem[] {
  const result = validateDataset(doc(applications));
  return result.ok ? [] : result.problems;
}

const messageAt = (found: Problem[], path: string) => found.find((p) => p.path === path)?.message;

describe('applications in a dataset', () => {
  it('are normalised with their events, measures in the enum order, and absent means none', () => {
    const result = validateDataset(doc([approved]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.dataset.applications).toEqual([
      {
        ...approved,
        measures: ['MASKS', 'STAFF_HEALTH_REGISTER'],
        commitment: false,
        documentsDue: null,
        documentsReceivedOn: null,
        refusalReason: null,
        note: null,
        events: approved.events.map((e) => ({ note: null, ...e })),
      },
    ]);
    const none = validateDataset({ regions: [{ code: '510000', name: '四川省', level: 'PROVINCE' }] });
    expect(none.ok && none.dataset.applications).toEqual([]);
  });

  it('refuse a decision without its day or reason, and a day or reason without a decision', () => {
    const found = problems([
      { ...approved, decidedOn: null },
      { ...approved, id: 'app-2', enterprise: 'ent-b', status: 'REFUSED', workforceReturning: 40, events: undefined },
      { ...approved, id: 'app-3', enterprise: 'ent-b', status: 'WITHDRAWN', refusalReason: '材料不全', events: undefined },
    ]);
    expect(found.map((p) => p.path)).toEqual([
      'applications[0].decidedOn',
      'applications[1].refusalReason',
      'applications[2].decidedOn',
      'applications[2].refusalReason',
    ]);
    expect(messageAt(found, 'applications[0].decidedOn')).toBe('an APPROVED application needs the day it was decided; set decidedOn');
    expect(messageAt(found, 'applications[1].refusalReason')).toBe('a REFUSED application needs the reason it was refused; set refusalReason');
    expect(messageAt(found, 'applications[2].decidedOn')).toContain('this one is WITHDRAWN; remove decidedOn');
  });

  it('refuse a commitment application without its documents’ date, documents without a commitment, and days before the filing', () => {
    const found = problems([
      { ...approved, commitment: true, events: undefined },
      { ...approved, id: 'app-2', enterprise: 'ent-b', documentsDue: '2020-02-14', documentsReceivedOn: '2020-02-01', decidedOn: '2020-02-01', events: undefined },
    ]);
    expect(found.map((p) => p.path)).toEqual([
      'applications[0].documentsDue',
      'applications[1].decidedOn',
      'applications[1].documentsDue',
      'applications[1].documentsReceivedOn',
      'applications[1].documentsReceivedOn',
    ]);
    expect(messageAt(found, 'applications[0].documentsDue')).toBe('a commitment application needs the day its documents are due; set documentsDue');
    expect(messageAt(found, 'applications[1].decidedOn')).toBe('decided on 2020-02-01, before it was filed on 2020-02-03; correct one of the two');
    expect(messageAt(found, 'applications[1].documentsDue')).toContain('remove documentsDue or set commitment to true');
  });

  it('refuse an unknown enterprise, a repeated id, an API-style id and a second open application of one enterprise', () => {
    const open = { id: 'app-open', enterprise: 'ent-b', status: 'FILED', filedOn: '2020-02-05', plannedDate: '2020-02-08', workforceReturning: 40 };
    const found = problems([
      { ...approved, enterprise: 'ent-nowhere', events: undefined },
      { ...approved, events: undefined },
      { ...open, id: 'RA-1' },
      { ...open, status: 'ON_SITE_CHECK' },
    ]);
    expect(found.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'applications[0].enterprise: unknown enterprise "ent-nowhere"; add it to enterprises or correct the id',
      'applications[1].id: duplicate application id "app-1": applications[0] already has it; each must appear once',
      'applications[2].id: "RA-1" starts with RA- like the ids of filings through the API, which are RA- and a number of at least six digits (RA-000042); use that form or an id of your own',
      'applications[3].status: enterprise "ent-b" already has an open application, applications[2]; an enterprise has at most one open application',
    ]);
  });

  it('refuse events that do not start with the filing, run backwards, name an unknown agency or end elsewhere than the status', () => {
    const [filed, started, , decided] = approved.events;
    const found = problems([
      { ...approved, events: [started, filed] },
      { ...approved, id: 'app-2', events: [filed, decided, { ...started, at: at('2020-02-05'), agency: 'agency-nowhere' }] },
      { ...approved, id: 'app-3', events: [{ ...filed, at: at('2020-02-02') }, started] },
    ]);
    expect(found.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'applications[0].events[0].kind: the first event of an application is its FILED event, got CHECK_STARTED; start events with it',
      'applications[0].events[1].kind: an application is filed once: only its first event is FILED',
      'applications[0].events[1].at: 2020-02-03T09:00:00+08:00 is before the event above it; list events oldest first',
      'applications[0].events[1].kind: the last step, FILED, leaves the application FILED, but its status is APPROVED; correct the status or the events',
      'applications[1].events[2].agency: unknown agency "agency-nowhere"; add it to agencies or correct the id',
      'applications[1].events[2].at: 2020-02-05T09:00:00+08:00 is before the event above it; list events oldest first',
      'applications[1].events[2].kind: the last step, CHECK_STARTED, leaves the application ON_SITE_CHECK, but its status is APPROVED; correct the status or the events',
      'applications[2].events[0].at: the FILED event is on 2020-02-02 but filedOn is 2020-02-03; make them the same day',
      'applications[2].events[1].kind: the last step, CHECK_STARTED, leaves the application ON_SITE_CHECK, but its status is APPROVED; correct the status or the events',
    ]);
  });

  it('name every status, measure and event kind a field may take when one is unknown', () => {
    const found = problems([{ ...approved, status: 'PENDING', measures: ['GLOVES'], events: [{ ...approved.events[0], kind: 'OPENED', at: '2020-02-03' }] }]);
    expect(messageAt(found, 'applications[0].status')).toContain(APPLICATION_STATUSES.map((s) => `"${s}"`).join(', '));
    expect(messageAt(found, 'applications[0].measures[0]')).toContain('"TEMPERATURE_CHECKS"');
    expect(messageAt(found, 'applications[0].events[0].kind')).toContain('"DOCUMENTS_RECEIVED"');
    expect(messageAt(found, 'applications[0].events[0].at')).toContain('an instant written YYYY-MM-DDTHH:MM:SS with a zone');
  });
});

describe("the seed's applications", () => {
  const result = validateDatasetJson(readFileSync(SEED_FILE, 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 5)));
  const { applications, enterprises } = result.dataset;
  const regionOf = new Map(enterprises.map((e) => [e.id, e.region]));

  it('hold Qingyang applications in every status', () => {
    const qingyang = applications.filter((a) => regionOf.get(a.enterprise) === '510105');
    expect(new Set(qingyang.map((a) => a.status))).toEqual(new Set(APPLICATION_STATUSES));
  });

  it('hold a large Qingyang firm approved after Chengdu’s recheck, whose connector comes from the suspended Binhai supplier', () => {
    const avionics = applications.find((a) => a.enterprise === 'ent-qy-aero-avionics')!;
    expect(avionics).toMatchObject({ status: 'APPROVED', workforceReturning: 350 });
    expect(avionics.events.map((e) => `${e.kind} ${e.agency}`)).toEqual([
      'FILED agency-qingyang',
      'CHECK_STARTED agency-qingyang',
      'RECHECK_REQUESTED agency-qingyang',
      'APPROVED agency-chengdu',
    ]);
    const supplier = result.dataset.supplies.find((s) => s.customer === 'ent-qy-aero-avionics' && s.component === 'cmp-aero-connector')!;
    expect(enterprises.find((e) => e.id === supplier.supplier)).toMatchObject({ region: '120116', status: 'SUSPENDED' });
  });

  it('hold one refused with its reason, and a Binhai commitment approval whose documents were never received', () => {
    expect(applications.filter((a) => a.status === 'REFUSED').map((a) => a.refusalReason)).toEqual([expect.stringContaining('隔离观察室')]);
    const binhai = applications.filter((a) => regionOf.get(a.enterprise) === '120116');
    expect(binhai).toEqual([
      expect.objectContaining({ status: 'APPROVED', commitment: true, documentsDue: '2020-02-07', documentsReceivedOn: null }),
    ]);
    expect(binhai[0]!.events.map((e) => e.kind)).toEqual(['FILED', 'APPROVED']);
  });
});

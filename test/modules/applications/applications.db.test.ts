/**
 * Resumption applications through the API against the real Neo4j: filing,
 * validation, permissions, idempotency, one open application per
 * enterprise, every step and every refused one, approval through the status
 * path, readiness and suggestions on the planned date, the live inbox, the
 * reviewer's queue and the statistics.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationEventNoticeRecord } from '../../../src/modules/applications/mappers.ts';
import { FILE, filing as requestFiling, snapshot, type FileBody } from '../../support/coordination.ts';
import {
  A,
  APPLICATION_FIELDS,
  applicationFiling,
  applicationScenario,
  FILE_APPLICATION,
  LATER,
  STEP,
  TODAY,
  type ApplicationView,
  type FileApplicationBody,
  type Step,
} from '../../support/applications.ts';
import { createTestApp, emptyGraph, tokenFor, type GraphQLBody, type TestApp } from '../../support/graph.ts';

let app: TestApp;
let later: TestApp;
const t: Record<string, string> = {};

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  later = await createTestApp({ today: LATER });
  t.qingyang = await tokenFor({ agency: A.qingyang, role: 'COORDINATOR', user: 'qy-wang' });
  t.qingyangViewer = await tokenFor({ agency: A.qingyang, role: 'VIEWER', user: 'qy-zhou' });
  t.chengdu = await tokenFor({ agency: A.chengdu, role: 'COORDINATOR', user: 'cd-li' });
  t.sichuan = await tokenFor({ agency: A.sichuan, role: 'COORDINATOR', user: 'sc-chen' });
  t.tianjin = await tokenFor({ agency: A.tianjin, role: 'COORDINATOR', user: 'tj-zhao' });
  t.mianyang = await tokenFor({ agency: A.mianyang, role: 'COORDINATOR', user: 'my-liu' });
  t.mianyangAdmin = await tokenFor({ agency: A.mianyang, role: 'ADMIN', user: 'my-admin' });
});

afterAll(async () => {
  await later.close();
  await app.close();
});

beforeEach(async () => {
  await emptyGraph(app.db);
  expect((await app.datasets.load(applicationScenario())).problems).toEqual([]);
});

async function file(token: string, overrides: Record<string, unknown> = {}): Promise<FileApplicationBody> {
  return app.graphqlAs(token, FILE_APPLICATION, applicationFiling(overrides)) as Promise<FileApplicationBody>;
}

async function fileOk(token: string, overrides: Record<string, unknown> = {}): Promise<ApplicationView> {
  const body = await file(token, overrides);
  expect(body.errors).toBeUndefined();
  return body.data!.fileResumptionApplication.application;
}

type StepBody = GraphQLBody<Record<string, ApplicationView>>;

async function step(token: string, what: Step, id: string, note: string | null = null): Promise<StepBody> {
  return app.graphqlAs(token, STEP[what], what === 'documents' ? { id, on: note } : { id, note }) as Promise<StepBody>;
}

async function stepOk(token: string, what: Step, id: string, note: string | null = null): Promise<ApplicationView> {
  const body = await step(token, what, id, note);
  expect(body.errors).toBeUndefined();
  return Object.values(body.data!)[0] as ApplicationView;
}

const codeOf = (body: GraphQLBody<unknown>) => body.errors?.[0]?.extensions?.code;

describe('filing', () => {
  it('files for an enterprise of a governed region with every field and a FILED event', async () => {
    const application = await fileOk(t.qingyang!);
    expect(application).toMatchObject({
      status: 'FILED',
      open: true,
      plannedDate: TODAY,
      workforceReturning: 60,
      measures: ['TEMPERATURE_CHECKS', 'MASKS'],
      commitment: false,
      documentsDue: null,
      documentsOverdue: false,
      jointCheck: false,
      note: '已落实体温检测和口罩发放。',
      filedOn: TODAY,
      decidedOn: null,
      enterprise: { id: 'ap-qy-small', status: 'SUSPENDED' },
      filer: { id: A.qingyang },
      districtAgency: { id: A.qingyang },
      cityAgency: { id: A.chengdu },
      events: [{ seq: 1, kind: 'FILED', actor: 'qy-wang', agencyId: A.qingyang, agency: { id: A.qingyang }, note: '已落实体温检测和口罩发放。' }],
    });
    expect(application.id).toMatch(/^RA-\d{6}$/);
    const read = await app.graphql<{ resumptionApplication: ApplicationView }>(`query($id: ID!) { resumptionApplication(id: $id) { ${APPLICATION_FIELDS} } }`, { id: application.id });
    expect(read.data!.resumptionApplication).toEqual(application);
  });

  it('a Binhai firm, whose district has no agency, is checked and rechecked by Tianjin’s commission', async () => {
    const application = await fileOk(t.tianjin!, { enterpriseId: 'ap-tj-firm', workforceReturning: 50 });
    expect(application).toMatchObject({ districtAgency: { id: A.tianjin }, cityAgency: { id: A.tianjin }, filer: { id: A.tianjin } });
  });

  it('refuses a bad filing with every problem at its path, and writes nothing', async () => {
    const before = await snapshot(app.db);
    const body = await file(t.qingyang!, { plannedDate: '2020-02-01', workforceReturning: 0, measures: [], documentsDue: LATER, idempotencyKey: 'has space' });
    expect(codeOf(body)).toBe('BAD_USER_INPUT');
    expect((body.errors![0]!.extensions!.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'input.plannedDate',
      'input.workforceReturning',
      'input.measures',
      'input.documentsDue',
      'input.idempotencyKey',
    ]);
    expect(codeOf(await file(t.qingyang!, { commitment: true }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await file(t.qingyang!, { enterpriseId: 'ap-nowhere' }))).toBe('BAD_USER_INPUT');
    const operating = await file(t.qingyang!, { enterpriseId: 'ap-qy-customer' });
    expect(operating.errors![0]!.message).toContain('already OPERATING');
    const tooMany = await file(t.qingyang!, { workforceReturning: 81 });
    expect(tooMany.errors![0]!.message).toContain("more than the enterprise's workforce of 80");
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('only a coordinator of an agency governing the region or an ancestor, or an admin, files', async () => {
    for (const token of [t.mianyang!, t.qingyangViewer!, t.tianjin!]) {
      const body = await file(token);
      expect(codeOf(body)).toBe('FORBIDDEN');
    }
    expect((await file(t.mianyang!)).errors![0]!.message).toContain('agency-chengdu, agency-qingyang, agency-sichuan');
    expect((await fileOk(t.sichuan!)).filer).toEqual({ id: A.sichuan });
    expect((await fileOk(t.mianyangAdmin!, { enterpriseId: 'ap-qy-spare', workforceReturning: 10 })).filer).toEqual({ id: A.mianyang });
  });

  it('a retried filing returns the first result; the same key for another filing is a CONFLICT', async () => {
    const args = applicationFiling();
    const first = (await app.graphqlAs(t.qingyang!, FILE_APPLICATION, args)) as FileApplicationBody;
    const again = (await app.graphqlAs(t.qingyang!, FILE_APPLICATION, args)) as FileApplicationBody;
    expect(first.data!.fileResumptionApplication.replayed).toBe(false);
    expect(again.data!.fileResumptionApplication).toEqual({ replayed: true, application: first.data!.fileResumptionApplication.application });
    const other = (await app.graphqlAs(t.qingyang!, FILE_APPLICATION, { input: { ...args.input, workforceReturning: 61 } })) as FileApplicationBody;
    expect(codeOf(other)).toBe('CONFLICT');
    expect(other.errors![0]!.message).toContain(first.data!.fileResumptionApplication.application.id);
    // Keys are the agency's own: another agency's same key is another filing (here refused by the one-open rule).
    const chengdu = (await app.graphqlAs(t.chengdu!, FILE_APPLICATION, args)) as FileApplicationBody;
    expect(codeOf(chengdu)).toBe('CONFLICT');
    expect(chengdu.errors![0]!.message).toContain('already has open resumption application');
  });

  it('at most one open application per enterprise: the second names the open one; after a withdrawal a new one may be filed', async () => {
    const first = await fileOk(t.qingyang!);
    const second = await file(t.chengdu!);
    expect(codeOf(second)).toBe('CONFLICT');
    expect(second.errors![0]!.message).toBe(`enterprise ap-qy-small already has open resumption application ${first.id}; decide or withdraw it before filing another`);
    await stepOk(t.chengdu!, 'withdraw', first.id, '企业推迟复工');
    const third = await fileOk(t.chengdu!);
    expect(third.id).not.toBe(first.id);
  });

  it('filings at once for one enterprise: exactly one opens', async () => {
    const bodies = await Promise.all([t.qingyang!, t.chengdu!, t.sichuan!, t.qingyang!].map((token) => file(token)));
    expect(bodies.filter((b) => b.errors === undefined)).toHaveLength(1);
    expect(bodies.filter((b) => codeOf(b) === 'CONFLICT')).toHaveLength(3);
  });
});

describe('review', () => {
  it('ordinary: the district checks on site and approves; a plan due today makes the firm OPERATING, and its readiness follows', async () => {
    const filed = await fileOk(t.qingyang!);
    expect(codeOf(await step(t.chengdu!, 'check', filed.id))).toBe('FORBIDDEN');
    const checking = await stepOk(t.qingyang!, 'check', filed.id, '现场核查');
    expect(checking).toMatchObject({ status: 'ON_SITE_CHECK', open: true });
    expect(codeOf(await step(t.qingyang!, 'recheck', filed.id))).toBe('INVALID_TRANSITION');
    const approved = await stepOk(t.qingyang!, 'approve', filed.id, '同意复工');
    expect(approved).toMatchObject({ status: 'APPROVED', open: false, decidedOn: TODAY, enterprise: { id: 'ap-qy-small', status: 'OPERATING', expectedResumeDate: null } });
    expect(approved.events.map((e) => [e.seq, e.kind, e.agencyId, e.note])).toEqual([
      [1, 'FILED', A.qingyang, '已落实体温检测和口罩发放。'],
      [2, 'CHECK_STARTED', A.qingyang, '现场核查'],
      [3, 'APPROVED', A.qingyang, '同意复工'],
    ]);
    const history = await app.graphql<{ statusHistory: { status: string; previousStatus: string; changedBy: string; changedByAgency: { id: string } }[] }>(
      '{ statusHistory(enterpriseId: "ap-qy-small") { status previousStatus changedBy changedByAgency { id } } }',
    );
    expect(history.data!.statusHistory[0]).toEqual({ status: 'OPERATING', previousStatus: 'SUSPENDED', changedBy: 'qy-wang', changedByAgency: { id: A.qingyang } });
    // The enterprise is free for a new application once this one is decided.
    expect(codeOf(await file(t.qingyang!))).toBe('BAD_USER_INPUT');
  });

  it('over the threshold: approval from the on-site check is refused until the city rechecks; the city approves a future plan, which stays SUSPENDED with the date', async () => {
    const filed = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250, plannedDate: '2020-02-15' });
    expect(filed.jointCheck).toBe(true);
    await stepOk(t.qingyang!, 'check', filed.id);
    const before = await snapshot(app.db);
    const early = await step(t.qingyang!, 'approve', filed.id);
    expect(codeOf(early)).toBe('INVALID_TRANSITION');
    expect(early.errors![0]!.extensions!.status).toBe('ON_SITE_CHECK');
    expect(early.errors![0]!.message).toContain('request the city recheck (requestCityRecheck) first');
    expect(await snapshot(app.db)).toEqual(before);
    await stepOk(t.qingyang!, 'recheck', filed.id, '员工超过100人，提请市局复核');
    expect(codeOf(await step(t.qingyang!, 'approve', filed.id))).toBe('FORBIDDEN');
    const approved = await stepOk(t.chengdu!, 'approve', filed.id, '市局复核通过');
    expect(approved).toMatchObject({ status: 'APPROVED', enterprise: { status: 'SUSPENDED', expectedResumeDate: '2020-02-15' } });
    expect(approved.events.map((e) => e.kind)).toEqual(['FILED', 'CHECK_STARTED', 'RECHECK_REQUESTED', 'APPROVED']);
    expect(approved.events.at(-1)).toMatchObject({ actor: 'cd-li', agencyId: A.chengdu });
  });

  it('names the steps each caller may take now, as the mutations decide them', async () => {
    const filed = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    const QUERY = 'query($id: ID!) { resumptionApplication(id: $id) { status availableTransitions } }';
    const steps = async (token: string) =>
      ((await app.graphqlAs(token, QUERY, { id: filed.id })) as GraphQLBody<{ resumptionApplication: { availableTransitions: string[] } }>).data!.resumptionApplication.availableTransitions;
    expect(await steps(t.qingyang!)).toEqual(['START_CHECK', 'WITHDRAW']);
    // Chengdu governs an ancestor (it may withdraw) but is not the district bureau.
    expect(await steps(t.chengdu!)).toEqual(['WITHDRAW']);
    expect(await steps(t.qingyangViewer!)).toEqual([]);
    expect(await steps(t.mianyang!)).toEqual([]);
    await stepOk(t.qingyang!, 'check', filed.id);
    expect(await steps(t.qingyang!)).toEqual(['REQUEST_RECHECK', 'REFUSE', 'WITHDRAW']);
    await stepOk(t.qingyang!, 'recheck', filed.id);
    expect(await steps(t.qingyang!)).toEqual(['WITHDRAW']);
    expect(await steps(t.chengdu!)).toEqual(['APPROVE', 'REFUSE', 'WITHDRAW']);
    expect(await steps(t.mianyangAdmin!)).toEqual(['APPROVE', 'REFUSE', 'WITHDRAW']);
    await stepOk(t.chengdu!, 'approve', filed.id);
    expect(await steps(t.chengdu!)).toEqual([]);
  });

  it('a refusal needs a reason and keeps it; the district may refuse after its own check even over the threshold', async () => {
    const filed = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    expect(codeOf(await step(t.qingyang!, 'refuse', filed.id, 'x'))).toBe('INVALID_TRANSITION');
    await stepOk(t.qingyang!, 'check', filed.id);
    expect(codeOf(await step(t.qingyang!, 'refuse', filed.id, '   '))).toBe('BAD_USER_INPUT');
    const refused = await stepOk(t.qingyang!, 'refuse', filed.id, '隔离室未设置');
    expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: '隔离室未设置', decidedOn: TODAY, enterprise: { status: 'SUSPENDED', expectedResumeDate: null } });
    expect(refused.events.at(-1)).toMatchObject({ kind: 'REFUSED', note: '隔离室未设置' });
  });

  it('commitment in Binhai: approved at once by Tianjin, documents overdue after their date until received', async () => {
    const filed = await fileOk(t.tianjin!, { enterpriseId: 'ap-tj-firm', workforceReturning: 50, commitment: true, documentsDue: '2020-02-14' });
    const approved = await stepOk(t.tianjin!, 'approve', filed.id, '承诺制审批');
    expect(approved).toMatchObject({ status: 'APPROVED', commitment: true, documentsOverdue: false, enterprise: { status: 'OPERATING' } });
    const overdue = await later.graphql<{ resumptionApplications: { nodes: { id: string; documentsOverdue: boolean }[] } }>(
      '{ resumptionApplications(filter: { overdueDocuments: true }) { nodes { id documentsOverdue } } }',
    );
    expect(overdue.data!.resumptionApplications.nodes).toEqual([{ id: filed.id, documentsOverdue: true }]);
    expect(codeOf(await step(t.tianjin!, 'documents', filed.id, '2020-02-11'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await step(t.qingyang!, 'documents', filed.id))).toBe('FORBIDDEN');
    const received = await stepOk(t.tianjin!, 'documents', filed.id, '2020-02-10');
    expect(received).toMatchObject({ status: 'APPROVED', documentsReceivedOn: '2020-02-10' });
    expect(received.events.at(-1)).toMatchObject({ kind: 'DOCUMENTS_RECEIVED' });
    expect(codeOf(await step(t.tianjin!, 'documents', filed.id))).toBe('INVALID_TRANSITION');
    const none = await later.graphql<{ resumptionApplications: { totalCount: number } }>('{ resumptionApplications(filter: { overdueDocuments: true }) { totalCount } }');
    expect(none.data!.resumptionApplications.totalCount).toBe(0);
  });

  it('every refused step in every reachable status is INVALID_TRANSITION and changes nothing', async () => {
    const STEPS: Step[] = ['check', 'recheck', 'approve', 'refuse', 'withdraw', 'documents'];
    const allowed: Record<string, Step[]> = {
      FILED: ['check', 'withdraw'],
      ON_SITE_CHECK: ['recheck', 'refuse', 'withdraw'],
      CITY_RECHECK: ['approve', 'refuse', 'withdraw'],
      APPROVED: [],
    };
    const filed = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    const path: [Step, string][] = [['check', t.qingyang!], ['recheck', t.qingyang!], ['approve', t.chengdu!]];
    for (const status of ['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK', 'APPROVED']) {
      const before = await snapshot(app.db);
      for (const what of STEPS.filter((s) => !allowed[status]!.includes(s))) {
        // An admin may take every step, so only the status machine refuses.
        const body = await app.graphql(STEP[what], what === 'documents' ? { id: filed.id } : { id: filed.id, note: 'x' });
        expect({ status, what, code: codeOf(body), stays: body.errors?.[0]?.extensions?.status }).toEqual({ status, what, code: 'INVALID_TRANSITION', stays: status });
      }
      expect(await snapshot(app.db)).toEqual(before);
      const next = path.shift();
      if (next) await stepOk(next[1], next[0], filed.id);
    }
  });

  it('the applicant’s side withdraws an open application; the reviewer may not, and a final one stays final', async () => {
    const filed = await fileOk(t.chengdu!);
    await stepOk(t.qingyang!, 'check', filed.id);
    expect(codeOf(await step(t.mianyang!, 'withdraw', filed.id))).toBe('FORBIDDEN');
    const withdrawn = await stepOk(t.sichuan!, 'withdraw', filed.id, '企业撤回');
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', open: false, decidedOn: null });
    expect(codeOf(await step(t.chengdu!, 'withdraw', filed.id))).toBe('INVALID_TRANSITION');
    expect(codeOf(await step(t.qingyang!, 'check', 'RA-999999'))).toBe('NOT_FOUND');
  });
});

describe('approval through the status path', () => {
  it('approving the supplier frees its customer, and an open request targeting it hears TARGET_RESUMED', async () => {
    const readiness = async () =>
      (await app.graphql<{ restartReadiness: { ready: boolean } }>('{ restartReadiness(enterpriseId: "ap-qy-customer") { ready } }')).data!.restartReadiness.ready;
    expect(await readiness()).toBe(false);
    const request = (await app.graphqlAs(
      t.chengdu!,
      FILE,
      requestFiling({ targets: [{ enterpriseId: 'ap-tj-supplier', componentId: 'ap-part' }], plantIds: ['ap-qy-customer'] }),
    )) as FileBody;
    expect(request.errors).toBeUndefined();
    const filed = await fileOk(t.tianjin!, { enterpriseId: 'ap-tj-supplier', workforceReturning: 60 });
    await stepOk(t.tianjin!, 'check', filed.id);
    const approved = await stepOk(t.tianjin!, 'approve', filed.id);
    expect(approved.enterprise.status).toBe('OPERATING');
    expect(await readiness()).toBe(true);
    const able0 = await app.db.query<{ able0: boolean }>({ operation: 'test.able0' }, 'MATCH (e:Enterprise {id: "ap-qy-customer"}) RETURN e.able0 AS able0');
    expect(able0.records[0]!.get('able0')).toBe(true);
    const events = await app.graphql<{ coordinationRequest: { events: { kind: string; readyPlants: { id: string }[] | null }[] } }>(
      `query($id: ID!) { coordinationRequest(id: $id) { events { kind readyPlants { id } } } }`,
      { id: request.data!.fileCoordinationRequest.request.id },
    );
    expect(events.data!.coordinationRequest.events.at(-1)).toEqual({ kind: 'TARGET_RESUMED', readyPlants: [{ id: 'ap-qy-customer' }] });
  });

  it('approving a firm that resumed meanwhile keeps it OPERATING, whatever the planned date', async () => {
    const filed = await fileOk(t.qingyang!, { plannedDate: '2020-02-18' });
    await stepOk(t.qingyang!, 'check', filed.id);
    expect((await app.graphqlAs(t.qingyang!, 'mutation { setEnterpriseStatus(enterpriseId: "ap-qy-small", status: OPERATING) { status } }')).errors).toBeUndefined();
    const approved = await stepOk(t.qingyang!, 'approve', filed.id);
    expect(approved).toMatchObject({ status: 'APPROVED', enterprise: { status: 'OPERATING', expectedResumeDate: null } });
  });

  it('an approval the status path refuses rolls back whole', async () => {
    const filed = await fileOk(t.qingyang!);
    await stepOk(t.qingyang!, 'check', filed.id);
    await app.db.query({ operation: 'test.vanish' }, 'MATCH (e:Enterprise {id: "ap-qy-small"})-[l:LOCATED_IN]->() DELETE l', {}, 'WRITE');
    const before = await snapshot(app.db);
    const body = await app.graphql(STEP.approve, { id: filed.id });
    expect(body.errors).toBeDefined();
    expect(await snapshot(app.db)).toEqual(before);
  });

  it('shows readiness on the planned date and, when not ready, who should ask whom', async () => {
    const filed = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    const small = await fileOk(t.qingyang!);
    const query = `query($id: ID!) { resumptionApplication(id: $id) {
      readinessOnPlannedDate { asOf ready rootCauses { enterprise { id } } }
      suggestions { scope requester { id } addressee { id } targets { enterprise { id } } }
    } }`;
    const large = await app.graphql<{ resumptionApplication: { readinessOnPlannedDate: { asOf: string; ready: boolean; rootCauses: { enterprise: { id: string } }[] }; suggestions: unknown[] } }>(query, { id: filed.id });
    expect(large.data!.resumptionApplication.readinessOnPlannedDate).toEqual({ asOf: TODAY, ready: false, rootCauses: [{ enterprise: { id: 'ap-tj-supplier' } }] });
    expect(large.data!.resumptionApplication.suggestions).toEqual([
      { scope: 'NATIONAL', requester: { id: A.chengdu }, addressee: { id: A.tianjin }, targets: [{ enterprise: { id: 'ap-tj-supplier' } }] },
    ]);
    const ready = await app.graphql<{ resumptionApplication: { readinessOnPlannedDate: { ready: boolean }; suggestions: unknown[] } }>(query, { id: small.id });
    expect(ready.data!.resumptionApplication).toMatchObject({ readinessOnPlannedDate: { ready: true }, suggestions: [] });
  });
});

describe('the live inbox', () => {
  it('delivers each step to the district, city and filer agencies, and not to others', async () => {
    const listen = (agencyId: string) => {
      const received: ApplicationEventNoticeRecord[] = [];
      const iterator = app.applicationEvents.subscribe(agencyId)[Symbol.asyncIterator]();
      void (async () => {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value);
      })();
      // A stream waiting for its next event ends when the bus is done with it; the test only stops listening.
      return { received, stop: () => void iterator.return?.() };
    };
    const qingyang = listen(A.qingyang);
    const chengdu = listen(A.chengdu);
    const sichuan = listen(A.sichuan);
    const mianyang = listen(A.mianyang);
    await expect.poll(() => [A.qingyang, A.chengdu, A.sichuan, A.mianyang].map((id) => app.applicationEvents.subscribers(id))).toEqual([1, 1, 1, 1]);
    const filed = await fileOk(t.sichuan!);
    await stepOk(t.qingyang!, 'check', filed.id);
    await stepOk(t.qingyang!, 'approve', filed.id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const inbox of [qingyang, chengdu, sichuan]) {
      expect(inbox.received.map((n) => [n.application.id, n.event.seq, n.event.kind, n.application.status])).toEqual([
        [filed.id, 1, 'FILED', 'FILED'],
        [filed.id, 2, 'CHECK_STARTED', 'ON_SITE_CHECK'],
        [filed.id, 3, 'APPROVED', 'APPROVED'],
      ]);
    }
    expect(mianyang.received).toEqual([]);
    for (const inbox of [qingyang, chengdu, sichuan, mianyang]) inbox.stop();
  });

  it('a user follows only their own agency’s application events', async () => {
    const body = await app.graphqlAs(t.mianyang!, 'subscription { applicationEvents(agencyId: "agency-qingyang") { event { seq } } }', {}, { accept: 'application/graphql-response+json' });
    expect(JSON.stringify(body)).toContain('FORBIDDEN');
  });
});

describe('the reviewer’s queue and the statistics', () => {
  it('lists oldest first with filters, pages and a total', async () => {
    const small = await fileOk(t.qingyang!);
    const large = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    const binhai = await fileOk(t.tianjin!, { enterpriseId: 'ap-tj-firm', workforceReturning: 50 });
    await stepOk(t.qingyang!, 'check', large.id);
    const queue = async (filter: Record<string, unknown>, first = 50, after: string | null = null) =>
      (
        await app.graphql<{ resumptionApplications: { totalCount: number; nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
          `query($filter: ResumptionApplicationFilter, $first: Int, $after: String) { resumptionApplications(filter: $filter, first: $first, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
          { filter, first, after },
        )
      ).data!.resumptionApplications;
    expect((await queue({})).nodes.map((n) => n.id)).toEqual([small.id, large.id, binhai.id]);
    expect((await queue({ regionCode: '510100' })).nodes.map((n) => n.id)).toEqual([small.id, large.id]);
    expect((await queue({ regionCode: '120000', status: 'FILED' })).nodes.map((n) => n.id)).toEqual([binhai.id]);
    expect((await queue({ status: 'ON_SITE_CHECK' })).nodes.map((n) => n.id)).toEqual([large.id]);
    expect((await queue({ agencyId: A.chengdu })).nodes.map((n) => n.id)).toEqual([small.id, large.id]);
    expect((await queue({ agencyId: A.mianyang })).totalCount).toBe(0);
    const page = await queue({}, 2);
    expect(page).toMatchObject({ totalCount: 3, nodes: [{ id: small.id }, { id: large.id }], pageInfo: { hasNextPage: true } });
    const rest = await queue({}, 2, page.pageInfo.endCursor);
    expect(rest).toMatchObject({ totalCount: 3, nodes: [{ id: binhai.id }], pageInfo: { hasNextPage: false } });
    const unknown = await app.graphql('{ resumptionApplications(filter: { regionCode: "999999" }) { totalCount } }');
    expect(codeOf(unknown)).toBe('NOT_FOUND');
  });

  it('counts filed, approved, refused and open applications of a region’s subtree and period, with the median days to a decision', async () => {
    const small = await fileOk(t.qingyang!);
    const large = await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-large', workforceReturning: 250 });
    await fileOk(t.qingyang!, { enterpriseId: 'ap-qy-spare', workforceReturning: 30 });
    const binhai = await fileOk(t.tianjin!, { enterpriseId: 'ap-tj-firm', workforceReturning: 50, commitment: true, documentsDue: LATER });
    // Decided on later days: filed on TODAY, decided 2 and 4 days after.
    await stepOk(t.qingyang!, 'check', small.id);
    await stepOk(t.qingyang!, 'check', large.id);
    await app.db.query({ operation: 'test.backdate' }, "MATCH (a:ResumptionApplication) SET a.filedOn = a.filedOn - duration('P4D')", {}, 'WRITE');
    await stepOk(t.qingyang!, 'approve', small.id);
    await stepOk(t.qingyang!, 'refuse', large.id, '防疫物资不足');
    await app.db.query({ operation: 'test.backdate' }, "MATCH (a:ResumptionApplication {id: $id}) SET a.decidedOn = a.decidedOn - duration('P2D')", { id: small.id }, 'WRITE');
    await stepOk(t.tianjin!, 'approve', binhai.id);
    const stats = async (region: string, from: string, to: string) =>
      app.graphql<{ resumptionStats: Record<string, unknown> }>(
        `query($r: String!, $from: Date!, $to: Date!) { resumptionStats(regionCode: $r, from: $from, to: $to) { region { code } from to filed approved refused open workforceReturning medianDaysToDecision } }`,
        { r: region, from, to },
      );
    expect((await stats('510105', '2020-02-01', '2020-02-29')).data!.resumptionStats).toEqual({
      region: { code: '510105' }, from: '2020-02-01', to: '2020-02-29', filed: 3, approved: 1, refused: 1, open: 1, workforceReturning: 60, medianDaysToDecision: 3,
    });
    expect((await stats('510000', '2020-02-01', '2020-02-29')).data!.resumptionStats).toMatchObject({ filed: 3 });
    expect((await stats('120000', '2020-02-06', '2020-02-06')).data!.resumptionStats).toMatchObject({ filed: 1, approved: 1, workforceReturning: 50, medianDaysToDecision: 4 });
    expect((await stats('510105', '2020-03-01', '2020-03-31')).data!.resumptionStats).toMatchObject({ filed: 0, approved: 0, medianDaysToDecision: null });
    expect(codeOf(await stats('510105', '2020-03-01', '2020-02-01'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await stats('999999', '2020-02-01', '2020-02-29'))).toBe('NOT_FOUND');
  });
});

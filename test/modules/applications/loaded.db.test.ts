/**
 * Applications that arrive in a dataset: served as filed ones are, moved on
 * by the same steps, counted in the statistics, and loaded again without
 * change or brought to a changed file's state.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { A, APPLICATION_FIELDS, applicationFiling, applicationScenario, FILE_APPLICATION, STEP, TODAY, type ApplicationView } from '../../support/applications.ts';
import { createTestApp, emptyGraph, tokenFor, type GraphQLBody, type TestApp } from '../../support/graph.ts';

let app: TestApp;
const t: Record<string, string> = {};

const at = (day: string, time = '09:00:00') => `${day}T${time}+08:00`;

/** The scenario with Qingyang's large firm under city recheck and its small one refused, as a file says. */
function withApplications(): ReturnType<typeof applicationScenario> & { applications: Record<string, unknown>[] } {
  return {
    ...applicationScenario(),
    applications: [
      {
        id: 'app-qy-large',
        enterprise: 'ap-qy-large',
        status: 'CITY_RECHECK',
        filedOn: '2020-02-03',
        plannedDate: '2020-02-12',
        workforceReturning: 300,
        measures: ['TEMPERATURE_CHECKS', 'MASKS'],
        note: '扩大复工',
        events: [
          { kind: 'FILED', at: at('2020-02-03'), actor: 'qy-wang', agency: A.qingyang },
          { kind: 'CHECK_STARTED', at: at('2020-02-04'), actor: 'qy-wang', agency: A.qingyang, note: '到厂核查' },
          { kind: 'RECHECK_REQUESTED', at: at('2020-02-05'), actor: 'qy-wang', agency: A.qingyang },
        ],
      },
      {
        id: 'app-qy-small',
        enterprise: 'ap-qy-small',
        status: 'REFUSED',
        filedOn: '2020-02-04',
        plannedDate: '2020-02-06',
        workforceReturning: 80,
        decidedOn: '2020-02-05',
        refusalReason: '未设置隔离观察室',
      },
    ],
  };
}

const READ = `query($id: ID!) { resumptionApplication(id: $id) { ${APPLICATION_FIELDS} } }`;

async function read(id: string): Promise<ApplicationView | null> {
  const body = (await app.graphqlAs(t.chengdu!, READ, { id })) as GraphQLBody<{ resumptionApplication: ApplicationView | null }>;
  expect(body.errors).toBeUndefined();
  return body.data!.resumptionApplication;
}

async function counts(): Promise<Record<string, number>> {
  const { records } = await app.db.query(
    { operation: 'test.counts' },
    `RETURN COUNT { (:ResumptionApplication) } AS applications, COUNT { (:ResumptionApplication)-[:HAS_EVENT]->() } AS events,
            COUNT { ()-[:OPEN_APPLICATION]->() } AS open, COUNT { (:ResumptionApplication)-[:FOR]->() } AS links`,
  );
  return Object.fromEntries(Object.entries(records[0]!.toObject()).map(([k, v]) => [k, Number(v)]));
}

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  t.qingyang = await tokenFor({ agency: A.qingyang, role: 'COORDINATOR', user: 'qy-wang' });
  t.chengdu = await tokenFor({ agency: A.chengdu, role: 'COORDINATOR', user: 'cd-li' });
});

afterAll(async () => {
  await app.close();
});

describe('applications loaded from a dataset', () => {
  beforeEach(async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(withApplications())).problems).toEqual([]);
  });

  it('are served with their status, events and parties, and no filer', async () => {
    expect(await read('app-qy-large')).toMatchObject({
      status: 'CITY_RECHECK',
      open: true,
      jointCheck: true,
      plannedDate: '2020-02-12',
      measures: ['TEMPERATURE_CHECKS', 'MASKS'],
      filedOn: '2020-02-03',
      filer: null,
      districtAgency: { id: A.qingyang },
      cityAgency: { id: A.chengdu },
      createdAt: '2020-02-03T01:00:00.000Z',
      updatedAt: '2020-02-05T01:00:00.000Z',
      events: [
        { seq: 1, kind: 'FILED', actor: 'qy-wang', agency: { id: A.qingyang }, at: '2020-02-03T01:00:00.000Z', note: null },
        { seq: 2, kind: 'CHECK_STARTED', actor: 'qy-wang', agency: { id: A.qingyang }, at: '2020-02-04T01:00:00.000Z', note: '到厂核查' },
        { seq: 3, kind: 'RECHECK_REQUESTED', actor: 'qy-wang', agency: { id: A.qingyang }, at: '2020-02-05T01:00:00.000Z', note: null },
      ],
    });
    expect(await read('app-qy-small')).toMatchObject({ status: 'REFUSED', open: false, decidedOn: '2020-02-05', refusalReason: '未设置隔离观察室', events: [] });
  });

  it("are moved on by the API's steps, the city approving what it rechecks, the log going on from the file's events", async () => {
    const body = (await app.graphqlAs(t.chengdu!, STEP.approve, { id: 'app-qy-large', note: '联合复核通过' })) as GraphQLBody<{
      approveApplication: ApplicationView;
    }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.approveApplication).toMatchObject({ status: 'APPROVED', open: false, decidedOn: TODAY });
    expect(body.data!.approveApplication.events.map((e) => `${e.seq} ${e.kind}`)).toEqual(['1 FILED', '2 CHECK_STARTED', '3 RECHECK_REQUESTED', '4 APPROVED']);
  });

  it('keep an enterprise with an open application from a second one, and let a refused one file again', async () => {
    const second = (await app.graphqlAs(t.qingyang!, FILE_APPLICATION, applicationFiling({ enterpriseId: 'ap-qy-large' }))) as GraphQLBody<unknown>;
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(second.errors?.[0]?.message).toContain('app-qy-large');
    const again = (await app.graphqlAs(t.qingyang!, FILE_APPLICATION, applicationFiling({ enterpriseId: 'ap-qy-small' }))) as GraphQLBody<unknown>;
    expect(again.errors).toBeUndefined();
  });

  it('count in the statistics of their region and period', async () => {
    const body = (await app.graphqlAs(
      t.chengdu!,
      `{ resumptionStats(regionCode: "510105", from: "2020-02-01", to: "2020-02-29") { filed approved refused open workforceReturning medianDaysToDecision } }`,
    )) as GraphQLBody<{ resumptionStats: Record<string, number> }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.resumptionStats).toMatchObject({ filed: 2, approved: 0, refused: 1, open: 1, workforceReturning: 0, medianDaysToDecision: 1 });
  });

  it('change nothing when loaded again, and take a changed file’s state, its log included', async () => {
    const before = await counts();
    expect(before).toEqual({ applications: 2, events: 3, open: 1, links: 2 });
    expect((await app.datasets.load(withApplications())).problems).toEqual([]);
    expect(await counts()).toEqual(before);

    const changed = withApplications();
    const rechecked = changed.applications[0]!;
    changed.applications[0] = {
      ...rechecked,
      status: 'APPROVED',
      decidedOn: '2020-02-07',
      events: [...(rechecked.events as unknown[]), { kind: 'APPROVED', at: at('2020-02-07'), actor: 'cd-li', agency: A.chengdu }],
    };
    expect((await app.datasets.load(changed)).problems).toEqual([]);
    expect(await counts()).toEqual({ applications: 2, events: 4, open: 0, links: 2 });
    expect(await read('app-qy-large')).toMatchObject({ status: 'APPROVED', open: false, decidedOn: '2020-02-07' });
  });

  it('are refused, and nothing written, when a file breaks their rules', async () => {
    const bad = withApplications();
    bad.applications.push({ ...bad.applications[1]!, id: 'app-qy-spare', enterprise: 'ap-qy-nowhere' });
    const result = await app.datasets.load(bad);
    expect(result.problems).toEqual([
      { path: 'applications[2].enterprise', message: 'unknown enterprise "ap-qy-nowhere"; add it to enterprises or correct the id' },
    ]);
    expect(await read('app-qy-spare')).toBeNull();
  });
});

describe("the seed's applications", () => {
  beforeAll(async () => {
    await emptyGraph(app.db);
    expect((await app.datasets.load(await readSeed())).problems).toEqual([]);
  });

  it("queue Qingyang's open applications oldest first for its reviewer, with the city's recheck among them", async () => {
    const body = (await app.graphqlAs(
      t.qingyang!,
      `{ resumptionApplications(filter: { regionCode: "510105", agencyId: "${A.qingyang}" }) { totalCount nodes { id status filedOn } } }`,
    )) as GraphQLBody<{ resumptionApplications: { totalCount: number; nodes: { id: string; status: string }[] } }>;
    expect(body.errors).toBeUndefined();
    const open = body.data!.resumptionApplications.nodes.filter((a) => ['FILED', 'ON_SITE_CHECK', 'CITY_RECHECK'].includes(a.status));
    expect(open.map((a) => `${a.id} ${a.status}`)).toEqual([
      'app-qy-2020-009 CITY_RECHECK',
      'app-qy-2020-007 ON_SITE_CHECK',
      'app-qy-2020-008 FILED',
    ]);
  });

  it('show the approved avionics firm not ready on its planned date, held by the suspended Binhai supplier, and who should ask whom', async () => {
    const body = (await app.graphqlAs(
      t.qingyang!,
      `{ resumptionApplication(id: "app-qy-2020-001") {
          status enterprise { status }
          readinessOnPlannedDate { asOf ready rootCauses { enterprise { id } tier } }
          suggestions { scope requester { id } addressee { id } }
        } }`,
    )) as GraphQLBody<{ resumptionApplication: Record<string, unknown> }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.resumptionApplication).toEqual({
      status: 'APPROVED',
      enterprise: { status: 'OPERATING' },
      readinessOnPlannedDate: { asOf: '2020-02-07', ready: false, rootCauses: [{ enterprise: { id: 'ent-tj-binhai-parts' }, tier: 1 }] },
      suggestions: [{ scope: 'NATIONAL', requester: { id: 'agency-chengdu' }, addressee: { id: 'agency-tianjin' } }],
    });
  });

  it("count a Binhai commitment approval whose documents are overdue", async () => {
    const body = (await app.graphqlAs(
      t.chengdu!,
      `{ resumptionApplications(filter: { regionCode: "120116", overdueDocuments: true }) { nodes { id commitment documentsDue documentsOverdue } } }`,
    )) as GraphQLBody<{ resumptionApplications: { nodes: unknown[] } }>;
    expect(body.errors).toBeUndefined();
    expect(body.data!.resumptionApplications.nodes).toEqual([{ id: 'app-tj-2020-001', commitment: true, documentsDue: '2020-02-07', documentsOverdue: true }]);
  });
});

/**
 * Every write that changes derived state (a status change, an approval, a
 * restriction imposed or lifted, a loan agreed or returned), and every write
 * that locks the enterprises those touch (a filing), fired at once on
 * overlapping enterprises while another thread keeps a core busy: each one
 * succeeds, none is refused for a deadlock, and the changes recorded are
 * exactly the ones acknowledged, each with its own seq.
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applicationFiling, FILE_APPLICATION, STEP } from '../../support/applications.ts';
import { as } from '../../support/coordination.ts';
import { A, dataset, MIANYANG_AGENCY, TODAY } from '../../support/fixtures.ts';
import { createTestApp, emptyGraph, type GraphQLBody, type TestApp } from '../../support/graph.ts';

const PLANTS = ['P1', 'P2', 'P3', 'P4'];

function scenario() {
  const data = dataset({
    enterprises: [
      { id: 'S', name: '滨海机翼厂', region: '120116', status: 'SUSPENDED', workforce: 60 },
      { id: 'T1', name: '滨海配套厂', region: '120116', status: 'OPERATING', workforce: 40 },
      { id: 'J', name: '锦江紧固件厂', region: '510104', status: 'OPERATING', workforce: 70 },
      ...PLANTS.map((id, i) => ({ id, name: `青羊总装${i + 1}厂`, region: '510105', status: 'OPERATING' as const, workforce: 300 + i })),
      // Applicants: A1 supplies bolts to P1, so its approval changes `able0` where status changes do too.
      { id: 'A1', name: '青羊紧固件厂', region: '510105', status: 'SUSPENDED', workforce: 80 },
      { id: 'A2', name: '青羊机加厂', region: '510105', status: 'SUSPENDED', workforce: 80 },
      { id: 'F1', name: '青羊电子厂', region: '510105', status: 'SUSPENDED', workforce: 80 },
      { id: 'F2', name: '青羊包装厂', region: '510105', status: 'SUSPENDED', workforce: 80 },
    ],
    components: [
      { id: 'wing', name: '机翼' },
      { id: 'bolt', name: '螺栓' },
    ],
    makes: [
      { enterprise: 'S', component: 'wing' },
      { enterprise: 'J', component: 'bolt' },
      { enterprise: 'A1', component: 'bolt' },
    ],
    needs: PLANTS.flatMap((id) => [
      { enterprise: id, component: 'wing' },
      { enterprise: id, component: 'bolt' },
    ]),
    supplies: [
      ...PLANTS.flatMap((id) => [
        { supplier: 'S', customer: id, component: 'wing' },
        { supplier: 'J', customer: id, component: 'bolt' },
      ]),
      { supplier: 'A1', customer: 'P1', component: 'bolt' },
      { supplier: 'S', customer: 'A2', component: 'wing' },
    ],
  });
  return { ...data, agencies: [...data.agencies, MIANYANG_AGENCY] };
}

const SET = `mutation($id: ID!, $s: EnterpriseStatus!, $d: Date) { setEnterpriseStatus(enterpriseId: $id, status: $s, expectedResumeDate: $d) { status expectedResumeDate } }`;
const IMPOSE = `mutation($input: ImposeRestrictionInput!) { imposeRestriction(input: $input) { created restriction { id } } }`;
const LIFT = `mutation($id: ID!, $on: Date) { liftRestriction(id: $id, on: $on) { id until } }`;
const POST_REQUEST = `mutation($input: PostHelpRequestInput!) { postHelpRequest(input: $input) { helpRequest { id } } }`;
const POST_OFFER = `mutation($input: PostHelpOfferInput!) { postHelpOffer(input: $input) { helpOffer { id } } }`;
const AGREE = `mutation($input: AgreeLoanInput!) { agreeLoan(input: $input) { created loan { id } } }`;
const RETURN = `mutation($id: ID!, $on: Date) { recordLoanReturn(loanId: $id, on: $on) { id returnedOn } }`;

let app: TestApp;
const tokens: Record<string, string> = {};

async function ok<T>(body: Promise<GraphQLBody<T>>): Promise<T> {
  const answer = await body;
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

async function counts(): Promise<{ statusChanges: number; restrictionChanges: number; loanChanges: number; seq: number; distinctSeqs: number }> {
  const result = await app.db.query<Record<string, number>>(
    { operation: 'test' },
    `CALL () { MATCH (c:StatusChange) RETURN collect(c.seq) AS s }
     CALL () { MATCH (c:RestrictionChange) RETURN collect(c.seq) AS r }
     CALL () { MATCH (c:LoanChange) RETURN collect(c.seq) AS l }
     OPTIONAL MATCH (k:AnalysisLock {id: 'able0'})
     WITH s, r, l, k, s + r + l AS seqs
     // The setup records changes, so the list is never empty and UNWIND keeps its row.
     UNWIND seqs AS seq
     WITH s, r, l, k, count(DISTINCT seq) AS distinctSeqs
     RETURN size(s) AS statusChanges, size(r) AS restrictionChanges, size(l) AS loanChanges, toInteger(coalesce(k.seq, 0)) AS seq, distinctSeqs`,
  );
  return result.records[0]!.toObject() as never;
}

/** Keeps one core busy for as long as it runs: the load under which the deadlocks showed. */
function cpuHog(): Worker {
  return new Worker('for (;;) {}', { eval: true });
}

beforeAll(async () => {
  app = await createTestApp({ today: TODAY });
  tokens.qingyang = await as(A.qingyang, 'COORDINATOR', 'qy-1');
  tokens.chengdu = await as(A.chengdu, 'COORDINATOR', 'cd-1');
  tokens.tianjin = await as(A.tianjin, 'COORDINATOR', 'tj-1');
});
afterAll(() => app?.close());
beforeEach(async () => {
  await emptyGraph(app.db);
  expect((await app.datasets.load(scenario())).loaded).toBe(true);
});

describe('concurrent writes of derived state', () => {
  it('36 mixed writes on overlapping enterprises under CPU load all succeed, and exactly their changes are recorded, each with its own seq', async () => {
    // What the burst acts on, prepared one at a time.
    const applications: string[] = [];
    for (const enterpriseId of ['A1', 'A2']) {
      const filed = await ok(app.graphqlAs<{ fileResumptionApplication: { application: { id: string } } }>(tokens.qingyang!, FILE_APPLICATION, applicationFiling({ enterpriseId })));
      const id = filed.fileResumptionApplication.application.id;
      await ok(app.graphqlAs(tokens.qingyang!, STEP.check, { id, note: '现场核查' }));
      applications.push(id);
    }
    const lifted = (await ok(app.graphqlAs<{ imposeRestriction: { restriction: { id: string } } }>(tokens.chengdu!, IMPOSE, {
      input: { supply: { supplier: 'J', customer: 'P3', component: 'bolt' }, from: '2020-02-08', note: '高速卡口', idempotencyKey: 'before-1' },
    }))).imposeRestriction.restriction.id;
    const request = (await ok(app.graphqlAs<{ postHelpRequest: { helpRequest: { id: string } } }>(tokens.qingyang!, POST_REQUEST, {
      input: { enterpriseId: 'P1', component: 'wing', quantity: 600, unit: '件', neededBy: '2020-02-15', idempotencyKey: 'req-1' },
    }))).postHelpRequest.helpRequest.id;
    const offer = (await ok(app.graphqlAs<{ postHelpOffer: { helpOffer: { id: string } } }>(tokens.tianjin!, POST_OFFER, {
      input: { enterpriseId: 'T1', component: 'wing', quantity: 1000, unit: '件', availableUntil: '2020-02-29', idempotencyKey: 'offer-1' },
    }))).postHelpOffer.helpOffer.id;
    const loan = { requestId: request, offerId: offer, quantity: 100, coverDays: 5, start: TODAY, returnBy: '2020-02-20' };
    const returned = (await ok(app.graphqlAs<{ agreeLoan: { loan: { id: string } } }>(tokens.tianjin!, AGREE, { input: { ...loan, idempotencyKey: 'loan-0' } }))).agreeLoan.loan.id;
    const before = await counts();

    // Status changes: each to a date no other call sets, so each is a change, on enterprises the others touch too.
    const targets = ['S', 'J', 'P1', 'P2', 'A2', 'S', 'J', 'P1', 'P2', 'P3', 'S', 'J', 'P1', 'P4', 'S', 'J', 'P1', 'P2', 'P3', 'P4', 'S', 'J', 'P3', 'P4'];
    const statusCalls = targets.map((id, i) => () => app.graphql(SET, { id, s: 'SUSPENDED', d: `2020-03-${String(i + 1).padStart(2, '0')}` }));
    const calls: { what: string; run: () => Promise<GraphQLBody<unknown>> }[] = [
      ...statusCalls.map((run, i) => ({ what: `setEnterpriseStatus ${targets[i]}`, run })),
      ...applications.map((id) => ({ what: `approveApplication ${id}`, run: () => app.graphqlAs(tokens.qingyang!, STEP.approve, { id, note: '同意复工' }) })),
      ...['F1', 'F2'].map((enterpriseId) => ({
        what: `fileResumptionApplication ${enterpriseId}`,
        run: () => app.graphqlAs(tokens.qingyang!, FILE_APPLICATION, applicationFiling({ enterpriseId })),
      })),
      ...(['P1', 'P2', 'P4'] as const).map((customer, i) => ({
        what: `imposeRestriction J→${customer}`,
        run: () => app.graphqlAs(tokens.chengdu!, IMPOSE, { input: { supply: { supplier: 'J', customer, component: 'bolt' }, from: '2020-02-09', note: '卡口', idempotencyKey: `burst-${i}` } }),
      })),
      { what: `liftRestriction ${lifted}`, run: () => app.graphqlAs(tokens.chengdu!, LIFT, { id: lifted, on: '2020-02-11' }) },
      ...[1, 2, 3].map((i) => ({ what: `agreeLoan ${i}`, run: () => app.graphqlAs(tokens.tianjin!, AGREE, { input: { ...loan, idempotencyKey: `loan-${i}` } }) })),
      { what: `recordLoanReturn ${returned}`, run: () => app.graphqlAs(tokens.tianjin!, RETURN, { id: returned, on: '2020-02-12' }) },
    ];
    expect(calls).toHaveLength(36);

    const hog = cpuHog();
    let answers: { what: string; body: GraphQLBody<unknown>; ms: number }[];
    try {
      answers = await Promise.all(
        calls.map(async ({ what, run }) => {
          const started = performance.now();
          const body = await run();
          return { what, body, ms: performance.now() - started };
        }),
      );
    } finally {
      await hog.terminate();
    }
    const slowest = [...answers].sort((a, b) => b.ms - a.ms).slice(0, 5);
    console.info(`concurrent writes: slowest ${slowest.map((a) => `${a.what} ${Math.round(a.ms)} ms`).join(', ')}`);

    const refused = answers.filter((a) => a.body.errors !== undefined).map((a) => `${a.what}: ${JSON.stringify(a.body.errors)}`);
    expect(refused).toEqual([]);

    const after = await counts();
    const approvals = applications.length;
    expect(after.statusChanges - before.statusChanges).toBe(targets.length + approvals);
    expect(after.restrictionChanges - before.restrictionChanges).toBe(4);
    expect(after.loanChanges - before.loanChanges).toBe(4);
    const recorded = after.statusChanges + after.restrictionChanges + after.loanChanges;
    // Every change took the next seq under the lock: as many seqs as changes, none shared, none skipped.
    expect(after.distinctSeqs).toBe(recorded);
    expect(after.seq).toBe(recorded);
    // Each enterprise ends on the date of one of the calls that set it, and its history counts every call.
    const history = await app.db.query<{ id: string; n: number }>(
      { operation: 'test' },
      `MATCH (c:StatusChange)-[:OF]->(e:Enterprise) WHERE c.at IS NOT NULL RETURN e.id AS id, count(c) AS n`,
    );
    const perEnterprise = Object.fromEntries(history.records.map((r) => [r.get('id'), Number(r.get('n'))]));
    for (const id of new Set(targets)) expect(perEnterprise[id], id).toBe(targets.filter((t) => t === id).length + (id === 'A2' ? 1 : 0));
  });

  it('an approval while a core is busy: the firm resumes, and its time is its statements', async () => {
    const filed = await ok(app.graphqlAs<{ fileResumptionApplication: { application: { id: string } } }>(tokens.qingyang!, FILE_APPLICATION, applicationFiling({ enterpriseId: 'A1' })));
    const id = filed.fileResumptionApplication.application.id;
    await ok(app.graphqlAs(tokens.qingyang!, STEP.check, { id, note: '现场核查' }));
    const hog = cpuHog();
    try {
      const queries = app.db.stats.queries;
      const started = performance.now();
      const approved = await ok(app.graphqlAs<{ approveApplication: { status: string; enterprise: { status: string } } }>(tokens.qingyang!, STEP.approve, { id, note: '同意复工' }));
      const ms = performance.now() - started;
      expect(approved.approveApplication).toMatchObject({ status: 'APPROVED', enterprise: { status: 'OPERATING' } });
      const statements = app.db.stats.queries - queries;
      console.info(`approveApplication under load: ${Math.round(ms)} ms, ${statements} statements (${Math.round(ms / statements)} ms each)`);
    } finally {
      await hog.terminate();
    }
  });
});

/**
 * Mutual aid through the API: help requests and offers posted and withdrawn
 * by the right side, their matches nearest first, loans agreed and
 * returned. Refusals change nothing, retries do not duplicate, every change
 * is an event on the shared log and in both sides' live inboxes, and a loan
 * counts in the next analysis answer of every process as a fresh
 * evaluation gives it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphFacts } from '../../../src/analysis/types.ts';
import type { AidEventNoticeRecord } from '../../../src/modules/aid/mappers.ts';
import { Reference } from '../../analysis/reference.ts';
import { as } from '../../support/coordination.ts';
import { A, dataset, MIANYANG_AGENCY } from '../../support/fixtures.ts';
import { createTestApp, emptyGraph, type GraphQLBody, type TestApp } from '../../support/graph.ts';

const TODAY = '2020-02-10';

const PLACES = {
  '510105': { district: '510105', city: '510100', province: '510000' },
  '510104': { district: '510104', city: '510100', province: '510000' },
  '510703': { district: '510703', city: '510700', province: '510000' },
  '120116': { district: '120116', city: '120000', province: '120000' },
} as const;

const ENTERPRISES = [
  // The plant: needs wings from a Tianjin maker that is suspended with no date.
  { id: 'P', name: '青羊总装厂', region: '510105', status: 'OPERATING', workforce: 300 },
  { id: 'S', name: '滨海机翼厂', region: '120116', status: 'SUSPENDED' },
  // An able maker of wings that does not supply the plant: its alternative.
  { id: 'M', name: '锦江机翼厂', region: '510104', status: 'OPERATING' },
  // Enterprises with wings to spare, near and far.
  { id: 'Q1', name: '青羊配套一厂', region: '510105', status: 'OPERATING' },
  { id: 'Q2', name: '青羊配套二厂', region: '510105', status: 'OPERATING' },
  { id: 'J1', name: '锦江配套厂', region: '510104', status: 'OPERATING' },
  { id: 'F1', name: '涪城配套厂', region: '510703', status: 'OPERATING' },
  { id: 'T1', name: '滨海配套厂', region: '120116', status: 'OPERATING' },
] as const;

function scenario() {
  const data = dataset({
    enterprises: ENTERPRISES.map((e) => ({ ...e })),
    components: [
      { id: 'wing', name: '机翼' },
      { id: 'bolt', name: '螺栓' },
    ],
    makes: [
      { enterprise: 'S', component: 'wing' },
      { enterprise: 'M', component: 'wing' },
    ],
    needs: [{ enterprise: 'P', component: 'wing' }],
    supplies: [{ supplier: 'S', customer: 'P', component: 'wing' }],
  });
  return { ...data, agencies: [...data.agencies, MIANYANG_AGENCY] };
}

/** The scenario's facts as the analysis reads them, with the loans stored now: what a fresh evaluation is given. */
async function currentFacts(): Promise<GraphFacts> {
  const result = await writer.db.query<{ l: Record<string, unknown> }>(
    { operation: 'test' },
    `MATCH (l:Loan) RETURN l {.id, .lender, .borrower, .component, coverDays: toInteger(l.coverDays), start: toString(l.start), returnedOn: toString(l.returnedOn)} AS l`,
  );
  return {
    enterprises: ENTERPRISES.map((e) => ({
      id: e.id,
      status: e.status,
      expectedResumeDate: null,
      workforce: 'workforce' in e ? e.workforce : 0,
      epidemicCritical: false,
      ...PLACES[e.region],
    })),
    needs: [{ enterprise: 'P', component: 'wing', stockDays: null }],
    supplies: [{ supplier: 'S', customer: 'P', component: 'wing' }],
    makes: [
      { enterprise: 'S', component: 'wing' },
      { enterprise: 'M', component: 'wing' },
    ],
    loans: result.records.map((r) => r.get('l') as never),
  };
}

const REQUEST_FIELDS = 'id enterprise { id } component { id } quantity unit neededBy note withdrawnOn open events { seq kind actor agencyId }';
const OFFER_FIELDS = 'id enterprise { id } component { id } quantity unit availableUntil note withdrawnOn open events { seq kind actor agencyId }';
const LOAN_FIELDS = `id lender { id } borrower { id } component { id } quantity unit coverDays start returnBy returnedOn endsOn
  inForce open overdue request { id } offer { id } events { seq kind actor agencyId note }`;

const POST_REQUEST = `mutation($input: PostHelpRequestInput!) { postHelpRequest(input: $input) { created helpRequest { ${REQUEST_FIELDS} } } }`;
const POST_OFFER = `mutation($input: PostHelpOfferInput!) { postHelpOffer(input: $input) { created helpOffer { ${OFFER_FIELDS} } } }`;
const WITHDRAW_REQUEST = `mutation($id: ID!) { withdrawHelpRequest(id: $id) { ${REQUEST_FIELDS} } }`;
const WITHDRAW_OFFER = `mutation($id: ID!) { withdrawHelpOffer(id: $id) { ${OFFER_FIELDS} } }`;
const AGREE = `mutation($input: AgreeLoanInput!) { agreeLoan(input: $input) { created loan { ${LOAN_FIELDS} } } }`;
const RETURN = `mutation($id: ID!, $on: Date) { recordLoanReturn(loanId: $id, on: $on) { ${LOAN_FIELDS} } }`;
const MATCHES = `query($id: ID!, $asOf: Date) { helpMatches(requestId: $id, asOf: $asOf) {
  request { id } asOf offers { id enterprise { id } quantity } alternatives { id }
} }`;
const READINESS = `query($id: ID!, $asOf: Date) { restartReadiness(enterpriseId: $id, asOf: $asOf) {
  ready expectedReadyDate
  blockedInputs { component { id } reason }
  atRisk { component { id } stockDays coveredUntil loans loanEndsOn }
} }`;

type Row = Record<string, unknown> & { id: string };
type Readiness = { ready: boolean; expectedReadyDate: string | null; blockedInputs: unknown[]; atRisk: unknown[] };

const wingRequest = { enterpriseId: 'P', component: 'wing', quantity: 200, unit: '件', neededBy: '2020-02-15', note: '总装线缺机翼', idempotencyKey: 'req-1' };
const offerOf = (enterpriseId: string, quantity: number, key: string, extra: Record<string, unknown> = {}) => ({
  enterpriseId,
  component: 'wing',
  quantity,
  unit: '件',
  availableUntil: '2020-02-29',
  idempotencyKey: key,
  ...extra,
});

let writer: TestApp;
let replica: TestApp;
let fromNeo4j: TestApp;
const tokens: Record<string, string> = {};

async function ok<T>(body: GraphQLBody<T>): Promise<T> {
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

async function postRequest(token: string, input: Record<string, unknown> = wingRequest): Promise<Row> {
  return (await ok(await writer.graphqlAs<{ postHelpRequest: { helpRequest: Row } }>(token, POST_REQUEST, { input }))).postHelpRequest.helpRequest;
}

async function postOffer(token: string, input: Record<string, unknown>): Promise<Row> {
  return (await ok(await writer.graphqlAs<{ postHelpOffer: { helpOffer: Row } }>(token, POST_OFFER, { input }))).postHelpOffer.helpOffer;
}

async function agree(token: string, input: Record<string, unknown>, app: TestApp = writer): Promise<Row> {
  return (await ok(await app.graphqlAs<{ agreeLoan: { loan: Row } }>(token, AGREE, { input }))).agreeLoan.loan;
}

async function readiness(app: TestApp, id: string, asOf = TODAY): Promise<Readiness> {
  return (await ok(await app.graphql<{ restartReadiness: Readiness }>(READINESS, { id, asOf }))).restartReadiness;
}

/** What every process answers for the plant: they must agree, and agree with a fresh evaluation of the stored facts. */
async function everywhere(id: string, asOf = TODAY): Promise<Readiness> {
  const answers = await Promise.all([writer, replica, fromNeo4j].map((app) => readiness(app, id, asOf)));
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  const reference = new Reference(await currentFacts());
  expect(answers[0]!.ready).toBe(reference.ready(id, asOf));
  return answers[0]!;
}

/** Everything a refused or invalid call must leave as it was. */
async function state(): Promise<string> {
  const result = await writer.db.query(
    { operation: 'test' },
    `OPTIONAL MATCH (h:HelpRequest) WITH collect(h {.*}) AS requests
     OPTIONAL MATCH (o:HelpOffer) WITH requests, collect(o {.*}) AS offers
     OPTIONAL MATCH (l:Loan) WITH requests, offers, collect(l {.*}) AS loans
     OPTIONAL MATCH (c:LoanChange) WITH requests, offers, loans, count(c) AS changes
     OPTIONAL MATCH (ev:RequestEvent) WITH requests, offers, loans, changes, count(ev) AS events
     OPTIONAL MATCH (k:AnalysisLock) RETURN requests, offers, loans, changes, events, k.seq AS seq`,
  );
  return JSON.stringify(result.records[0]!.toObject());
}

beforeAll(async () => {
  writer = await createTestApp({ today: TODAY });
  replica = await createTestApp({ today: TODAY });
  fromNeo4j = await createTestApp({ today: TODAY, config: { ANALYSIS_READ_MODEL: 'neo4j' } });
  tokens.qingyang = await as(A.qingyang, 'COORDINATOR', 'qy-1');
  tokens.chengdu = await as(A.chengdu, 'COORDINATOR', 'cd-1');
  tokens.tianjin = await as(A.tianjin, 'COORDINATOR', 'tj-1');
  tokens.mianyang = await as(A.mianyang, 'COORDINATOR', 'my-1');
  tokens.qingyangViewer = await as(A.qingyang, 'VIEWER', 'qy-viewer');
});
afterAll(async () => {
  await Promise.all([writer, replica, fromNeo4j].map((app) => app?.close()));
});
beforeEach(async () => {
  await emptyGraph(writer.db);
  expect((await writer.datasets.load(scenario())).problems).toEqual([]);
  await Promise.all([writer.analysis.whenCurrent(), replica.analysis.whenCurrent()]);
});

describe('posting a help request', () => {
  it('by the borrower’s side records it with its event; a retry returns it and changes nothing', async () => {
    const body = await writer.graphqlAs<{ postHelpRequest: { created: boolean; helpRequest: Row } }>(tokens.qingyang!, POST_REQUEST, { input: wingRequest });
    expect((await ok(body)).postHelpRequest).toEqual({
      created: true,
      helpRequest: {
        id: 'HR-000001',
        enterprise: { id: 'P' },
        component: { id: 'wing' },
        quantity: 200,
        unit: '件',
        neededBy: '2020-02-15',
        note: '总装线缺机翼',
        withdrawnOn: null,
        open: true,
        events: [{ seq: 1, kind: 'POSTED', actor: 'qy-1', agencyId: A.qingyang }],
      },
    });
    const before = await state();
    const retries = await Promise.all([1, 2].map(() => writer.graphqlAs<{ postHelpRequest: { created: boolean; helpRequest: Row } }>(tokens.qingyang!, POST_REQUEST, { input: wingRequest })));
    for (const retry of retries) expect((await ok(retry)).postHelpRequest).toMatchObject({ created: false, helpRequest: { id: 'HR-000001' } });
    expect(await state()).toEqual(before);
    const other = await writer.graphqlAs(tokens.qingyang!, POST_REQUEST, { input: { ...wingRequest, quantity: 300 } });
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(other.errors?.[0]?.message).toContain('HR-000001');
    expect(await state()).toEqual(before);
    // The same key from another agency is that agency's own.
    expect((await postRequest(tokens.chengdu!)).id).toBe('HR-000002');
    expect((await ok(await writer.graphql<{ helpRequest: Row }>(`query { helpRequest(id: "HR-000001") { ${REQUEST_FIELDS} } }`))).helpRequest.quantity).toBe(200);
    expect((await ok(await writer.graphql<{ helpRequest: Row | null }>(`query { helpRequest(id: "HR-404") { id } }`))).helpRequest).toBeNull();
  });

  it('by another region’s coordinator, or a viewer, is FORBIDDEN naming who may; nothing changes', async () => {
    const before = await state();
    for (const token of [tokens.tianjin!, tokens.mianyang!, tokens.qingyangViewer!]) {
      const body = await writer.graphqlAs(token, POST_REQUEST, { input: wingRequest });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.errors?.[0]?.message).toContain(`one of ${A.chengdu}, ${A.qingyang}, ${A.sichuan}`);
      expect(body.errors?.[0]?.message).toContain("borrower's region");
    }
    expect(await state()).toEqual(before);
  });

  const cases: [string, Record<string, unknown>, string, string][] = [
    ['no quantity', { ...wingRequest, quantity: 0 }, 'BAD_USER_INPUT', 'input.quantity'],
    ['an empty unit', { ...wingRequest, unit: ' ' }, 'BAD_USER_INPUT', 'input.unit'],
    ['a day already past', { ...wingRequest, neededBy: '2020-02-09' }, 'BAD_USER_INPUT', 'input.neededBy'],
    ['a note too long', { ...wingRequest, note: '长'.repeat(2001) }, 'BAD_USER_INPUT', 'input.note'],
    ['a key with a space', { ...wingRequest, idempotencyKey: 'a b' }, 'BAD_USER_INPUT', 'input.idempotencyKey'],
    ['an unknown enterprise', { ...wingRequest, enterpriseId: 'X' }, 'NOT_FOUND', 'input.enterpriseId'],
    ['an unknown component', { ...wingRequest, component: 'rotor' }, 'NOT_FOUND', 'input.component'],
  ];
  it('with a day that is no calendar day is refused by the Date scalar, naming the variable and the field', async () => {
    const body = await writer.graphqlAs(tokens.qingyang!, POST_REQUEST, { input: { ...wingRequest, neededBy: '2020-02-30' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input' });
    expect(body.errors?.[0]?.message).toContain('neededBy');
  });
  for (const [what, input, code, argument] of cases) {
    it(`with ${what} is ${code} naming ${argument}, and changes nothing`, async () => {
      const before = await state();
      const body = await writer.graphqlAs(tokens.qingyang!, POST_REQUEST, { input });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code, argument });
      expect(await state()).toEqual(before);
    });
  }
});

describe('posting and withdrawing', () => {
  it('an offer is posted by the lender’s side only; each side withdraws its own, once', async () => {
    const refused = await writer.graphqlAs(tokens.qingyang!, POST_OFFER, { input: offerOf('T1', 100, 'o-1') });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0]?.message).toContain(A.tianjin);
    const offer = await postOffer(tokens.tianjin!, offerOf('T1', 100, 'o-1', { note: '库存富余' }));
    expect(offer).toMatchObject({ id: 'HO-000001', enterprise: { id: 'T1' }, availableUntil: '2020-02-29', open: true, note: '库存富余', events: [{ seq: 1, kind: 'POSTED', agencyId: A.tianjin }] });
    const request = await postRequest(tokens.qingyang!);

    const before = await state();
    expect((await writer.graphqlAs(tokens.qingyang!, WITHDRAW_OFFER, { id: offer.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await writer.graphqlAs(tokens.tianjin!, WITHDRAW_REQUEST, { id: request.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await writer.graphqlAs(tokens.tianjin!, WITHDRAW_OFFER, { id: 'HO-404' })).errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });
    expect(await state()).toEqual(before);

    const withdrawn = (await ok(await writer.graphqlAs<{ withdrawHelpOffer: Row }>(tokens.tianjin!, WITHDRAW_OFFER, { id: offer.id }))).withdrawHelpOffer;
    expect(withdrawn).toMatchObject({ withdrawnOn: TODAY, open: false, events: [{ kind: 'POSTED' }, { seq: 2, kind: 'WITHDRAWN', actor: 'tj-1' }] });
    const request2 = (await ok(await writer.graphqlAs<{ withdrawHelpRequest: Row }>(tokens.chengdu!, WITHDRAW_REQUEST, { id: request.id }))).withdrawHelpRequest;
    expect(request2).toMatchObject({ withdrawnOn: TODAY, open: false, events: [{ kind: 'POSTED' }, { kind: 'WITHDRAWN', agencyId: A.chengdu }] });
    const after = await state();
    const again = (await ok(await writer.graphqlAs<{ withdrawHelpOffer: Row }>(tokens.tianjin!, WITHDRAW_OFFER, { id: offer.id }))).withdrawHelpOffer;
    expect(again.events).toHaveLength(2);
    expect(await state()).toEqual(after);
  });
});

describe('matches for a request', () => {
  it('open offers of the component from others, nearest first, then larger quantity, then id; then the able makers', async () => {
    const request = await postRequest(tokens.qingyang!);
    const far = await postOffer(tokens.tianjin!, offerOf('T1', 900, 'o-t1'));
    const province = await postOffer(tokens.mianyang!, offerOf('F1', 50, 'o-f1'));
    const city = await postOffer(tokens.chengdu!, offerOf('J1', 10, 'o-j1'));
    const districtSmall = await postOffer(tokens.qingyang!, offerOf('Q1', 20, 'o-q1'));
    const districtLarge = await postOffer(tokens.qingyang!, offerOf('Q2', 80, 'o-q2'));
    const districtTie = await postOffer(tokens.qingyang!, offerOf('Q1', 80, 'o-q1b'));
    // Not matches: the plant's own offer, another component, a withdrawn offer, one that no longer stands on the day asked.
    await postOffer(tokens.qingyang!, offerOf('P', 500, 'o-own'));
    await postOffer(tokens.qingyang!, offerOf('Q1', 500, 'o-bolt', { component: 'bolt' }));
    const gone = await postOffer(tokens.qingyang!, offerOf('Q2', 999, 'o-gone'));
    await ok(await writer.graphqlAs(tokens.qingyang!, WITHDRAW_OFFER, { id: gone.id }));
    const short = await postOffer(tokens.chengdu!, offerOf('J1', 999, 'o-short', { availableUntil: '2020-02-12' }));

    const matches = async (asOf: string) =>
      (await ok(await writer.graphql<{ helpMatches: { offers: { id: string }[]; alternatives: { id: string }[]; asOf: string } }>(MATCHES, { id: request.id, asOf }))).helpMatches;
    const today = await matches(TODAY);
    expect(today.offers.map((o) => o.id)).toEqual([districtLarge.id, districtTie.id, districtSmall.id, short.id, city.id, province.id, far.id]);
    expect(today.alternatives).toEqual([{ id: 'M' }]);
    const later = await matches('2020-02-13');
    expect(later.offers.map((o) => o.id)).toEqual([districtLarge.id, districtTie.id, districtSmall.id, city.id, province.id, far.id]);

    const unknown = await writer.graphql(MATCHES, { id: 'HR-404' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'requestId' });
  });
});

describe('a loan', () => {
  async function requestAndOffer(): Promise<{ request: Row; offer: Row }> {
    return { request: await postRequest(tokens.qingyang!), offer: await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-t1')) };
  }
  const terms = (request: Row, offer: Row, extra: Record<string, unknown> = {}) => ({
    requestId: request.id,
    offerId: offer.id,
    quantity: 200,
    coverDays: 5,
    start: TODAY,
    returnBy: '2020-02-20',
    idempotencyKey: 'loan-1',
    ...extra,
  });

  it('agreed by the lender’s side makes the blocked plant ready at once on every process, until it ends; returned, blocked again', async () => {
    const { request, offer } = await requestAndOffer();
    expect(await everywhere('P')).toMatchObject({ ready: false, blockedInputs: [{ component: { id: 'wing' }, reason: 'SUPPLIERS_DOWN' }] });
    const modelAnswers = replica.analysis.answered.fromModel;
    const builds = replica.analysis.readModelStatus?.builds;

    const loan = await agree(tokens.tianjin!, terms(request, offer));
    expect(loan).toEqual({
      id: 'LN-000001',
      lender: { id: 'T1' },
      borrower: { id: 'P' },
      component: { id: 'wing' },
      quantity: 200,
      unit: '件',
      coverDays: 5,
      start: TODAY,
      returnBy: '2020-02-20',
      returnedOn: null,
      endsOn: '2020-02-15',
      inForce: true,
      open: true,
      overdue: false,
      request: { id: request.id },
      offer: { id: offer.id },
      events: [{ seq: 1, kind: 'AGREED', actor: 'tj-1', agencyId: A.tianjin, note: `200 件: ${request.id} ← ${offer.id}` }],
    });
    expect(await everywhere('P')).toEqual({
      ready: true,
      expectedReadyDate: TODAY,
      blockedInputs: [],
      atRisk: [{ component: { id: 'wing' }, stockDays: null, coveredUntil: null, loans: ['LN-000001'], loanEndsOn: '2020-02-15' }],
    });
    // The replica replayed the loan on its model rather than rebuilding it.
    expect(replica.analysis.answered.fromModel).toBeGreaterThan(modelAnswers);
    expect(replica.analysis.readModelStatus?.builds).toBe(builds);
    // From the day its cover ends, it meets the need no more.
    expect((await everywhere('P', '2020-02-14')).ready).toBe(true);
    expect((await everywhere('P', '2020-02-15')).ready).toBe(false);
    expect((await everywhere('P', '2020-02-09')).ready).toBe(false);

    const of = (await ok(await writer.graphql<{ helpRequest: { loans: { id: string }[] }; helpOffer: { loans: { id: string }[] } }>(
      `query($r: ID!, $o: ID!) { helpRequest(id: $r) { loans { id } } helpOffer(id: $o) { loans { id } } }`,
      { r: request.id, o: offer.id },
    )));
    expect(of).toEqual({ helpRequest: { loans: [{ id: loan.id }] }, helpOffer: { loans: [{ id: loan.id }] } });

    // The dashboard and the timeline count it too.
    const dashboard = async (app: TestApp) =>
      (await ok(await app.graphql<{ blockedEnterprises: { nodes: { enterprise: { id: string } }[] } }>(`query { blockedEnterprises(regionCode: "510105", asOf: "${TODAY}") { nodes { enterprise { id } } } }`))).blockedEnterprises.nodes;
    for (const app of [writer, replica, fromNeo4j]) expect(await dashboard(app)).toEqual([]);
    const timeline = (await ok(await replica.graphql<{ readinessTimeline: { date: string; blockedCount: number }[] }>(`query { readinessTimeline(regionCode: "510105", from: "2020-02-13", days: 3) { date blockedCount } }`))).readinessTimeline;
    expect(timeline).toEqual([
      { date: '2020-02-13', blockedCount: 0 },
      { date: '2020-02-14', blockedCount: 0 },
      { date: '2020-02-15', blockedCount: 1 },
    ]);
    // The impact of the suspended supplier no longer counts the plant: the loan holds it whatever the supplier does.
    const impact = (await ok(await writer.graphql<{ impact: { totalCount: number } }>(`query { impact(enterpriseId: "S", asOf: "${TODAY}") { totalCount } }`))).impact;
    expect(impact.totalCount).toBe(0);

    const returned = (await ok(await writer.graphqlAs<{ recordLoanReturn: Row }>(tokens.tianjin!, RETURN, { id: loan.id, on: '2020-02-12' }))).recordLoanReturn;
    expect(returned).toMatchObject({ returnedOn: '2020-02-12', endsOn: '2020-02-12', open: false, overdue: false, inForce: true, events: [{ kind: 'AGREED' }, { seq: 2, kind: 'RETURNED' }] });
    expect((await everywhere('P', '2020-02-11')).ready).toBe(true);
    expect((await everywhere('P', '2020-02-12')).ready).toBe(false);
    const returnedToday = (await ok(await writer.graphqlAs<{ recordLoanReturn: Row }>(tokens.tianjin!, RETURN, { id: loan.id, on: '2020-02-12' }))).recordLoanReturn;
    expect(returnedToday.events).toHaveLength(2);
    expect(replica.analysis.readModelStatus?.builds).toBe(builds);
    // able0 counts no stock, so no loan changes it: the plant never had it.
    const able0 = await writer.db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) WHERE e.able0 RETURN e.id AS id ORDER BY id');
    expect(able0.records.map((r) => r.get('id'))).toEqual(['F1', 'J1', 'M', 'Q1', 'Q2', 'T1']);
  });

  it('agreed through a process without a read model reaches the read models of the others', async () => {
    const { request, offer } = await requestAndOffer();
    await agree(tokens.tianjin!, terms(request, offer, { coverDays: 30 }), fromNeo4j);
    expect((await everywhere('P')).ready).toBe(true);
    const body = await fromNeo4j.graphqlAs(tokens.tianjin!, RETURN, { id: 'LN-000001' });
    expect(body.errors).toBeUndefined();
    expect((await everywhere('P')).ready).toBe(false);
  });

  it('by the borrower’s side, or from a withdrawn, mismatched or short offer, is refused naming the field; nothing changes', async () => {
    const { request, offer } = await requestAndOffer();
    const bolts = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-bolt', { component: 'bolt' }));
    const kg = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-kg', { unit: 'kg' }));
    const own = await postOffer(tokens.qingyang!, offerOf('P', 500, 'o-own'));
    const withdrawn = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-gone'));
    await ok(await writer.graphqlAs(tokens.tianjin!, WITHDRAW_OFFER, { id: withdrawn.id }));
    const before = await state();
    const refused: [string, Record<string, unknown>, string, string][] = [
      [tokens.qingyang!, terms(request, offer), 'FORBIDDEN', ''],
      [tokens.tianjin!, terms(request, offer, { quantity: 501 }), 'BAD_USER_INPUT', 'input.quantity'],
      [tokens.tianjin!, terms(request, offer, { quantity: 0 }), 'BAD_USER_INPUT', 'input.quantity'],
      [tokens.tianjin!, terms(request, offer, { coverDays: 0 }), 'BAD_USER_INPUT', 'input.coverDays'],
      [tokens.tianjin!, terms(request, offer, { returnBy: '2020-02-09' }), 'BAD_USER_INPUT', 'input.returnBy'],
      [tokens.tianjin!, terms(request, offer, { start: '2020-03-01', returnBy: '2020-03-05' }), 'BAD_USER_INPUT', 'input.start'],
      [tokens.tianjin!, terms(request, bolts), 'BAD_USER_INPUT', 'input.offerId'],
      [tokens.tianjin!, terms(request, kg), 'BAD_USER_INPUT', 'input.offerId'],
      [tokens.tianjin!, terms(request, withdrawn), 'BAD_USER_INPUT', 'input.offerId'],
      [tokens.qingyang!, terms(request, own), 'BAD_USER_INPUT', 'input.offerId'],
      [tokens.tianjin!, terms(request, { id: 'HO-404' }), 'NOT_FOUND', 'input.offerId'],
      [tokens.tianjin!, terms({ id: 'HR-404' }, offer), 'NOT_FOUND', 'input.requestId'],
    ];
    for (const [token, input, code, argument] of refused) {
      const body = await writer.graphqlAs(token, AGREE, { input });
      expect(body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject(argument ? { code, argument } : { code });
      if (code === 'FORBIDDEN') expect(body.errors?.[0]?.message).toContain(`${A.tianjin} (governing the lender's region`);
    }
    expect(await state()).toEqual(before);
    expect((await everywhere('P')).ready).toBe(false);
    await ok(await writer.graphqlAs(tokens.qingyang!, WITHDRAW_REQUEST, { id: request.id }));
    const onWithdrawn = await writer.graphqlAs(tokens.tianjin!, AGREE, { input: terms(request, offer) });
    expect(onWithdrawn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.requestId' });
  });

  it('lends no more than the offer still has: what its open loans lent comes back when they are returned', async () => {
    const { request, offer } = await requestAndOffer();
    const first = await agree(tokens.tianjin!, terms(request, offer, { quantity: 300 }));
    const before = await state();
    const short = await writer.graphqlAs(tokens.tianjin!, AGREE, { input: terms(request, offer, { quantity: 300, idempotencyKey: 'loan-2' }) });
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.quantity' });
    expect(short.errors?.[0]?.message).toContain('(200 件 of 500, 300 lent in open loans)');
    expect(await state()).toEqual(before);
    expect((await agree(tokens.tianjin!, terms(request, offer, { quantity: 200, idempotencyKey: 'loan-3' }))).quantity).toBe(200);
    await ok(await writer.graphqlAs(tokens.tianjin!, RETURN, { id: first.id }));
    expect((await agree(tokens.tianjin!, terms(request, offer, { quantity: 300, idempotencyKey: 'loan-4' }))).quantity).toBe(300);
  });

  it('retried with its key is agreed once; the key for other terms is a CONFLICT', async () => {
    const { request, offer } = await requestAndOffer();
    const bodies = await Promise.all([1, 2, 3].map(() => writer.graphqlAs<{ agreeLoan: { created: boolean; loan: Row } }>(tokens.tianjin!, AGREE, { input: terms(request, offer) })));
    const payloads = await Promise.all(bodies.map(ok));
    expect(new Set(payloads.map((p) => p.agreeLoan.loan.id))).toEqual(new Set(['LN-000001']));
    expect(payloads.filter((p) => p.agreeLoan.created)).toHaveLength(1);
    const stored = await writer.db.query<{ loans: number; changes: number }>({ operation: 'test' }, 'MATCH (l:Loan) WITH count(l) AS loans MATCH (c:LoanChange) RETURN loans, count(c) AS changes');
    expect(stored.records[0]!.toObject()).toEqual({ loans: 1, changes: 1 });
    const other = await writer.graphqlAs(tokens.tianjin!, AGREE, { input: terms(request, offer, { quantity: 100 }) });
    expect(other.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('its return is recorded by the lender’s side, on or after its start, once', async () => {
    const { request, offer } = await requestAndOffer();
    const loan = await agree(tokens.tianjin!, terms(request, offer));
    const before = await state();
    for (const [token, variables, code, argument] of [
      [tokens.qingyang!, { id: loan.id }, 'FORBIDDEN', undefined],
      [tokens.tianjin!, { id: loan.id, on: '2020-02-09' }, 'BAD_USER_INPUT', 'on'],
      [tokens.tianjin!, { id: 'LN-404' }, 'NOT_FOUND', 'loanId'],
    ] as const) {
      const body = await writer.graphqlAs(token, RETURN, variables);
      expect(body.errors?.[0]?.extensions).toMatchObject(argument ? { code, argument } : { code });
    }
    expect(await state()).toEqual(before);
    const returned = (await ok(await writer.graphqlAs<{ recordLoanReturn: Row }>(tokens.tianjin!, RETURN, { id: loan.id }))).recordLoanReturn;
    expect(returned).toMatchObject({ returnedOn: TODAY, open: false, inForce: false });
    const again = await writer.graphqlAs(tokens.tianjin!, RETURN, { id: loan.id, on: '2020-02-11' });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'on' });
    expect(again.errors?.[0]?.message).toContain(`returned on ${TODAY}`);
  });
});

describe('the list of loans', () => {
  it('filters by agency, region, open and overdue, and pages in id order', async () => {
    const request = await postRequest(tokens.qingyang!);
    const tianjin = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-t1'));
    const jinjiang = await postOffer(tokens.chengdu!, offerOf('J1', 500, 'o-j1'));
    // LN-000001 overdue (returnBy passed), LN-000002 open and due later, LN-000003 returned late (not overdue: returned).
    const overdue = await agree(tokens.tianjin!, { requestId: request.id, offerId: tianjin.id, quantity: 10, coverDays: 3, start: '2020-02-01', returnBy: '2020-02-05', idempotencyKey: 'l1' });
    const open = await agree(tokens.chengdu!, { requestId: request.id, offerId: jinjiang.id, quantity: 10, coverDays: 3, start: TODAY, returnBy: '2020-02-20', idempotencyKey: 'l2' });
    const returned = await agree(tokens.tianjin!, { requestId: request.id, offerId: tianjin.id, quantity: 10, coverDays: 3, start: '2020-02-01', returnBy: '2020-02-03', idempotencyKey: 'l3' });
    await ok(await writer.graphqlAs(tokens.tianjin!, RETURN, { id: returned.id, on: '2020-02-08' }));

    const list = async (filter: Record<string, unknown>, first = 50, after: string | null = null) =>
      (
        await ok(
          await writer.graphql<{ loans: { totalCount: number; nodes: { id: string; overdue: boolean }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
            `query($filter: LoanFilter, $first: Int, $after: String) { loans(filter: $filter, first: $first, after: $after) { totalCount nodes { id overdue } pageInfo { hasNextPage endCursor } } }`,
            { filter, first, after },
          ),
        )
      ).loans;
    const ids = async (filter: Record<string, unknown>) => (await list(filter)).nodes.map((n) => n.id);
    expect(await ids({})).toEqual([overdue.id, open.id, returned.id]);
    expect(await ids({ overdue: true })).toEqual([overdue.id]);
    expect(await ids({ overdue: false })).toEqual([open.id, returned.id]);
    expect(await ids({ open: true })).toEqual([overdue.id, open.id]);
    expect(await ids({ open: false })).toEqual([returned.id]);
    expect(await ids({ agencyId: A.tianjin })).toEqual([overdue.id, returned.id]);
    expect(await ids({ agencyId: A.qingyang })).toEqual([overdue.id, open.id, returned.id]);
    expect(await ids({ agencyId: A.mianyang })).toEqual([]);
    expect(await ids({ regionCode: '510104' })).toEqual([open.id]);
    expect(await ids({ regionCode: '120000', open: true })).toEqual([overdue.id]);
    const page = await list({}, 2);
    expect(page).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect((await list({}, 2, page.pageInfo.endCursor)).nodes.map((n) => n.id)).toEqual([returned.id]);
    expect((await list({ overdue: true })).nodes).toEqual([{ id: overdue.id, overdue: true }]);
    const unknownRegion = await writer.graphql(`query { loans(filter: {regionCode: "999999"}) { totalCount } }`);
    expect(unknownRegion.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.regionCode' });
    const unknownAgency = await writer.graphql(`query { loans(filter: {agencyId: "agency-nowhere"}) { totalCount } }`);
    expect(unknownAgency.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.agencyId' });
    expect((await ok(await writer.graphql<{ loan: { id: string } | null }>(`query { loan(id: "LN-404") { id } }`))).loan).toBeNull();
  });
});

describe('the lists of help requests and offers, and what the signed-in user may do', () => {
  type Posting = { id: string; open: boolean; mayWithdraw: boolean; mayLend?: boolean };
  const LISTS = `query($filter: HelpPostingFilter, $first: Int, $after: String) {
    helpRequests(filter: $filter, first: $first, after: $after) { totalCount nodes { id open mayWithdraw } pageInfo { hasNextPage endCursor } }
    helpOffers(filter: $filter, first: $first, after: $after) { totalCount nodes { id open mayWithdraw mayLend } pageInfo { hasNextPage endCursor } }
  }`;
  type Lists = { helpRequests: { totalCount: number; nodes: Posting[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }; helpOffers: Lists['helpRequests'] };
  const lists = async (token: string, filter: Record<string, unknown>, first = 50, after: string | null = null) =>
    ok(await writer.graphqlAs<Lists>(token, LISTS, { filter, first, after }));

  it('filters by agency, region and open, pages in id order, and offers each user only the steps the mutations accept', async () => {
    const request = await postRequest(tokens.qingyang!);
    const second = await postRequest(tokens.qingyang!, { ...wingRequest, quantity: 50, idempotencyKey: 'req-2' });
    const tianjin = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-t1'));
    const jinjiang = await postOffer(tokens.chengdu!, offerOf('J1', 500, 'o-j1'));
    await ok(await writer.graphqlAs(tokens.qingyang!, WITHDRAW_REQUEST, { id: second.id }));

    const ids = (list: { nodes: Posting[] }) => list.nodes.map((n) => n.id);
    const all = await lists(tokens.qingyang!, {});
    expect(ids(all.helpRequests)).toEqual([request.id, second.id]);
    expect(ids(all.helpOffers)).toEqual([tianjin.id, jinjiang.id]);
    expect(ids((await lists(tokens.qingyang!, { open: true })).helpRequests)).toEqual([request.id]);
    expect(ids((await lists(tokens.qingyang!, { open: false })).helpRequests)).toEqual([second.id]);
    expect(ids((await lists(tokens.qingyang!, { agencyId: A.tianjin })).helpOffers)).toEqual([tianjin.id]);
    expect(ids((await lists(tokens.qingyang!, { agencyId: A.tianjin })).helpRequests)).toEqual([]);
    expect(ids((await lists(tokens.qingyang!, { regionCode: '510104' })).helpOffers)).toEqual([jinjiang.id]);
    expect(ids((await lists(tokens.qingyang!, { agencyId: A.chengdu })).helpOffers)).toEqual([jinjiang.id]);
    const page = await lists(tokens.qingyang!, {}, 1);
    expect(page.helpOffers).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(ids((await lists(tokens.qingyang!, {}, 1, page.helpOffers.pageInfo.endCursor)).helpOffers)).toEqual([jinjiang.id]);

    // Qingyang's coordinator acts for its plant's open request, not for Tianjin's offer; Tianjin's the other way round; a viewer for neither.
    expect(all.helpRequests.nodes).toEqual([
      { id: request.id, open: true, mayWithdraw: true },
      { id: second.id, open: false, mayWithdraw: false },
    ]);
    expect(all.helpOffers.nodes[0]).toEqual({ id: tianjin.id, open: true, mayWithdraw: false, mayLend: false });
    const fromTianjin = await lists(tokens.tianjin!, {});
    expect(fromTianjin.helpRequests.nodes[0]).toMatchObject({ id: request.id, mayWithdraw: false });
    expect(fromTianjin.helpOffers.nodes[0]).toEqual({ id: tianjin.id, open: true, mayWithdraw: true, mayLend: true });
    const viewer = await lists(tokens.qingyangViewer!, {});
    expect([...viewer.helpRequests.nodes, ...viewer.helpOffers.nodes].some((n) => n.mayWithdraw || n.mayLend)).toBe(false);

    const loan = await agree(tokens.tianjin!, { requestId: request.id, offerId: tianjin.id, quantity: 10, coverDays: 3, start: TODAY, returnBy: '2020-02-20', idempotencyKey: 'l1' });
    const mayReturn = async (token: string) =>
      (await ok(await writer.graphqlAs<{ loan: { mayRecordReturn: boolean } }>(token, `query($id: ID!) { loan(id: $id) { mayRecordReturn } }`, { id: loan.id }))).loan.mayRecordReturn;
    expect(await mayReturn(tokens.tianjin!)).toBe(true);
    expect(await mayReturn(tokens.qingyang!)).toBe(false);
    await ok(await writer.graphqlAs(tokens.tianjin!, RETURN, { id: loan.id, on: TODAY }));
    expect(await mayReturn(tokens.tianjin!)).toBe(false);

    const unknownRegion = await writer.graphqlAs(tokens.qingyang!, `query { helpOffers(filter: {regionCode: "999999"}) { totalCount } }`);
    expect(unknownRegion.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.regionCode' });
    const unknownAgency = await writer.graphqlAs(tokens.qingyang!, `query { helpRequests(filter: {agencyId: "agency-nowhere"}) { totalCount } }`);
    expect(unknownAgency.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'filter.agencyId' });
  });
});

describe('events', () => {
  it('every change is on the shared append-only log, hung off its subject', async () => {
    const request = await postRequest(tokens.qingyang!);
    const offer = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-t1'));
    const loan = await agree(tokens.tianjin!, { requestId: request.id, offerId: offer.id, quantity: 10, coverDays: 3, start: TODAY, returnBy: '2020-02-20', idempotencyKey: 'l1' });
    await ok(await writer.graphqlAs(tokens.tianjin!, RETURN, { id: loan.id }));
    await ok(await writer.graphqlAs(tokens.qingyang!, WITHDRAW_REQUEST, { id: request.id }));
    const log = await writer.db.query<{ subject: string; id: string; seq: number; kind: string; agencyId: string }>(
      { operation: 'test' },
      `MATCH (s)-[:HAS_EVENT]->(ev:RequestEvent) RETURN labels(s)[0] AS subject, ev.requestId AS id, ev.seq AS seq, ev.kind AS kind, ev.agencyId AS agencyId ORDER BY id, seq`,
    );
    expect(log.records.map((r) => r.toObject())).toEqual([
      { subject: 'HelpOffer', id: offer.id, seq: 1, kind: 'POSTED', agencyId: A.tianjin },
      { subject: 'HelpRequest', id: request.id, seq: 1, kind: 'POSTED', agencyId: A.qingyang },
      { subject: 'HelpRequest', id: request.id, seq: 2, kind: 'WITHDRAWN', agencyId: A.qingyang },
      { subject: 'Loan', id: loan.id, seq: 1, kind: 'AGREED', agencyId: A.tianjin },
      { subject: 'Loan', id: loan.id, seq: 2, kind: 'RETURNED', agencyId: A.tianjin },
    ]);
  });

  it('reach the live inboxes of both sides’ agencies, and no others', async () => {
    const listen = (agencyId: string) => {
      const received: AidEventNoticeRecord[] = [];
      const iterator = writer.aidEvents.subscribe(agencyId)[Symbol.asyncIterator]();
      void (async () => {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value);
      })();
      return { received, stop: () => void iterator.return?.() };
    };
    const agencies = [A.qingyang, A.chengdu, A.sichuan, A.tianjin, A.mianyang];
    const inboxes = Object.fromEntries(agencies.map((id) => [id, listen(id)]));
    await expect.poll(() => agencies.map((id) => writer.aidEvents.subscribers(id))).toEqual([1, 1, 1, 1, 1]);
    const request = await postRequest(tokens.qingyang!);
    const offer = await postOffer(tokens.tianjin!, offerOf('T1', 500, 'o-t1'));
    const loan = await agree(tokens.tianjin!, { requestId: request.id, offerId: offer.id, quantity: 10, coverDays: 3, start: TODAY, returnBy: '2020-02-20', idempotencyKey: 'l1' });
    await ok(await writer.graphqlAs(tokens.tianjin!, RETURN, { id: loan.id }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seen = (id: string) => inboxes[id]!.received.map((n) => [n.helpRequest?.id ?? n.helpOffer?.id ?? n.loan?.id, n.event.kind, n.loan?.returnedOn ?? null]);
    for (const id of [A.qingyang, A.chengdu, A.sichuan]) {
      expect(seen(id)).toEqual([
        [request.id, 'POSTED', null],
        [loan.id, 'AGREED', null],
        [loan.id, 'RETURNED', TODAY],
      ]);
    }
    expect(seen(A.tianjin)).toEqual([
      [offer.id, 'POSTED', null],
      [loan.id, 'AGREED', null],
      [loan.id, 'RETURNED', TODAY],
    ]);
    expect(seen(A.mianyang)).toEqual([]);
    expect(inboxes[A.tianjin]!.received[1]!.agencyIds).toEqual([A.chengdu, A.qingyang, A.sichuan, A.tianjin]);
    for (const inbox of Object.values(inboxes)) inbox.stop();
  });

  it('a user follows only their own agency’s aid events', async () => {
    const body = await writer.graphqlAs(tokens.mianyang!, 'subscription { aidEvents(agencyId: "agency-qingyang") { event { seq } } }', {}, { accept: 'application/graphql-response+json' });
    expect(JSON.stringify(body)).toContain('FORBIDDEN');
  });
});

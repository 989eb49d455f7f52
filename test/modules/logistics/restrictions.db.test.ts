/**
 * Restrictions imposed and lifted through the API: who may, what bad input
 * is told, that a retry changes nothing, and that the next answer counts
 * the change on every replica, from a read model that replays it and from
 * Neo4j alike, with the stored able0 as a fresh evaluation gives it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { A, dataset } from '../../support/fixtures.ts';
import { as } from '../../support/coordination.ts';
import { createTestApp, emptyGraph, type GraphQLBody, type TestApp } from '../../support/graph.ts';

const TODAY = '2020-02-10';

/** A Tianjin supplier of wings to two Qingyang plants (one with five days of stock), a Jinjiang maker of bolts to a third. */
function scenario() {
  return dataset({
    enterprises: [
      { id: 'S', name: '滨海机翼厂', region: '120116', status: 'OPERATING' },
      { id: 'J', name: '锦江螺栓厂', region: '510104', status: 'OPERATING' },
      { id: 'P1', name: '青羊总装一厂', region: '510105', status: 'OPERATING', workforce: 300 },
      { id: 'P2', name: '青羊总装二厂', region: '510105', status: 'OPERATING', workforce: 200 },
      { id: 'P3', name: '青羊总装三厂', region: '510105', status: 'OPERATING', workforce: 100 },
    ],
    components: [
      { id: 'wing', name: '机翼' },
      { id: 'bolt', name: '螺栓' },
    ],
    makes: [
      { enterprise: 'S', component: 'wing' },
      { enterprise: 'J', component: 'bolt' },
    ],
    needs: [
      { enterprise: 'P1', component: 'wing' },
      { enterprise: 'P2', component: 'wing', stockDays: 5 },
      { enterprise: 'P3', component: 'bolt' },
    ],
    supplies: [
      { supplier: 'S', customer: 'P1', component: 'wing' },
      { supplier: 'S', customer: 'P2', component: 'wing' },
      { supplier: 'J', customer: 'P3', component: 'bolt' },
    ],
  });
}

const IMPOSE = `mutation($input: ImposeRestrictionInput!) { imposeRestriction(input: $input) {
  created
  restriction { id from until note region { code } direction supply { supplier { id } customer { id } component { id } } inForce events { seq kind actor agencyId } }
} }`;
const LIFT = `mutation($id: ID!, $on: Date) { liftRestriction(id: $id, on: $on) { id from until inForce events { seq kind agencyId note } } }`;
const READINESS = `query($id: ID!) { restartReadiness(enterpriseId: $id) {
  ready expectedReadyDate
  blockedInputs { component { id } reason }
  logisticsRootCauses { restriction { id note until } tier path { id } }
} }`;
const IMPACT = `query($id: ID!, $asOf: Date) { restrictionImpact(restrictionId: $id, asOf: $asOf) {
  restriction { id } asOf totalCount workforce enterprises { nodes { id } } byRegion { region { code } count workforce }
} }`;

const edge = { supplier: 'J', customer: 'P3', component: 'bolt' };
const tianjinOutbound = { region: '120000', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', note: '出津通道关闭', idempotencyKey: 'tj-1' };

type ImposeBody = GraphQLBody<{ imposeRestriction: { created: boolean; restriction: Record<string, unknown> & { id: string } } }>;
type Readiness = { ready: boolean; expectedReadyDate: string | null; blockedInputs: { component: { id: string }; reason: string }[]; logisticsRootCauses: unknown[] };

let writer: TestApp;
let replica: TestApp;
let fromNeo4j: TestApp;

async function impose(token: string, input: Record<string, unknown>): Promise<ImposeBody> {
  return (await writer.graphqlAs(token, IMPOSE, { input })) as ImposeBody;
}

async function imposed(token: string, input: Record<string, unknown>): Promise<string> {
  const body = await impose(token, input);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.imposeRestriction.restriction.id;
}

async function readiness(app: TestApp, id: string): Promise<Readiness> {
  const body = await app.graphql<{ restartReadiness: Readiness }>(READINESS, { id });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.restartReadiness;
}

/** What every process answers for the plant: they must agree. */
async function everywhere(id: string): Promise<Readiness> {
  const answers = await Promise.all([writer, replica, fromNeo4j].map((app) => readiness(app, id)));
  expect(answers[1]).toEqual(answers[0]);
  expect(answers[2]).toEqual(answers[0]);
  return answers[0]!;
}

async function storedAble0(): Promise<string[]> {
  const result = await writer.db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) WHERE e.able0 RETURN e.id AS id ORDER BY id');
  return result.records.map((r) => r.get('id'));
}

/** Everything a refused or invalid call must leave as it was. */
async function state(): Promise<unknown> {
  const result = await writer.db.query(
    { operation: 'test' },
    `OPTIONAL MATCH (r:Restriction) WITH collect(r {.*}) AS restrictions
     OPTIONAL MATCH (c:RestrictionChange) WITH restrictions, count(c) AS changes
     OPTIONAL MATCH (ev:RequestEvent) WITH restrictions, changes, count(ev) AS events
     OPTIONAL MATCH (l:AnalysisLock) RETURN restrictions, changes, events, l.seq AS seq`,
  );
  return JSON.stringify(result.records[0]!.toObject());
}

beforeAll(async () => {
  writer = await createTestApp({ today: TODAY });
  replica = await createTestApp({ today: TODAY });
  fromNeo4j = await createTestApp({ today: TODAY, config: { ANALYSIS_READ_MODEL: 'neo4j' } });
});
afterAll(async () => {
  await Promise.all([writer, replica, fromNeo4j].map((app) => app?.close()));
});
beforeEach(async () => {
  await emptyGraph(writer.db);
  expect((await writer.datasets.load(scenario())).problems).toEqual([]);
  await Promise.all([writer.analysis.whenCurrent(), replica.analysis.whenCurrent()]);
});

describe('imposing a restriction', () => {
  it('an edge restriction by the supplier district’s city bureau blocks the customer on every replica until it ends', async () => {
    expect((await everywhere('P3')).ready).toBe(true);
    const body = await impose(await as(A.chengdu, 'COORDINATOR', 'cd-1'), { supply: edge, from: '2020-02-08', until: '2020-02-15', note: '高速卡口', idempotencyKey: 'k1' });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data!.imposeRestriction).toEqual({
      created: true,
      restriction: {
        id: 'RS-000001',
        from: '2020-02-08',
        until: '2020-02-15',
        note: '高速卡口',
        region: null,
        direction: null,
        supply: { supplier: { id: 'J' }, customer: { id: 'P3' }, component: { id: 'bolt' } },
        inForce: true,
        events: [{ seq: 1, kind: 'IMPOSED', actor: 'cd-1', agencyId: A.chengdu }],
      },
    });
    const modelAnswers = replica.analysis.answered.fromModel;
    const builds = replica.analysis.readModelStatus?.builds;
    expect(await everywhere('P3')).toEqual({
      ready: false,
      expectedReadyDate: '2020-02-15',
      blockedInputs: [{ component: { id: 'bolt' }, reason: 'DELIVERY_INTERRUPTED' }],
      logisticsRootCauses: [{ restriction: { id: 'RS-000001', note: '高速卡口', until: '2020-02-15' }, tier: 1, path: [{ id: 'J' }, { id: 'P3' }] }],
    });
    // The other replica answered from its model, brought up to date by replaying the change, not by a rebuild.
    expect(replica.analysis.answered.fromModel).toBeGreaterThan(modelAnswers);
    expect(replica.analysis.readModelStatus?.builds).toBe(builds);
    // able0 counts every restricted edge as cut, on whatever day: P3 leaves it.
    expect(await storedAble0()).toEqual(['J', 'P1', 'P2', 'S']);
  });

  it('a district OUTBOUND restriction cuts the supplier’s customers elsewhere; stock lasting until it ends covers the gap', async () => {
    const id = await imposed(await as(A.tianjin, 'COORDINATOR'), tianjinOutbound);
    expect(await everywhere('P1')).toMatchObject({
      ready: false,
      expectedReadyDate: '2020-02-12',
      blockedInputs: [{ component: { id: 'wing' }, reason: 'DELIVERY_INTERRUPTED' }],
      logisticsRootCauses: [{ restriction: { id, note: '出津通道关闭', until: '2020-02-12' }, tier: 1, path: [{ id: 'S' }, { id: 'P1' }] }],
    });
    expect((await everywhere('P2')).ready).toBe(true);
    expect((await everywhere('P3')).ready).toBe(true);
    expect(await storedAble0()).toEqual(['J', 'P3', 'S']);

    const impact = await writer.graphql<{ restrictionImpact: unknown }>(IMPACT, { id });
    expect(impact.errors).toBeUndefined();
    const expected = { restriction: { id }, asOf: TODAY, totalCount: 1, workforce: 300, enterprises: { nodes: [{ id: 'P1' }] }, byRegion: [{ region: { code: '510000' }, count: 1, workforce: 300 }, { region: { code: '510100' }, count: 1, workforce: 300 }] };
    expect(impact.data!.restrictionImpact).toEqual(expected);
    expect((await fromNeo4j.graphql<{ restrictionImpact: unknown }>(IMPACT, { id })).data!.restrictionImpact).toEqual(expected);
    // Asked about from its end on, it is counted in force open-ended: stock no longer bridges the gap.
    const ended = await writer.graphql<{ restrictionImpact: { enterprises: { nodes: { id: string }[] } } }>(IMPACT, { id, asOf: '2020-02-12' });
    expect(ended.data!.restrictionImpact.enterprises.nodes).toEqual([{ id: 'P1' }, { id: 'P2' }]);
    const unknown = await writer.graphql(IMPACT, { id: 'RS-404' });
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'restrictionId' });
  });

  it('imposed through a process without a read model, able0 is refreshed from Neo4j and the read models replay it', async () => {
    const body = (await fromNeo4j.graphqlAs(await as(A.tianjin, 'COORDINATOR'), IMPOSE, { input: { ...tianjinOutbound, until: null } })) as ImposeBody;
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(await storedAble0()).toEqual(['J', 'P3', 'S']);
    expect(await everywhere('P2')).toMatchObject({ ready: false, blockedInputs: [{ component: { id: 'wing' }, reason: 'DELIVERY_INTERRUPTED' }] });
    const lifted = await fromNeo4j.graphqlAs(await as(A.tianjin, 'COORDINATOR'), LIFT, { id: body.data!.imposeRestriction.restriction.id, on: '2020-02-09' });
    expect(lifted.errors).toBeUndefined();
    expect((await everywhere('P1')).ready).toBe(true);
    // Lifted, it still applies to the edges on its days: able0, true on every day, keeps them cut.
    expect(await storedAble0()).toEqual(['J', 'P3', 'S']);
  });

  it('lists restrictions concerning a region, and those in force on a day', async () => {
    const tianjin = await imposed(await as(A.tianjin, 'COORDINATOR'), tianjinOutbound);
    const route = await imposed(await as(A.chengdu, 'COORDINATOR'), { supply: edge, from: '2020-02-11', idempotencyKey: 'k2' });
    const list = async (filter: Record<string, unknown>) => {
      const body = await writer.graphql<{ restrictions: { totalCount: number; nodes: { id: string }[] } }>(
        `query($filter: RestrictionFilter) { restrictions(filter: $filter) { totalCount nodes { id } } }`,
        { filter },
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!.restrictions;
    };
    expect(await list({})).toEqual({ totalCount: 2, nodes: [{ id: tianjin }, { id: route }] });
    expect(await list({ regionCode: '120116' })).toEqual({ totalCount: 1, nodes: [{ id: tianjin }] });
    expect(await list({ regionCode: '510105' })).toEqual({ totalCount: 1, nodes: [{ id: route }] });
    expect(await list({ inForceOn: TODAY })).toEqual({ totalCount: 1, nodes: [{ id: tianjin }] });
    expect(await list({ inForceOn: '2020-02-12' })).toEqual({ totalCount: 1, nodes: [{ id: route }] });
  });
});

describe('who may impose and lift', () => {
  it('a coordinator of an ancestor of the supplier’s district may; of another district, a viewer, may not, and nothing changes', async () => {
    const before = await state();
    for (const token of [await as(A.qingyang, 'COORDINATOR'), await as(A.chengdu, 'VIEWER'), await as(A.tianjin, 'COORDINATOR')]) {
      const body = await impose(token, { supply: edge, from: '2020-02-08', idempotencyKey: 'k-denied' });
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(body.errors?.[0]?.message).toContain(A.sichuan);
    }
    const region = await impose(await as(A.qingyang, 'COORDINATOR'), tianjinOutbound);
    expect(region.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
    expect((await everywhere('P3')).ready).toBe(true);

    const id = await imposed(await as(A.sichuan, 'COORDINATOR'), { supply: edge, from: '2020-02-08', idempotencyKey: 'k-sichuan' });
    const lift = await writer.graphqlAs(await as(A.qingyang, 'COORDINATOR'), LIFT, { id, on: '2020-02-09' });
    expect(lift.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await writer.graphqlAs(await as(A.chengdu, 'COORDINATOR'), LIFT, { id, on: '2020-02-09' })).errors).toBeUndefined();
  });

  it('an ADMIN may impose anywhere', async () => {
    const body = (await writer.graphql(IMPOSE, { input: tianjinOutbound })) as ImposeBody;
    expect(body.errors).toBeUndefined();
    expect(body.data!.imposeRestriction.created).toBe(true);
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['both an edge and a region', { supply: edge, region: '120000', direction: 'BOTH', from: '2020-02-01', idempotencyKey: 'b1' }, 'input.region'],
    ['neither an edge nor a region', { from: '2020-02-01', idempotencyKey: 'b2' }, 'input.supply'],
    ['a region without a direction', { region: '120000', from: '2020-02-01', idempotencyKey: 'b3' }, 'input.direction'],
    ['an end not after the start', { ...tianjinOutbound, until: '2020-02-01', idempotencyKey: 'b4' }, 'input.until'],
    ['an edge the graph does not hold', { supply: { ...edge, component: 'wing' }, from: '2020-02-01', idempotencyKey: 'b5' }, 'input.supply'],
    ['an unknown region', { ...tianjinOutbound, region: '999999', idempotencyKey: 'b6' }, 'input.region'],
    ['an idempotency key with a space', { ...tianjinOutbound, idempotencyKey: 'a b' }, 'input.idempotencyKey'],
  ];
  for (const [what, input, argument] of cases) {
    it(`${what} is BAD_USER_INPUT naming ${argument}, and changes nothing`, async () => {
      const before = await state();
      const body = await impose(await as(A.tianjin, 'ADMIN'), input);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await state()).toEqual(before);
    });
  }
});

describe('retries', () => {
  it('the same key imposes once; the same key for another restriction is refused', async () => {
    const token = await as(A.tianjin, 'COORDINATOR');
    const bodies = await Promise.all([impose(token, tianjinOutbound), impose(token, tianjinOutbound), impose(token, tianjinOutbound)]);
    for (const body of bodies) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(new Set(bodies.map((b) => b.data!.imposeRestriction.restriction.id)).size).toBe(1);
    expect(bodies.filter((b) => b.data!.imposeRestriction.created)).toHaveLength(1);
    const stored = await writer.db.query<{ n: number }>({ operation: 'test' }, 'MATCH (r:Restriction) RETURN count(r) AS n');
    expect(Number(stored.records[0]!.get('n'))).toBe(1);
    const other = await impose(token, { ...tianjinOutbound, until: '2020-02-20' });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.idempotencyKey' });
  });
});

describe('lifting', () => {
  it('sets the end; the next answer everywhere frees the plant; lifting again that day records nothing', async () => {
    const token = await as(A.tianjin, 'COORDINATOR', 'tj-1');
    const id = await imposed(token, { ...tianjinOutbound, until: null });
    expect(await everywhere('P1')).toMatchObject({ ready: false, expectedReadyDate: null, blockedInputs: [{ reason: 'DELIVERY_INTERRUPTED' }] });
    expect((await everywhere('P2')).ready).toBe(false);

    const early = await writer.graphqlAs(token, LIFT, { id, on: '2020-02-01' });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'on' });
    const missing = await writer.graphqlAs(token, LIFT, { id: 'RS-404' });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'id' });

    const lifted = await writer.graphqlAs<{ liftRestriction: { until: string; inForce: boolean; events: { kind: string }[] } }>(token, LIFT, { id });
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.liftRestriction).toMatchObject({ until: TODAY, inForce: false, events: [{ kind: 'IMPOSED' }, { kind: 'LIFTED' }] });
    expect(await everywhere('P1')).toEqual({ ready: true, expectedReadyDate: TODAY, blockedInputs: [], logisticsRootCauses: [] });
    expect((await everywhere('P2')).ready).toBe(true);

    const before = await state();
    const again = await writer.graphqlAs<{ liftRestriction: { events: unknown[] } }>(token, LIFT, { id, on: TODAY });
    expect(again.data!.liftRestriction.events).toHaveLength(2);
    expect(await state()).toEqual(before);

    // Moved later, it is in force today again.
    await writer.graphqlAs(token, LIFT, { id, on: '2020-02-14' });
    expect(await everywhere('P1')).toMatchObject({ ready: false, expectedReadyDate: '2020-02-14' });
  });
});

/**
 * The rest of the seed's logistics and mutual-aid story through the API, as
 * a Chengdu desk would read it on 2020-02-09: an EVA delivery whose route
 * stayed closed longer than Sierbang's district, Wuhou's border check, and
 * the Qingyang supplies group's loan of connectors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ today: '2020-02-09' });
  await emptyGraph(app.db);
  expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
  await app.analysis.whenCurrent();
});
afterAll(() => app.close());

const READINESS = `query($id: ID!, $asOf: Date) { restartReadiness(enterpriseId: $id, asOf: $asOf) {
  ready expectedReadyDate
  blockedInputs { component { id } reason }
  atRisk { component { id } loans loanEndsOn }
  logisticsRootCauses { restriction { id } components { id } tier path { id } }
} }`;

type Readiness = {
  ready: boolean;
  expectedReadyDate: string | null;
  blockedInputs: { component: { id: string }; reason: string }[];
  atRisk: { component: { id: string }; loans: string[]; loanEndsOn: string | null }[];
  logisticsRootCauses: { restriction: { id: string }; components: { id: string }[]; tier: number; path: { id: string }[] }[];
};

async function readiness(id: string, asOf?: string): Promise<Readiness> {
  const body = await app.graphql<{ restartReadiness: Readiness }>(READINESS, { id, asOf });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.restartReadiness;
}

describe('an edge restriction that outlasts the district one', () => {
  it("Jinjiang's suit plant waits for its EVA until 2020-02-26, long after its fabric is due back on the 15th", async () => {
    const answer = await readiness('ent-jj-suit');
    expect(answer.ready).toBe(false);
    expect(answer.expectedReadyDate).toBe('2020-02-26');
    expect(answer.blockedInputs).toContainEqual({ component: { id: 'cmp-eva' }, reason: 'DELIVERY_INTERRUPTED' });
    expect(answer.logisticsRootCauses.map((c) => c.restriction.id)).toEqual(['rst-jj-suit-eva', 'rst-lyg-outbound']);
    expect(answer.logisticsRootCauses[0]).toMatchObject({ components: [{ id: 'cmp-eva' }], tier: 1, path: [{ id: 'ent-lyg-sierbang' }, { id: 'ent-jj-suit' }] });
  });
});

describe("Wuhou's border check", () => {
  it('cuts the ear loops to the Qingyang mask plant and the spandex to the Wuhou elastic-band plant', async () => {
    const mask = await readiness('ent-qy-mask');
    expect(mask.ready).toBe(false);
    expect(mask.logisticsRootCauses).toEqual([
      { restriction: { id: 'rst-wh-border' }, components: [{ id: 'cmp-ear-loop' }, { id: 'cmp-spandex' }], tier: 1, path: [{ id: 'ent-wh-elastic' }, { id: 'ent-qy-mask' }] },
    ]);
    const elastic = await readiness('ent-wh-elastic');
    expect(elastic.logisticsRootCauses).toEqual([
      { restriction: { id: 'rst-wh-border' }, components: [{ id: 'cmp-spandex' }], tier: 1, path: [{ id: 'ent-sl-spandex' }, { id: 'ent-wh-elastic' }] },
    ]);
  });
});

describe("the Qingyang supplies group's loan of connectors", () => {
  it('makes the composite plant ready from 2020-02-10 instead of the 20th, until the loan runs out on the 22nd', async () => {
    const before = await readiness('ent-qy-aero-composite', '2020-02-09');
    expect({ ready: before.ready, expected: before.expectedReadyDate }).toEqual({ ready: false, expected: '2020-02-20' });
    const lent = await readiness('ent-qy-aero-composite', '2020-02-10');
    expect(lent.ready).toBe(true);
    expect(lent.atRisk).toEqual([{ component: { id: 'cmp-aero-connector' }, loans: ['loan-qy-connector'], loanEndsOn: '2020-02-22' }]);
    // The loan has run out and Binhai, due on the 20th, is still recorded suspended: blocked again.
    expect((await readiness('ent-qy-aero-composite', '2020-02-22')).ready).toBe(false);
  });

  it("shows in Qingyang's timeline as a drop of the composite plant's 280 staff on the 10th, before Binhai's on the 20th", async () => {
    const body = await app.graphql<{ readinessTimeline: { date: string; blockedWorkforce: number }[] }>(
      `{ readinessTimeline(regionCode: "510105", days: 12) { date blockedWorkforce } }`,
    );
    const days = new Map(body.data!.readinessTimeline.map((d) => [d.date, d.blockedWorkforce]));
    expect(days.get('2020-02-09')! - days.get('2020-02-10')!).toBe(280);
    expect(days.get('2020-02-19')).toBe(days.get('2020-02-10'));
    expect(days.get('2020-02-20')!).toBeLessThan(days.get('2020-02-19')!);
  });

  it('lists the loan, the request it answered and the offer it came from', async () => {
    const body = await app.graphql<{ loan: unknown; helpMatches: unknown }>(
      `{ loan(id: "loan-qy-connector") { lender { id } borrower { id } component { id } quantity unit start returnBy open overdue } }`,
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data!.loan).toEqual({
      lender: { id: 'ent-qy-harness' },
      borrower: { id: 'ent-qy-aero-composite' },
      component: { id: 'cmp-aero-connector' },
      quantity: 400,
      unit: '件',
      start: '2020-02-10',
      returnBy: '2020-03-10',
      open: true,
      overdue: false,
    });
  });
});

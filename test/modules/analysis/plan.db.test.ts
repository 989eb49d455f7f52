/**
 * The restart plan and the readiness timeline through GraphQL on the real
 * Neo4j: the seed's story, the arguments refused, and the answers held
 * against the reference evaluator on random graphs with cycles. Everything
 * runs twice: from the in-process read model, and fetched from Neo4j.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphFacts } from '../../../src/analysis/types.ts';
import { readSeed } from '../../../src/dataset/seed.ts';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';
import { scenarioArb } from '../../analysis/arbitraries.ts';
import { Reference } from '../../analysis/reference.ts';
import { datasetOf, loadableFacts, storedFacts } from '../../support/facts.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

const AVIATION = ['ent-qy-aero-airborne', 'ent-qy-aero-avionics', 'ent-qy-aero-composite', 'ent-qy-aero-parts', 'ent-qy-aero-precision', 'ent-qy-aero-tooling'];
const TIANJIN = 'ent-tj-binhai-parts';

const PLAN = `query($code: String!, $k: Int!, $asOf: Date) { restartPlan(regionCode: $code, k: $k, asOf: $asOf) {
  region { code } asOf
  steps { enterprise { id } freedWorkforce freedPlants { id } freedPlantCount blockedAnew { id } totalWorkforce totalPlants
          route { scope originator { id } requester { id } addressee { id } copied { id } } }
  remaining(first: 1000) { totalCount nodes { enterprise { id } reasons } }
} }`;

type Plan = {
  region: { code: string };
  asOf: string;
  steps: {
    enterprise: { id: string };
    freedWorkforce: number;
    freedPlants: { id: string }[];
    freedPlantCount: number;
    blockedAnew: { id: string }[];
    totalWorkforce: number;
    totalPlants: number;
    route: { scope: string; originator: { id: string }; requester: { id: string }; addressee: { id: string }; copied: { id: string }[] } | null;
  }[];
  remaining: { totalCount: number; nodes: { enterprise: { id: string }; reasons: string[] }[] };
};

const TIMELINE = `query($code: String!, $from: Date, $days: Int!) { readinessTimeline(regionCode: $code, from: $from, days: $days) {
  date blockedCount blockedWorkforce atWorkCount atWorkWorkforce } }`;

type Day = { date: string; blockedCount: number; blockedWorkforce: number; atWorkCount: number; atWorkWorkforce: number };

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

let app: TestApp;

async function plan(code: string, k: number, asOf?: string): Promise<Plan> {
  const body = await app.graphql<{ restartPlan: Plan }>(PLAN, { code, k, asOf });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.restartPlan;
}

async function timeline(code: string, days: number, from?: string): Promise<Day[]> {
  const body = await app.graphql<{ readinessTimeline: Day[] }>(TIMELINE, { code, days, from });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.readinessTimeline;
}

async function loadFacts(facts: GraphFacts): Promise<void> {
  await emptyGraph(app.db);
  const outcome = await app.datasets.load(datasetOf(facts));
  expect(outcome.problems).toEqual([]);
}

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`restart plan and timeline answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
    });
    afterAll(() => app.close());
    afterAll(() => {
      if (mode === 'memory') expect(app.analysis.answered.fromModel).toBeGreaterThan(app.analysis.answered.fromNeo4j);
      else expect(app.analysis.answered.fromModel).toBe(0);
    });

    describe('the 2020 seed', () => {
      beforeAll(async () => {
        await emptyGraph(app.db);
        expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
      });

      it("Chengdu's plan starts with the Tianjin supplier, which frees the six aviation firms, routed from Chengdu's bureau to Tianjin's", async () => {
        const answer = await plan('510100', 10);
        expect(answer.region.code).toBe('510100');
        expect(answer.asOf).toBe('2020-02-09');
        const first = answer.steps[0]!;
        expect(first.enterprise.id).toBe(TIANJIN);
        expect(ids(first.freedPlants)).toEqual(expect.arrayContaining(AVIATION));
        expect(first.freedPlantCount).toBe(first.freedPlants.length);
        expect(first.totalWorkforce).toBe(first.freedWorkforce);
        expect(first.route).toMatchObject({ scope: 'NATIONAL', originator: { id: 'agency-qingyang' }, requester: { id: 'agency-chengdu' }, addressee: { id: 'agency-tianjin' } });
        // Workforce freed never grows from one step to the next, and the totals add up.
        for (let i = 1; i < answer.steps.length; i++) {
          expect(answer.steps[i]!.freedWorkforce).toBeLessThanOrEqual(answer.steps[i - 1]!.freedWorkforce);
          expect(answer.steps[i]!.totalWorkforce).toBe(answer.steps[i - 1]!.totalWorkforce + answer.steps[i]!.freedWorkforce);
        }
        expect(answer.remaining.totalCount).toBe(answer.remaining.nodes.length);
      });

      it("Qingyang's blocked workforce drops on the day the Tianjin supplier's expected resume date, 2020-02-20, passes", async () => {
        const days = await timeline('510105', 15);
        expect(days.map((d) => d.date)).toEqual(Array.from({ length: 15 }, (_, i) => `2020-02-${String(9 + i).padStart(2, '0')}`));
        const before = days.find((d) => d.date === '2020-02-19')!;
        const on = days.find((d) => d.date === '2020-02-20')!;
        expect(on.blockedWorkforce).toBeLessThan(before.blockedWorkforce);
        expect(on.atWorkWorkforce).toBeGreaterThan(before.atWorkWorkforce);
        // The first day is the dashboard's figure.
        const dashboard = await app.graphql<{ blockedEnterprises: { totalCount: number; workforce: number } }>(`{ blockedEnterprises(regionCode: "510105") { totalCount workforce } }`);
        expect({ count: days[0]!.blockedCount, workforce: days[0]!.blockedWorkforce }).toEqual({ count: dashboard.data!.blockedEnterprises.totalCount, workforce: dashboard.data!.blockedEnterprises.workforce });
      });

      it("asked again, Qingyang's timeline is the same until a status changes, then it follows the change", async () => {
        const SET = `mutation($id: ID!, $s: EnterpriseStatus!, $d: Date) { setEnterpriseStatus(enterpriseId: $id, status: $s, expectedResumeDate: $d) { status } }`;
        const first = await timeline('510105', 15);
        expect(await timeline('510105', 15)).toEqual(first);
        expect((await app.graphql(SET, { id: TIANJIN, s: 'OPERATING' })).errors).toBeUndefined();
        try {
          const resumed = await timeline('510105', 15);
          // Binhai running from the first day: the six aviation firms (2,070 staff) are at work on the 9th.
          expect(first[0]!.blockedWorkforce - resumed[0]!.blockedWorkforce).toBe(2070);
        } finally {
          expect((await app.graphql(SET, { id: TIANJIN, s: 'SUSPENDED', d: '2020-02-20' })).errors).toBeUndefined();
        }
        expect(await timeline('510105', 15)).toEqual(first);
      });

      it('refuses k and days out of range, and an unknown region', async () => {
        for (const k of [0, 51]) {
          const body = await app.graphql(`{ restartPlan(regionCode: "510100", k: ${k}) { asOf } }`);
          expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'k' });
        }
        for (const days of [0, 121]) {
          const body = await app.graphql(`{ readinessTimeline(regionCode: "510100", days: ${days}) { date } }`);
          expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'days' });
        }
        const plan = await app.graphql(`{ restartPlan(regionCode: "990000", k: 3) { asOf } }`);
        expect(plan.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'regionCode' });
        const days = await app.graphql(`{ readinessTimeline(regionCode: "990000", days: 3) { date } }`);
        expect(days.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'regionCode' });
      });
    });

    /** Small graphs with cycles: the API's plan and timeline must equal the reference's. */
    const graphs = scenarioArb({ maxEnterprises: 22, maxComponents: 4, needsPerEnterprise: 1.6, maxSuppliersPerNeed: 3 });

    describe('exactness against the reference evaluator', () => {
      it('the restart plan of Sichuan and the readiness timeline of Chengdu', async () => {
        await fc.assert(
          fc.asyncProperty(graphs, fc.integer({ min: 1, max: 4 }), async ({ facts: raw, asOf }, k) => {
            const facts = storedFacts(loadableFacts(raw));
            await loadFacts(facts);
            const reference = new Reference(facts);
            const expected = reference.restartPlan(reference.regionMembers('510000'), k, asOf);
            const answer = await plan('510000', k, asOf);
            expect(
              answer.steps.map((s) => ({
                enterprise: s.enterprise.id,
                freed: ids(s.freedPlants),
                blockedAnew: ids(s.blockedAnew),
                freedWorkforce: s.freedWorkforce,
                freedPlants: s.freedPlantCount,
                totalWorkforce: s.totalWorkforce,
                totalPlants: s.totalPlants,
              })),
            ).toEqual(expected.steps);
            expect(answer.remaining.nodes.map((n) => ({ enterprise: n.enterprise.id, reasons: n.reasons }))).toEqual(expected.remaining);
            expect(answer.remaining.totalCount).toBe(expected.remaining.length);
            // The test datasets have no agencies: every step still has its route, with no party to name.
            for (const s of answer.steps) expect(s.route).toMatchObject({ originator: null, requester: null, addressee: null, copied: [] });
            expect(await timeline('510100', 12, asOf)).toEqual(reference.readinessTimeline(reference.regionMembers('510100'), asOf, 12));
          }),
          { numRuns: 20, seed: 20200224 },
        );
      });
    });
  });
}

/**
 * The restart analysis through GraphQL on the real Neo4j: the seed's story,
 * and database-backed answers held against the obviously-correct reference
 * evaluator on random graphs with cycles. Everything runs twice: answered
 * from the in-process read model, and fetched from Neo4j per question.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSupplyGraph, restartReadiness } from '../../../src/analysis/index.ts';
import type { GraphFacts, LoanFact } from '../../../src/analysis/types.ts';
import { readSeed } from '../../../src/dataset/seed.ts';
import { Reference } from '../../analysis/reference.ts';
import { dayString, scenarioArb } from '../../analysis/arbitraries.ts';
import { datasetOf, loadableFacts, storedFacts } from '../../support/facts.ts';
import { able0Mask } from '../../../src/analysis/able0.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';

const AVIATION = ['ent-qy-aero-airborne', 'ent-qy-aero-avionics', 'ent-qy-aero-composite', 'ent-qy-aero-parts', 'ent-qy-aero-precision', 'ent-qy-aero-tooling'];
const TIANJIN = 'ent-tj-binhai-parts';

let app: TestApp;

const READINESS = `query($id: ID!, $asOf: Date) { restartReadiness(enterpriseId: $id, asOf: $asOf) {
  enterprise { id } asOf ready expectedReadyDate
  blockedInputs { component { id } reason suppliers { id } rootCauses { id } alternatives { id } }
  atRisk { component { id } stockDays coveredUntil suppliers { id } loans loanEndsOn }
  rootCauses { enterprise { id } components { id } tier path { id } }
  logisticsRootCauses { restriction { id } components { id } tier path { id } }
} }`;

type Readiness = {
  enterprise: { id: string };
  asOf: string;
  ready: boolean;
  expectedReadyDate: string | null;
  blockedInputs: { component: { id: string }; reason: string; suppliers: { id: string }[]; rootCauses: { id: string }[]; alternatives: { id: string }[] }[];
  atRisk: { component: { id: string }; stockDays: number | null; coveredUntil: string | null; suppliers: { id: string }[]; loans: string[]; loanEndsOn: string | null }[];
  rootCauses: { enterprise: { id: string }; components: { id: string }[]; tier: number; path: { id: string }[] }[];
  logisticsRootCauses: { restriction: { id: string }; components: { id: string }[]; tier: number; path: { id: string }[] }[];
};

async function readiness(id: string, asOf?: string): Promise<Readiness> {
  const body = await app.graphql<{ restartReadiness: Readiness }>(READINESS, { id, asOf });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.restartReadiness;
}

const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
    });
    afterAll(() => app.close());
    afterAll(() => {
      // Each way really answered: the read model once current, Neo4j when told to.
      if (mode === 'memory') expect(app.analysis.answered.fromModel).toBeGreaterThan(app.analysis.answered.fromNeo4j);
      else expect(app.analysis.answered.fromModel).toBe(0);
    });

    describe('the 2020 seed', () => {
      beforeAll(async () => {
        await emptyGraph(app.db);
        expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
      });

      it('the Qingyang aviation firms cannot run: the Tianjin supplier is their tier-1 root cause', async () => {
        for (const id of AVIATION) {
          const answer = await readiness(id);
          expect(answer.asOf).toBe('2020-02-09');
          expect(answer.ready).toBe(false);
          expect(answer.rootCauses[0]).toMatchObject({ enterprise: { id: TIANJIN }, tier: 1 });
          expect(ids(answer.rootCauses[0]!.path)).toEqual([TIANJIN, id]);
          expect(answer.blockedInputs.some((b) => b.reason === 'SUPPLIERS_DOWN' && ids(b.rootCauses).includes(TIANJIN))).toBe(true);
          expect(answer.expectedReadyDate).toBe('2020-02-20');
        }
      });

      it('they are ready once the supplier resumes, and on its announced date counted as resumed', async () => {
        const body = await app.graphql<{ impact: { totalCount: number; workforce: number; enterprises: { nodes: { id: string }[] }; byRegion: { region: { code: string }; count: number }[] } }>(
          `{ impact(enterpriseId: "${TIANJIN}") { totalCount workforce enterprises(first: 100) { nodes { id } } byRegion { region { code } count } } }`,
        );
        const impact = body.data!.impact;
        for (const id of AVIATION) expect(ids(impact.enterprises.nodes)).toContain(id);
        expect(impact.totalCount).toBe(impact.enterprises.nodes.length);
        expect(impact.workforce).toBeGreaterThan(0);
        expect(impact.byRegion).toEqual(expect.arrayContaining([expect.objectContaining({ region: { code: '510100' } }), expect.objectContaining({ region: { code: '510000' } })]));
      });

      it("lists them on Qingyang's dashboard with the workforce idled", async () => {
        const body = await app.graphql<{ blockedEnterprises: { totalCount: number; workforce: number; nodes: { enterprise: { id: string }; rootCauseCount: number }[] } }>(
          `{ blockedEnterprises(regionCode: "510105") { totalCount workforce nodes { enterprise { id } rootCauseCount } } }`,
        );
        const dashboard = body.data!.blockedEnterprises;
        for (const id of AVIATION) expect(dashboard.nodes.find((n) => n.enterprise.id === id)?.rootCauseCount).toBeGreaterThanOrEqual(1);
        expect(dashboard.totalCount).toBe(dashboard.nodes.length);
        const sichuan = await app.graphql<{ blockedEnterprises: { totalCount: number } }>(`{ blockedEnterprises(regionCode: "510000") { totalCount } }`);
        expect(sichuan.data!.blockedEnterprises.totalCount).toBeGreaterThanOrEqual(dashboard.totalCount);
      });

      it("covers the thermometer customer's need with stock for a few days, then blocks it", async () => {
        const atRisk = await readiness('ent-sz-thermometer', '2020-02-15');
        expect(atRisk.atRisk.map((a) => a.component.id)).not.toEqual([]);
        expect(atRisk.atRisk[0]!.coveredUntil).toBe('2020-02-18');
        const later = await readiness('ent-sz-thermometer', '2020-02-09');
        expect(later.rootCauses.map((r) => r.enterprise.id)).toContain('ent-qy-thermo-parts');
      });

      it('answers restartReadiness in at most two Bolt round trips, names included', async () => {
        const before = app.db.stats.queries;
        const body = await app.graphql<{ restartReadiness: { rootCauses: { enterprise: { name: string } }[] } }>(
          `{ restartReadiness(enterpriseId: "ent-qy-aero-parts", asOf: "2020-02-09") {
              enterprise { name status } blockedInputs { component { name } suppliers { name } alternatives { name } rootCauses { name } }
              atRisk { component { name } } rootCauses { enterprise { name status } components { name } path { name } } } }`,
        );
        expect(body.errors).toBeUndefined();
        expect(body.data!.restartReadiness.rootCauses[0]!.enterprise.name).toMatch(/天津/);
        expect(app.db.stats.queries - before).toBeLessThanOrEqual(2);
      });

      it('names the enterprises and regions of impact and the dashboard from what the answer holds, not a read each', async () => {
        // From the read model, the one freshness check; from Neo4j, the fetch itself (two queries) and the regions of the roll-up.
        const limit = mode === 'memory' ? 1 : 3;
        let before = app.db.stats.queries;
        const impact = await app.graphql<{ impact: { enterprise: { name: string }; enterprises: { nodes: { name: string }[] }; byRegion: { region: { name: string } }[] } }>(
          `{ impact(enterpriseId: "${TIANJIN}") { enterprise { name } enterprises(first: 10) { nodes { name } } byRegion { region { name } } } }`,
        );
        expect(impact.errors).toBeUndefined();
        expect(impact.data!.impact.enterprise.name).toMatch(/天津/);
        expect(impact.data!.impact.byRegion.map((r) => r.region.name)).toContain('成都市');
        expect(app.db.stats.queries - before).toBeLessThanOrEqual(limit);
        before = app.db.stats.queries;
        const dashboard = await app.graphql<{ blockedEnterprises: { region: { name: string }; nodes: { enterprise: { name: string } }[] } }>(
          `{ blockedEnterprises(regionCode: "510105") { region { name } nodes { enterprise { name } } } }`,
        );
        expect(dashboard.errors).toBeUndefined();
        expect(dashboard.data!.blockedEnterprises.nodes.length).toBeGreaterThan(0);
        expect(app.db.stats.queries - before).toBeLessThanOrEqual(limit);
        const unknown = await app.graphql(`{ impact(enterpriseId: "nope") { totalCount } }`);
        expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'enterpriseId' });
        const nowhere = await app.graphql(`{ blockedEnterprises(regionCode: "990000") { totalCount } }`);
        expect(nowhere.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'regionCode' });
      });

      it('answers NOT_FOUND for an unknown plant and BAD_USER_INPUT for a malformed date', async () => {
        const missing = await app.graphql(`{ restartReadiness(enterpriseId: "nope") { ready } }`);
        expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'enterpriseId' });
        const date = await app.graphql(`{ restartReadiness(enterpriseId: "${TIANJIN}", asOf: "2020-02-30") { ready } }`);
        expect(date.errors?.[0]?.message).toMatch(/YYYY-MM-DD/);
      });

      it('setEnterpriseStatus changes every later answer and records who and when, once per change', async () => {
        const set = `mutation($s: EnterpriseStatus!, $d: Date) { setEnterpriseStatus(enterpriseId: "${TIANJIN}", status: $s, expectedResumeDate: $d) { previousStatus status changedAt } }`;
        const first = await app.graphql<{ setEnterpriseStatus: { previousStatus: string; status: string } }>(set, { s: 'OPERATING' });
        expect(first.data!.setEnterpriseStatus).toMatchObject({ previousStatus: 'SUSPENDED', status: 'OPERATING' });
        await app.graphql(set, { s: 'OPERATING' });
        for (const id of AVIATION) expect((await readiness(id)).ready).toBe(true);
        const history = await app.graphql<{ statusHistory: unknown[] }>(`{ statusHistory(enterpriseId: "${TIANJIN}") { status } }`);
        expect(history.data!.statusHistory).toHaveLength(1);

        const bad = await app.graphql(set, { s: 'CLOSED', d: '2020-03-01' });
        expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'expectedResumeDate' });
        await app.graphql(set, { s: 'SUSPENDED', d: '2020-02-20' });
        expect((await readiness(AVIATION[0]!)).ready).toBe(false);
      });
    });

  describe('alternatives', () => {
    const firm = (id: string, status: 'OPERATING' | 'SUSPENDED', [district, city, province]: [string, string, string]) => ({
      id, status, expectedResumeDate: null, workforce: 10, epidemicCritical: false, district, city, province,
    });
    const CHENGDU: [string, string, string] = ['510105', '510100', '510000'];
    const SHENZHEN: [string, string, string] = ['440305', '440300', '440000'];

    it('pages them nearest first, counts them all, and refuses a negative page', async () => {
      await loadFacts({
        enterprises: [firm('plant', 'OPERATING', CHENGDU), firm('supplier', 'SUSPENDED', SHENZHEN), firm('maker-far', 'OPERATING', SHENZHEN), firm('maker-near', 'OPERATING', CHENGDU)],
        needs: [{ enterprise: 'plant', component: 'bearing', stockDays: null }],
        supplies: [{ supplier: 'supplier', customer: 'plant', component: 'bearing' }],
        makes: [
          { enterprise: 'maker-far', component: 'bearing' },
          { enterprise: 'maker-near', component: 'bearing' },
        ],
      });
      const body = await app.graphql<{ restartReadiness: { blockedInputs: { alternativeCount: number; all: { id: string }[]; nearest: { id: string }[]; none: unknown[] }[] } }>(
        `{ restartReadiness(enterpriseId: "plant", asOf: "2020-02-09") {
            blockedInputs { alternativeCount all: alternatives { id } nearest: alternatives(first: 1) { id } none: alternatives(first: 0) { id } } } }`,
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      expect(body.data!.restartReadiness.blockedInputs).toEqual([
        { alternativeCount: 2, all: [{ id: 'maker-near' }, { id: 'maker-far' }], nearest: [{ id: 'maker-near' }], none: [] },
      ]);
      const bad = await app.graphql(`{ restartReadiness(enterpriseId: "plant") { blockedInputs { alternatives(first: -1) { id } } } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    });
  });

    /** Small graphs with cycles: the database-backed answers must equal the reference's. */
    const graphs = scenarioArb({ maxEnterprises: 24, maxComponents: 4, needsPerEnterprise: 1.6, maxSuppliersPerNeed: 3 });

    async function loadFacts(facts: GraphFacts): Promise<void> {
      await emptyGraph(app.db);
      const outcome = await app.datasets.load(datasetOf(facts));
      expect(outcome.problems).toEqual([]);
    }

    describe('exactness against the reference evaluator', () => {
      it('readiness, root causes, expected ready date and alternatives', async () => {
        await fc.assert(
          fc.asyncProperty(graphs, async ({ facts: raw, asOf, focus }) => {
            const facts = storedFacts(loadableFacts(raw));
            if (!facts.enterprises.some((e) => e.id === focus)) return;
            await loadFacts(facts);
            const reference = new Reference(facts).readiness(focus, asOf);
            const answer = await readiness(focus, asOf);
            expect(answer.ready).toBe(reference.ready);
            expect(answer.expectedReadyDate).toBe(reference.expectedReadyDate);
            expect(answer.rootCauses.map((r) => ({ enterprise: r.enterprise.id, components: ids(r.components), tier: r.tier }))).toEqual(reference.rootCauses);
            expect(answer.blockedInputs.map((b) => ({ component: b.component.id, reason: b.reason, suppliers: ids(b.suppliers), rootCauses: ids(b.rootCauses), alternatives: ids(b.alternatives) }))).toEqual(reference.blockedInputs);
            expect(
              answer.atRisk.map((a) => ({ component: a.component.id, stockDays: a.stockDays, coveredUntil: a.coveredUntil, suppliers: ids(a.suppliers), loans: a.loans, loanEndsOn: a.loanEndsOn })),
            ).toEqual(reference.atRisk);
            // Paths are one shortest path each: the same the in-memory evaluator picks on the whole graph.
            const whole = restartReadiness(buildSupplyGraph(facts), focus, asOf);
            expect(answer.rootCauses.map((r) => ids(r.path))).toEqual(whole.rootCauses.map((r) => r.path));
            // Restrictions cutting the walk: the reference's, with the path the whole-graph evaluator picks.
            const logistics = new Reference(facts).logisticsRootCauses(focus, asOf);
            expect(answer.logisticsRootCauses.map((r) => ({ restriction: r.restriction.id, components: ids(r.components), tier: r.tier }))).toEqual(
              logistics.map(({ paths: _p, ...rest }) => rest),
            );
            expect(answer.logisticsRootCauses.map((r) => ids(r.path))).toEqual(whole.logisticsRootCauses.map((r) => r.path));
          }),
          { numRuns: 25, seed: 20200204 },
        );
      });

      it('impact and the blocked dashboard', async () => {
        await fc.assert(
          fc.asyncProperty(graphs, async ({ facts: raw, asOf, focus }) => {
            const facts = storedFacts(loadableFacts(raw));
            if (!facts.enterprises.some((e) => e.id === focus)) return;
            await loadFacts(facts);
            const reference = new Reference(facts);
            const body = await app.graphql<{ impact: { totalCount: number; enterprises: { nodes: { id: string }[] } }; blockedEnterprises: { totalCount: number; nodes: { enterprise: { id: string } }[] } }>(
              `query($id: ID!, $asOf: Date) {
                impact(enterpriseId: $id, asOf: $asOf) { totalCount enterprises(first: 1000) { nodes { id } } }
                blockedEnterprises(regionCode: "510000", asOf: $asOf, first: 1000) { totalCount nodes { enterprise { id } } }
              }`,
              { id: focus, asOf },
            );
            expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
            expect(ids(body.data!.impact.enterprises.nodes)).toEqual(reference.impact(focus, asOf));
            const sichuan = facts.enterprises.filter((e) => e.province === '510000' && e.status !== 'CLOSED').map((e) => e.id).sort();
            const blocked = sichuan.filter((id) => !reference.ready(id, asOf));
            expect(body.data!.blockedEnterprises.nodes.map((n) => n.enterprise.id)).toEqual(blocked);
            expect(body.data!.blockedEnterprises.totalCount).toBe(blocked.length);
          }),
          { numRuns: 20, seed: 20200210 },
        );
      });
    });

    describe('materialised ableness under change', () => {
      async function storedAble0(): Promise<string[]> {
        const result = await app.db.query<{ id: string }>({ operation: 'test' }, 'MATCH (e:Enterprise) WHERE e.able0 RETURN e.id AS id ORDER BY id');
        return result.records.map((r) => r.get('id'));
      }

      /** able0 as a fresh evaluation gives it: every edge a restriction applies to counted cut, no stock. */
      function able0Ids(facts: GraphFacts): string[] {
        const graph = buildSupplyGraph(facts);
        const mask = able0Mask(graph);
        return graph.ids.filter((_, i) => mask[i] === 1);
      }

      /** The facts as stored now: statuses as changed, and every loan, those agreed and returned through the API included. */
      async function currentFacts(base: GraphFacts): Promise<GraphFacts> {
        const result = await app.db.query<{ id: string; status: 'OPERATING' | 'SUSPENDED' | 'CLOSED'; d: string | null }>(
          { operation: 'test' },
          'MATCH (e:Enterprise) RETURN e.id AS id, e.status AS status, toString(e.expectedResumeDate) AS d',
        );
        const now = new Map(result.records.map((r) => [r.get('id'), r.toObject()]));
        const loans = await app.db.query<{ l: LoanFact }>(
          { operation: 'test' },
          `MATCH (l:Loan) RETURN l {.id, .lender, .borrower, .component, coverDays: toInteger(l.coverDays), start: toString(l.start), returnedOn: toString(l.returnedOn)} AS l`,
        );
        return {
          ...base,
          enterprises: base.enterprises.map((e) => ({ ...e, status: now.get(e.id)!.status, expectedResumeDate: now.get(e.id)!.d })),
          loans: loans.records.map((r) => r.get('l')),
        };
      }

      /** A status change, or a loan agreed (from a help request and offer posted for it) or returned through the API. */
      const changes = fc.array(
        fc.oneof(
          { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), status: fc.constantFrom('OPERATING', 'SUSPENDED', 'CLOSED') as fc.Arbitrary<'OPERATING' | 'SUSPENDED' | 'CLOSED'> }) },
          { weight: 2, arbitrary: fc.record({ kind: fc.constant('agree' as const), need: fc.nat(), lender: fc.nat(), start: fc.integer({ min: 0, max: 20 }), coverDays: fc.integer({ min: 1, max: 12 }) }) },
          { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), after: fc.integer({ min: 0, max: 8 }) }) },
        ),
        { minLength: 1, maxLength: 6 },
      );
      type Change = (typeof changes extends fc.Arbitrary<(infer C)[]> ? C : never);

      async function ok<T>(query: string, variables: Record<string, unknown>): Promise<T> {
        const body = await app.graphql<T>(query, variables);
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        return body.data!;
      }

      it('equals a fresh evaluation after every status change and loan agreed or returned, sequential or concurrent', async () => {
        await fc.assert(
          fc.asyncProperty(graphs, changes, fc.boolean(), async ({ facts: raw }, steps, concurrent) => {
            const facts = storedFacts(loadableFacts(raw));
            if (facts.enterprises.length === 0) return;
            await loadFacts(facts);
            const agreed: { id: string; start: number }[] = [];
            let n = 0;
            const mutate = async (step: Change): Promise<void> => {
              const key = `k${n++}`;
              if (step.kind === 'status') {
                await ok(`mutation($id: ID!, $s: EnterpriseStatus!) { setEnterpriseStatus(enterpriseId: $id, status: $s) { status } }`, {
                  id: facts.enterprises[step.pick % facts.enterprises.length]!.id,
                  s: step.status,
                });
              } else if (step.kind === 'agree') {
                const need = facts.needs[step.need % Math.max(1, facts.needs.length)];
                const others = facts.enterprises.filter((e) => e.id !== need?.enterprise);
                if (!need || others.length === 0) return;
                const common = { component: need.component, quantity: 10, unit: '件' };
                const request = await ok<{ postHelpRequest: { helpRequest: { id: string } } }>(`mutation($input: PostHelpRequestInput!) { postHelpRequest(input: $input) { helpRequest { id } } }`, {
                  input: { ...common, enterpriseId: need.enterprise, neededBy: '2020-02-20', idempotencyKey: `${key}-r` },
                });
                const offer = await ok<{ postHelpOffer: { helpOffer: { id: string } } }>(`mutation($input: PostHelpOfferInput!) { postHelpOffer(input: $input) { helpOffer { id } } }`, {
                  input: { ...common, enterpriseId: others[step.lender % others.length]!.id, availableUntil: '2020-03-31', idempotencyKey: `${key}-o` },
                });
                const loan = await ok<{ agreeLoan: { loan: { id: string } } }>(`mutation($input: AgreeLoanInput!) { agreeLoan(input: $input) { loan { id } } }`, {
                  input: {
                    requestId: request.postHelpRequest.helpRequest.id,
                    offerId: offer.postHelpOffer.helpOffer.id,
                    quantity: 10,
                    coverDays: step.coverDays,
                    start: dayString(step.start),
                    returnBy: dayString(step.start + step.coverDays),
                    idempotencyKey: `${key}-l`,
                  },
                });
                agreed.push({ id: loan.agreeLoan.loan.id, start: step.start });
              } else {
                const loan = agreed.splice(step.pick % Math.max(1, agreed.length), 1)[0];
                if (!loan) return;
                await ok(`mutation($id: ID!, $on: Date) { recordLoanReturn(loanId: $id, on: $on) { id } }`, { id: loan.id, on: dayString(loan.start + step.after) });
              }
            };
            if (concurrent) {
              // Returns need their loans agreed first: the rest race each other.
              await Promise.all(steps.filter((step) => step.kind !== 'return').map(mutate));
              for (const step of steps.filter((step) => step.kind === 'return')) await mutate(step);
            } else {
              for (const step of steps) {
                await mutate(step);
                expect(await storedAble0()).toEqual(able0Ids(await currentFacts(facts)));
              }
            }
            expect(await storedAble0()).toEqual(able0Ids(await currentFacts(facts)));
            // Every later answer sees the changes: the dashboard over all of Sichuan equals the reference on the stored facts.
            const now = await currentFacts(facts);
            const reference = new Reference(now);
            const sichuan = now.enterprises.filter((e) => e.province === '510000' && e.status !== 'CLOSED').map((e) => e.id).sort();
            // On the day each loan starts, too: there it meets its borrower's need.
            const days = new Set(['2020-02-12', ...(now.loans ?? []).map((l) => l.start)]);
            for (const asOf of [...days].sort()) {
              const body = await app.graphql<{ blockedEnterprises: { nodes: { enterprise: { id: string } }[] } }>(
                `query($asOf: Date) { blockedEnterprises(regionCode: "510000", asOf: $asOf, first: 1000) { nodes { enterprise { id } } } }`,
                { asOf },
              );
              expect(body.data!.blockedEnterprises.nodes.map((n) => n.enterprise.id)).toEqual(sichuan.filter((id) => !reference.ready(id, asOf)));
            }
          }),
          { numRuns: 15, seed: 20200217 },
        );
        // Each loan is three writes (request, offer, agreement): the property takes a minute on a quiet machine.
      }, 240_000);
    });
  });
}

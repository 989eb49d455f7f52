/**
 * Restrictions and loans loaded with a dataset reach every answer, from the
 * read model and from Neo4j alike, and loading a changed file changes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

const ent = (id: string, region: string, status = 'OPERATING') => ({ id, name: id, region, status });

function dataset(edgeUntil: string | null) {
  return {
    regions: [
      { code: '510000', name: '四川省', level: 'PROVINCE' },
      { code: '510100', name: '成都市', level: 'CITY', parent: '510000' },
      { code: '510105', name: '青羊区', level: 'DISTRICT', parent: '510100' },
      { code: '510107', name: '武侯区', level: 'DISTRICT', parent: '510100' },
      { code: '120000', name: '天津市', level: 'PROVINCE' },
      { code: '120116', name: '滨海新区', level: 'DISTRICT', parent: '120000' },
    ],
    enterprises: [ent('P1', '510105'), ent('P2', '510105'), ent('P3', '510107'), ent('P4', '510105'), ent('S', '120116'), ent('M', '510105'), ent('X', '510105', 'SUSPENDED')],
    components: [{ id: 'wing', name: '机翼' }, { id: 'bolt', name: '螺栓' }, { id: 'nut', name: '螺母' }],
    makes: [{ enterprise: 'S', component: 'wing' }, { enterprise: 'M', component: 'bolt' }, { enterprise: 'M', component: 'nut' }, { enterprise: 'X', component: 'nut' }],
    needs: [
      { enterprise: 'P1', component: 'wing' },
      { enterprise: 'P2', component: 'wing', stockDays: 5 },
      { enterprise: 'P3', component: 'bolt' },
      { enterprise: 'P4', component: 'nut' },
    ],
    supplies: [
      { supplier: 'S', customer: 'P1', component: 'wing' },
      { supplier: 'S', customer: 'P2', component: 'wing' },
      { supplier: 'M', customer: 'P3', component: 'bolt' },
      { supplier: 'X', customer: 'P4', component: 'nut' },
    ],
    restrictions: [
      { id: 'R-tianjin', supply: null, region: '120000', direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', note: '出津通道关闭' },
      { id: 'R-route', supply: { supplier: 'M', customer: 'P3', component: 'bolt' }, from: '2020-02-01', until: edgeUntil },
    ],
    loans: [{ id: 'L-group', lender: 'M', borrower: 'P4', component: 'nut', quantity: 500, unit: '件', coverDays: 10, start: '2020-02-05', returnBy: '2020-02-20' }],
  };
}

const READINESS = `query($id: ID!) { restartReadiness(enterpriseId: $id) {
  ready expectedReadyDate
  blockedInputs { component { id } reason }
  atRisk { component { id } stockDays coveredUntil loans loanEndsOn }
  rootCauses { enterprise { id } }
  logisticsRootCauses { restriction { id } components { id } tier path { id } }
} }`;

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`restrictions and loans answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    let app: TestApp;
    const readiness = async (id: string) => {
      const body = await app.graphql<{ restartReadiness: Record<string, unknown> }>(READINESS, { id });
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!.restartReadiness;
    };

    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
      await emptyGraph(app.db);
      expect((await app.datasets.load(dataset(null))).loaded).toBe(true);
      await app.analysis.whenCurrent();
    });
    afterAll(() => app.close());

    it('a running supplier cut off by a district restriction blocks its customer until the restriction ends', async () => {
      expect(await readiness('P1')).toEqual({
        ready: false,
        expectedReadyDate: '2020-02-12',
        blockedInputs: [{ component: { id: 'wing' }, reason: 'DELIVERY_INTERRUPTED' }],
        atRisk: [],
        rootCauses: [],
        logisticsRootCauses: [{ restriction: { id: 'R-tianjin' }, components: [{ id: 'wing' }], tier: 1, path: [{ id: 'S' }, { id: 'P1' }] }],
      });
    });

    it('stock that lasts until the restriction ends covers the gap, at risk', async () => {
      const answer = await readiness('P2');
      expect(answer.ready).toBe(true);
      expect(answer.atRisk).toEqual([{ component: { id: 'wing' }, stockDays: 5, coveredUntil: '2020-02-14', loans: [], loanEndsOn: null }]);
    });

    it('a loan in force meets the borrower\'s need, with the day it stops', async () => {
      const answer = await readiness('P4');
      expect(answer.ready).toBe(true);
      expect(answer.atRisk).toEqual([{ component: { id: 'nut' }, stockDays: null, coveredUntil: null, loans: ['L-group'], loanEndsOn: '2020-02-15' }]);
    });

    it('an open-ended edge restriction blocks with no expected date; loading the file with it ended frees the plant', async () => {
      const before = await readiness('P3');
      expect(before.ready).toBe(false);
      expect(before.expectedReadyDate).toBeNull();
      expect(before.logisticsRootCauses).toEqual([{ restriction: { id: 'R-route' }, components: [{ id: 'bolt' }], tier: 1, path: [{ id: 'M' }, { id: 'P3' }] }]);
      expect((await app.datasets.load(dataset('2020-02-09'))).loaded).toBe(true);
      await app.analysis.whenCurrent();
      expect((await readiness('P3')).ready).toBe(true);
    });
  });
}

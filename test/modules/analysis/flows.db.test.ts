/**
 * Cross-province blocking flows through GraphQL on the real Neo4j, on the
 * seed: answered the same from the read model and fetched from Neo4j.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { ANALYSIS_READ_MODELS } from '../../../src/modules/analysis/service.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

const AVIATION = ['ent-qy-aero-airborne', 'ent-qy-aero-avionics', 'ent-qy-aero-composite', 'ent-qy-aero-parts', 'ent-qy-aero-precision', 'ent-qy-aero-tooling'];

const FLOWS = `query($code: String, $asOf: Date) { blockingFlows(regionCode: $code, asOf: $asOf) {
  from { code } to { code } plantCount workforce plants { id workforce } first: plants(first: 1) { id } rootCauses { id } restrictions { id }
} }`;

type Flow = {
  from: { code: string };
  to: { code: string };
  plantCount: number;
  workforce: number;
  plants: { id: string; workforce: number }[];
  first: { id: string }[];
  rootCauses: { id: string }[];
  restrictions: { id: string }[];
};

let app: TestApp;

async function flows(code?: string): Promise<Flow[]> {
  const body = await app.graphql<{ blockingFlows: Flow[] }>(FLOWS, { code });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.blockingFlows;
}

const answers: Flow[][] = [];

for (const mode of ANALYSIS_READ_MODELS) {
  describe(`blocking flows answered from ${mode === 'memory' ? 'the read model' : 'Neo4j'}`, () => {
    beforeAll(async () => {
      app = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: mode } });
      await emptyGraph(app.db);
      expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
    });
    afterAll(() => app.close());

    it('the Tianjin supplier holds the Qingyang aviation firms: a Tianjin → Sichuan flow with their workforce', async () => {
      const all = await flows();
      answers.push(all);
      const tianjin = all.find((f) => f.from.code === '120000' && f.to.code === '510000')!;
      expect(tianjin.rootCauses.map((r) => r.id)).toContain('ent-tj-binhai-parts');
      expect(tianjin.plants.map((p) => p.id)).toEqual(expect.arrayContaining(AVIATION));
      expect(tianjin.plantCount).toBe(tianjin.plants.length);
      expect(tianjin.workforce).toBe(tianjin.plants.reduce((sum, p) => sum + p.workforce, 0));
      expect(tianjin.first).toEqual([{ id: tianjin.plants[0]!.id }]);
      // No flow stays inside a province, and the heaviest comes first.
      for (const f of all) expect(f.from.code).not.toBe(f.to.code);
      for (let i = 1; i < all.length; i++) expect(all[i]!.workforce).toBeLessThanOrEqual(all[i - 1]!.workforce);
    });

    it("a region's flows are those into its plants; a Tianjin district has no Sichuan plant to hold", async () => {
      const chengdu = await flows('510100');
      expect(chengdu.length).toBeGreaterThan(0);
      for (const f of chengdu) expect(f.to.code).toBe('510000');
      expect(chengdu.find((f) => f.from.code === '120000')!.plants.map((p) => p.id)).toEqual(expect.arrayContaining(AVIATION));
      expect((await flows('120116')).filter((f) => f.to.code === '510000')).toEqual([]);
    });

    it('refuses a malformed region code and names an unknown one', async () => {
      const bad = await app.graphql(`{ blockingFlows(regionCode: "51") { workforce } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'regionCode' });
      const unknown = await app.graphql(`{ blockingFlows(regionCode: "990000") { workforce } }`);
      expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'regionCode' });
      const first = await app.graphql(`{ blockingFlows { plants(first: -1) { id } } }`);
      expect(first.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    });
  });
}

describe('both ways', () => {
  it('give the same flows', () => {
    expect(answers).toHaveLength(2);
    expect(answers[1]).toEqual(answers[0]);
  });
});

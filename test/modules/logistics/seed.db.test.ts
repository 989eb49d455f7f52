/**
 * The seed's logistics story through the API: Sierbang's district may not
 * ship out from 2020-02-01 until 2020-02-12, and who that holds depends on
 * the stock each customer elsewhere has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ today: '2020-02-05' });
  await emptyGraph(app.db);
  expect((await app.datasets.load(await readSeed())).loaded).toBe(true);
  await app.analysis.whenCurrent();
});
afterAll(() => app.close());

const IMPACT = `query($asOf: Date) { restrictionImpact(restrictionId: "rst-lyg-outbound", asOf: $asOf) {
  restriction { region { code } direction from until inForce }
  totalCount enterprises { nodes { id } }
} }`;

describe('the OUTBOUND restriction on Sierbang’s district', () => {
  it('eleven days before it ends it holds the customers elsewhere whose stock runs out first, and what hangs on them', async () => {
    const body = await app.graphql<{ restrictionImpact: unknown }>(IMPACT, { asOf: '2020-02-01' });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(body.data!.restrictionImpact).toEqual({
      restriction: { region: { code: '320703' }, direction: 'OUTBOUND', from: '2020-02-01', until: '2020-02-12', inForce: true },
      totalCount: 3,
      enterprises: { nodes: [{ id: 'ent-ga-3l' }, { id: 'ent-ga-meltblown' }, { id: 'ent-lyg-latex' }] },
    });
  });

  it('a week before it ends the Gao’an stock bridges the gap; only the latex plant, with none, is held', async () => {
    const body = await app.graphql<{ restrictionImpact: { enterprises: { nodes: { id: string }[] } } }>(IMPACT, {});
    expect(body.data!.restrictionImpact.enterprises.nodes).toEqual([{ id: 'ent-lyg-latex' }]);
  });
});

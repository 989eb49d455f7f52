/**
 * Reads of the supply graph cost one or two Bolt round trips at any depth:
 * the read model's freshness check, or one statement shaped from the
 * selection. Two services over one store, one per way, must give the same
 * answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';
import { fanIn } from '../../support/fixtures.ts';

let memory: TestApp;
let neo4j: TestApp;

beforeAll(async () => {
  memory = await createTestApp({ config: { ANALYSIS_READ_MODEL: 'memory' } });
  neo4j = await createTestApp({ config: { ANALYSIS_READ_MODEL: 'neo4j' } });
  await emptyGraph(memory.db);
  const fixture = fanIn(30);
  fixture.components.push({ id: 'fx-spare', name: '备用件', category: null });
  fixture.makes.push({ enterprise: 'fx-plant-0003', component: 'fx-spare', capacityPerDay: null });
  // A delivery nobody needs: the analysis ignores it, the read API shows it.
  fixture.supplies.push({ supplier: 'fx-plant-0001', customer: 'fx-plant-0002', component: 'fx-spare', share: null });
  expect((await memory.datasets.load(fixture)).problems).toEqual([]);
  await memory.analysis.whenCurrent();
});

afterAll(async () => {
  await memory.close();
  await neo4j.close();
});

async function read(app: TestApp, query: string): Promise<{ data: unknown; trips: number }> {
  const before = app.db.stats.queries;
  const body = await app.graphql(query);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return { data: body.data, trips: app.db.stats.queries - before };
}

const SELECTIONS: Record<number, string[]> = {
  1: [
    '{ enterprise(id: "fx-plant-0002") { id name status workforce industry note epidemicCritical expectedResumeDate } }',
    '{ region(code: "510105") { code name level } }',
    '{ enterprises(filter: { regionCode: "510100" }, first: 7) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }',
    '{ components(nameContains: "件") { id name category } }',
  ],
  2: [
    '{ enterprise(id: "fx-plant-0002") { region { name } suppliers { share componentId: share } customers { share } needs { stockDays } makes { capacityPerDay } } }',
    '{ regions { code children { code name } agencies { id } governingAgency { id name } } }',
    '{ component(id: "fx-part") { makers { capacityPerDay } buyers { stockDays } } }',
    '{ enterprises(filter: { industry: "航空" }, first: 5) { nodes { id region { code } } } }',
  ],
  3: [
    '{ enterprise(id: "fx-plant-0002") { suppliers { supplier { id region { name } } component { name } customer { id } share } } }',
    '{ region(code: "510000") { children { children { code } enterprises(first: 3) { totalCount nodes { id } } } } }',
    '{ component(id: "fx-spare") { makers { enterprise { makes { component { id } } } } buyers { enterprise { id } } } }',
    '{ e: enterprise(id: "fx-tj-supplier") { ...Out } }  fragment Out on Enterprise { customers { customer { needs { component { id } } } } }',
  ],
  4: [
    '{ enterprise(id: "fx-plant-0001") { suppliers { supplier { region { parent { name } } customers { customer { id region { code } } component { category } } } } } }',
    '{ region(code: "510000") { children { children { enterprises(first: 4, after: "aWQ6ZngtcGxhbnQtMDAwMQ") { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { id suppliers { component { makers { enterprise { id } } } } } } } } } }',
    '{ component(id: "fx-part") { makers { enterprise { customers { customer { region { governingAgency { id region { code } } } } } } } } }',
    '{ enterprises(filter: { nameContains: "航空配套1" }, first: 3) { totalCount edges { node { customers { customer { id } } suppliers { supplier { makes { component { buyers { enterprise { id } } } } } } } } } }',
  ],
};

describe('Bolt round trips of a read of the supply graph', () => {
  for (const depth of [1, 2, 3, 4]) {
    it(`at depth ${depth}: at most two, and the same answer, from the read model and from Neo4j`, async () => {
      const fromModel = memory.analysis.answered.fromModel;
      for (const query of SELECTIONS[depth]!) {
        const a = await read(memory, query);
        const b = await read(neo4j, query);
        expect(a.trips, query).toBeLessThanOrEqual(2);
        expect(b.trips, query).toBeLessThanOrEqual(2);
        expect(a.data, query).toEqual(b.data);
      }
      // The memory service really read its model, once per request.
      expect(memory.analysis.answered.fromModel - fromModel).toBe(SELECTIONS[depth]!.length);
    });
  }

  it('shows what the analysis leaves out: a delivery nobody needs, makes of a component nobody needs, unknown shares and capacities', async () => {
    const query = '{ enterprise(id: "fx-plant-0002") { suppliers { supplier { id } component { id } share } } component(id: "fx-spare") { makers { enterprise { id } capacityPerDay } } }';
    for (const app of [memory, neo4j]) {
      const { data } = await read(app, query);
      expect(data).toEqual({
        enterprise: {
          suppliers: [
            { supplier: { id: 'fx-jj-supplier' }, component: { id: 'fx-bolt' }, share: 0.5 },
            { supplier: { id: 'fx-plant-0001' }, component: { id: 'fx-spare' }, share: null },
            { supplier: { id: 'fx-tj-supplier' }, component: { id: 'fx-part' }, share: 1 },
          ],
        },
        component: { makers: [{ enterprise: { id: 'fx-plant-0003' }, capacityPerDay: null }] },
      });
    }
  });

  it('reads a status change made through the other service at once, from the model it replays into', async () => {
    const change = await neo4j.graphql(`mutation { setEnterpriseStatus(enterpriseId: "fx-jj-supplier", status: SUSPENDED, expectedResumeDate: "2020-03-01") { status } }`);
    expect(change.errors, JSON.stringify(change.errors)).toBeUndefined();
    const query = '{ enterprise(id: "fx-plant-0005") { suppliers { supplier { id status expectedResumeDate } } } }';
    const a = await read(memory, query);
    expect(a.data).toEqual((await read(neo4j, query)).data);
    expect(a.data).toMatchObject({ enterprise: { suppliers: [{ supplier: { id: 'fx-jj-supplier', status: 'SUSPENDED', expectedResumeDate: '2020-03-01' } }, {}] } });
    expect(a.trips).toBeLessThanOrEqual(2);
  });
});

/**
 * Every read goes to Neo4j as a read transaction, so that over a cluster
 * (`neo4j://`, `neo4j+s://`) the driver may route it to a follower or read
 * replica: each query of the API, at some depth, in both read-model modes,
 * opens no write transaction and sends no statement in write mode.
 */
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { A, as, coordinationScenario, FILE, filing, TODAY } from '../support/coordination.ts';
import { createTestApp, emptyGraph, type TestApp } from '../support/graph.ts';

const READS = [
  'query { about { name } me { agency { id } role } }',
  'query { regions { code name governingAgency { id } parent { code } } region(code: "510105") { enterprises(first: 5) { totalCount nodes { id suppliers { supplier { id region { name } } component { name } } customers { customer { id } } needs { component { id } } makes { component { id } } } } } }',
  'query { agencies { id region { code } } agency(id: "agency-chengdu") { name } }',
  'query { enterprise(id: "fx-qy-plant-2") { name status region { name } suppliers { supplier { suppliers { supplier { id } } } } } enterprises(filter: { nameContains: "青羊" }) { nodes { id } } component(id: "fx-part") { name } components(nameContains: "液压") { id } }',
  `query { restartReadiness(enterpriseId: "fx-qy-plant-1", asOf: "${TODAY}") { ready blockedInputs { component { name } suppliers { name } } rootCauses { enterprise { id } path { id } } } }`,
  `query { impact(enterpriseId: "fx-tj-supplier", asOf: "${TODAY}") { totalCount workforce enterprises(first: 5) { nodes { id } } byRegion { region { code } count } } }`,
  `query { blockedEnterprises(regionCode: "510100", asOf: "${TODAY}") { totalCount nodes { enterprise { id } blockedInputCount } } }`,
  `query { restartPlan(regionCode: "510100", k: 3, asOf: "${TODAY}") { steps { enterprise { id } freedWorkforce route { requester { id } addressee { id } } } } }`,
  `query { readinessTimeline(regionCode: "510105", from: "${TODAY}", days: 3) { date blockedCount } statusHistory(enterpriseId: "fx-tj-supplier") { status } }`,
  `query { coordinationSuggestions(regionCode: "510100", asOf: "${TODAY}") { requester { id } addressee { id } } }`,
  'query { coordinationRequests(first: 5) { totalCount nodes { id status events { kind agency { id } } targets { enterprise { id } } plants { id } } } }',
  `query { resumptionApplications(first: 5) { totalCount nodes { id } } resumptionStats(regionCode: "510105", from: "2020-02-01", to: "2020-02-29") { filed open } }`,
  `query { loans(filter: { agencyId: "agency-qingyang", open: true }, first: 5) { totalCount nodes { id } } helpRequest(id: "HR-000001") { id } helpOffer(id: "HO-000001") { id } loan(id: "LN-000001") { id } }`,
];

function watchModes(db: Database): { writes: string[] } {
  const seen = { writes: [] as string[] };
  const write = db.write.bind(db);
  const query = db.query.bind(db);
  const autoCommit = db.autoCommit.bind(db);
  db.write = (meta, work) => (seen.writes.push(`write ${meta.operation}`), write(meta, work));
  db.query = (meta, cypher, params, mode = 'READ') => (mode === 'WRITE' && seen.writes.push(`query ${meta.operation}`), query(meta, cypher, params, mode));
  db.autoCommit = (meta, cypher) => (seen.writes.push(`autoCommit ${meta.operation}`), autoCommit(meta, cypher));
  return seen;
}

describe.each(['memory', 'neo4j'] as const)('every read is a read transaction (ANALYSIS_READ_MODEL=%s)', (mode) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ today: TODAY, config: { ANALYSIS_READ_MODEL: mode } });
    await emptyGraph(app.db);
    expect((await app.datasets.load(coordinationScenario())).problems).toEqual([]);
    expect((await app.graphqlAs(await as(A.chengdu, 'COORDINATOR'), FILE, filing())).errors).toBeUndefined();
    await app.analysis.whenCurrent();
  });

  afterAll(async () => {
    await app.close();
  });

  const rootFields = (query: string) =>
    parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '')) : [])).join(', ');

  it.each(READS.map((query) => [rootFields(query), query] as const))('%s: no write transaction', async (_, query) => {
    const seen = watchModes(app.db);
    const before = app.db.stats.queries;
    const body = await app.graphql(query);
    expect(body.errors).toBeUndefined();
    expect(app.db.stats.queries).toBeGreaterThan(before);
    expect(seen.writes).toEqual([]);
  });
});

/**
 * A load that passes validation but that Neo4j refuses midway writes
 * nothing, and answers a typed problem rather than a driver error; the
 * rules that keep such values out up front; a request body that repeats a
 * key is refused before anything runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normaliseEnterprise, type NormalisedDataset } from '../../src/dataset/format.ts';
import { validateDataset } from '../../src/dataset/validate.ts';
import { DatasetWriteError, writeDataset } from '../../src/dataset/writer.ts';
import { createTestApp, emptyGraph, TEST_ADMIN, tokenFor, type TestApp } from '../support/graph.ts';
import { dataset, fanIn } from '../support/fixtures.ts';

let app: TestApp;

async function graphCounts(): Promise<{ nodes: number; edges: number; regions: string[] }> {
  const result = await app.db.query<{ nodes: number; edges: number; regions: string[] }>(
    { operation: 'test' },
    `MATCH (n) WHERE NOT n:Migration AND NOT n:AnalysisLock
     OPTIONAL MATCH (n)-[r]->()
     WITH count(DISTINCT n) AS nodes, count(r) AS edges
     OPTIONAL MATCH (g:Region) RETURN nodes, edges, collect(g.code) AS regions`,
  );
  const row = result.records[0]!.toObject();
  return { ...row, regions: [...row.regions].sort() };
}

const LOAD = `mutation($d: JSON!) { loadDataset(dataset: $d) { loaded problems { path message } } }`;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  await emptyGraph(app.db);
  expect((await app.datasets.load(fanIn(2))).loaded).toBe(true);
});

describe('a document Neo4j refuses midway', () => {
  /** A valid document but for a name past what Neo4j indexes, as the rules stood before they bounded names. */
  function refusedByNeo4j(): NormalisedDataset {
    const valid = validateDataset(dataset({ enterprises: [{ id: 'fx-new', name: '新厂', region: '510703', status: 'OPERATING' }] }));
    if (!valid.ok) throw new Error('the fixture must be valid');
    const huge = normaliseEnterprise({ id: 'fx-huge', name: '长'.repeat(2 * 1024 * 1024), region: '510703', status: 'OPERATING' });
    const withNewRegion = [...valid.dataset.regions, { code: '510722', name: '三台县', level: 'DISTRICT' as const, parent: '510700' }];
    return { ...valid.dataset, regions: withNewRegion, enterprises: [...valid.dataset.enterprises, huge] };
  }

  it('writes nothing, earlier arrays included, and says what Neo4j refused without its internals', async () => {
    const before = await graphCounts();
    const error = await writeDataset(app.db, refusedByNeo4j(), { batchSize: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetWriteError);
    expect((error as DatasetWriteError).message).toMatch(/Neo4j refused to write .*too large.*nothing was written/is);
    expect((error as DatasetWriteError).message.length).toBeLessThan(600);
    // The new region, written by a statement before the refused one, is not there: one transaction.
    expect(await graphCounts()).toEqual(before);
    expect(before.regions).not.toContain('510722');
  });

  it('is kept out up front by the rules: loadDataset answers the problem at its path, typed, writing nothing', async () => {
    const before = await graphCounts();
    const doc = dataset({ enterprises: [{ id: 'fx-huge', name: '长'.repeat(2 * 1024 * 1024), region: '510703', status: 'OPERATING' }] });
    doc.regions.push({ code: '510722', name: '三台县', level: 'DISTRICT', parent: '510700' });
    const body = await app.graphql<{ loadDataset: { loaded: boolean; problems: { path: string; message: string }[] } }>(LOAD, { d: doc });
    expect(body.errors).toBeUndefined();
    expect(body.data!.loadDataset).toEqual({
      loaded: false,
      problems: [{ path: 'enterprises[0].name', message: 'must have at most 1000 characters (Neo4j cannot index a longer value), got 2097152' }],
    });
    expect(await graphCounts()).toEqual(before);
  });
});

describe('a request body that repeats a key', () => {
  it('is refused with BAD_REQUEST naming the path and line, and loads nothing', async () => {
    const before = await graphCounts();
    const doc = JSON.stringify({ query: LOAD, variables: { d: dataset({ enterprises: [{ id: 'fx-new', name: '新厂', region: '510703', status: 'OPERATING', workforce: 410 }] }) } });
    const body = doc.replace('"workforce":410', '"workforce":410,\n"workforce":99999');
    const response = await app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
      body,
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(answer.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', path: 'variables.d.enterprises[0].workforce', line: 2 });
    expect(answer.errors[0]!.message).toContain('"workforce" appears twice');
    expect(await graphCounts()).toEqual(before);
  });

  it('leaves a body without one alone', async () => {
    const body = await app.graphql<{ loadDataset: { loaded: boolean } }>(LOAD, { d: fanIn(2) });
    expect(body.data!.loadDataset.loaded).toBe(true);
  });
});

describe('a changed file loaded over the last one', () => {
  it('moves an enterprise, an agency and a region where it now says, leaving no stale edge', async () => {
    const before = fanIn(2);
    const changed = {
      ...before,
      regions: before.regions.map((r) => (r.code === '510703' ? { ...r, parent: '510100' } : r)),
      agencies: before.agencies.map((a) => (a.id === 'agency-qingyang' ? { ...a, region: '510104' } : a)),
      enterprises: before.enterprises.map((e) => (e.id === 'fx-jj-supplier' ? { ...e, region: '510105' } : e)),
    };
    expect((await app.datasets.load(changed)).loaded).toBe(true);
    const edges = await app.db.query<{ located: string[]; governs: string[]; parent: string[] }>(
      { operation: 'test' },
      `MATCH (e:Enterprise {id: 'fx-jj-supplier'})-[:LOCATED_IN]->(d) WITH collect(d.code) AS located
       MATCH (a:Agency {id: 'agency-qingyang'})-[:GOVERNS]->(r) WITH located, collect(r.code) AS governs
       MATCH (:Region {code: '510703'})-[:PART_OF]->(p) RETURN located, governs, collect(p.code) AS parent`,
    );
    expect(edges.records[0]!.toObject()).toEqual({ located: ['510105'], governs: ['510104'], parent: ['510100'] });
    const counts = await graphCounts();
    expect((await app.datasets.load(changed)).loaded).toBe(true);
    expect(await graphCounts()).toEqual(counts);
  });
});

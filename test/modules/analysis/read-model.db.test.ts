/**
 * Several API processes over one Neo4j, each with its own read model: what
 * one of them writes shows in every answer any of them gives next, without a
 * rebuild for a status change, and with a rebuild (answering from Neo4j
 * meanwhile) after a load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeed } from '../../../src/dataset/seed.ts';
import { createTestApp, emptyGraph, type TestApp } from '../../support/graph.ts';

const PLANT = 'ent-qy-aero-parts';
const TIANJIN = 'ent-tj-binhai-parts';

let writer: TestApp;
let reader: TestApp;

beforeAll(async () => {
  writer = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: 'memory' } });
  await emptyGraph(writer.db);
  expect((await writer.datasets.load(await readSeed())).loaded).toBe(true);
  reader = await createTestApp({ today: '2020-02-09', config: { ANALYSIS_READ_MODEL: 'memory' } });
  await reader.analysis.whenCurrent();
});
afterAll(async () => {
  await writer.close();
  await reader.close();
});

async function ready(app: TestApp, id = PLANT): Promise<boolean> {
  const body = await app.graphql<{ restartReadiness: { ready: boolean } }>(`query($id: ID!) { restartReadiness(enterpriseId: $id) { ready } }`, { id });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.restartReadiness.ready;
}

async function setStatus(status: string, expectedResumeDate: string | null = null): Promise<void> {
  const body = await writer.graphql(`mutation($s: EnterpriseStatus!, $d: Date) { setEnterpriseStatus(enterpriseId: "${TIANJIN}", status: $s, expectedResumeDate: $d) { status } }`, {
    s: status,
    d: expectedResumeDate,
  });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
}

describe('read models of several API processes', () => {
  it('a process started over existing data builds its model and answers from it', async () => {
    const before = { ...reader.analysis.answered };
    expect(await ready(reader)).toBe(false);
    expect(reader.analysis.answered.fromModel).toBe(before.fromModel + 1);
  });

  it("another process's status change shows in the very next answer, replayed without a rebuild", async () => {
    await setStatus('OPERATING');
    const before = { ...reader.analysis.answered };
    expect(await ready(reader)).toBe(true);
    await setStatus('SUSPENDED', '2020-02-20');
    const queries = reader.db.stats.queries;
    expect(await ready(reader)).toBe(false);
    // The version, then the change it is behind by: still within two round trips.
    expect(reader.db.stats.queries - queries).toBe(2);
    expect(await ready(writer)).toBe(false);
    expect(reader.analysis.answered.fromModel).toBe(before.fromModel + 2);
    expect(reader.analysis.answered.fromNeo4j).toBe(before.fromNeo4j);
  });

  it('answers readiness from the model in one Bolt round trip, names included', async () => {
    const before = reader.db.stats.queries;
    const body = await reader.graphql<{ restartReadiness: { rootCauses: { enterprise: { name: string }; path: { name: string }[] }[] } }>(
      `{ restartReadiness(enterpriseId: "${PLANT}") { enterprise { name } blockedInputs { component { name } suppliers { name } alternatives { name } }
         rootCauses { enterprise { name status } components { name } path { name } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.restartReadiness.rootCauses[0]!.enterprise.name).toMatch(/天津/);
    // The freshness check; the names come from the model.
    expect(reader.db.stats.queries - before).toBe(1);
  });

  it('questions asked at once share freshness checks, and each still sees every change acknowledged before it was asked', async () => {
    await setStatus('OPERATING');
    const queries = reader.db.stats.queries;
    expect(await Promise.all(Array.from({ length: 10 }, () => ready(reader)))).toEqual(Array(10).fill(true));
    // The first question's check (the version, then the change it replays), and one more for the nine that arrived while it was on the wire.
    expect(reader.db.stats.queries - queries).toBeLessThanOrEqual(3);
    const earlier = Promise.all(Array.from({ length: 5 }, () => ready(reader)));
    await setStatus('SUSPENDED', '2020-02-20');
    // Asked after the change was acknowledged: none may share a check sent before it.
    expect(await Promise.all(Array.from({ length: 5 }, () => ready(reader)))).toEqual(Array(5).fill(false));
    await earlier;
  });

  it('after a load through another process, answers stay exact while the model rebuilds, then come from it again', async () => {
    await setStatus('OPERATING');
    // Loading the seed again restores the supplier's recorded status (SUSPENDED).
    expect((await writer.datasets.load(await readSeed())).loaded).toBe(true);
    const before = { ...reader.analysis.answered };
    expect(await ready(reader)).toBe(false);
    expect(reader.analysis.answered.fromNeo4j).toBe(before.fromNeo4j + 1);
    await reader.analysis.whenCurrent();
    expect(await ready(reader)).toBe(false);
    expect(reader.analysis.answered.fromModel).toBeGreaterThan(before.fromModel);
  });
});

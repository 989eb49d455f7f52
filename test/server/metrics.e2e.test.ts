/**
 * What an operator scrapes and follows: /metrics in Prometheus text format
 * from a real API process, counting operations by name, errors by code,
 * Bolt round trips, the read model's build and lag and the open inbox
 * streams; and request ids that a client (or the proxy in front of the
 * replicas) sends, echoed and logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/neo4j/database.ts';
import { createServices } from '../../src/modules/services.ts';
import { A, as, coordinationScenario } from '../support/coordination.ts';
import { connectTestDatabase, createTestApp, emptyGraph } from '../support/graph.ts';
import { post, printed, sample, scrape, startReplica, stopAll, subscribe, type Started } from '../support/processes.ts';

let db: Database;
let api: Started & { url: string };

beforeAll(async () => {
  db = connectTestDatabase();
  const services = await createServices(db);
  await emptyGraph(db);
  expect((await services.datasets.load(coordinationScenario())).problems).toEqual([]);
  api = await startReplica();
  await printed(api, 'analysis read model built');
});

afterAll(async () => {
  await stopAll();
  await db?.close();
});

const REGIONS = 'query Regions { regions { code } }';
const READINESS = 'query Readiness { restartReadiness(enterpriseId: "fx-qy-plant-1", asOf: "2020-02-10") { ready } }';

describe('/metrics', () => {
  it('counts operations by name, errors by code, Bolt round trips, the read model and open inbox streams', async () => {
    const viewer = await as(A.qingyang, 'VIEWER');
    const first = await scrape(api.url);
    expect(sample(first, 'fugong_read_model_builds_total')).toBe(1);
    expect(sample(first, 'fugong_read_model_build_seconds')).toBeGreaterThan(0);
    const tripsBefore = sample(first, 'fugong_bolt_round_trips_total')!;
    expect(tripsBefore).toBeGreaterThan(0);

    for (let i = 0; i < 2; i++) expect((await post(api.url, viewer, REGIONS)).body.errors).toBeUndefined();
    expect((await post(api.url, viewer, READINESS)).body.errors).toBeUndefined();
    const refused = await post(api.url, viewer, 'query Page { enterprises(first: 0) { totalCount } }');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const anonymous = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: REGIONS }) });
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();

    // A stream refused before it starts is an error answered too.
    const forbidden = await subscribe<unknown>(api.url, viewer, 'subscription { requestEvents(agencyId: "agency-tianjin") { event { kind } } }', {});
    await forbidden.received(1);
    expect(forbidden.messages[0]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    forbidden.close();

    const inbox = await subscribe(api.url, viewer, 'subscription { requestEvents(agencyId: "agency-qingyang") { event { kind } } }', {});
    try {
      await expect.poll(async () => sample(await scrape(api.url), 'fugong_sse_subscribers', { inbox: 'requestEvents' }), { timeout: 10_000 }).toBe(1);
      const response = await fetch(`${api.url}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toContain('# TYPE graphql_envelop_request counter');
      expect(sample(text, 'graphql_envelop_request', { operationName: 'Regions', operationType: 'query' })).toBe(2);
      expect(sample(text, 'graphql_envelop_request', { operationName: 'Readiness', operationType: 'query' })).toBe(1);
      expect(sample(text, 'graphql_envelop_request_duration_count', { operationName: 'Regions', operationType: 'query' })).toBe(2);
      expect(sample(text, 'graphql_envelop_request_duration_bucket', { operationName: 'Regions', operationType: 'query', le: '+Inf' })).toBe(2);
      expect(sample(text, 'fugong_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
      expect(sample(text, 'fugong_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
      expect(sample(text, 'fugong_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
      expect(sample(text, 'fugong_graphql_errors_total', { code: 'INTERNAL_SERVER_ERROR' })).toBeUndefined();
      expect(sample(text, 'fugong_sse_subscribers', { inbox: 'applicationEvents' })).toBe(0);
      expect(sample(text, 'fugong_bolt_round_trips_total')).toBeGreaterThan(tripsBefore);
      // The readiness and the two region reads: every read of the supply graph is answered from the current model.
      expect(sample(text, 'fugong_analysis_answers_total', { source: 'read_model' })).toBe(3);
      expect(sample(text, 'fugong_read_model_epoch_behind')).toBe(0);
      expect(sample(text, 'fugong_read_model_seq_lag')).toBe(0);
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      inbox.close();
    }
    await expect.poll(async () => sample(await scrape(api.url), 'fugong_sse_subscribers', { inbox: 'requestEvents' }), { timeout: 10_000 }).toBe(0);
  });

  it('is served at METRICS_PATH, and not at all with METRICS_ENABLED=false', async () => {
    const moved = await createTestApp({ config: { METRICS_PATH: '/internal/metrics' } });
    const off = await createTestApp({ config: { METRICS_ENABLED: 'false' } });
    try {
      expect((await moved.yoga.fetch('http://fugong.test/internal/metrics')).status).toBe(200);
      expect((await moved.yoga.fetch('http://fugong.test/metrics')).status).toBe(404);
      expect((await off.yoga.fetch('http://fugong.test/metrics')).status).toBe(404);
    } finally {
      await moved.close();
      await off.close();
    }
  });
});

describe('request ids', () => {
  it("keeps a caller's x-request-id, echoes it and logs it; replaces one that is too long or unsafe", async () => {
    const viewer = await as(A.qingyang, 'VIEWER');
    const kept = await post(api.url, viewer, REGIONS, {}, { 'x-request-id': 'edge-7f3a.0001:replica' });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a.0001:replica');
    await printed(api, '"requestId":"edge-7f3a.0001:replica"', 5000);

    for (const bad of ['x'.repeat(101), 'a b', '"}{"level":60', '../../etc']) {
      const replaced = await post(api.url, viewer, REGIONS, {}, { 'x-request-id': bad });
      const id = replaced.headers.get('x-request-id')!;
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    // Without one, each request gets its own, and a refusal before the token is checked carries it too.
    const refused = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: REGIONS }) });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await refused.body?.cancel();
  });
});

/**
 * Request abuse: requests per user and per address, and open inbox streams
 * per user, are limited with a typed refusal (429, RATE_LIMITED, Retry-After).
 * Each test app sets its own low limits; the defaults are far above what the
 * suite sends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createTestApp, emptyGraph, tokenFor, type GraphQLBody, type TestApp } from '../support/graph.ts';
import { dataset } from '../support/fixtures.ts';

const QUERY = '{ enterprise(id: "fx-a") { id } }';
const fixture = () => dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING' }] });

async function listen(app: TestApp): Promise<{ server: Server; url: string }> {
  const server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function expectRateLimited(response: Response, limit: string, retryAfter = true): Promise<void> {
  expect(response.status).toBe(429);
  const body = (await response.json()) as GraphQLBody<unknown>;
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit });
  expect(body.errors?.[0]?.message).toContain(limit);
  if (retryAfter) {
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(response.headers.get('retry-after')));
  }
}

it('has defaults far above what one client of a bureau sends, and 0 turns a limit off', () => {
  expect(loadConfig({})).toMatchObject({ RATE_LIMIT_PER_USER_PER_MINUTE: 6000, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: 12000, SUBSCRIPTIONS_PER_USER_MAX: 10 });
  expect(loadConfig({ RATE_LIMIT_PER_USER_PER_MINUTE: '0' }).RATE_LIMIT_PER_USER_PER_MINUTE).toBe(0);
  expect(() => loadConfig({ RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_ADDRESS_PER_MINUTE/);
});

describe('requests per user (RATE_LIMIT_PER_USER_PER_MINUTE)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ config: { RATE_LIMIT_PER_USER_PER_MINUTE: '3' } });
    await emptyGraph(app.db);
    await app.datasets.load(fixture());
  });
  afterAll(() => app.close());

  it('refuses the request past the allowance with 429 and Retry-After, for that user only', async () => {
    const wang = await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER', user: 'qy-wang' });
    for (let i = 0; i < 3; i++) expect((await app.graphqlAs(wang, QUERY)).errors).toBeUndefined();
    await expectRateLimited(await app.post(wang, QUERY), 'RATE_LIMIT_PER_USER_PER_MINUTE');
    // Another token of the same user shares the allowance; another user has their own.
    await expectRateLimited(await app.post(await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR', user: 'qy-wang' }), QUERY), 'RATE_LIMIT_PER_USER_PER_MINUTE');
    expect((await app.graphqlAs(await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER', user: 'qy-li' }), QUERY)).errors).toBeUndefined();
  });
});

describe('requests per address (RATE_LIMIT_PER_ADDRESS_PER_MINUTE)', () => {
  let app: TestApp;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp({ config: { RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '4', RATE_LIMIT_PER_USER_PER_MINUTE: '0' } });
    await emptyGraph(app.db);
    await app.datasets.load(fixture());
    ({ server, url } = await listen(app));
  });
  afterAll(async () => {
    await stop(server);
    await app.close();
  });

  it('counts every request from one address, whatever its token, and those without one too', async () => {
    const post = async (token: string | null) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query: QUERY }) });
    const tokens = await Promise.all(['a', 'b', 'c'].map((user) => tokenFor({ agency: 'agency-qingyang', role: 'VIEWER', user })));
    for (const token of tokens) expect((await post(token)).status).toBe(200);
    expect((await post(null)).status).toBe(401);
    await expectRateLimited(await post(await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER', user: 'd' })), 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE');
    await expectRateLimited(await post(null), 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE');
    expect((await fetch(url.replace('/graphql', '/health'))).status).toBe(200);
  });
});

describe('open inbox streams per user (SUBSCRIPTIONS_PER_USER_MAX)', () => {
  let app: TestApp;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    app = await createTestApp({ config: { SUBSCRIPTIONS_PER_USER_MAX: '2' } });
    await emptyGraph(app.db);
    await app.datasets.load(fixture());
    ({ server, url } = await listen(app));
  });
  afterAll(async () => {
    await stop(server);
    await app.close();
  });

  const open = async (token: string) => {
    const abort = new AbortController();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription($a: ID!) { requestEvents(agencyId: $a) { event { kind } } }', variables: { a: 'agency-qingyang' } }),
      signal: abort.signal,
    });
    if (response.status === 200) {
      // Read as a browser does, so the server sees the stream end when it is closed.
      const reader = response.body!.getReader();
      void (async () => {
        for (;;) if ((await reader.read()).done) return;
      })().catch(() => {});
    }
    return { response, close: () => abort.abort() };
  };

  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('refuses one stream more than the limit with 429 before it opens, and takes one again once a stream closes', async () => {
    const wang = await tokenFor({ agency: 'agency-qingyang', role: 'COORDINATOR', user: 'qy-wang' });
    const first = await open(wang);
    const second = await open(wang);
    try {
      expect([first.response.status, second.response.status]).toEqual([200, 200]);
      await waitFor(() => app.requestEvents.subscribers('agency-qingyang') === 2);
      const third = await open(wang);
      const text = await third.response.text();
      expect(third.response.status).toBe(429);
      expect(text).toContain('"code":"RATE_LIMITED"');
      expect(text).toContain('SUBSCRIPTIONS_PER_USER_MAX');
      expect(app.requestEvents.subscribers('agency-qingyang')).toBe(2);

      // Another user of the agency has streams of their own.
      const li = await open(await tokenFor({ agency: 'agency-qingyang', role: 'VIEWER', user: 'qy-li' }));
      expect(li.response.status).toBe(200);
      li.close();

      first.close();
      let again: Awaited<ReturnType<typeof open>> | undefined;
      const deadline = Date.now() + 10_000;
      for (;;) {
        again = await open(wang);
        if (again.response.status === 200 || Date.now() > deadline) break;
        await again.response.text();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(again.response.status).toBe(200);
      again.close();
    } finally {
      first.close();
      second.close();
    }
  });
});

/**
 * The live inbox over a real HTTP server: Server-Sent Events streams opened
 * with `fetch` and a bearer token receive the events of requests their
 * agency takes part in, in order, and nothing about others' requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/neo4j/database.ts';
import { createApp, type App } from '../../../src/server/app.ts';
import { createLogger } from '../../../src/server/logger.ts';
import { connectTestDatabase, emptyGraph, testConfig } from '../../support/graph.ts';
import { A, as, coordinationScenario, FILE, filing, TODAY, type FileBody } from '../../support/coordination.ts';
import { readEventStream } from '../../support/sse.ts';

const INBOX = `subscription Inbox($agencyId: ID!) {
  requestEvents(agencyId: $agencyId) {
    request { id status requesters { id } addressee { id } events { seq kind } }
    event { seq kind actor agencyId note }
  }
}`;

interface Notice {
  request: { id: string; status: string; requesters: { id: string }[]; addressee: { id: string }; events: { seq: number; kind: string }[] };
  event: { seq: number; kind: string; actor: string; agencyId: string; note: string | null };
}

interface Stream {
  status: number;
  messages: { data?: { requestEvents: Notice }; errors?: { message: string; extensions?: Record<string, unknown> }[] }[];
  /** Resolves once `count` messages have arrived. */
  received(count: number): Promise<void>;
  close(): void;
}

let db: Database;
let app: App;
let server: Server;
let url: string;

beforeAll(async () => {
  db = connectTestDatabase();
  app = await createApp(testConfig(), db, createLogger('silent'), { today: () => TODAY });
  await emptyGraph(db);
  expect((await app.datasets.load(coordinationScenario())).problems).toEqual([]);
  server = createServer(app.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
});

async function open(token: string, agencyId: string): Promise<Stream> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: INBOX, variables: { agencyId } }),
    signal: abort.signal,
  });
  const messages: Stream['messages'] = [];
  const waiters: (() => void)[] = [];
  readEventStream<Stream['messages'][number]>(response.body!, (message) => {
    messages.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    status: response.status,
    messages,
    received: async (count) => {
      const deadline = Date.now() + 10_000;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}: ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => abort.abort(),
  };
}

/** Waits until this replica has `count` open subscriptions for the agency: the stream is listening. */
async function listening(agencyId: string, count = 1): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (app.requestEvents.subscribers(agencyId) < count) {
    if (Date.now() > deadline) throw new Error(`no subscription for ${agencyId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function post<T>(token: string | null, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe('live inbox over Server-Sent Events', () => {
  it('delivers each event to the requester, addressee, copied and originator agencies, and not to an unrelated one', async () => {
    const streams = {
      chengdu: await open(await as(A.chengdu, 'COORDINATOR'), A.chengdu),
      tianjin: await open(await as(A.tianjin, 'VIEWER'), A.tianjin),
      sichuan: await open(await as(A.sichuan, 'COORDINATOR'), A.sichuan),
      qingyang: await open(await as(A.qingyang, 'VIEWER'), A.qingyang),
      mianyang: await open(await as(A.mianyang, 'COORDINATOR'), A.mianyang),
    };
    try {
      for (const stream of Object.values(streams)) expect(stream.status).toBe(200);
      for (const agency of [A.chengdu, A.tianjin, A.sichuan, A.qingyang, A.mianyang]) await listening(agency);

      const filed = await post<FileBody>(await as(A.chengdu, 'COORDINATOR', 'cd-li'), FILE, filing());
      expect(filed.body.errors).toBeUndefined();
      const id = filed.body.data!.fileCoordinationRequest.request.id;
      const ack = await post<{ errors?: unknown }>(await as(A.tianjin, 'COORDINATOR', 'tj-zhao'), 'mutation($id: ID!) { acknowledgeRequest(id: $id, note: "收到") { status } }', { id });
      expect(ack.body.errors).toBeUndefined();

      for (const name of ['chengdu', 'tianjin', 'sichuan', 'qingyang'] as const) {
        const stream = streams[name];
        await stream.received(2);
        const notices = stream.messages.map((m) => m.data!.requestEvents);
        expect(notices.map((n) => [n.request.id, n.event.seq, n.event.kind, n.event.actor, n.event.agencyId])).toEqual([
          [id, 1, 'FILED', 'cd-li', A.chengdu],
          [id, 2, 'ACKNOWLEDGED', 'tj-zhao', A.tianjin],
        ]);
        // The request as it stood right after each event, read fresh for each delivery.
        expect(notices.map((n) => [n.request.status, n.request.events.length])).toEqual([
          ['SUBMITTED', 1],
          ['ACKNOWLEDGED', 2],
        ]);
      }

      // Mianyang takes part in nothing so far. Its first delivery must be its own filing, published after all of the above.
      const own = await post<FileBody>(await as(A.mianyang, 'COORDINATOR'), FILE, filing({ targets: [{ enterpriseId: 'fx-tj-valves', componentId: 'fx-valve' }], plantIds: ['fx-my-plant'], copiedAgencyIds: [], originatorAgencyId: null }));
      expect(own.body.errors).toBeUndefined();
      await streams.mianyang.received(1);
      await streams.tianjin.received(3);
      expect(streams.mianyang.messages.map((m) => [m.data!.requestEvents.request.id, m.data!.requestEvents.event.kind])).toEqual([[own.body.data!.fileCoordinationRequest.request.id, 'FILED']]);
      // Chengdu, Sichuan and Qingyang take no part in Mianyang's request.
      const lastTianjin = streams.tianjin.messages.at(-1)!.data!.requestEvents;
      expect(lastTianjin.request.id).toBe(own.body.data!.fileCoordinationRequest.request.id);
      for (const name of ['chengdu', 'sichuan', 'qingyang'] as const) expect(streams[name].messages).toHaveLength(2);
    } finally {
      for (const stream of Object.values(streams)) stream.close();
    }
  });

  it('lets users follow only their own agency, an ADMIN any', async () => {
    const refused = await open(await as(A.mianyang, 'COORDINATOR'), A.tianjin);
    try {
      await refused.received(1);
      expect(refused.messages[0]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(refused.messages[0]!.errors?.[0]?.message).toContain('only users of agency-tianjin (or an ADMIN) may follow its request events; you are COORDINATOR of agency-mianyang');
    } finally {
      refused.close();
    }
    const before = app.requestEvents.subscribers(A.tianjin);
    const admin = await open(await as('agency-ops', 'ADMIN'), A.tianjin);
    try {
      await listening(A.tianjin, before + 1);
      const filed = await post<FileBody>(await as(A.qingyang, 'COORDINATOR'), FILE, filing({ targets: [{ enterpriseId: 'fx-tj-supplier', componentId: 'fx-valve' }] }));
      expect(filed.body.errors).toBeUndefined();
      await admin.received(1);
      expect(admin.messages[0]!.data!.requestEvents.event.kind).toBe('FILED');
    } finally {
      admin.close();
    }
  });

  it('lets go of a subscription when its client disconnects, though no event came', async () => {
    // The streams of the tests above were closed: none of them is still held.
    await expect.poll(() => app.requestEvents.subscribers(), { timeout: 5000 }).toBe(0);
    const before = 0;
    const quiet = await open(await as(A.sichuan, 'VIEWER'), A.sichuan);
    const other = await open(await as(A.sichuan, 'VIEWER'), A.sichuan);
    await listening(A.sichuan, app.requestEvents.subscribers(A.sichuan));
    await expect.poll(() => app.requestEvents.subscribers()).toBe(before + 2);
    quiet.close();
    await expect.poll(() => app.requestEvents.subscribers(), { timeout: 5000 }).toBe(before + 1);
    // The stream still open goes on receiving.
    const filed = await post<FileBody>(await as(A.chengdu, 'COORDINATOR'), FILE, filing({ copiedAgencyIds: [A.sichuan] }));
    expect(filed.body.errors).toBeUndefined();
    await other.received(1);
    other.close();
    await expect.poll(() => app.requestEvents.subscribers(), { timeout: 5000 }).toBe(before);
    expect(quiet.messages).toEqual([]);
  });

  it('refuses a stream without a token with 401', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: INBOX, variables: { agencyId: A.qingyang } }),
    });
    expect(response.status).toBe(401);
    await response.body?.cancel();
  });
});

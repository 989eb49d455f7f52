/**
 * What operators see: health and readiness that follow Neo4j, masked
 * failures, GraphQL limits, and one structured log line per operation.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Database } from '../../src/neo4j/database.ts';
import { createApp } from '../../src/server/app.ts';
import { createTestApp, emptyGraph, TEST_ADMIN, testConfig, tokenFor, type TestApp } from '../support/graph.ts';
import { dataset } from '../support/fixtures.ts';

/** A TCP relay to Neo4j's Bolt port that can be cut and restored, to play an outage. */
class BoltRelay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async cut(): Promise<void> {
    this.server?.removeAllListeners('connection');
    this.server?.on('connection', (late: Socket) => late.destroy());
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('health and readiness', () => {
  const neo4j = inject('neo4j');
  const target = new URL(neo4j.uri.replace(/^[a-z+]+:/, 'http:'));
  const relay = new BoltRelay({ host: target.hostname, port: Number(target.port) });
  let db: Database;
  let app: Awaited<ReturnType<typeof createApp>>;

  beforeAll(async () => {
    await relay.open();
    db = Database.connect({ ...neo4j, uri: `bolt://127.0.0.1:${relay.port}` }, neo4j.database);
    app = await createApp(testConfig(), db, pino({ level: 'silent' }));
    // The read model builds in the background at start: let it finish, so the outage below meets no query in flight.
    await app.analysis.whenCurrent();
  });
  afterAll(async () => {
    await relay.cut();
    await db.close();
  });

  it('is live, and ready only while Neo4j answers, without a restart', async () => {
    const status = async (path: string) => (await app.yoga.fetch(`http://fugong.test${path}`)).status;
    expect(await status('/health')).toBe(200);
    expect(await status('/ready')).toBe(200);

    await relay.cut();
    expect(await status('/ready')).toBe(503);
    expect(await status('/health')).toBe(200);
    const during = await app.yoga.fetch('http://fugong.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(TEST_ADMIN)}` },
      body: JSON.stringify({ query: '{ enterprise(id: "x") { id } }' }),
    });
    const body = (await during.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]?.extensions.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|stack|bolt:\/\//);

    await relay.open(relay.port);
    expect(await status('/ready')).toBe(200);
  });
});

describe('limits, masking and logs', () => {
  let app: TestApp;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    app = await createTestApp({ config: { GRAPHQL_MAX_DEPTH: '6', GRAPHQL_MAX_ALIASES: '3' }, log: pino({ level: 'info' }, sink) });
    await emptyGraph(app.db);
    await app.datasets.load(dataset({ enterprises: [{ id: 'fx-a', name: '甲厂', region: '510105', status: 'OPERATING' }] }));
  });
  afterAll(() => app.close());

  it('refuses queries deeper than GRAPHQL_MAX_DEPTH', async () => {
    const body = await app.graphql(`{ enterprise(id: "fx-a") { region { parent { parent { children { children { children { code } } } } } } } }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const body = await app.graphql(`{ a: enterprise(id: "fx-a") { id } b: enterprise(id: "fx-a") { id } c: enterprise(id: "fx-a") { id } d: enterprise(id: "fx-a") { id } }`);
    expect(body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('does not suggest field names to a caller who guesses', async () => {
    const body = await app.graphql(`{ enterprise(id: "fx-a") { nam } }`);
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('logs each operation with request id, operation name and duration', async () => {
    lines.length = 0;
    await app.graphql(`query WhoIsA { enterprise(id: "fx-a") { name } }`, {}, { 'x-request-id': 'req-test-1' });
    const line = lines.find((l) => l.msg === 'graphql operation');
    expect(line).toMatchObject({ requestId: 'req-test-1', operationName: 'WhoIsA', errors: 0 });
    expect(typeof line?.durationMs).toBe('number');
  });
});

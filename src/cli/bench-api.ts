/**
 * `npm run bench:api -- [--enterprises N] [--seed S] [--store DIR] [--seconds S] [--rounds R] [--connections C] [--ids K]`
 *
 * One Neo4j holding a generated network (the store helpers of the analysis
 * benchmark: `--store DIR` keeps it for a later run), served three ways from
 * this process, each on its own port on 127.0.0.1:
 *   fugong  the API as `npm start` serves it (createApp, its Yoga: token,
 *           limits, read model, freshness check)
 *   peer    `@neo4j/graphql` 7 over equivalent type definitions of the same
 *           labels and relationships, behind graphql-yoga
 *   floor   one hand-written Cypher per request through neo4j-driver behind
 *           the same graphql-yoga; for readiness, the freshness query and the
 *           pure evaluation on the read model, as `bench:analysis`'s floors
 * Each request type is first asked of all three for every id of a fixed list,
 * and the answers must be equal; then autocannon (in a worker thread, so that
 * the client does not share the servers' event loop) drives each server with
 * C connections for S seconds, interleaved (fugong, peer, floor, fugong, …)
 * for R rounds, the bodies cycling through the same ids. Last, a CPU profile
 * of one more Fugong round per request type says where its time goes.
 */
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { createYoga } from 'graphql-yoga';
import neo4j, { type Driver } from 'neo4j-driver';
import { restartReadiness } from '../analysis/index.ts';
import { loadConfig } from '../config.ts';
import { readModelVersion } from '../modules/analysis/cypher.ts';
import { mintToken, resolveTokenKey } from '../modules/identity/tokens.ts';
import { Database, type QueryCounter } from '../neo4j/database.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { BENCH_ASOF, benchSamples, CITY_FIRST_20, ENTERPRISE_BY_ID, READINESS, SUPPLIERS_TWO_LEVELS } from './bench-queries.ts';
import { flag, openBenchStore, prepareBenchStore, percentile, say, storeFlag } from './bench-store.ts';

const enterprises = flag('enterprises', 100_000);
const seed = flag('seed', 1);
const seconds = flag('seconds', 10);
const rounds = flag('rounds', 3);
const connections = flag('connections', 10);
const sampleSize = flag('ids', 200);
const storeDir = storeFlag();

type Json = Record<string, unknown>;
type Variables = Record<string, unknown>;

/** The peer's schema: the same labels, relationships and properties as Fugong's store, in `@neo4j/graphql` 7's terms. */
const PEER_TYPE_DEFS = `
  type Region @node {
    code: ID!
    name: String!
    level: String!
    parent: [Region!]! @relationship(type: "PART_OF", direction: OUT)
  }
  type Enterprise @node {
    id: ID!
    name: String!
    region: [Region!]! @relationship(type: "LOCATED_IN", direction: OUT)
    suppliers: [Enterprise!]! @relationship(type: "SUPPLIES", direction: IN, properties: "Supplies")
  }
  type Supplies @relationshipProperties {
    component: String!
    share: Float
  }
`;

const PEER_REGION = 'region { code name }';
const peerSupplies = (inner: string) => `suppliersConnection(sort: [{ node: { id: ASC } }, { edge: { component: ASC } }]) { edges { properties { component } node { id name ${PEER_REGION} ${inner} } } }`;

/** A request type: what Fugong and the floor are asked, what the peer is asked, and the peer's answer in Fugong's shape. */
interface RequestType {
  name: string;
  query: string;
  variables: (id: string) => Variables;
  ids: string[];
  peer?: { query: string; toFugong: (data: Json) => Json };
}

type PeerEnterprise = { id: string; name: string; region: Json[]; suppliersConnection?: { edges: { properties: { component: string }; node: PeerEnterprise }[] } };
const fromPeer = (e: PeerEnterprise): Json => ({
  id: e.id,
  name: e.name,
  region: e.region[0] ?? null,
  ...(e.suppliersConnection ? { suppliers: e.suppliersConnection.edges.map((edge) => ({ component: { id: edge.properties.component }, supplier: fromPeer(edge.node) })) } : {}),
});

/** Counts the statements `@neo4j/graphql` sends (it runs each in `session.executeRead`). */
function countingDriver(driver: Driver, counter: QueryCounter): Driver {
  const bound = <T extends object>(target: T, key: string | symbol) => {
    const value = Reflect.get(target, key) as unknown;
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  };
  const countRuns = <T extends object>(tx: T): T =>
    new Proxy(tx, {
      get: (target, key) =>
        key === 'run'
          ? (...args: unknown[]) => {
              counter.queries++;
              return (Reflect.get(target, key) as (...a: unknown[]) => unknown).apply(target, args);
            }
          : bound(target, key),
    });
  return new Proxy(driver, {
    get: (target, key) =>
      key === 'session'
        ? (...args: Parameters<Driver['session']>) => {
            const session = target.session(...args);
            return new Proxy(session, {
              get: (s, k) =>
                k === 'executeRead' || k === 'executeWrite' || k === 'run'
                  ? (first: unknown, ...rest: unknown[]) => {
                      const original = Reflect.get(s, k) as (...a: unknown[]) => unknown;
                      if (k === 'run') counter.queries++;
                      const work = typeof first === 'function' ? (tx: object) => (first as (t: object) => unknown)(countRuns(tx)) : first;
                      return original.apply(s, [work, ...rest]);
                    }
                  : bound(s, k),
            });
          }
        : bound(target, key),
  });
}

const FLOOR_TYPE_DEFS = `
  scalar Date
  type Region { code: String! name: String! enterprises(first: Int = 50): EnterpriseConnection! }
  type EnterpriseConnection { nodes: [Enterprise!]! }
  type Component { id: ID! }
  type Supply { component: Component! supplier: Enterprise! }
  type Enterprise { id: ID! name: String! region: Region suppliers: [Supply!]! }
  type BlockedInput { component: Component! reason: String! suppliers: [Enterprise!]! rootCauses: [Enterprise!]! }
  type RootCause { enterprise: Enterprise! components: [Component!]! tier: Int! }
  type RestartReadiness { ready: Boolean! expectedReadyDate: Date blockedInputs: [BlockedInput!]! rootCauses: [RootCause!]! }
  type Query {
    enterprise(id: ID!): Enterprise
    region(code: String!): Region
    restartReadiness(enterpriseId: ID!, asOf: Date): RestartReadiness!
  }
`;

const FLOOR_ENTERPRISE = `MATCH (e:Enterprise {id: $id}) OPTIONAL MATCH (e)-[:LOCATED_IN]->(r:Region)
  RETURN e { .id, .name, region: r { .code, .name } } AS e`;
const FLOOR_SUPPLIERS = `MATCH (e:Enterprise {id: $id}) OPTIONAL MATCH (e)-[:LOCATED_IN]->(r:Region)
  RETURN e { .id, .name, region: r { .code, .name }, suppliers: COLLECT {
    MATCH (s:Enterprise)-[l:SUPPLIES]->(e) OPTIONAL MATCH (s)-[:LOCATED_IN]->(sr:Region)
    WITH s, l, sr ORDER BY s.id, l.component
    RETURN { component: { id: l.component }, supplier: s { .id, .name, region: sr { .code, .name }, suppliers: COLLECT {
      MATCH (t:Enterprise)-[m:SUPPLIES]->(s) OPTIONAL MATCH (t)-[:LOCATED_IN]->(tr:Region)
      WITH t, m, tr ORDER BY t.id, m.component
      RETURN { component: { id: m.component }, supplier: t { .id, .name, region: tr { .code, .name } } } } } } } } AS e`;
const FLOOR_CITY = `MATCH (:Region {code: $code})<-[:PART_OF]-(:Region)<-[:LOCATED_IN]-(e:Enterprise)
  RETURN e { .id, .name } AS e ORDER BY e.id LIMIT $first`;

interface Served {
  name: 'fugong' | 'peer' | 'floor';
  url: string;
  http: Server;
  trips: QueryCounter;
}

async function serve(name: Served['name'], handler: Parameters<typeof createServer>[1], trips: QueryCounter): Promise<Served> {
  const http = createServer(handler);
  http.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { name, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, http, trips };
}

/** Sorts object keys, so that two answers compare equal whatever order each server wrote its fields in. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Json)[k])]));
  return value;
}

async function ask(url: string, token: string, query: string, variables: Variables): Promise<Json> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as { data?: Json; errors?: unknown[] };
  if (answer.errors || !answer.data) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return answer.data;
}

/**
 * autocannon in a worker thread, the bodies cycling through `bodies`. Its own
 * latency histogram has no p95, so each response time is kept and sorted here.
 */
const DRIVER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const { url, token, bodies, connections, seconds, timeout } = workerData;
let next = 0;
const latencies = [];
const started = Date.now();
const instance = autocannon({
  url, connections, duration: seconds, timeout, method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
  requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
  verifyBody: (body) => !body.includes('"errors"'),
}, (error, result) => {
  if (error) throw error;
  parentPort.postMessage({ requests: latencies.length, seconds: (Date.now() - started) / 1000, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, mismatches: result.mismatches, latencies });
});
instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
`;
/** autocannon's own default: a request unanswered this long counts as failed. */
const TIMEOUT_SECONDS = 10;
const autocannonPath = createRequire(import.meta.url).resolve('autocannon');

interface Round {
  requests: number;
  seconds: number;
  failed: number;
  latencies: number[];
  trips: number;
}

function drive(target: Served, token: string, bodies: string[], durationSeconds: number): Promise<Round> {
  const before = target.trips.queries;
  return new Promise((resolve, reject) => {
    const worker = new Worker(DRIVER, { eval: true, workerData: { autocannon: autocannonPath, url: target.url, token, bodies, connections, seconds: durationSeconds, timeout: TIMEOUT_SECONDS } });
    worker.once('error', reject);
    worker.once('message', (m: { requests: number; seconds: number; non2xx: number; errors: number; timeouts: number; mismatches: number; latencies: number[] }) => {
      void worker.terminate();
      resolve({ requests: m.requests, seconds: m.seconds, failed: m.non2xx + m.errors + m.timeouts + m.mismatches, latencies: m.latencies, trips: target.trips.queries - before });
    });
  });
}

/** Where a CPU profile's samples fall, by the code they ran in. */
function bucketOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (/\/(jose|jsonwebtoken|jws|jwa|plugin-jwt)\//.test(url)) return 'token check';
  if (url.includes('/graphql/language/')) return 'parsing';
  if (url.includes('/graphql/validation/') || url.includes('/graphql/utilities/')) return 'validation';
  if (url.includes('graphql-armor') || url.includes('/src/server/rate-limits') || url.includes('/src/server/refusals')) return 'limits (armor, rate limits, refusals)';
  if (url.includes('/graphql/execution/') || url.includes('/graphql/jsutils/') || url.includes('/graphql/type/')) return 'execution (graphql-js)';
  if (functionName === 'stringify' || functionName === 'parse' || url.includes('fast-json')) return 'JSON (serialisation, request body)';
  if (url.includes('neo4j-driver')) return 'neo4j-driver (freshness check and reads)';
  if (url.includes('/src/modules/analysis/') || url.includes('/src/analysis/')) return 'read model and analysis';
  if (url.includes('/src/')) return 'Fugong resolvers, loaders and plugins';
  if (url.includes('graphql-yoga') || url.includes('@envelop') || url.includes('@whatwg-node') || url.includes('@graphql-yoga')) return 'Yoga and its fetch layer';
  if (url.includes('pino')) return 'logging';
  if (url.includes('prom-client')) return 'metrics (prom-client)';
  if (url.includes('/dataloader/')) return 'Fugong resolvers, loaders and plugins';
  if (url.startsWith('node:')) return 'Node (HTTP, sockets, streams, timers)';
  if (url === '') return 'V8 builtins and native code';
  return 'other libraries';
}

async function main(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    SEED_ON_EMPTY: 'false',
    ANALYSIS_READ_MODEL: 'memory',
    OPERATOR_AGENCIES: 'bench',
    // Counted, as in production, but far above what ten connections send: the limits' cost is measured, not their refusals.
    RATE_LIMIT_PER_USER_PER_MINUTE: '1000000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000000',
  });
  process.setSourceMapsEnabled(config.STACK_TRACE_SOURCE_MAPS);
  const store = await openBenchStore({ enterprises, seed, storeDir, config });
  const servers: Served[] = [];
  const dbs: Database[] = [];
  let peerDriver: Driver | undefined;
  try {
    const db = Database.connect(store.connection, config.NEO4J_DATABASE);
    dbs.push(db);
    const app = await createApp(config, db, createLogger('silent'), { today: () => BENCH_ASOF });
    await prepareBenchStore(app, store);
    await app.analysis.whenCurrent();
    await app.analysis.whenDayPrepared();
    const model = app.analysis.currentReadModel;
    if (!model) throw new Error('the read model did not build');

    const fugong = await serve('fugong', app.yoga, db.stats);

    const peerTrips: QueryCounter = { queries: 0 };
    peerDriver = Database.connect(store.connection, config.NEO4J_DATABASE).driver;
    const peerSchema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver: countingDriver(peerDriver, peerTrips) }).getSchema();
    const peer = await serve('peer', createYoga({ schema: peerSchema, logging: false, graphiql: false }), peerTrips);

    const floorDb = Database.connect(store.connection, config.NEO4J_DATABASE);
    dbs.push(floorDb);
    const one = async (cypher: string, params: Variables) => (await floorDb.query<{ e: Json }>({ operation: 'bench.floor' }, cypher, params)).records.map((r) => r.get('e'));
    const floorSchema = makeExecutableSchema({
      typeDefs: FLOOR_TYPE_DEFS,
      resolvers: {
        Query: {
          // The selection decides the statement: one hand-written query per request type.
          enterprise: async (_: unknown, { id }: { id: string }, _c: unknown, info: { fieldNodes: readonly { selectionSet?: { selections: readonly { kind: string; name?: { value: string } }[] } }[] }) => {
            const deep = info.fieldNodes[0]!.selectionSet!.selections.some((s) => s.kind === 'Field' && s.name?.value === 'suppliers');
            return (await one(deep ? FLOOR_SUPPLIERS : FLOOR_ENTERPRISE, { id }))[0] ?? null;
          },
          region: (_: unknown, { code }: { code: string }) => ({ code, enterprises: async ({ first }: { first: number }) => ({ nodes: await one(FLOOR_CITY, { code, first: neo4j.int(first) }) }) }),
          // The freshness query every answer makes, then the pure evaluation on the read model (nothing changes during the run).
          restartReadiness: async (_: unknown, { enterpriseId, asOf }: { enterpriseId: string; asOf?: string }) => {
            await readModelVersion(floorDb.single({ operation: 'bench.floor' }), model.seq, 1000);
            const answer = restartReadiness(model.trusted, enterpriseId, asOf ?? BENCH_ASOF, model.cache);
            return {
              ready: answer.ready,
              expectedReadyDate: answer.expectedReadyDate,
              blockedInputs: answer.blockedInputs.map((b) => ({ component: { id: b.component }, reason: b.reason, suppliers: b.suppliers.map((id) => ({ id })), rootCauses: b.rootCauses.map((id) => ({ id })) })),
              rootCauses: answer.rootCauses.map((r) => ({ enterprise: { id: r.enterprise }, components: r.components.map((id) => ({ id })), tier: r.tier })),
            };
          },
        },
      },
    });
    const floor = await serve('floor', createYoga({ schema: floorSchema, logging: false, graphiql: false }), floorDb.stats);
    servers.push(fugong, peer, floor);

    const token = await mintToken(resolveTokenKey(config) as { secret: string }, { sub: 'bench', agency: 'bench', role: 'VIEWER' }, 3600);
    const samples = await benchSamples(db, sampleSize);
    const types: RequestType[] = [
      {
        name: 'enterprise by id, with its region',
        query: ENTERPRISE_BY_ID,
        variables: (id) => ({ id }),
        ids: samples.enterprises,
        peer: {
          query: `query($id: ID!) { enterprises(where: { id: { eq: $id } }) { id name ${PEER_REGION} } }`,
          toFugong: (data) => ({ enterprise: (data.enterprises as PeerEnterprise[]).map(fromPeer)[0] ?? null }),
        },
      },
      {
        name: 'suppliers two levels deep',
        query: SUPPLIERS_TWO_LEVELS,
        variables: (id) => ({ id }),
        ids: samples.enterprises,
        peer: {
          query: `query($id: ID!) { enterprises(where: { id: { eq: $id } }) { id name ${PEER_REGION} ${peerSupplies(peerSupplies(''))} } }`,
          toFugong: (data) => ({ enterprise: (data.enterprises as PeerEnterprise[]).map(fromPeer)[0] ?? null }),
        },
      },
      {
        name: "a city's first 20 enterprises",
        query: CITY_FIRST_20,
        variables: (code) => ({ code }),
        ids: samples.cities,
        peer: {
          query: `query($code: ID!) { enterprises(where: { region: { some: { parent: { some: { code: { eq: $code } } } } } }, sort: [{ id: ASC }], limit: 20) { id name } }`,
          toFugong: (data) => ({ region: { enterprises: { nodes: data.enterprises } } }),
        },
      },
      { name: "a plant's readiness", query: READINESS, variables: (id) => ({ id, asOf: BENCH_ASOF }), ids: samples.plants },
    ];

    say('checking that the three answer the same');
    let supplies = 0;
    for (const type of types) {
      for (const id of type.ids) {
        const expected = JSON.stringify(canonical(await ask(fugong.url, token, type.query, type.variables(id))));
        const others: [string, Json][] = [['floor', await ask(floor.url, token, type.query, type.variables(id))]];
        if (type.peer) others.push(['peer', type.peer.toFugong(await ask(peer.url, token, type.peer.query, type.variables(id)))]);
        for (const [name, data] of others) {
          const got = JSON.stringify(canonical(data));
          if (got !== expected) throw new Error(`${type.name} for ${id}: ${name} answered\n${got.slice(0, 800)}\nFugong\n${expected.slice(0, 800)}`);
        }
        if (type.query === SUPPLIERS_TWO_LEVELS) supplies += (expected.match(/"component"/g) ?? []).length;
      }
    }
    say(`the same answers from every server for ${types.map((t) => `${t.ids.length} ${t.name}`).join(', ')}`);

    const print = (line: string) => process.stdout.write(`${line}\n`);
    print(`Fugong API benchmark: ${store.counts.enterprises} enterprises, ${store.counts.supplies} supplies; ${connections} connections, ${rounds} interleaved rounds of ${seconds} s per server and request type`);
    print(`ids drawn in turn from fixed lists: ${samples.enterprises.length} enterprises (${(supplies / samples.enterprises.length).toFixed(1)} supplies two levels deep on average), ${samples.cities.length} cities, ${samples.plants.length} plants`);
    print('request                            | server |  req/s (rounds)        |   p50    p95    p99 ms | Bolt/req | failed');
    const f = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0)).padStart(6);
    const summaries: string[] = [];
    for (const type of types) {
      const targets = type.peer ? [fugong, peer, floor] : [fugong, floor];
      const bodiesFor = (server: Served) =>
        type.ids.map((id) => JSON.stringify({ query: server === peer ? type.peer!.query : type.query, variables: type.variables(id) }));
      // A short warm-up each, not counted: the first requests also plan the statements in Neo4j and compile the code.
      for (const target of targets) await drive(target, token, bodiesFor(target), Math.min(3, seconds));
      const pooled = new Map<Served, Round[]>(targets.map((t) => [t, []]));
      for (let round = 0; round < rounds; round++) {
        for (const target of targets) pooled.get(target)!.push(await drive(target, token, bodiesFor(target), seconds));
      }
      const figures = new Map<Served, { rps: number; p50: number; p95: number; p99: number }>();
      for (const target of targets) {
        const rs = pooled.get(target)!;
        const requests = rs.reduce((a, r) => a + r.requests, 0);
        const latencies = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
        const perRound = rs.map((r) => r.requests / r.seconds);
        const fig = { rps: requests / rs.reduce((a, r) => a + r.seconds, 0), p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
        figures.set(target, fig);
        const range = `${Math.min(...perRound).toFixed(0)}–${Math.max(...perRound).toFixed(0)}`;
        print(
          `${(target === fugong ? type.name : '').padEnd(34)} | ${target.name.padEnd(6)} | ${fig.rps.toFixed(0).padStart(6)} (${range.padEnd(13)}) | ${f(fig.p50)} ${f(fig.p95)} ${f(fig.p99)}    | ${(requests ? (rs.reduce((a, r) => a + r.trips, 0) / requests).toFixed(2) : '-').padStart(8)} | ${rs.reduce((a, r) => a + r.failed, 0)}${requests ? '' : ` (none answered within autocannon's ${TIMEOUT_SECONDS} s timeout)`}`,
        );
      }
      const a = figures.get(fugong)!;
      const fl = figures.get(floor)!;
      const p = figures.get(peer);
      summaries.push(
        `${type.name}: Fugong/floor ${(a.rps / fl.rps).toFixed(2)}× req/s, p99 ${(a.p99 / fl.p99).toFixed(2)}× the floor's` + (p ? (p.rps ? `; Fugong/@neo4j/graphql ${(a.rps / p.rps).toFixed(2)}× req/s, p99 ${(a.p99 / p.p99).toFixed(2)}×` : `; @neo4j/graphql answered none within ${TIMEOUT_SECONDS} s`) : ''),
      );
    }
    print('ratios (req/s: above 1 is Fugong faster; p99: below 1 is Fugong faster):');
    for (const line of summaries) print(`  ${line}`);

    // Where Fugong's time goes: one more round per request type under the CPU profiler (it slows the process a little).
    print(`where Fugong's CPU goes (a CPU profile of one ${seconds} s round per request type; % of the samples that were not idle, and CPU ms per request):`);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    for (const type of types) {
      await session.post('Profiler.start');
      const round = await drive(fugong, token, type.ids.map((id) => JSON.stringify({ query: type.query, variables: type.variables(id) })), seconds);
      const { profile } = await session.post('Profiler.stop');
      const bucketOfNode = new Map<number, string>();
      for (const node of profile.nodes) bucketOfNode.set(node.id, bucketOf(node.callFrame.url, node.callFrame.functionName));
      const sampleMs = new Map<string, number>();
      const deltas = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((nodeId, i) => {
        const bucket = bucketOfNode.get(nodeId)!;
        sampleMs.set(bucket, (sampleMs.get(bucket) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
      });
      const busy = [...sampleMs].filter(([b]) => b !== 'idle').reduce((s, [, ms]) => s + ms, 0);
      const parts = [...sampleMs].filter(([b]) => b !== 'idle').sort((x, y) => y[1] - x[1]).map(([b, ms]) => `${b} ${((ms / busy) * 100).toFixed(0)}%`);
      print(`  ${type.name} (${(round.requests / round.seconds).toFixed(0)} req/s profiled; ${(busy / round.requests).toFixed(2)} CPU ms per request): ${parts.join(', ')}`);
    }
    await session.post('Profiler.disable');
    session.disconnect();
    print(`(ms; each server serves from this process on 127.0.0.1, autocannon runs in a worker thread of it; Fugong checks a bearer token, the peer and the floor do not)`);
  } finally {
    for (const server of servers) {
      server.http.closeAllConnections();
      server.http.close();
    }
    await peerDriver?.close();
    for (const db of dbs) await db.close();
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

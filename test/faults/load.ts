/**
 * `npm run bench:load -- [--seconds S] [--clients C] [--enterprises N] [--seed S]`
 *
 * Two API processes (`src/main.ts`, as `npm start` runs it) over one Neo4j
 * of this process's own, requests sent to them in turn (round-robin in the
 * client), C clients for S seconds (default 50 for 60 s), on the seed
 * scenario or, with `--enterprises N`, on a generated network of N. Each
 * client asks, request by request: 80% reads of the supply graph (an
 * enterprise with its region, its suppliers two levels deep, a city's first
 * page), 15% analysis questions (a plant's readiness, a supplier's impact, a
 * city's blocked enterprises), 5% writes: the next write of the fault run's
 * client (a coordination request filed and taken through its steps, a
 * resumption application filed, checked and approved, a status change), each
 * with its idempotency key and logged when acknowledged.
 *
 * Prints throughput, p50/p99 per kind, errors by code, and afterwards what
 * the client log says was acknowledged against what the database holds:
 * found, lost and duplicated (both must be 0; the exit code is 1 otherwise).
 * A fresh store every run: the writes stay in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { mintToken } from '../../src/modules/identity/tokens.ts';
import { createServices } from '../../src/modules/services.ts';
import { Database } from '../../src/neo4j/database.ts';
import { startEmbeddedNeo4j, type Neo4jConnection } from '../../src/neo4j/embedded/runtime.ts';
import { clientWrites, newClientLog, OPS, SECRET, Service, verifyWrites, writeBaseline, writer, writeTargets, writeTokens, type Post } from './faults.ts';
import { BENCH_ASOF, benchSamples, BLOCKED, CITY_FIRST_20, ENTERPRISE_BY_ID, IMPACT, READINESS, SUPPLIERS_TWO_LEVELS } from '../../src/cli/bench-queries.ts';
import { flag, openBenchStore, percentile, say } from '../../src/cli/bench-store.ts';

const seconds = flag('seconds', 60);
const clients = flag('clients', 50);
const generated = process.argv.includes('--enterprises');
const enterprises = flag('enterprises', 100_000);
const seed = flag('seed', 1);
/** Rounds of writes each client may reach: far more than 5% of a minute's requests need. */
const FIRMS_PER_CLIENT = 40;

type Kind = 'read' | 'analysis' | 'write';

/** A small deterministic generator per client: the same mix and ids every run. */
function random(seedValue: number): () => number {
  let state = seedValue >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false' });
  let replicas: Service[] = [];
  let db: Database | undefined;
  let close = async () => {};
  try {
    let connection: Neo4jConnection;
    let scenario: string;
    if (generated) {
      const store = await openBenchStore({ enterprises, seed, storeDir: null, config });
      close = store.close;
      connection = store.connection;
      scenario = `a generated network of ${store.counts.enterprises} enterprises and ${store.counts.supplies} supplies`;
    } else {
      const home = mkdtempSync(join(tmpdir(), 'fugong-load-'));
      const server = await startEmbeddedNeo4j({ home, cacheDir: config.NEO4J_CACHE_DIR, heap: process.env.NEO4J_HEAP ?? '1g', pageCache: process.env.NEO4J_PAGECACHE ?? '512m', log: say });
      close = async () => {
        await server.stop();
        rmSync(home, { recursive: true, force: true });
      };
      connection = server;
      scenario = 'the seed scenario';
    }
    db = Database.connect(connection, config.NEO4J_DATABASE);
    const services = await createServices(db, { readModel: 'memory' });
    if (generated) {
      say('computing able0');
      await services.analysis.refreshAll();
    } else {
      await services.datasets.seedIfEmpty();
    }
    const targets = await services.datasets.load(writeTargets(clients, FIRMS_PER_CLIENT));
    if (!targets.loaded) throw new Error(`the write targets did not load: ${targets.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const samples = await benchSamples(db, 200);
    const held = Number((await db.query<{ n: number }>({ operation: 'bench.load' }, 'MATCH (e:Enterprise) RETURN count(e) AS n')).records[0]!.get('n'));

    const env = { NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password, NEO4J_DATABASE: config.NEO4J_DATABASE, LOG_LEVEL: 'warn' };
    replicas = [new Service(env), new Service(env)];
    await Promise.all(replicas.map((replica) => replica.start(say)));

    let turn = 0;
    const roundRobin: Post = (...args) => replicas[turn++ % replicas.length]!.post(...args);
    const errors = new Map<string, number>();
    const latencies: Record<Kind, number[]> = { read: [], analysis: [], write: [] };
    /** Every answer's error codes counted by kind, retried write attempts included. */
    const tracked =
      (kind: Kind): Post =>
      async (...args) => {
        const posted = await roundRobin(...args);
        const codes = posted.body?.errors?.map((e) => e.extensions?.code ?? 'NO_CODE') ?? (posted.body ? [] : [posted.status ? `HTTP ${posted.status}` : 'NO_ANSWER']);
        for (const code of codes) errors.set(`${kind} ${code}`, (errors.get(`${kind} ${code}`) ?? 0) + 1);
        return posted;
      };
    const tally = { writesTried: 0, acknowledgedAfterRecovery: 0, refused: [] as string[], unavailableAnswers: 0, slowestUnavailableMs: 0, problems: [] as string[] };
    const write = writer(tracked('write'), tally, () => false);
    const tokens = await writeTokens();
    const reader = await mintToken({ secret: SECRET }, { sub: 'load-reader', agency: OPS, role: 'VIEWER' }, 3600);
    const clientLog = newClientLog();
    const baseline = await writeBaseline(db);

    const pick = <T>(items: readonly T[], r: number) => items[Math.floor(r * items.length)]!;
    type Ask = (r: number) => readonly [string, Record<string, unknown>];
    const reads: Ask[] = [
      (r: number) => [ENTERPRISE_BY_ID, { id: pick(samples.enterprises, r) }] as const,
      (r: number) => [SUPPLIERS_TWO_LEVELS, { id: pick(samples.enterprises, r) }] as const,
      (r: number) => [CITY_FIRST_20, { code: pick(samples.cities, r) }] as const,
    ];
    const questions: Ask[] = [
      (r: number) => [READINESS, { id: pick(samples.plants, r), asOf: BENCH_ASOF }] as const,
      (r: number) => [IMPACT, { id: pick(samples.suppliers, r), asOf: BENCH_ASOF }] as const,
      (r: number) => [BLOCKED, { code: pick(samples.cities, r), asOf: BENCH_ASOF }] as const,
    ];
    let writesLeft = 0;
    const started = performance.now();
    const stopAt = started + seconds * 1000;
    const client = async (c: number) => {
      const next = random(c + 1);
      const writes = clientWrites(write, tokens, clientLog, c, FIRMS_PER_CLIENT);
      while (performance.now() < stopAt) {
        const r = next();
        const begun = performance.now();
        if (r >= 0.95) {
          if ((await writes.next()).done) writesLeft++;
          latencies.write.push(performance.now() - begun);
          continue;
        }
        const kind: Kind = r < 0.8 ? 'read' : 'analysis';
        const [query, variables] = pick(kind === 'read' ? reads : questions, next())(next());
        await tracked(kind)(reader, query, variables);
        latencies[kind].push(performance.now() - begun);
      }
    };
    say(`${clients} clients for ${seconds} s against ${replicas.map((r) => r.url).join(' and ')}`);
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - started) / 1000;

    const report = { acknowledged: 0, found: 0, lost: 0, duplicated: 0, problems: tally.problems };
    await verifyWrites(roundRobin, db, tokens.admin, clientLog, report, baseline);

    const print = (line: string) => process.stdout.write(`${line}\n`);
    const total = latencies.read.length + latencies.analysis.length + latencies.write.length;
    print(`Fugong load benchmark: ${scenario} (${held} enterprises with the write targets); 2 API processes over one Neo4j, requests to them in turn; ${clients} clients for ${seconds} s`);
    print(`throughput: ${(total / elapsed).toFixed(0)} requests/s (${total} in ${elapsed.toFixed(1)} s; a write is one logical write, its retries included)`);
    print('kind      |  count | share |    p50     p99 ms');
    for (const kind of ['read', 'analysis', 'write'] as const) {
      const ms = latencies[kind].sort((a, b) => a - b);
      print(`${kind.padEnd(9)} | ${String(ms.length).padStart(6)} | ${((ms.length / total) * 100).toFixed(1).padStart(4)}% | ${percentile(ms, 50).toFixed(1).padStart(6)} ${percentile(ms, 99).toFixed(1).padStart(7)}`);
    }
    print(`errors by code: ${errors.size ? [...errors].sort().map(([code, n]) => `${code} ${n}`).join(', ') : 'none'}`);
    print(`writes: ${tally.writesTried} attempts; acknowledged ${report.acknowledged}, found ${report.found}, lost ${report.lost} (must be 0), duplicated ${report.duplicated} (must be 0)`);
    if (writesLeft) print(`${writesLeft} write turns found their client's writes all done`);
    for (const problem of [...tally.refused, ...report.problems].slice(0, 20)) print(`  ${problem}`);
    const heldUp = report.lost === 0 && report.duplicated === 0 && report.found === report.acknowledged && tally.refused.length === 0 && report.problems.length === 0;
    process.exitCode = heldUp ? 0 : 1;
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await db?.close();
    await close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    process.stderr.write(`bench:load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

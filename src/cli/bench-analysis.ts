/**
 * `npm run bench:analysis -- --enterprises N [--seed S] [--samples K]`
 *
 * Generates a synthetic network, loads it into Neo4j (its own embedded server
 * on a temporary store unless NEO4J_URI is set), then times the analysis
 * side by side in one run, over one fixed sample of plants:
 *   api     the GraphQL operation over HTTP on 127.0.0.1 (token, parsing,
 *           validation, Cypher, evaluation, serialisation)
 *   cypher  the same data fetch through raw neo4j-driver (the transport floor)
 *   memory  the pure evaluator on the whole graph held in this process (the
 *           algorithm's floor)
 * and prints p50/p95/p99 with the ratios api/memory and api/cypher. Where the
 * memory floor is far below a millisecond, api/memory mostly measures
 * transport; api/cypher is then the gap the API itself adds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSupplyGraph, evaluateRegionReadiness, impact, restartReadiness } from '../analysis/index.ts';
import type { GraphFacts } from '../analysis/types.ts';
import { loadConfig } from '../config.ts';
import type { NormalisedDataset } from '../dataset/format.ts';
import { generateDatasetText } from '../dataset/generate.ts';
import { Database } from '../neo4j/database.ts';
import { startEmbeddedNeo4j } from '../neo4j/embedded/runtime.ts';
import { downstreamOf, fetchSubgraph, regionEnterpriseIds } from '../modules/analysis/cypher.ts';
import { mintToken, resolveTokenKey } from '../modules/identity/tokens.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`--${name} takes a whole number ≥ 1, got ${JSON.stringify(process.argv[index + 1])}\n`);
    process.exit(2);
  }
  return value;
}

const enterprises = flag('enterprises', 20_000);
const seed = flag('seed', 1);
const samples = flag('samples', 200);
const say = (m: string) => process.stderr.write(`${m}\n`);
const ASOF = '2020-02-10';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function time(runs: number, body: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body(i);
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}

function facts(dataset: NormalisedDataset): GraphFacts {
  const parent = new Map(dataset.regions.map((r) => [r.code, r.parent]));
  const level = new Map(dataset.regions.map((r) => [r.code, r.level]));
  return {
    enterprises: dataset.enterprises.map((e) => {
      const up = parent.get(e.region) ?? null;
      const city = up ?? '';
      const province = up && level.get(up) === 'CITY' ? (parent.get(up) ?? '') : city;
      return { id: e.id, status: e.status, expectedResumeDate: e.expectedResumeDate, workforce: e.workforce, epidemicCritical: e.epidemicCritical, district: e.region, city, province };
    }),
    needs: dataset.needs,
    supplies: dataset.supplies,
    makes: dataset.makes,
  };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SEED_ON_EMPTY: 'false' });
  let home: string | undefined;
  let stop = async () => {};
  let connection = { uri: config.NEO4J_URI ?? '', user: config.NEO4J_USER, password: config.NEO4J_PASSWORD ?? '' };
  if (!config.NEO4J_URI) {
    home = mkdtempSync(join(tmpdir(), 'fugong-bench-'));
    const server = await startEmbeddedNeo4j({ home, cacheDir: config.NEO4J_CACHE_DIR, heap: process.env.NEO4J_HEAP ?? '2g', pageCache: process.env.NEO4J_PAGECACHE ?? '1g', log: say });
    connection = server;
    stop = server.stop;
  }
  const db = Database.connect(connection, config.NEO4J_DATABASE);
  const http = createServer();
  try {
    say(`generating ${enterprises} enterprises (seed ${seed})`);
    const { text } = await generateDatasetText({ enterprises, seed });
    const document = JSON.parse(text) as NormalisedDataset;
    const app = await createApp(config, db, createLogger('silent'), { today: () => ASOF });
    let last = 0;
    const started = performance.now();
    const outcome = await app.datasets.load(document, {
      progress: (phase, written, total) => {
        if (Date.now() - last > 2000 || written === total) {
          last = Date.now();
          say(`  loading ${phase}: ${written}/${total}`);
        }
      },
    });
    if (!outcome.loaded) throw new Error(`generated dataset did not validate: ${outcome.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const loadSeconds = (performance.now() - started) / 1000;
    say(`loaded in ${loadSeconds.toFixed(1)} s (able0 recomputed)`);

    const graphStarted = performance.now();
    const graph = buildSupplyGraph(facts(document));
    say(`in-memory graph built in ${((performance.now() - graphStarted) / 1000).toFixed(1)} s`);

    http.on('request', app.yoga);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    const token = await mintToken(resolveTokenKey(config) as { secret: string }, { sub: 'bench', agency: document.agencies[0]!.id, role: 'VIEWER' }, 3600);
    const graphql = async (query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
      return body;
    };

    // A fixed sample: every k-th enterprise that needs something, and the busiest suppliers' peers.
    const needers = [...new Set(document.needs.map((n) => n.enterprise))].sort();
    const step = Math.max(1, Math.floor(needers.length / samples));
    const plants = needers.filter((_, i) => i % step === 0).slice(0, samples);
    const suppliers = [...new Set(document.supplies.map((s) => s.supplier))].sort();
    const impacted = suppliers.filter((_, i) => i % Math.max(1, Math.floor(suppliers.length / 50)) === 0).slice(0, 50);
    const regions = document.regions.filter((r) => r.level === 'CITY').map((r) => r.code).sort().slice(0, 30);

    const READINESS = `query($id: ID!, $asOf: Date) { restartReadiness(enterpriseId: $id, asOf: $asOf) {
      ready expectedReadyDate blockedInputs { component { id } reason suppliers { id } rootCauses { id } alternatives { id } }
      atRisk { component { id } coveredUntil } rootCauses { enterprise { id } tier path { id } } } }`;
    const IMPACT = `query($id: ID!, $asOf: Date) { impact(enterpriseId: $id, asOf: $asOf) { totalCount workforce enterprises(first: 100) { nodes { id } } byRegion { region { code } count } } }`;
    const BLOCKED = `query($code: String!, $asOf: Date) { blockedEnterprises(regionCode: $code, asOf: $asOf, first: 50) { totalCount workforce nodes { enterprise { id name } rootCauseCount } } }`;

    say('warming up');
    for (const id of plants.slice(0, 20)) await graphql(READINESS, { id, asOf: ASOF });

    const rows: { name: string; api: number[]; cypher: number[]; memory: number[]; trips?: number }[] = [];
    const before = db.stats.queries;
    const readinessApi = await time(plants.length, (i) => graphql(READINESS, { id: plants[i], asOf: ASOF }));
    const trips = (db.stats.queries - before) / plants.length;
    rows.push({
      name: 'restartReadiness',
      api: readinessApi,
      cypher: await time(plants.length, (i) => db.read({ operation: 'bench' }, (tx) => fetchSubgraph(tx, [plants[i]!], plants[i]!))),
      memory: await time(plants.length, (i) => restartReadiness(graph, plants[i]!, ASOF)),
      trips,
    });
    rows.push({
      name: 'impact',
      api: await time(impacted.length, (i) => graphql(IMPACT, { id: impacted[i], asOf: ASOF })),
      cypher: await time(impacted.length, (i) => db.read({ operation: 'bench' }, async (tx) => fetchSubgraph(tx, await downstreamOf(tx, [impacted[i]!])))),
      memory: await time(impacted.length, (i) => impact(graph, impacted[i]!, ASOF)),
    });
    rows.push({
      name: 'blockedEnterprises (city)',
      api: await time(regions.length, (i) => graphql(BLOCKED, { code: regions[i], asOf: ASOF })),
      cypher: await time(regions.length, (i) =>
        db.read({ operation: 'bench' }, async (tx) => {
          const ids = (await regionEnterpriseIds(tx, regions[i]!)).filter((e) => !(e.status === 'OPERATING' && e.able0)).map((e) => e.id);
          return ids.length ? fetchSubgraph(tx, ids) : null;
        }),
      ),
      memory: await time(regions.length, (i) => {
        const ids = graph.ids.filter((id, k) => graph.enterprises[k]?.city === regions[i] && graph.enterprises[k]?.status !== 'CLOSED');
        return evaluateRegionReadiness(graph, ids, ASOF);
      }),
    });

    const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0)).padStart(7);
    const out: string[] = [];
    out.push(`Fugong analysis benchmark: ${enterprises} enterprises, ${document.supplies.length} supplies, ${document.needs.length} needs; asOf ${ASOF}; load ${loadSeconds.toFixed(1)} s`);
    out.push('operation                    |  api p50     p95     p99 | cypher p50  p95 | memory p50   p95 | api/memory p95 | api/cypher p95');
    for (const r of rows) {
      const [a50, a95, a99] = [50, 95, 99].map((p) => percentile(r.api, p));
      const [c50, c95] = [50, 95].map((p) => percentile(r.cypher, p));
      const [m50, m95] = [50, 95].map((p) => percentile(r.memory, p));
      out.push(
        `${r.name.padEnd(28)} | ${f(a50!)} ${f(a95!)} ${f(a99!)} | ${f(c50!)} ${f(c95!)} | ${f(m50!)} ${f(m95!)} | ${(a95! / m95!).toFixed(1).padStart(14)}x | ${(a95! / c95!).toFixed(1).padStart(13)}x`,
      );
    }
    out.push(`(ms; restartReadiness made ${trips.toFixed(2)} Bolt round trips per call on average)`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    http.close();
    await db.close();
    await stop();
    if (home) rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

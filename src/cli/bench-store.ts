/**
 * What the benchmarks share: their flags, and a generated network in a Neo4j
 * of its own. `openBenchStore` generates the network to a file and
 * bulk-imports it into a new embedded store (with NEO4J_URI set, it leaves the
 * loading to the caller's online loader), or with `--store DIR` starts the
 * store an earlier run with the same size and seed kept there.
 */
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { bulkImport } from '../dataset/bulk/bulk-import.ts';
import { generateDataset } from '../dataset/generate.ts';
import { datasetRecords } from '../dataset/read-stream.ts';
import { startEmbeddedNeo4j, type Neo4jConnection } from '../neo4j/embedded/runtime.ts';
import type { App } from '../server/app.ts';

export const say = (m: string) => process.stderr.write(`${m}\n`);

/** `--name N`, a whole number ≥ 1, or `fallback`; anything else ends the process with the flag named. */
export function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`--${name} takes a whole number ≥ 1, got ${JSON.stringify(process.argv[index + 1])}\n`);
    process.exit(2);
  }
  return value;
}

/** `--store DIR`, or null when not given. */
export function storeFlag(): string | null {
  const index = process.argv.indexOf('--store');
  const dir = index < 0 ? null : process.argv[index + 1];
  if (dir === undefined || dir?.startsWith('--')) {
    process.stderr.write('--store takes a directory to keep the network and its Neo4j store in\n');
    process.exit(2);
  }
  return dir;
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Every k-th of `items` so that about `count` remain, in order. */
export function spread<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, i) => i % step === 0).slice(0, count);
}

export interface StoreCounts {
  enterprises: number;
  supplies: number;
  needs: number;
  makes: number;
}

interface StoreMarker {
  enterprises: number;
  seed: number;
  counts: StoreCounts;
  /** The generated restrictions and loans: a store from a generator without them is not reused. */
  logistics: { restrictions: number; loans: number };
}

export interface BenchStore {
  work: string;
  datasetPath: string;
  connection: Neo4jConnection;
  counts: StoreCounts;
  logistics: StoreMarker['logistics'];
  /** Started from a store an earlier run kept: its able0 is written, and a read model builds from Neo4j alone. */
  reused: boolean;
  /** Fresh and NEO4J_URI set: the caller loads `datasetPath` through the API's loader (`loadOnline`). */
  loadOnline: boolean;
  /** Once able0 is written: a later run with the same flags may start this store. */
  keep(): void;
  /** Stops the embedded Neo4j and removes what was not kept. */
  close(): Promise<void>;
}

export async function openBenchStore(options: { enterprises: number; seed: number; storeDir: string | null; config: Config }): Promise<BenchStore> {
  const { enterprises, seed, storeDir, config } = options;
  if (storeDir && config.NEO4J_URI) throw new Error('--store keeps an embedded store: leave NEO4J_URI unset');
  const work = storeDir ?? mkdtempSync(join(tmpdir(), 'fugong-bench-'));
  mkdirSync(work, { recursive: true });
  const datasetPath = join(work, 'dataset.json');
  const markerPath = join(work, 'store.json');
  const kept = existsSync(markerPath) ? (JSON.parse(readFileSync(markerPath, 'utf8')) as StoreMarker) : null;
  const reused = kept !== null && kept.enterprises === enterprises && kept.seed === seed && kept.logistics !== undefined;
  let stop = async () => {};
  let connection: Neo4jConnection = { uri: config.NEO4J_URI ?? '', user: config.NEO4J_USER, password: config.NEO4J_PASSWORD ?? '' };
  const startEmbedded = async () => {
    const server = await startEmbeddedNeo4j({ home: join(work, 'neo4j'), cacheDir: config.NEO4J_CACHE_DIR, heap: process.env.NEO4J_HEAP ?? '2g', pageCache: process.env.NEO4J_PAGECACHE ?? '2g', log: say });
    connection = server;
    stop = server.stop;
  };
  const close = async () => {
    await stop();
    if (!storeDir) rmSync(work, { recursive: true, force: true });
  };
  try {
    if (reused) {
      say(`starting the kept store in ${work}`);
      await startEmbedded();
      return { work, datasetPath, connection, counts: kept.counts, logistics: kept.logistics, reused, loadOnline: false, keep: () => {}, close };
    }
    rmSync(markerPath, { force: true });
    rmSync(join(work, 'neo4j'), { recursive: true, force: true });
    say(`generating ${enterprises} enterprises (seed ${seed}) into ${datasetPath}`);
    let lastPhase = '';
    const file = createWriteStream(datasetPath);
    const summary = await generateDataset(
      {
        enterprises,
        seed,
        onProgress: ({ phase, done, total }) => {
          if (phase !== lastPhase || done === total) say(`  ${phase} ${done}/${total}`);
          lastPhase = phase;
        },
      },
      file,
    );
    file.end();
    await finished(file);
    const counts = summary.counts;
    const logistics = { restrictions: summary.restrictions, loans: summary.loans };
    if (!config.NEO4J_URI) {
      const imported = await bulkImport({ home: join(work, 'neo4j'), cacheDir: config.NEO4J_CACHE_DIR, datasetPath, log: (m) => say(`  ${m}`) });
      say(`bulk import: ${imported.nodes} nodes, ${imported.relationships} relationships in ${imported.seconds.toFixed(1)} s`);
      await startEmbedded();
    }
    const keep = () => {
      if (storeDir) writeFileSync(markerPath, JSON.stringify({ enterprises, seed, counts, logistics } satisfies StoreMarker));
    };
    return { work, datasetPath, connection, counts, logistics, reused, loadOnline: Boolean(config.NEO4J_URI), keep, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The generated file through the API's loader, into the server NEO4J_URI names. */
export async function loadOnline(app: App, datasetPath: string): Promise<void> {
  const document: Record<string, unknown[]> = {};
  for await (const { array, record } of datasetRecords(datasetPath)) (document[array] ??= []).push(record);
  const outcome = await app.datasets.load(document, { progress: (phase, written, total) => written === total && say(`  loaded ${phase}: ${total}`) });
  if (!outcome.loaded) throw new Error(`generated dataset did not load: ${outcome.problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`);
}

/** A new store made ready to answer: loaded through the API when NEO4J_URI is set, else its able0 and read model computed, then kept. A reused store is ready already. */
export async function prepareBenchStore(app: App, store: BenchStore): Promise<void> {
  if (store.reused) return;
  if (store.loadOnline) await loadOnline(app, store.datasetPath);
  else {
    say('computing able0 and building the read model');
    await app.analysis.refreshAll();
  }
  store.keep();
}

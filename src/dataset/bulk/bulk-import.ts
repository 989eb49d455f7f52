/**
 * Loads a national-scale dataset file into a new embedded store with
 * `neo4j-admin database import full`, which writes store files directly:
 * minutes instead of the hours that `UNWIND … MERGE` batches through Bolt
 * take for millions of edges. The price is that it only creates a database
 * (the `neo4j` one of the home, overwritten) and cannot upsert into one.
 *
 * One pass over the file (../check-file.ts) checks every record by the
 * rules `npm run load` applies (../checker.ts) and stages the CSV files the
 * import tool reads (./staging.ts). When a problem is found nothing reaches
 * the store: the CSV files are removed and the error lists the problems
 * with their lines.
 *
 * The store holds what ../writer.ts writes for the same document. A
 * duplicate record is a problem here as it is for `npm run load`, so no
 * relationship is ever imported twice. Schema (constraints, indexes) is not
 * written: the startup migrations create it when the API first starts on
 * the store. Nor is derived analysis state (the materialised `able0`
 * flags), which writer.ts does not write either: what a dataset load runs
 * after writing must run once on the new store.
 *
 * The arrays must come in an order where each follows the arrays it refers
 * to (regions before agencies and enterprises, agencies before users,
 * enterprises and components before makes, needs and supplies, and both
 * before applications), as
 * `npm run generate` writes them: each is checked as it streams by.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedNeo4jError, ensureEmbeddedConfig, ensureNeo4jJars, findRunningEmbedded } from '../../neo4j/embedded/runtime.ts';
import { checkDatasetFile, type FileProblem } from '../check-file.ts';
import type { DatasetRecordArray } from '../format.ts';
import { Staging } from './staging.ts';

export interface BulkImportOptions {
  /** Server home (conf/, data/, logs/): a store never started, or one whose `neo4j` database may be replaced. */
  home: string;
  /** Where the Neo4j jars are cached, as for startEmbeddedNeo4j. */
  cacheDir: string;
  /** The dataset document (schema/dataset.schema.json). */
  datasetPath: string;
  /** Progress, one line at a time, the import tool's output included. */
  log?: (message: string) => void;
  /** Heap of the import tool's JVM; its large structures live off heap. Default 1g. */
  heap?: string;
  /** The import tool's `--max-off-heap-memory`, e.g. `2g` or `50%`. Default: the tool's own (90% of free memory). */
  maxOffHeapMemory?: string;
  /** The import tool's worker threads. Default: one per processor. */
  threads?: number;
}

/** A problem of the document, at the line where its record starts and the JSON path of the value at fault. */
export type BulkImportProblem = FileProblem;

export interface BulkImportResult {
  /** Records per array of the document. */
  counts: Record<DatasetRecordArray, number>;
  /** Nodes and relationships in the new database. */
  nodes: number;
  relationships: number;
  /** What `npm run load` would warn about: the first WARNINGS_KEPT of them, and how many there are. */
  warnings: BulkImportProblem[];
  warningCount: number;
  /** Wall time in all, and of its two halves: reading and checking the file, and neo4j-admin. */
  seconds: number;
  readSeconds: number;
  importSeconds: number;
}

/** The document has problems; nothing was written. */
export class BulkImportError extends Error {
  override name = 'BulkImportError';

  constructor(
    readonly file: string,
    /** The first problems in line order (at most PROBLEMS_KEPT). */
    readonly problems: BulkImportProblem[],
    readonly problemCount: number,
  ) {
    super(`${file}: ${problemCount} problem(s), nothing was written:\n${formatBulkProblems(problems, problemCount)}`);
  }
}

const PROBLEMS_KEPT = 1000;
const WARNINGS_KEPT = 100;
const PROBLEMS_SHOWN = 20;
const DEFAULT_IMPORT_HEAP = '1g';
/** Only for the config file neo4j-admin reads; every server start writes its own. */
const CONFIG_HEAP = '512m';
const CONFIG_PAGECACHE = '256m';

/** `line N: path: message` lines, the first PROBLEMS_SHOWN, and how many more there are. */
export function formatBulkProblems(problems: readonly BulkImportProblem[], total = problems.length): string {
  const lines = problems.slice(0, PROBLEMS_SHOWN).map((p) => `line ${p.line}: ${p.path}: ${p.message}`);
  if (total > PROBLEMS_SHOWN) lines.push(`… and ${total - PROBLEMS_SHOWN} more`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------

function runImportTool(lib: string, home: string, args: string[], heap: string, log: (message: string) => void): Promise<void> {
  const command = ['-Xmx' + heap, '-cp', join(lib, '*'), 'org.neo4j.cli.AdminTool', 'database', 'import', 'full', 'neo4j', ...args];
  log(`neo4j-admin database import full neo4j ${args.join(' ')}`);
  const child = spawn('java', command, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const follow = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (line.trim() === '') return;
      log(`  ${line}`);
      tail.push(line);
      if (tail.length > 40) tail.shift();
    });
  follow(child.stdout);
  follow(child.stderr);
  return new Promise((resolveRun, reject) => {
    child.once('error', (error) => reject(new EmbeddedNeo4jError(`could not run java for neo4j-admin: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolveRun();
      else reject(new EmbeddedNeo4jError(`neo4j-admin database import failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

/**
 * Checks the dataset file and, when it has no problem, imports it as the
 * `neo4j` database of `home` (replacing the one there). Throws
 * BulkImportError listing the problems, with nothing written, otherwise.
 * No server may be running on `home`.
 */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const home = resolve(options.home);
  const datasetPath = resolve(options.datasetPath);
  const running = await findRunningEmbedded(home);
  if (running) {
    throw new EmbeddedNeo4jError(`a Neo4j server (pid ${running.pid}) serves ${home}; stop it before a bulk import replaces its database`);
  }
  const lib = ensureNeo4jJars(options.cacheDir, log);
  ensureEmbeddedConfig(home, CONFIG_HEAP, CONFIG_PAGECACHE);
  mkdirSync(join(home, 'logs'), { recursive: true });

  const staging = new Staging(join(home, 'import', `bulk-${process.pid}-${Date.now()}`));
  try {
    log(`reading ${datasetPath}`);
    const check = await checkDatasetFile(datasetPath, {
      onRecord: (array, record) => staging.write(array, record),
      log: (message) => log(`  ${message}`),
      problemsKept: PROBLEMS_KEPT,
      warningsKept: WARNINGS_KEPT,
    });
    staging.close();
    const readSeconds = (performance.now() - started) / 1000;
    if (check.problemCount > 0) throw new BulkImportError(datasetPath, check.problems, check.problemCount);
    const { summary } = check;
    const counts = summary.counts;
    log(
      `read and checked ${check.records.toLocaleString('en')} records (${summary.layout === 'lines' ? 'one per line' : 'streamed JSON'}) ` +
        `in ${readSeconds.toFixed(1)} s; ${check.warningCount} warning(s)`,
    );

    const importStarted = performance.now();
    const report = join(home, 'logs', 'bulk-import.report');
    const args = ['--overwrite-destination=true', '--id-type=string', `--report-file=${report}`];
    if (options.maxOffHeapMemory !== undefined) args.push(`--max-off-heap-memory=${options.maxOffHeapMemory}`);
    if (options.threads !== undefined) args.push(`--threads=${options.threads}`);
    args.push(...staging.arguments());
    await runImportTool(lib, home, args, options.heap ?? DEFAULT_IMPORT_HEAP, log);
    // The tool lists bad entries there; checked input has none, and an empty report says nothing.
    if (existsSync(report) && statSync(report).size === 0) rmSync(report);
    const importSeconds = (performance.now() - importStarted) / 1000;
    const seconds = (performance.now() - started) / 1000;
    log(`imported in ${importSeconds.toFixed(1)} s; ${seconds.toFixed(1)} s in all`);
    return {
      counts,
      nodes: staging.count('nodes'),
      relationships: staging.count('relationships'),
      warnings: check.warnings,
      warningCount: check.warningCount,
      seconds,
      readSeconds,
      importSeconds,
    };
  } finally {
    staging.close();
    staging.remove();
  }
}

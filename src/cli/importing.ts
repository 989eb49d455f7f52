/**
 * `npm run import -- PATH [--encoding utf8|gb18030] [--bulk]` (and `npm run
 * load`, the same command): checks a dataset in any form
 * ../dataset/sources.ts reads, in one streaming pass by the one checker,
 * and writes it when it has no problem. Each problem is printed as
 * `file:line: field: what is wrong and how to fix it` (sheet and row for
 * xlsx), the first 100 and then a count per kind; on any problem nothing is
 * written, Neo4j is not even asked, and the exit code is 1.
 *
 * With `--bulk` a checked dataset goes into a new store by neo4j-admin
 * import (../dataset/bulk/), then the migrations and the analysis state are
 * brought up on it: for a first national load, into a store that has no
 * database yet.
 */
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { formatProblems } from '../dataset/problems.ts';
import { checkSource, formatSourceProblems, type SourceCheck } from '../dataset/check-source.ts';
import type { DatasetRecordArray } from '../dataset/format.ts';
import { PROBLEMS_SHOWN, importSource, unreadableMessage } from '../dataset/import-source.ts';
import { ENCODINGS, formatOf, type Encoding } from '../dataset/sources.ts';
import { formatDatasetCounts } from '../dataset/stats.ts';
import { BulkImportError, bulkImport } from '../dataset/bulk/bulk-import.ts';
import { databaseKeys } from '../dataset/known-keys.ts';
import { acquireNeo4j } from '../neo4j/acquire.ts';
import { Database } from '../neo4j/database.ts';
import { EmbeddedNeo4jError } from '../neo4j/embedded/runtime.ts';
import { createServices } from '../modules/services.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { progressReporter } from './progress.ts';

interface ImportArgs {
  path: string;
  encoding?: Encoding;
  bulk: boolean;
}

function parseArgs(argv: readonly string[], usage: string): ImportArgs | string {
  let path: string | undefined;
  let encoding: Encoding | undefined;
  let bulk = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--bulk') bulk = true;
    else if (arg === '--encoding') {
      const value = argv[++i];
      if (!ENCODINGS.includes(value as Encoding)) return `--encoding takes ${ENCODINGS.join(' or ')}, got ${value ?? 'nothing'}\n${usage}`;
      encoding = value as Encoding;
    } else if (arg.startsWith('-')) return `unknown option ${arg}\n${usage}`;
    else if (path === undefined) path = arg;
    else return `one dataset at a time, got ${path} and ${arg}\n${usage}`;
  }
  return path === undefined ? usage : { path, encoding, bulk };
}

export async function runImport(command: 'import' | 'load', argv: readonly string[]): Promise<number> {
  const usage =
    `usage: npm run ${command} -- PATH [--encoding utf8|gb18030] [--bulk]\n` +
    '  PATH: a dataset document (.json, schema/dataset.schema.json), NDJSON (.ndjson, a "kind" field per record),\n' +
    '        a folder or .zip of CSV files (regions.csv, enterprises.csv, …) or an .xlsx workbook (a sheet per table)';
  const say = (message: string) => process.stderr.write(`${message}\n`);
  const args = parseArgs(argv, usage);
  if (typeof args === 'string') {
    say(args);
    return 2;
  }
  const { path } = args;
  const config = loadConfig();
  if (args.bulk) {
    const refusal = bulkRefusal(config);
    if (refusal !== null) {
      say(`fugong ${command}: ${refusal}; nothing was written`);
      return 1;
    }
  }
  const reading = progressReporter(`checking ${path}`, 'records');
  const reported = (check: SourceCheck, keeping = true) => {
    if (check.summary.encoding !== null && args.encoding === undefined) say(`${path}: read as ${check.summary.encoding === 'utf8' ? 'UTF-8' : 'GB18030'}`);
    if (check.warningCount > 0) say(`${check.warningCount} warning(s):\n${formatSourceProblems(check.warnings, check.warningCount, check.moreWarnings)}`);
    if (check.problemCount === 0 && keeping) return true;
    say(`${path}: ${check.problemCount} problem(s), nothing was written:\n${formatSourceProblems(check.problems, check.problemCount, check.moreProblems)}`);
    return false;
  };
  if (args.bulk) return bulkCheckAndLoad(command, config, path, args.encoding, reading, reported, say);
  // Neo4j is started (or reached) only when the check must look up keys the file refers to, or the file is written.
  const opened: { connection?: Promise<{ neo4j: Awaited<ReturnType<typeof acquireNeo4j>>; db: Database }> } = {};
  const connect = () =>
    (opened.connection ??= acquireNeo4j(config, say).then((neo4j) => ({ neo4j, db: Database.connect(neo4j, config.NEO4J_DATABASE) })));
  const { encoding } = args;
  let target = '';
  try {
    return await checkAndWrite();
  } finally {
    if (opened.connection !== undefined) {
      const { neo4j, db } = await opened.connection;
      await db.close();
      await neo4j.release();
    }
  }

  async function checkAndWrite(): Promise<number> {
    const result = await importSource(path, {
      encoding,
      knownKeys: databaseKeys(async () => (await connect()).db),
      onProgress: (n) => reading.update(n),
      onChecked: (check) => {
        reading.stop();
        reported(check);
      },
      load: async (records) => {
        const { neo4j, db } = await connect();
        target = neo4j.uri;
        const { datasets } = await createServices(db);
        const writing = progressReporter('writing', 'rows');
        return await datasets.loadChecked(records, { progress: (phase, written, total) => writing.phase(phase, written, total) }).finally(() => writing.stop());
      },
    }).finally(() => reading.stop());
    if (result.kind === 'unreadable') {
      say(`fugong ${command}: ${result.message}; nothing was written`);
      return 1;
    }
    if (result.kind === 'problems') return 1;
    const { outcome } = result;
    if (outcome.warnings.length) say(`${outcome.warnings.length} warning(s):\n${formatProblems(outcome.warnings)}`);
    if (!outcome.loaded) {
      say(`${path}: ${outcome.problems.length} problem(s), nothing was written:\n${formatProblems(outcome.problems)}`);
      return 1;
    }
    process.stdout.write(`loaded ${path} into ${target}: ${formatDatasetCounts(outcome.counts)}\n`);
    return 0;
  }
}

/** `--bulk`: the same check, the checked records staged as one canonical document for neo4j-admin. */
async function bulkCheckAndLoad(
  command: 'import' | 'load',
  config: Config,
  path: string,
  encoding: Encoding | undefined,
  reading: ReturnType<typeof progressReporter>,
  reported: (check: SourceCheck, keeping?: boolean) => boolean,
  say: (message: string) => void,
): Promise<number> {
  let keeping = true;
  let check: SourceCheck;
  let staging: CanonicalStaging | null = null;
  try {
    staging = formatOf(path) !== 'json' ? new CanonicalStaging() : null;
    check = await checkSource(path, {
      encoding,
      problemsKept: PROBLEMS_SHOWN,
      onProgress: (n) => reading.update(n),
      onFirstProblem: () => {
        keeping = false;
        staging?.discard();
      },
      onRecord: (array, record) => {
        if (keeping) staging?.add(array, record);
      },
    });
  } catch (error) {
    reading.stop();
    staging?.discard();
    const message = unreadableMessage(path, error);
    if (message === null) throw error;
    say(`fugong ${command}: ${message}; nothing was written`);
    return 1;
  }
  reading.stop();
  if (!reported(check, keeping)) {
    staging?.discard();
    return 1;
  }
  return bulkLoad(config, path, staging === null ? path : staging.finish(check.summary.arrays), say, () => staging?.discard());
}

/** Why `--bulk` cannot run here, or null. */
function bulkRefusal(config: Config): string | null {
  if (config.NEO4J_URI) return '--bulk writes store files of the Neo4j Fugong runs itself; with NEO4J_URI import without --bulk';
  if (existsSync(join(config.NEO4J_DATA_DIR, 'data', 'databases', 'neo4j'))) {
    return `--bulk creates a new database and ${config.NEO4J_DATA_DIR} already holds one; import without --bulk, or point NEO4J_DATA_DIR at an empty folder`;
  }
  return null;
}

async function bulkLoad(config: Config, source: string, datasetPath: string, say: (message: string) => void, cleanUp: () => void): Promise<number> {
  try {
    const imported = await bulkImport({ home: config.NEO4J_DATA_DIR, cacheDir: config.NEO4J_CACHE_DIR, datasetPath, log: say });
    say(`neo4j-admin import: ${imported.nodes} nodes, ${imported.relationships} relationships in ${imported.seconds.toFixed(1)} s`);
  } catch (error) {
    if (!(error instanceof BulkImportError)) throw error;
    say(error.message);
    return 1;
  } finally {
    cleanUp();
  }
  // The migrations (schema) run as the app starts on the new store; able0 and the read model follow.
  const neo4j = await acquireNeo4j(config, say);
  const db = Database.connect(neo4j, config.NEO4J_DATABASE);
  try {
    const app = await createApp(config, db, createLogger('silent'));
    say('computing able0 and the read model');
    await app.analysis.refreshAll();
    await app.analysis.whenCurrent();
    process.stdout.write(`imported ${source} into a new store at ${config.NEO4J_DATA_DIR}\n`);
    return 0;
  } finally {
    await db.close();
    await neo4j.release();
  }
}

/**
 * The checked records of a CSV, NDJSON or xlsx source, written as the
 * canonical document (one record per line) as they stream by, for
 * neo4j-admin's staging to read. Written synchronously in large pieces: the
 * records arrive faster than a stream would drain, and must not pile up.
 */
class CanonicalStaging {
  private readonly dir = mkdtempSync(join(tmpdir(), 'fugong-import-'));
  private readonly path = join(this.dir, 'dataset.json');
  private readonly fd = openSync(this.path, 'w');
  private readonly written = new Set<DatasetRecordArray>();
  private current: DatasetRecordArray | null = null;
  private pending = '';
  private first = true;
  private discarded = false;

  add(array: DatasetRecordArray, record: unknown): void {
    if (this.discarded) return;
    if (array !== this.current) {
      this.pending += `${this.current === null ? '{' : '\n],'}${JSON.stringify(array)}:[\n`;
      this.current = array;
      this.written.add(array);
      this.first = true;
    }
    this.pending += `${this.first ? '' : ',\n'}${JSON.stringify(record)}`;
    this.first = false;
    if (this.pending.length > 1 << 20) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  finish(arrays: readonly DatasetRecordArray[]): string {
    if (this.current === null) {
      this.pending += '{"regions":[';
      this.written.add('regions');
    }
    this.pending += '\n]';
    for (const array of arrays) if (!this.written.has(array)) this.pending += `,${JSON.stringify(array)}:[]`;
    this.pending += '}\n';
    this.flush();
    closeSync(this.fd);
    return this.path;
  }

  discard(): void {
    if (this.discarded) return;
    this.discarded = true;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by finish.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function runCli(main: () => Promise<number>, command: string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const known = error instanceof ConfigError || error instanceof EmbeddedNeo4jError;
      process.stderr.write(`fugong ${command}: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

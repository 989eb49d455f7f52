/**
 * `npm run bench:import -- --enterprises N [--seed S] [--batch-size B]`: the
 * import's benchmark, beside its floors, in one run (./bench-import.md).
 *
 * Generates a synthetic network to a file, then:
 *   check        the streaming check of the file alone (`npm run import`'s
 *                first pass): records/s and the process's peak RSS
 *   import       `npm run import`'s incremental path into a new embedded
 *                store, after the migrations: the check again keeping the
 *                records, then the writer's batches, table by table (rows/s),
 *                then able0 and the read model; peak RSS of that phase
 *   floor        the same rows, table by table, in batches of the same size,
 *                through raw neo4j-driver: `UNWIND $rows … MERGE` of the same
 *                nodes, relationships and properties, one executeWrite per
 *                batch, into the same store emptied (schema kept)
 *   bulk         `npm run import -- --bulk` end to end into another new
 *                store: check, neo4j-admin import, migrations, able0, read model
 * and prints rows/s per table and in total, and import/floor per table.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import neo4j, { type Driver } from 'neo4j-driver';
import { loadConfig } from '../config.ts';
import { checkSource } from '../dataset/check-source.ts';
import type { DatasetRecordArray } from '../dataset/format.ts';
import { generateDataset, generateDatasetText } from '../dataset/generate.ts';
import { validateDataset } from '../dataset/validate.ts';
import { importSource, type ImportRecords } from '../dataset/import-source.ts';
import { Database } from '../neo4j/database.ts';
import { startEmbeddedNeo4j } from '../neo4j/embedded/runtime.ts';
import { createServices } from '../modules/services.ts';
import { flag } from './bench-store.ts';
import { progressReporter } from './progress.ts';


const enterprises = flag('enterprises', 100_000);
const seed = flag('seed', 1);
const batchSize = flag('batch-size', 5000);
const say = (message: string) => process.stderr.write(`${message}\n`);

/** The highest RSS seen while `work` runs, sampled every 50 ms (and at its end). */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MB`;
const rate = (rows: number, seconds: number) => (seconds > 0 ? Math.round(rows / seconds) : 0);

/**
 * The floor's statements: the plainest `UNWIND … MERGE` that writes the
 * nodes, relationships and properties the writer writes for a table (the
 * writer also removes what a record no longer says; these do not).
 */
const FLOOR: Partial<Record<string, string>> = {
  regions: 'UNWIND $rows AS row MERGE (r:Region {code: row.code}) SET r.name = row.name, r.level = row.level',
  'region parents': 'UNWIND $rows AS row WITH row WHERE row.parent IS NOT NULL MATCH (r:Region {code: row.code}), (p:Region {code: row.parent}) MERGE (r)-[:PART_OF]->(p)',
  agencies: 'UNWIND $rows AS row MERGE (a:Agency {id: row.id}) SET a.name = row.name WITH a, row MATCH (r:Region {code: row.region}) MERGE (a)-[:GOVERNS]->(r)',
  enterprises: `UNWIND $rows AS row MERGE (e:Enterprise {id: row.id})
    SET e.name = row.name, e.industry = row.industry, e.status = row.status, e.workforce = row.workforce, e.epidemicCritical = row.epidemicCritical,
        e.expectedResumeDate = CASE WHEN row.expectedResumeDate IS NULL THEN null ELSE date(row.expectedResumeDate) END, e.note = row.note
    WITH e, row MATCH (d:Region {code: row.region}) MERGE (e)-[:LOCATED_IN]->(d)`,
  components: 'UNWIND $rows AS row MERGE (c:Component {id: row.id}) SET c.name = row.name, c.category = row.category',
  makes: 'UNWIND $rows AS row MATCH (e:Enterprise {id: row.enterprise}), (c:Component {id: row.component}) MERGE (e)-[m:MAKES]->(c) SET m.capacityPerDay = row.capacityPerDay',
  needs: 'UNWIND $rows AS row MATCH (e:Enterprise {id: row.enterprise}), (c:Component {id: row.component}) MERGE (e)-[n:NEEDS]->(c) SET n.stockDays = row.stockDays',
  supplies:
    'UNWIND $rows AS row MATCH (s:Enterprise {id: row.supplier}), (e:Enterprise {id: row.customer}) MERGE (s)-[r:SUPPLIES {component: row.component}]->(e) SET r.share = row.share',
};

interface TableTiming {
  rows: number;
  seconds: number;
}

async function floor(driver: Driver, database: string, records: ImportRecords, size: number, shown: boolean): Promise<Map<string, TableTiming>> {
  const timings = new Map<string, TableTiming>();
  const progress = shown ? progressReporter('floor', 'rows') : { phase: () => {}, stop: () => {} };
  const session = driver.session({ database });
  try {
    for (const [name, statement] of Object.entries(FLOOR)) {
      const table = (name === 'region parents' ? 'regions' : name) as DatasetRecordArray;
      const rows = records[table] ?? [];
      const started = performance.now();
      for (let start = 0; start < rows.length; start += size) {
        const batch = rows.slice(start, start + size);
        await session.executeWrite((tx) => tx.run(statement!, { rows: batch }));
        progress.phase(`floor ${name}`, Math.min(start + size, rows.length), rows.length);
      }
      timings.set(name, { rows: rows.length, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    progress.stop();
    await session.close();
  }
  return timings;
}

/** `npm run import -- PATH --bulk` into a new store, end to end, in a process of its own as a user runs it. */
function bulkImportRun(path: string, home: string, cacheDir: string): Promise<{ seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_DATA_DIR: home, NEO4J_CACHE_DIR: cacheDir };
    delete env.NEO4J_URI;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', path, '--bulk'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`npm run import -- --bulk exited with ${code}`));
      else resolve({ seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Empties a store, schema and migrations kept. Relationships first: a node's DETACH DELETE takes all its edges into one transaction, past the server's memory limit for hubs. */
async function emptyStore(db: Database): Promise<void> {
  await db.autoCommit({ operation: 'bench.empty' }, 'MATCH ()-[r]->() CALL { WITH r DELETE r } IN TRANSACTIONS OF 10000 ROWS');
  await db.autoCommit({ operation: 'bench.empty' }, 'MATCH (n) WHERE NOT n:Migration CALL { WITH n DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}

async function main(): Promise<number> {
  const config = loadConfig();
  const work = mkdtempSync(join(tmpdir(), 'fugong-bench-import-'));
  const path = join(work, 'network.json');
  try {
    const generating = progressReporter(`generating ${enterprises.toLocaleString('en')} enterprises (seed ${seed})`, 'items');
    const file = createWriteStream(path);
    const summary = await generateDataset({ enterprises, seed, onProgress: ({ phase, done, total }) => generating.phase(`generating ${phase}`, done, total) }, file);
    file.end();
    await finished(file);
    generating.stop();
    const records = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    say(`generated ${records.toLocaleString('en')} records, ${mb(summary.bytes)}, into ${path}`);

    // The check alone, holding keys and not records.
    const checking = progressReporter('check', 'records');
    const checkStarted = performance.now();
    const check = await peakRss(() => checkSource(path, { onProgress: (n) => checking.update(n, records) }));
    checking.stop();
    const checkSeconds = (performance.now() - checkStarted) / 1000;
    if (check.value.problemCount > 0) throw new Error(`the generated network has ${check.value.problemCount} problem(s)`);

    // Both paths first write a small network and it is removed: each statement is planned and the JVM warm before either is timed.
    const warmUp = validateDataset(JSON.parse((await generateDatasetText({ enterprises: 500, seed })).text));
    if (!warmUp.ok) throw new Error('the warm-up network has problems');

    // The incremental import, into a new store after its migrations.
    const home = join(work, 'store');
    const server = await startEmbeddedNeo4j({ home, cacheDir: config.NEO4J_CACHE_DIR, heap: config.NEO4J_HEAP, pageCache: config.NEO4J_PAGECACHE, log: say });
    const db = Database.connect(server, 'neo4j');
    const driver = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password), { disableLosslessIntegers: true });
    const steps = new Map<string, TableTiming>();
    let kept: ImportRecords = {};
    let importSeconds = 0;
    let writeSeconds = 0;
    let afterSeconds = 0;
    let importPeak = 0;
    let floors = new Map<string, TableTiming>();
    try {
      const { datasets } = await createServices(db);
      say('warming up the import on a network of 500 enterprises');
      await datasets.loadChecked(warmUp.dataset as unknown as ImportRecords, { batchSize });
      await emptyStore(db);
      const reading = progressReporter('import: check', 'records');
      const writing = progressReporter('import: write', 'rows');
      const started = performance.now();
      const imported = await peakRss(() =>
        importSource(path, {
          onProgress: (n) => reading.update(n, records),
          onChecked: () => reading.stop(),
          load: async (checked) => {
            kept = checked;
            const writeStarted = performance.now();
            const outcome = await datasets.loadChecked(checked, {
              batchSize,
              progress: (phase, written, total) => writing.phase(`import ${phase}`, written, total),
              onStep: (name, rows, seconds) => {
                const known = steps.get(name);
                steps.set(name, { rows: (known?.rows ?? 0) + rows, seconds: (known?.seconds ?? 0) + seconds });
              },
            });
            writing.stop();
            const total = (performance.now() - writeStarted) / 1000;
            writeSeconds = [...steps.values()].reduce((sum, t) => sum + t.seconds, 0);
            afterSeconds = total - writeSeconds;
            return outcome;
          },
        }),
      );
      importSeconds = (performance.now() - started) / 1000;
      importPeak = imported.peak;
      if (imported.value.kind !== 'written' || !imported.value.outcome.loaded) throw new Error('the generated network did not import');

    } finally {
      await driver.close();
      await db.close();
      await server.stop();
    }

    // The floor gets a new store of its own, as the import did: a store emptied after the import has its
    // files grown and its pages cached, and writes into it run several times faster than into a new one.
    say('the floor, into a new store after the same migrations and warm-up');
    const floorServer = await startEmbeddedNeo4j({ home: join(work, 'floor-store'), cacheDir: config.NEO4J_CACHE_DIR, heap: config.NEO4J_HEAP, pageCache: config.NEO4J_PAGECACHE, log: say });
    const floorDb = Database.connect(floorServer, 'neo4j');
    const floorDriver = neo4j.driver(floorServer.uri, neo4j.auth.basic(floorServer.user, floorServer.password), { disableLosslessIntegers: true });
    try {
      await createServices(floorDb);
      await floor(floorDriver, 'neo4j', warmUp.dataset as unknown as ImportRecords, batchSize, false);
      await emptyStore(floorDb);
      floors = await floor(floorDriver, 'neo4j', kept, batchSize, true);
    } finally {
      kept = {};
      await floorDriver.close();
      await floorDb.close();
      await floorServer.stop();
    }

    say('npm run import -- --bulk into a new store');
    const bulk = await bulkImportRun(path, join(work, 'bulk-store'), config.NEO4J_CACHE_DIR);

    const lines: string[] = [];
    const pad = (text: string, width: number) => text.padStart(width);
    lines.push('');
    lines.push(`bench:import — ${enterprises.toLocaleString('en')} enterprises (seed ${seed}), ${records.toLocaleString('en')} records, batches of ${batchSize.toLocaleString('en')}`);
    lines.push(`check        ${records.toLocaleString('en')} records in ${checkSeconds.toFixed(1)} s: ${rate(records, checkSeconds).toLocaleString('en')} records/s; peak RSS ${mb(check.peak)}`);
    lines.push('');
    lines.push(`${'table'.padEnd(20)}${pad('rows', 11)}${pad('import s', 10)}${pad('import rows/s', 15)}${pad('floor rows/s', 14)}${pad('import/floor', 14)}`);
    let rows = 0;
    let floorRows = 0;
    let floorSeconds = 0;
    let floorImportSeconds = 0;
    for (const [name, timing] of steps) {
      if (timing.rows === 0) continue;
      rows += timing.rows;
      const f = floors.get(name);
      const ratio = f && f.seconds > 0 ? timing.seconds / f.seconds : null;
      if (f) {
        floorRows += f.rows;
        floorSeconds += f.seconds;
        floorImportSeconds += timing.seconds;
      }
      lines.push(
        `${name.padEnd(20)}${pad(timing.rows.toLocaleString('en'), 11)}${pad(timing.seconds.toFixed(1), 10)}${pad(rate(timing.rows, timing.seconds).toLocaleString('en'), 15)}` +
          `${pad(f ? rate(f.rows, f.seconds).toLocaleString('en') : '—', 14)}${pad(ratio === null ? '—' : `${ratio.toFixed(2)}×`, 14)}`,
      );
    }
    lines.push(
      `${'total'.padEnd(20)}${pad(rows.toLocaleString('en'), 11)}${pad(writeSeconds.toFixed(1), 10)}${pad(rate(rows, writeSeconds).toLocaleString('en'), 15)}` +
        `${pad(rate(floorRows, floorSeconds).toLocaleString('en'), 14)}${pad(floorSeconds > 0 ? `${(floorImportSeconds / floorSeconds).toFixed(2)}×` : '—', 14)}`,
    );
    lines.push('');
    lines.push(
      `import       ${importSeconds.toFixed(1)} s end to end (check keeping the records, write ${writeSeconds.toFixed(1)} s, able0 and read model ${afterSeconds.toFixed(1)} s): ` +
        `${rate(records, importSeconds).toLocaleString('en')} records/s; peak RSS ${mb(importPeak)}`,
    );
    lines.push(`bulk         ${bulk.seconds.toFixed(1)} s end to end (check, neo4j-admin import, migrations, able0, read model): ${rate(records, bulk.seconds).toLocaleString('en')} records/s`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:import: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run load -- FILE.json`: validates a dataset in the canonical format
 * (schema/dataset.schema.json) and writes it when it has no problem. Every
 * problem is printed with its JSON path (a file that is not a dataset
 * document: its line); on any problem nothing is written and the exit code
 * is 1. With no NEO4J_URI it writes to the store
 * `npm start` serves: through the running server, or by starting it for the
 * duration of the load.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { formatProblems } from '../dataset/problems.ts';
import type { DatasetRecordArray } from '../dataset/format.ts';
import { DatasetReadError, readDatasetFile } from '../dataset/read-stream.ts';
import { formatDatasetCounts } from '../dataset/stats.ts';
import { acquireNeo4j } from '../neo4j/acquire.ts';
import { Database } from '../neo4j/database.ts';
import { EmbeddedNeo4jError } from '../neo4j/embedded/runtime.ts';
import { createServices } from '../modules/services.ts';

const USAGE = 'usage: npm run load -- FILE.json   (a dataset in the format of schema/dataset.schema.json)';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // Read record by record: a national file is larger than the longest string V8 can hold, so it is never read
  // as one text. Validation still needs every record at once (references cross the arrays).
  const document: Partial<Record<DatasetRecordArray, unknown[]>> = {};
  try {
    const summary = await readDatasetFile(file, ({ array, index, record }) => {
      (document[array] ??= [])[index] = record;
    });
    for (const array of summary.arrays) document[array] ??= [];
  } catch (error) {
    const reason = error instanceof DatasetReadError ? `line ${error.line}: ${error.reason}` : (error as Error).message;
    process.stderr.write(`fugong load: cannot read ${file} as JSON: ${reason}\n`);
    return 1;
  }
  const config = loadConfig();
  const say = (message: string) => process.stderr.write(`${message}\n`);
  const neo4j = await acquireNeo4j(config, say);
  const db = Database.connect(neo4j, config.NEO4J_DATABASE);
  try {
    const { datasets } = await createServices(db);
    let lastReport = 0;
    const outcome = await datasets.load(document, {
      progress: (phase, written, total) => {
        if (Date.now() - lastReport > 1000 || written === total) {
          lastReport = Date.now();
          say(`  ${phase}: ${written}/${total}`);
        }
      },
    });
    if (outcome.warnings.length) say(`${outcome.warnings.length} warning(s):\n${formatProblems(outcome.warnings)}`);
    if (!outcome.loaded) {
      say(`${file}: ${outcome.problems.length} problem(s), nothing was written:\n${formatProblems(outcome.problems)}`);
      return 1;
    }
    process.stdout.write(`loaded ${file} into ${neo4j.uri}: ${formatDatasetCounts(outcome.counts)}\n`);
    return 0;
  } finally {
    await db.close();
    await neo4j.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof EmbeddedNeo4jError;
    process.stderr.write(`fugong load: ${known ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

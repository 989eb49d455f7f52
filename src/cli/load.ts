/**
 * `npm run load -- FILE.json`: validates a dataset in the canonical format
 * (schema/dataset.schema.json) and writes it when it has no problem. Every
 * problem is printed with its line and JSON path (the first 100 of them,
 * and how many more); on any problem nothing is written, Neo4j is not even
 * asked, and the exit code is 1. With no NEO4J_URI it writes to the store
 * `npm start` serves: through the running server, or by starting it for the
 * duration of the load.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { formatProblems } from '../dataset/problems.ts';
import { checkDatasetFile, type FileCheck, type FileProblem } from '../dataset/check-file.ts';
import type { DatasetRecordArray } from '../dataset/format.ts';
import { DatasetReadError } from '../dataset/read-stream.ts';
import { formatDatasetCounts } from '../dataset/stats.ts';
import { acquireNeo4j } from '../neo4j/acquire.ts';
import { Database } from '../neo4j/database.ts';
import { EmbeddedNeo4jError } from '../neo4j/embedded/runtime.ts';
import { createServices } from '../modules/services.ts';

/** Problems printed (and kept while reading): all are counted. */
const PROBLEMS_SHOWN = 100;

function formatFileProblems(problems: readonly FileProblem[], count: number): string {
  const lines = problems.map((p) => `line ${p.line}: ${p.path}: ${p.message}`);
  if (count > problems.length) lines.push(`… and ${count - problems.length} more`);
  return lines.join('\n');
}

const USAGE = 'usage: npm run load -- FILE.json   (a dataset in the format of schema/dataset.schema.json)';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // One streaming pass: every record is checked as it is read, and kept (normalised) only while the file has no
  // problem, so that a file of junk is refused in bounded memory: the first problems are kept, the rest counted.
  // A national file is larger than the longest string V8 can hold, so it is never read as one text.
  const records: Partial<Record<DatasetRecordArray, unknown[]>> = {};
  let keeping = true;
  let check: FileCheck;
  try {
    check = await checkDatasetFile(file, {
      problemsKept: PROBLEMS_SHOWN,
      warningsKept: PROBLEMS_SHOWN,
      onFirstProblem: () => {
        keeping = false;
        for (const array of Object.keys(records) as DatasetRecordArray[]) delete records[array];
      },
      onRecord: (array, record) => {
        if (keeping) (records[array] ??= ([] as unknown[])).push(record);
      },
    });
  } catch (error) {
    if (!(error instanceof DatasetReadError)) throw error;
    process.stderr.write(`fugong load: cannot read ${file} as JSON: line ${error.line}: ${error.reason}; nothing was written\n`);
    return 1;
  }
  const say = (message: string) => process.stderr.write(`${message}\n`);
  if (check.warningCount > 0) say(`${check.warningCount} warning(s):\n${formatFileProblems(check.warnings, check.warningCount)}`);
  if (check.problemCount > 0 || !keeping) {
    say(`${file}: ${check.problemCount} problem(s), nothing was written:\n${formatFileProblems(check.problems, check.problemCount)}`);
    return 1;
  }
  for (const array of check.summary.arrays) records[array] ??= [];
  const config = loadConfig();
  const neo4j = await acquireNeo4j(config, say);
  const db = Database.connect(neo4j, config.NEO4J_DATABASE);
  try {
    const { datasets } = await createServices(db);
    let lastReport = 0;
    const outcome = await datasets.load(records, {
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

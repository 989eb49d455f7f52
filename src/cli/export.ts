/**
 * `npm run export -- (--all | --region CODE | --upstream ID | --downstream ID)
 * --format json|ndjson|csv|xlsx --out PATH [--headers zh]`: writes the graph,
 * or the part of it around a region or an enterprise, in a form `npm run
 * import` reads back (../dataset/export.ts, ../dataset/export-formats.ts).
 * A CSV export is a folder of one file per table, UTF-8 with a byte order
 * mark; `--headers zh` names the CSV and xlsx columns in Chinese.
 */
import { loadConfig } from '../config.ts';
import { EXPORT_FORMATS, writeExport, type ExportFormat } from '../dataset/export-formats.ts';
import { ExportSelectionError, exportRecords, type ExportSelection } from '../dataset/export.ts';
import { formatDatasetCounts } from '../dataset/stats.ts';
import { acquireNeo4j } from '../neo4j/acquire.ts';
import { Database } from '../neo4j/database.ts';
import { runCli } from './importing.ts';
import { progressReporter } from './progress.ts';

const USAGE =
  'usage: npm run export -- (--all | --region CODE | --upstream ID | --downstream ID) --format json|ndjson|csv|xlsx --out PATH [--headers zh]\n' +
  '  --out: a file for json, ndjson and xlsx; a folder for csv (one file per table)';

interface ExportArgs {
  selection: ExportSelection;
  format: ExportFormat;
  out: string;
  headers: 'fields' | 'zh';
}

function parseArgs(argv: readonly string[]): ExportArgs | string {
  let selection: ExportSelection | undefined;
  let format: ExportFormat | undefined;
  let out: string | undefined;
  let headers: 'fields' | 'zh' = 'fields';
  const choose = (next: ExportSelection): string | null => {
    if (selection !== undefined) return 'choose one of --all, --region, --upstream and --downstream';
    selection = next;
    return null;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return undefined;
      i++;
      return v;
    };
    let error: string | null = null;
    switch (arg) {
      case '--all':
        error = choose({ kind: 'all' });
        break;
      case '--region': {
        const code = value();
        error = code === undefined ? '--region takes a region code, such as 510105' : choose({ kind: 'region', code });
        break;
      }
      case '--upstream':
      case '--downstream': {
        const id = value();
        error = id === undefined ? `${arg} takes an enterprise id` : choose({ kind: arg === '--upstream' ? 'upstream' : 'downstream', id });
        break;
      }
      case '--format': {
        const f = value();
        if (!EXPORT_FORMATS.includes(f as ExportFormat)) error = `--format takes ${EXPORT_FORMATS.join(', ')}, got ${f ?? 'nothing'}`;
        else format = f as ExportFormat;
        break;
      }
      case '--out':
        out = value();
        if (out === undefined) error = '--out takes a path';
        break;
      case '--headers': {
        const h = value();
        if (h !== 'zh' && h !== 'fields') error = `--headers takes zh (Chinese column names) or fields (the default), got ${h ?? 'nothing'}`;
        else headers = h;
        break;
      }
      default:
        error = `unknown argument ${arg}`;
    }
    if (error !== null) return `${error}\n${USAGE}`;
  }
  if (selection === undefined) return `say what to export: --all, --region CODE, --upstream ID or --downstream ID\n${USAGE}`;
  if (format === undefined) return `say the format: --format ${EXPORT_FORMATS.join('|')}\n${USAGE}`;
  if (out === undefined) return `say where: --out PATH\n${USAGE}`;
  return { selection, format, out, headers };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const say = (message: string) => process.stderr.write(`${message}\n`);
  if (typeof args === 'string') {
    say(args);
    return 2;
  }
  const config = loadConfig();
  const neo4j = await acquireNeo4j(config, say);
  const db = Database.connect(neo4j, config.NEO4J_DATABASE);
  const progress = progressReporter(`exporting to ${args.out}`, 'records');
  try {
    const counts = await writeExport(await exportRecords(db, args.selection), { format: args.format, out: args.out, headers: args.headers, onProgress: (n) => progress.update(n) });
    progress.stop();
    process.stdout.write(`exported to ${args.out} (${args.format}): ${formatDatasetCounts(counts)}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    if (!(error instanceof ExportSelectionError)) throw error;
    say(`fugong export: ${error.message}; nothing was written`);
    return 1;
  } finally {
    await db.close();
    await neo4j.release();
  }
}

runCli(main, 'export');
